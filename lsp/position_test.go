package lsp

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"go.lsp.dev/protocol"

	"github.com/redraft/redraft/lsp/lsptest"
)

func pos(l, c uint32) protocol.Position { return protocol.Position{Line: l, Character: c} }

func TestOffsetUTF16(t *testing.T) {
	// "e\u0301" is e + a combining acute accent (2 code points, 2 UTF-16 units, 3 bytes).
	const text = "a🙂b\r\n日本語\re\u0301x\n\n𝄞"
	x := newLineIndex(text)
	for _, tc := range []struct {
		p    protocol.Position
		want int
		err  string
	}{
		{pos(0, 0), 0, ""},
		{pos(0, 1), 1, ""},
		{pos(0, 2), 0, "inside a character"}, // between the surrogates of 🙂
		{pos(0, 3), 5, ""},
		{pos(0, 4), 6, ""},  // end of line 0 (before \r\n)
		{pos(0, 99), 6, ""}, // past the end of the line: the end of the line
		{pos(1, 0), 8, ""},
		{pos(1, 1), 11, ""},
		{pos(1, 3), 17, ""},
		{pos(2, 0), 18, ""}, // after a lone \r
		{pos(2, 1), 19, ""},
		{pos(2, 2), 21, ""}, // after the combining accent
		{pos(2, 3), 22, ""},
		{pos(3, 0), 23, ""}, // the empty line
		{pos(4, 2), 28, ""}, // after 𝄞 (U+1D11E, a surrogate pair)
		{pos(5, 0), 28, ""}, // {lineCount, 0}: the end of the document
		{pos(5, 1), 0, "past the end of the document"},
		{pos(9, 0), 0, "past the end of the document"},
	} {
		got, err := x.offset(tc.p, encUTF16)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("offset(%v) = %d, %v; want error %q", tc.p, got, err, tc.err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("offset(%v) = %d, %v; want %d", tc.p, got, err, tc.want)
		}
	}
}

func TestOffsetOtherEncodings(t *testing.T) {
	x := newLineIndex("日🙂x")
	for _, tc := range []struct {
		enc  encoding
		p    protocol.Position
		want int
	}{
		{encUTF8, pos(0, 3), 3},
		{encUTF8, pos(0, 7), 7},
		{encUTF32, pos(0, 1), 3},
		{encUTF32, pos(0, 2), 7},
		{encUTF16, pos(0, 3), 7},
	} {
		if got, err := x.offset(tc.p, tc.enc); err != nil || got != tc.want {
			t.Errorf("%v offset(%v) = %d, %v; want %d", tc.enc, tc.p, got, err, tc.want)
		}
	}
	if _, err := x.offset(pos(0, 1), encUTF8); err == nil {
		t.Error("utf-8 position inside 日 accepted")
	}
}

// position is the inverse of offset at every character boundary, in every encoding, and agrees
// with the test client's independent implementation.
func TestPositionRoundTrip(t *testing.T) {
	texts := []string{"", "a", "a🙂b\r\n日本語\re\u0301x\n\n𝄞", "\n\n", "\r\n\r\n", "x\r", "é\u0301🙂\u200d🙂"}
	encs := map[encoding]lsptest.Encoding{encUTF16: lsptest.UTF16, encUTF8: lsptest.UTF8, encUTF32: lsptest.UTF32}
	for _, text := range texts {
		x := newLineIndex(text)
		for off := 0; off <= len(text); off++ {
			if off < len(text) && !utf8.RuneStart(text[off]) {
				if _, err := x.position(off, encUTF16); err == nil {
					t.Errorf("%q: position(%d) inside a character accepted", text, off)
				}
				continue
			}
			if off > 0 && text[off-1] == '\r' && off < len(text) && text[off] == '\n' {
				continue // between \r and \n: not a position
			}
			for enc, cenc := range encs {
				p, err := x.position(off, enc)
				if err != nil {
					t.Fatalf("%q: position(%d, %v): %v", text, off, enc, err)
				}
				if want := lsptest.Position(text, off, cenc); p != want {
					t.Errorf("%q: position(%d, %v) = %v, client says %v", text, off, enc, p, want)
				}
				back, err := x.offset(p, enc)
				if err != nil || back != off {
					t.Errorf("%q: offset(position(%d)) = %d, %v", text, off, back, err)
				}
			}
		}
	}
}

func TestSpanErrors(t *testing.T) {
	x := newLineIndex("one\ntwo")
	if _, _, err := x.span(protocol.Range{Start: pos(1, 2), End: pos(1, 1)}, encUTF16); err == nil ||
		!strings.Contains(err.Error(), "before its start") {
		t.Errorf("reversed range: %v", err)
	}
	if _, _, err := x.span(protocol.Range{Start: pos(0, 0), End: pos(3, 0)}, encUTF16); err == nil {
		t.Error("range past the end accepted")
	}
	s, e, err := x.span(protocol.Range{Start: pos(0, 9), End: pos(0, 12)}, encUTF16)
	if err != nil || s != 3 || e != 3 {
		t.Errorf("range past the end of a line = %d,%d,%v; want 3,3", s, e, err)
	}
}

