package refine

import (
	"strings"
	"testing"
)

// protectedText returns the protected substrings of doc, in order.
func protectedText(doc string, allowNumbers bool) []string {
	var out []string
	for _, r := range ProtectedRanges(doc, allowNumbers) {
		out = append(out, doc[r[0]:r[1]])
	}
	return out
}

// isProtected reports whether every byte of the first occurrence of sub in doc is protected.
func isProtected(t *testing.T, doc, sub string, allowNumbers bool) bool {
	t.Helper()
	i := strings.Index(doc, sub)
	if i < 0 {
		t.Fatalf("%q not in %q", sub, doc)
	}
	rs := ProtectedRanges(doc, allowNumbers)
	for b := i; b < i+len(sub); b++ {
		if !overlapsAny(rs, b, b+1) {
			return false
		}
	}
	return true
}

// touched reports whether any byte of the first occurrence of sub in doc is protected.
func touched(t *testing.T, doc, sub string, allowNumbers bool) bool {
	t.Helper()
	i := strings.Index(doc, sub)
	if i < 0 {
		t.Fatalf("%q not in %q", sub, doc)
	}
	return overlapsAny(ProtectedRanges(doc, allowNumbers), i, i+len(sub))
}

func TestProtectedRanges(t *testing.T) {
	tests := []struct {
		name      string
		doc       string
		protected []string // each fully protected
		free      []string // none of each protected
	}{
		{"inline code", "Run `go test ./...` to check the code.",
			[]string{"`go test ./...`"}, []string{"Run", "to check the code"}},
		{"double backtick code", "Use ``a ` b`` here and there.",
			[]string{"``a ` b``"}, []string{"here and there"}},
		{"unmatched backtick", "a lone ` mark in the text",
			[]string{"`"}, []string{"a lone", "mark in the text"}},
		{"fenced code", "Intro text here.\n\n```go\nfunc main() { the words here }\n```\n\nAfter the code.",
			[]string{"```go\nfunc main() { the words here }\n```\n"}, []string{"Intro text here", "After the code"}},
		{"tilde fence", "Before it.\n\n~~~\nsome code words\n~~~\nafter it",
			[]string{"~~~\nsome code words\n~~~\n"}, []string{"Before it", "after it"}},
		{"unclosed fence runs to the end", "text first\n```\ncode to the end",
			[]string{"```\ncode to the end"}, []string{"text first"}},
		{"indented code", "A paragraph of text.\n\n    indented code line\n    more code\n\nBack to prose.",
			[]string{"    indented code line\n    more code\n"}, []string{"A paragraph of text", "Back to prose"}},
		{"indented list continuation is prose", "- an item of the list\n\n    continued item words\n",
			nil, []string{"continued item words"}},
		{"url", "See https://example.com/a_b?x=1 for more.",
			[]string{"https://example.com/a_b?x=1"}, []string{"See", " for more."}},
		{"url trailing punctuation", "Go to http://example.org/path).",
			[]string{"http://example.org/path"}, []string{")."}},
		{"url with parens", "Read https://en.wikipedia.org/wiki/Go_(language) today",
			[]string{"https://en.wikipedia.org/wiki/Go_(language)"}, []string{"today"}},
		{"www", "Visit www.example.com now",
			[]string{"www.example.com"}, []string{"Visit", "now"}},
		{"email", "Write to someone.else@example.co.uk please",
			[]string{"someone.else@example.co.uk"}, []string{"Write to", "please"}},
		{"link target", "Read [the guide](docs/guide.md \"Guide\") first.",
			[]string{"[", "](docs/guide.md \"Guide\")"}, []string{"the guide", "first"}},
		{"image", "An ![small picture](img/a.png) here",
			[]string{"![", "](img/a.png)"}, []string{"small picture", "here"}},
		{"reference link", "See [the docs][docs] for more.",
			[]string{"[", "][docs]"}, []string{"the docs", "for more"}},
		{"reference definition", "text here\n\n[docs]: https://example.com/docs \"Docs\"\n",
			[]string{"[docs]: https://example.com/docs \"Docs\""}, []string{"text here"}},
		{"autolink", "Mail <someone@example.com> or <https://x.org/y>.",
			[]string{"<someone@example.com>", "<https://x.org/y>"}, []string{"Mail", "or"}},
		{"html tags", "Some <span class=\"x\">inline html</span> text<br/>.",
			[]string{"<span class=\"x\">", "</span>", "<br/>"}, []string{"inline html", "Some"}},
		{"html comment", "Before <!-- a note\nacross lines --> after",
			[]string{"<!-- a note\nacross lines -->"}, []string{"Before", "after"}},
		{"pre element", "<pre>\nkeep this text\n</pre>\nand prose",
			[]string{"<pre>\nkeep this text\n</pre>"}, []string{"and prose"}},
		{"yaml front matter", "---\ntitle: hello there\n---\nBody text here.",
			[]string{"---\ntitle: hello there\n---\n"}, []string{"Body text here"}},
		{"toml front matter", "+++\ntitle = \"x\"\n+++\nBody text.",
			[]string{"+++\ntitle = \"x\"\n+++\n"}, []string{"Body text"}},
		{"dashes later are not front matter", "Body text.\n---\nmore text\n---\n",
			[]string{"---"}, []string{"more text"}},
		{"heading marks", "## Getting started\n\nsome words",
			[]string{"##"}, []string{" started", "some words"}},
		{"closing heading marks", "# a title ##\n", []string{"#", "##"}, []string{"a title"}},
		{"hashtag is not a heading", "#hashtag and words", nil, []string{"#hashtag and words"}},
		{"list markers", "- first item\n* second item\n+ third item\n12. numbered item\n",
			[]string{"-", "*", "+", "12."}, []string{"first item", "second item", "third item", "numbered item"}},
		{"task box", "- [x] done thing\n- [ ] open thing\n",
			[]string{"-", "[x]", "[ ]"}, []string{"done thing", "open thing"}},
		{"blockquote", "> quoted words\n> > nested words\n",
			[]string{">", "> >"}, []string{"quoted words", "nested words"}},
		{"emphasis", "some *soft* and **bold** and _it_ and __strong__ and ~~gone~~ words",
			[]string{"*", "**", "_", "__", "~~"}, []string{"soft", "bold", "it", "strong", "gone", "words"}},
		{"bold italic underscores", "a ___very___ big one",
			[]string{"___"}, []string{"very", "big one"}},
		{"gap underscores are not emphasis", "the ___ of our hopes",
			nil, []string{"___", "the", "of our hopes"}},
		{"lone star is not emphasis", "two * three", nil, []string{"two * three"}},
		{"table", "| name | value |\n|------|:-----:|\n| a thing | another |\n",
			[]string{"|", "|------|:-----:|"}, []string{"name", "value", "a thing", "another"}},
		{"thematic break", "para one\n\n***\n\npara two",
			[]string{"***"}, []string{"para one", "para two"}},
		{"escapes", `a \*literal\* star`, []string{`\*`}, []string{"literal", "star"}},
		{"numbers", "We had 1,000.5 users on v3.2.1 and 10% more, at $5 on 2024-01-05.",
			[]string{"1,000.5", "3.2.1", "10%", "$5", "2024-01-05"}, []string{"We had", "users", "more"}},
		{"words with digits", "the 3rd try of H2O and mp3 files",
			[]string{"3rd", "H2O", "mp3"}, []string{"the", "try of", "and", "files"}},
		{"identifiers", "edit file.go and set max_len in os.Args today",
			[]string{"file.go", "max_len", "os.Args"}, []string{"edit", "and set", "in", "today"}},
		{"allcaps and camel", "the API uses JSON and JavaScript on an iPhone",
			[]string{"API", "JSON", "JavaScript", "iPhone"}, []string{"the", "uses", "and", "on an"}},
		{"proper nouns mid sentence", "We met Alice in Paris last May.",
			[]string{"Alice", "Paris", "May"}, []string{"We", "met", "in", "last"}},
		{"sentence starts are free", "The cat sat. Then it left! Why? Because.\n\nNew paragraph here.",
			nil, []string{"The", "Then", "Why", "Because", "New"}},
		{"block starts are free", "# Title Words\n- Item text\n> Quoted text\n| Cell |\n",
			[]string{"Words"}, []string{"Title", "Item", "Quoted", "Cell"}},
		{"wrapped line start is not a sentence start", "the report was sent to\nAlice yesterday",
			[]string{"Alice"}, []string{"the report", "yesterday"}},
		{"line after a full stop starts a sentence", "It ended.\nThen we left",
			nil, []string{"Then"}},
		{"quoted sentence start", `He said. "Stop there."`, nil, []string{"Stop"}},
		{"a name after an abbreviation or an initial", "Dear Mr. Okafor, see J. Kowalski. Then we go.",
			[]string{"Okafor", "Kowalski"}, []string{"Dear", "Then"}},
		{"emphasised sentence start", "**Note** that this holds.", []string{"**"}, []string{"Note"}},
		{"unicode names", "we went to Zürich and Ōsaka", []string{"Zürich", "Ōsaka"}, []string{"we went to", "and"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, p := range tt.protected {
				if !isProtected(t, tt.doc, p, false) {
					t.Errorf("%q should be protected; protected: %q", p, protectedText(tt.doc, false))
				}
			}
			for _, f := range tt.free {
				if touched(t, tt.doc, f, false) {
					t.Errorf("%q should be free; protected: %q", f, protectedText(tt.doc, false))
				}
			}
		})
	}
}

