// Command tok is corpus v2's token tool: it encodes a corpus text file into the uint16 token stream
// the trainer reads, decodes a stream back into text, and rechecks a stream for n-gram overlap with
// held-out and dev text. It uses the engine's tokenizer, which is the shipped one (engine/assets),
// so the ids are the ones the Go engine and model/ agree on.
//
// Formats (as in model/prep of corpus v1): a corpus text file holds documents separated by a line
// that is exactly <|doc|>; a token file is little-endian uint16 ids where every document is its
// encoded text followed by the <|doc|> id.
//
//	tok encode -tokenizer T corpus.txt out.bin      corpus text → tokens
//	tok decode -tokenizer T in.bin out.txt          tokens → corpus text
//	tok overlap -tokenizer T -n 13 train.bin REF... documents of train.bin that share an n-gram
//	                                                with any REF (a token file, or a .jsonl whose
//	                                                string values are the text)
package main

import (
	"bufio"
	"encoding/binary"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"
	"sync"

	"github.com/redraft/redraft/engine"
)

// docSep separates documents in a corpus text file; docToken is the special token that ends a
// document in a token file.
const (
	docSep   = "\n<|doc|>\n"
	docToken = "<|doc|>"
)

func main() {
	if len(os.Args) < 2 {
		usage()
	}
	cmd, args := os.Args[1], os.Args[2:]
	fs := flag.NewFlagSet(cmd, flag.ExitOnError)
	tokPath := fs.String("tokenizer", "engine/assets/tokenizer.json", "tokenizer.json")
	n := fs.Int("n", 13, "overlap: n-gram length in words")
	list := fs.String("list", "", "overlap: write the indexes of overlapping documents here")
	if err := fs.Parse(args); err != nil {
		os.Exit(2)
	}
	tok, err := loadTokenizer(*tokPath)
	if err == nil {
		switch {
		case cmd == "encode" && fs.NArg() == 2:
			err = encodeFile(tok, fs.Arg(0), fs.Arg(1))
		case cmd == "decode" && fs.NArg() == 2:
			err = decodeFile(tok, fs.Arg(0), fs.Arg(1))
		case cmd == "overlap" && fs.NArg() >= 2:
			err = overlapFiles(tok, *n, fs.Arg(0), fs.Args()[1:], *list)
		default:
			usage()
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "tok:", err)
		os.Exit(1)
	}
}

func usage() {
	fmt.Fprintln(os.Stderr, "usage: tok encode|decode|overlap [-tokenizer T] [-n 13] [-list F] IN OUT|REF...")
	os.Exit(2)
}

func loadTokenizer(path string) (*engine.Tokenizer, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return engine.LoadTokenizer(data)
}

// splitDocs cuts a corpus text file into its documents, trimmed of newlines; empty ones are dropped.
func splitDocs(text string) []string {
	var docs []string
	for _, d := range strings.Split(text, docSep) {
		if d = strings.Trim(d, "\n"); d != "" {
			docs = append(docs, d)
		}
	}
	return docs
}

// encodeFile writes every document's ids followed by the <|doc|> id, in document order.
func encodeFile(tok *engine.Tokenizer, in, out string) error {
	text, err := os.ReadFile(in)
	if err != nil {
		return err
	}
	docs := splitDocs(string(text))
	sep, ok := tok.Special(docToken)
	if !ok {
		return errors.New("tokenizer has no <|doc|> token")
	}
	ids := make([][]uint16, len(docs))
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				enc := tok.Encode(docs[i])
				row := make([]uint16, 0, len(enc)+1)
				for _, id := range enc {
					row = append(row, uint16(id))
				}
				ids[i] = append(row, uint16(sep))
			}
		}()
	}
	for i := range docs {
		next <- i
	}
	close(next)
	wg.Wait()
	f, err := os.Create(out)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	tokens, chars := 0, 0
	for i, row := range ids {
		if err := binary.Write(w, binary.LittleEndian, row); err != nil {
			f.Close()
			return err
		}
		tokens += len(row)
		chars += len([]rune(docs[i]))
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	fmt.Printf("%s: %d docs, %d chars, %d tokens, %.2f chars/token\n", out, len(docs), chars, tokens,
		float64(chars)/float64(tokens))
	return nil
}

// readDocs reads a token file and decodes it into documents, cut at every <|doc|> id.
func readDocs(tok *engine.Tokenizer, path string) ([]string, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if len(raw)%2 != 0 {
		return nil, fmt.Errorf("%s: %d bytes is not a whole number of uint16 ids", path, len(raw))
	}
	sep, _ := tok.Special(docToken)
	var docs []string
	var cur []int
	for i := 0; i < len(raw); i += 2 {
		id := int(binary.LittleEndian.Uint16(raw[i:]))
		if id >= tok.VocabSize() {
			return nil, fmt.Errorf("%s: id %d at position %d is outside the vocabulary", path, id, i/2)
		}
		if id == sep {
			docs = append(docs, tok.Decode(cur))
			cur = cur[:0]
			continue
		}
		cur = append(cur, id)
	}
	if len(cur) > 0 {
		docs = append(docs, tok.Decode(cur))
	}
	return docs, nil
}

func decodeFile(tok *engine.Tokenizer, in, out string) error {
	docs, err := readDocs(tok, in)
	if err != nil {
		return err
	}
	return os.WriteFile(out, []byte(strings.Join(docs, docSep)+"\n"), 0o644)
}

// readRef returns the text of a reference file: the documents of a token file, or every string
// value of every line of a .jsonl file.
func readRef(tok *engine.Tokenizer, path string) ([]string, error) {
	if !strings.HasSuffix(path, ".jsonl") {
		return readDocs(tok, path)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var texts []string
	dec := json.NewDecoder(f)
	for {
		var v any
		if err := dec.Decode(&v); err == io.EOF {
			return texts, nil
		} else if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		texts = appendStrings(texts, v)
	}
}

func appendStrings(out []string, v any) []string {
	switch v := v.(type) {
	case string:
		out = append(out, v)
	case []any:
		for _, e := range v {
			out = appendStrings(out, e)
		}
	case map[string]any:
		for _, e := range v {
			out = appendStrings(out, e)
		}
	}
	return out
}

// overlapFiles counts the documents of train that share an n-gram of words with any reference text.
func overlapFiles(tok *engine.Tokenizer, n int, train string, refs []string, list string) error {
	grams := ngramSet{}
	for _, r := range refs {
		texts, err := readRef(tok, r)
		if err != nil {
			return err
		}
		for _, t := range texts {
			grams.add(words(t), n)
		}
	}
	docs, err := readDocs(tok, train)
	if err != nil {
		return err
	}
	var hits []string
	for i, d := range docs {
		if grams.hit(words(d), n) {
			hits = append(hits, fmt.Sprint(i))
		}
	}
	if list != "" {
		if err := os.WriteFile(list, []byte(strings.Join(hits, "\n")+"\n"), 0o644); err != nil {
			return err
		}
	}
	fmt.Printf("overlap: %d of %d documents of %s share a %d-word n-gram with %d reference files (%d n-grams)\n",
		len(hits), len(docs), train, n, len(refs), len(grams))
	return nil
}
