package refine

import (
	"reflect"
	"strings"
	"testing"
)

func unitTexts(doc string) []string {
	var out []string
	for _, u := range sentences(doc, 0, len(doc)) {
		out = append(out, doc[u[0]:u[1]])
	}
	return out
}

func TestSentences(t *testing.T) {
	for _, c := range []struct {
		doc  string
		want []string
	}{
		{"One sentence. Another one! A third? Yes.", []string{"One sentence.", "Another one!", "A third?", "Yes."}},
		{"Use e.g. this, i.e. that. Dr. Smith met Mr. Jones at 3.5 p.m. today. Version v1.2 is out.",
			[]string{"Use e.g. this, i.e. that.", "Dr. Smith met Mr. Jones at 3.5 p.m. today.", "Version v1.2 is out."}},
		{"J. R. R. Tolkien wrote it. It sold well.", []string{"J. R. R. Tolkien wrote it.", "It sold well."}},
		{"He said \"Stop.\" Then he left.", []string{"He said \"Stop.\"", "Then he left."}},
		{"lower case after a dot. does not split", []string{"lower case after a dot. does not split"}},
		{"# A heading. With two parts\n\nA paragraph\nover two lines. And more.\n",
			[]string{"A heading. With two parts", "A paragraph\nover two lines.", "And more."}},
		{"- first item. Still first\n- second item\n1. numbered item\n", []string{"first item.", "Still first", "second item", "numbered item"}},
		{"| Name | What it does. Really |\n|---|---|\n| a | b c |\n", []string{"Name", "What it does. Really", "a", "b c"}},
		{"Run `go test ./... Then` now. Next one.", []string{"Run `go test ./... Then` now.", "Next one."}},
		{"See [the docs. Here](https://x.org/a. B) for more. Done.", []string{"See [the docs. Here](https://x.org/a. B) for more.", "Done."}},
		{"Text before.\n\n```\ncode. Here\n```\n\nText after.", []string{"Text before.", "Text after."}},
	} {
		if got := unitTexts(c.doc); !reflect.DeepEqual(got, c.want) {
			t.Errorf("sentences(%q)\n got %q\nwant %q", c.doc, got, c.want)
		}
	}
}

func TestSentencesCapLengthAndBounds(t *testing.T) {
	doc := "Intro. " + strings.Repeat("word, ", 300) + "end."
	us := sentences(doc, 0, len(doc))
	if len(us) < 3 {
		t.Fatalf("%d units for a %d-byte sentence", len(us), len(doc))
	}
	prev := 0
	for _, u := range us {
		if u[1]-u[0] > maxSentenceBytes || u[0] < prev || u[1] <= u[0] {
			t.Errorf("unit %v (prev end %d) breaks the bounds", u, prev)
		}
		prev = u[1]
	}
	// a selection inside a paragraph yields only what it covers
	doc = "First one here. Second one here. Third one here."
	a := strings.Index(doc, "Second")
	if got := sentences(doc, a, a+len("Second one here.")); len(got) != 1 || doc[got[0][0]:got[0][1]] != "Second one here." {
		t.Errorf("inner selection gave %v", got)
	}
}