func TestProtectedRangesAllowNumbers(t *testing.T) {
	doc := "We paid $5 for 3 tickets to Paris with the API in `code` and **bold**."
	for _, free := range []string{"$5", "3", "Paris", "API"} {
		if touched(t, doc, free, true) {
			t.Errorf("allowNumbers: %q should be free; protected: %q", free, protectedText(doc, true))
		}
		if !isProtected(t, doc, free, false) {
			t.Errorf("default: %q should be protected; protected: %q", free, protectedText(doc, false))
		}
	}
	// Structure and syntax stay protected either way.
	for _, p := range []string{"`code`", "**"} {
		if !isProtected(t, doc, p, true) {
			t.Errorf("allowNumbers: %q should stay protected", p)
		}
	}
}

func TestProtectedRangesSortedMerged(t *testing.T) {
	doc := "# Title\n\nSee `a` and `b`, https://x.org, 1 2 3 and **Bold** words ~~x~~.\n```\ncode\n```\n"
	rs := ProtectedRanges(doc, false)
	if len(rs) == 0 {
		t.Fatal("no ranges")
	}
	for i, r := range rs {
		if r[0] >= r[1] || r[0] < 0 || r[1] > len(doc) {
			t.Fatalf("bad range %v", r)
		}
		if i > 0 && r[0] <= rs[i-1][1] {
			t.Fatalf("ranges %v and %v overlap or touch", rs[i-1], r)
		}
	}
}