// randomText draws from characters that stress the mapping: ASCII, CJK, emoji (surrogate pairs),
// combining marks, and all three line terminators.
func randomText(r *rand.Rand, n int) string {
	pieces := []string{"a", "b", " ", "é", "e\u0301", "日", "語", "🙂", "𝄞", "\n", "\r\n", "\r", "[...]"}
	var b strings.Builder
	for i := 0; i < n; i++ {
		b.WriteString(pieces[r.IntN(len(pieces))])
	}
	return b.String()
}

// randomBoundary returns a random byte offset on a character boundary, not inside "\r\n".
func randomBoundary(r *rand.Rand, s string) int {
	for {
		off := r.IntN(len(s) + 1)
		if off < len(s) && !utf8.RuneStart(s[off]) {
			continue
		}
		if off > 0 && off < len(s) && s[off-1] == '\r' && s[off] == '\n' {
			continue
		}
		return off
	}
}

// Random incremental edit sequences: the server's text always equals the client's, which applies
// the same changes with its own position arithmetic.
func TestRandomIncrementalEdits(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, enc := range []encoding{encUTF16, encUTF8, encUTF32} {
		cenc := map[encoding]lsptest.Encoding{encUTF16: lsptest.UTF16, encUTF8: lsptest.UTF8, encUTF32: lsptest.UTF32}[enc]
		for round := 0; round < 40; round++ {
			docs := newDocuments()
			const uri = "file:///r.md"
			client := randomText(r, r.IntN(30))
			docs.open(uri, 1, client)
			for v := int32(2); v < 40; v++ {
				var changes []contentChange
				for k := r.IntN(3) + 1; k > 0; k-- {
					if r.IntN(20) == 0 {
						client = randomText(r, r.IntN(20))
						changes = append(changes, contentChange{Text: client})
						continue
					}
					a, b := randomBoundary(r, client), randomBoundary(r, client)
					if a > b {
						a, b = b, a
					}
					rng := lsptest.Range(client, a, b, cenc)
					text := randomText(r, r.IntN(4))
					var err error
					client, err = lsptest.ApplyEdits(client, []protocol.TextEdit{{Range: rng, NewText: text}}, cenc)
					if err != nil {
						t.Fatal(err)
					}
					changes = append(changes, contentChange{Range: &rng, Text: text})
				}
				if err := docs.apply(uri, v, changes, enc); err != nil {
					t.Fatalf("%v round %d version %d: %v", enc, round, v, err)
				}
				snap, _ := docs.get(uri)
				if snap.text != client || snap.version != v {
					t.Fatalf("%v round %d version %d: server %q, client %q", enc, round, v, snap.text, client)
				}
			}
		}
	}
}

func TestRebase(t *testing.T) {
	docs := newDocuments()
	const uri = "file:///a.md"
	docs.open(uri, 1, "0123456789")
	change := func(v int32, a, b int, text string) {
		t.Helper()
		snap, _ := docs.get(uri)
		rng, _ := snap.rangeOf(a, b, encUTF16)
		if err := docs.apply(uri, v, []contentChange{{Range: &rng, Text: text}}, encUTF16); err != nil {
			t.Fatal(err)
		}
	}
	change(2, 0, 0, "ab")  // insert before: [4,6) moves to [6,8)
	change(3, 9, 10, "")   // delete after the range
	change(4, 6, 6, "--")  // insert at the start counts as before: [8,10)
	change(5, 10, 10, "+") // insert at the end counts as after
	snap, s, e, ok := docs.rebase(uri, 1, 4, 6)
	if !ok || s != 8 || e != 10 || snap.text[s:e] != "45" || snap.version != 5 {
		t.Errorf("rebase = %d,%d,%v on %q", s, e, ok, snap.text)
	}
	change(6, 9, 11, "x") // overlaps the range
	if _, _, _, ok := docs.rebase(uri, 1, 4, 6); ok {
		t.Error("rebase across an overlapping change succeeded")
	}
	full := docs.apply(uri, 7, []contentChange{{Text: "new"}}, encUTF16)
	if full != nil {
		t.Fatal(full)
	}
	if _, _, _, ok := docs.rebase(uri, 6, 0, 1); ok {
		t.Error("rebase across a whole-document change succeeded")
	}
}

// replace keeps the same line table as indexing the new text from scratch, whatever the edit
// does to line ends ("\r\n" split or joined, lone "\r", edits at either end).
func FuzzLineIndexReplace(f *testing.F) {
	f.Add("a\r\nb\rc\nd", 1, 2, "\n")
	f.Add("a\r\nb", 2, 3, "")
	f.Add("a\rb", 2, 2, "\n")
	f.Add("", 0, 0, "x\r")
	f.Add("ab\r", 3, 3, "\nc")
	f.Fuzz(func(t *testing.T, text string, start, end int, repl string) {
		if start < 0 || end < start || end > len(text) {
			return
		}
		got := newLineIndex(text).replace(start, end, repl)
		want := newLineIndex(text[:start] + repl + text[end:])
		if got.text != want.text || !slices.Equal(got.starts, want.starts) {
			t.Fatalf("replace(%q, %d, %d, %q): starts %v, want %v", text, start, end, repl, got.starts, want.starts)
		}
	})
}
