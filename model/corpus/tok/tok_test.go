package main

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

func TestWords(t *testing.T) {
	got := words("Don't stop — the_end, 3.14 Café!")
	want := []string{"don", "t", "stop", "the_end", "3", "14", "café"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("words = %q, want %q", got, want)
	}
}

func TestNgramHit(t *testing.T) {
	s := ngramSet{}
	s.add(words("one two three four five"), 3)
	if !s.hit(words("zero ONE two, three!"), 3) {
		t.Error("shared 3-gram not found")
	}
	if s.hit(words("one two four five"), 3) {
		t.Error("no 3-gram is shared, but hit reported one")
	}
	if s.hit(words("one two"), 3) {
		t.Error("a text shorter than n has no n-gram")
	}
}

func TestSplitDocs(t *testing.T) {
	got := splitDocs("first doc\n\npara\n<|doc|>\n\n<|doc|>\nsecond\n")
	want := []string{"first doc\n\npara", "second"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("splitDocs = %q, want %q", got, want)
	}
}

// TestRoundTrip encodes a corpus file with the shipped tokenizer, decodes it back and finds an
// overlap only in the document that shares a 13-gram with the reference.
func TestRoundTrip(t *testing.T) {
	tok, err := loadTokenizer("../../../engine/assets/tokenizer.json")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	shared := "the quick brown fox jumps over the lazy dog while the farmer sleeps soundly at noon"
	docs := []string{"A first document, with ünïcode and\n\ntwo paragraphs.", "It said: " + shared + ".", "Nothing shared here at all."}
	in := filepath.Join(dir, "c.txt")
	if err := os.WriteFile(in, []byte(docs[0]+docSep+docs[1]+docSep+docs[2]+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(dir, "c.bin")
	if err := encodeFile(tok, in, bin); err != nil {
		t.Fatal(err)
	}
	back, err := readDocs(tok, bin)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, docs) {
		t.Fatalf("decoded %q, want %q", back, docs)
	}
	ref := filepath.Join(dir, "ref.jsonl")
	if err := os.WriteFile(ref, []byte(`{"text": "Yesterday `+shared+`."}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	list := filepath.Join(dir, "hits")
	if err := overlapFiles(tok, 13, bin, []string{ref}, list); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(list); string(got) != "1\n" {
		t.Fatalf("overlapping documents %q, want only document 1", got)
	}
}