func TestProtectedRangesEmptyAndPlain(t *testing.T) {
	if rs := ProtectedRanges("", false); len(rs) != 0 {
		t.Errorf("empty doc: %v", rs)
	}
	if rs := ProtectedRanges("just some plain words here", false); len(rs) != 0 {
		t.Errorf("plain prose: %q", protectedText("just some plain words here", false))
	}
}

func FuzzProtectedRanges(f *testing.F) {
	for _, s := range []string{"# T\n`x` [a](b) <i>u</i> 1.5 Foo", "---\na\n---\n```\nx", "", "___ _a_ **", "\\`"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, doc string) {
		for _, allow := range []bool{false, true} {
			rs := ProtectedRanges(doc, allow)
			for i, r := range rs {
				if r[0] >= r[1] || r[0] < 0 || r[1] > len(doc) {
					t.Fatalf("bad range %v in %q", r, doc)
				}
				if i > 0 && r[0] <= rs[i-1][1] {
					t.Fatalf("unmerged ranges %v %v", rs[i-1], r)
				}
			}
		}
	})
}

// TestProtectedRangesLongLine: a long document on one line is scanned in linear time, not once
// per word (this would take minutes if it were quadratic).
func TestProtectedRangesLongLine(t *testing.T) {
	doc := strings.Repeat("Alice met Bob in Paris and Rome. ", 40000) // 1.3 MB, one line
	rs := ProtectedRanges(doc, false)
	if len(rs) < 3*40000 {
		t.Errorf("%d ranges, want the names of every sentence", len(rs))
	}
}

// TestProtectedNearAgrees: the ranges computed from the paragraphs around a span protect the
// same bytes of the span as the ranges of the whole document.
func TestProtectedNearAgrees(t *testing.T) {
	doc := "---\ntitle: x\n---\n# Title Here\n\nSome `code` and a [link](http://x.org) by Alice.\n" +
		"More text with 42 items.\n\n```\ncode block [...]\n\nstill code\n```\n\n" +
		"Para with <b>html</b> and mail a@b.org, **bold** words. Then Bob left.\n\n    indented code\n\nLast para. " +
		strings.Repeat("Long line of words ", 2000) + "\nEnd of Paris."
	for _, allow := range []bool{false, true} {
		whole := ProtectedRanges(doc, allow)
		long := strings.Index(doc, "Long line")
		for start := 0; start < len(doc); start += 37 {
			if start > long+200 && start < len(doc)-300 {
				start = min(start+4000, len(doc)-300) // the long line only needs a few samples
			}
			end := min(start+50, len(doc))
			near := protectedNear(doc, start, end, allow)
			for i := start; i < end; i++ {
				if overlapsAny(whole, i, i+1) != overlapsAny(near, i, i+1) {
					t.Fatalf("byte %d (%q) of span %d:%d: whole %v, near %v", i, doc[i], start, end,
						overlapsAny(whole, i, i+1), overlapsAny(near, i, i+1))
				}
			}
		}
	}
}

// Words joined by a slash are a pair the writer chose together: neither half is corrected
// alone ("his/her" → "his/or").
func TestProtectSlashedWords(t *testing.T) {
	doc := "The graduate will have guaranteed his/her degree, and read/write access is given to students and/or staff."
	for _, sub := range []string{"his/her", "read/write", "and/or"} {
		if !isProtected(t, doc, sub, true) {
			t.Errorf("%q is not protected in %q", sub, doc)
		}
	}
	for _, sub := range []string{"guaranteed", "degree", "access"} {
		if touched(t, doc, sub, true) {
			t.Errorf("%q is protected in %q", sub, doc)
		}
	}
}

// A capitalised word in mid-sentence is a name unless it is a listed misspelling, or the plural
// of one ("the Goverments"): those are slips a writer's shift key made look like names.
func TestCapitalisedSlipsAreNoNames(t *testing.T) {
	r, _ := fakeRefiner(t, fakeRef)
	lx := newLexicon(r.lex, DefaultOptions())
	doc := "This helps the Goverments and the Enviroment, says Kubernetes."
	rs := protectedIn(doc, 0, len(doc), false, lx.listedSlip)
	for sub, want := range map[string]bool{"Goverments": false, "Enviroment": false, "Kubernetes": true} {
		i := strings.Index(doc, sub)
		if got := overlapsAny(rs, i, i+len(sub)); got != want {
			t.Errorf("%q protected: %v, want %v", sub, got, want)
		}
	}
	if !isProtected(t, doc, "Goverments", false) {
		t.Errorf("without the lexicon, a capitalised word is a name")
	}
}
