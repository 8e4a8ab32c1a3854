package refine

import (
	"errors"
	"math/rand/v2"
	"reflect"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/redraft/redraft/engine"
	"github.com/redraft/redraft/engine/assets"
)

var (
	tokOnce sync.Once
	tokVal  *engine.Tokenizer
	tokErr  error
)

// testTokenizer is the built-in model's tokenizer.
func testTokenizer(t testing.TB) *engine.Tokenizer {
	t.Helper()
	tokOnce.Do(func() { tokVal, tokErr = engine.LoadTokenizer([]byte(assets.Tokenizer)) })
	if tokErr != nil {
		t.Fatal(tokErr)
	}
	return tokVal
}

// sel returns the byte range of the n-th (0-based) occurrence of sub in doc.
func sel(t *testing.T, doc, sub string, n int) (int, int) {
	t.Helper()
	off := 0
	for k := 0; ; k++ {
		i := strings.Index(doc[off:], sub)
		if i < 0 {
			t.Fatalf("%q occurrence %d not in %q", sub, n, doc)
		}
		if k == n {
			return off + i, off + i + len(sub)
		}
		off += i + len(sub)
	}
}

// checkWindow asserts the invariants every window has and returns the decoded left context,
// span and right context.
func checkWindow(t *testing.T, tok *engine.Tokenizer, doc string, w *Window) (left, span, right string) {
	t.Helper()
	docID, _ := tok.Special(docToken)
	ids := w.IDs
	lo, hi := w.SpanLo, w.SpanHi
	if w.CtxStart == 0 {
		if ids[0] != docID {
			t.Fatalf("window reaches the document start but does not open with <|doc|>: %v", ids)
		}
		ids, lo, hi = ids[1:], lo-1, hi-1
	}
	if w.CtxEnd == len(doc) {
		if ids[len(ids)-1] != docID {
			t.Fatalf("window reaches the document end but does not close with <|doc|>")
		}
		ids = ids[:len(ids)-1]
	}
	for _, id := range ids {
		if id == docID {
			t.Fatalf("stray <|doc|> in %v", w.IDs)
		}
	}
	left, span, right = tok.Decode(ids[:lo]), tok.Decode(ids[lo:hi]), tok.Decode(ids[hi:])
	if left != doc[w.CtxStart:w.Start] || span != doc[w.Start:w.End] || right != doc[w.End:w.CtxEnd] {
		t.Fatalf("decoded %q|%q|%q, want %q|%q|%q", left, span, right,
			doc[w.CtxStart:w.Start], doc[w.Start:w.End], doc[w.End:w.CtxEnd])
	}
	if !reflect.DeepEqual(w.SpanIDs(), tok.Encode(span)) {
		t.Fatalf("span ids %v, want Encode(%q)", w.SpanIDs(), span)
	}
	if len(w.Protected) != w.SpanHi-w.SpanLo {
		t.Fatalf("Protected has %d entries for %d span tokens", len(w.Protected), w.SpanHi-w.SpanLo)
	}
	if w.Start > 0 && isHSpace(doc[w.Start-1]) {
		t.Fatalf("span %q starts right after horizontal space", span)
	}
	if lo > 0 {
		if last := tok.TokenBytes(ids[lo-1]); strings.Trim(string(last), " \t") == "" && !strings.ContainsAny(string(last), "\n") {
			t.Fatalf("left context ends with a lone space token %q", last)
		}
	}
	if span == "" || isTokSpace(span[len(span)-1]) {
		t.Fatalf("span %q is empty or ends with whitespace", span)
	}
	return left, span, right
}

func TestBuildWindowIssueExample(t *testing.T) {
	tok := testTokenizer(t)
	doc := "the pattern of our intentions and the foundation of our hopes"
	s, e := sel(t, doc, "and", 0)
	w, err := BuildWindow(tok, doc, s, e, 192, false)
	if err != nil {
		t.Fatal(err)
	}
	left, span, right := checkWindow(t, tok, doc, w)
	if span != " and" || left != "the pattern of our intentions" || right != " the foundation of our hopes" {
		t.Errorf("got %q|%q|%q", left, span, right)
	}
	if want := tok.Encode(" and"); !reflect.DeepEqual(w.SpanIDs(), want) || len(want) != 1 {
		t.Errorf("span ids %v, want the single token %v", w.SpanIDs(), want)
	}
	// The whole window tokenizes exactly as the document does.
	docID, _ := tok.Special(docToken)
	want := append(append([]int{docID}, tok.Encode(doc)...), docID)
	if !reflect.DeepEqual(w.IDs, want) {
		t.Errorf("ids %v, want %v", w.IDs, want)
	}
}

func TestBuildWindowBoundaries(t *testing.T) {
	tok := testTokenizer(t)
	tests := []struct {
		name        string
		doc         string
		sub         string // selection: first occurrence of sub
		nth         int
		span        string // doc[Start:End] after adjustment
		leftSuffix  string // the left context ends with this
		rightPrefix string // the right context starts with this
	}{
		{"leading and trailing spaces", "we met our friends at noon", " our friends ", 0, " our friends", "we met", " at noon"},
		{"trailing space", "we met our friends at noon", "our friends ", 0, " our friends", "we met", " at noon"},
		{"mid-word start", "the pattern of our intentions and more", "tentions and", 0, " intentions and", " our", " more"},
		{"mid-word end", "the pattern of our intentions and more", "of our inten", 0, " of our intentions", "pattern", " and"},
		{"mid-word both", "alpha bravo charlie delta", "avo charl", 0, " bravo charlie", "alpha", " delta"},
		{"double space before", "one two  three four", "three", 0, "  three", "two", " four"},
		{"tab before", "one\tthree four", "three", 0, "\tthree", "one", " four"},
		{"newline before stays left", "First line.\nSecond line here.", "Second", 0, "Second", "line.\n", " line"},
		{"indent after newline moves in", "First line.\n  Second line here.", "Second", 0, "  Second", "line.\n", " line"},
		{"selection starting with blank lines", "Para one.\n\nPara two here.", "\n\nPara two", 0, "Para two", "one.\n\n", " here"},
		{"selection with trailing newline", "Para one.\nPara two.\n", "Para one.\n", 0, "Para one.", "", "\nPara"},
		{"start of document", "Hello there world.", "Hello", 0, "Hello", "", " there"},
		{"end of document", "Hello there world.", "world.", 0, " world.", "there", ""},
		{"opening bracket piece", "He said (quietly), then left.", "(quiet", 0, " (quietly", "said", "),"},
		{"punctuation piece widened", "He said (quietly), then left.", "etly)", 0, "quietly),", "said (", " then"},
		{"emoji", "I love 🍕 and 🍣 a lot", "🍕", 0, " 🍕", "love", " and"},
		{"CJK mid-word", "私は 日本語 が好き", "本", 0, " 日本語", "私は", " が好き"},
		{"accented mid-word", "un café crème ici", "fé crè", 0, " café crème", "un", " ici"},
		{"gap marker", "our intentions [...] the foundation", "[...]", 0, " [...]", "intentions", " the"},
		{"contraction", "I don't know why", "know", 0, " know", "'t", " why"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, e := sel(t, tt.doc, tt.sub, tt.nth)
			w, err := BuildWindow(tok, tt.doc, s, e, 192, false)
			if err != nil {
				t.Fatal(err)
			}
			left, span, right := checkWindow(t, tok, tt.doc, w)
			if span != tt.span || !strings.HasSuffix(left, tt.leftSuffix) || !strings.HasPrefix(right, tt.rightPrefix) {
				t.Errorf("got %q|%q|%q, want span %q after …%q, before %q…", left, span, right, tt.span, tt.leftSuffix, tt.rightPrefix)
			}
			if !utf8.ValidString(span) {
				t.Errorf("span %q is not valid UTF-8", span)
			}
		})
	}
}

func TestBuildWindowDocMarkers(t *testing.T) {
	tok := testTokenizer(t)
	docID, _ := tok.Special(docToken)
	doc := strings.Repeat("Some words make a sentence here. ", 40) + "The end."
	mid := len(doc)/2 + strings.Index(doc[len(doc)/2:], "sentence")
	for _, tt := range []struct {
		name         string
		start, end   int
		first, final bool
	}{
		{"start", 0, 4, true, false},
		{"end", len(doc) - 4, len(doc), false, true},
		{"middle", mid, mid + 8, false, false},
	} {
		w, err := BuildWindow(tok, doc, tt.start, tt.end, 32, false)
		if err != nil {
			t.Fatal(err)
		}
		checkWindow(t, tok, doc, w)
		if (w.IDs[0] == docID) != tt.first || (w.IDs[len(w.IDs)-1] == docID) != tt.final {
			t.Errorf("%s: <|doc|> at start %v, end %v; want %v, %v", tt.name,
				w.IDs[0] == docID, w.IDs[len(w.IDs)-1] == docID, tt.first, tt.final)
		}
		if tt.first && w.SpanLo != 1 {
			t.Errorf("%s: SpanLo %d, want 1", tt.name, w.SpanLo)
		}
	}
	// No context at all: the span alone, with <|doc|> only where the span touches the edges.
	w, err := BuildWindow(tok, doc, mid, mid+8, 0, false)
	if err != nil {
		t.Fatal(err)
	}
	if w.SpanLo != 0 || w.SpanHi != len(w.IDs) {
		t.Errorf("ctx 0: window %v span %d:%d", w.IDs, w.SpanLo, w.SpanHi)
	}
}

func TestBuildWindowBudgetAndCuts(t *testing.T) {
	tok := testTokenizer(t)
	var sb strings.Builder
	for p := 0; p < 12; p++ {
		for s := 0; s < 6; s++ {
			sb.WriteString("The quick brown fox jumps over the lazy dog again. ")
		}
		sb.WriteString("\n\n")
	}
	doc := sb.String()
	mid := len(doc) / 2
	s, e := mid+strings.Index(doc[mid:], "fox"), mid+strings.Index(doc[mid:], "fox")+3
	for _, ctx := range []int{0, 5, 13, 40, 64, 100, 192} {
		w, err := BuildWindow(tok, doc, s, e, ctx, false)
		if err != nil {
			t.Fatal(err)
		}
		checkWindow(t, tok, doc, w)
		nLeft, nRight := w.SpanLo, len(w.IDs)-w.SpanHi
		if nLeft > ctx || nRight > ctx {
			t.Errorf("ctx %d: %d left and %d right tokens", ctx, nLeft, nRight)
		}
		if ctx >= 40 && (2*nLeft < ctx || 2*nRight < ctx) {
			t.Errorf("ctx %d: only %d left and %d right tokens used", ctx, nLeft, nRight)
		}
		// Cuts land at a sentence or paragraph boundary when that keeps half the budget: the
		// context starts a sentence and ends one.
		if ctx >= 40 {
			if c := doc[w.CtxStart:]; !strings.HasPrefix(c, " The") && !strings.HasPrefix(c, "The") {
				t.Errorf("ctx %d: left context starts mid-sentence: %q", ctx, c[:20])
			}
			if c := strings.TrimRight(doc[:w.CtxEnd], " \n"); !strings.HasSuffix(c, "again.") {
				t.Errorf("ctx %d: right context ends mid-sentence: %q", ctx, c[len(c)-20:])
			}
		}
	}
	// A paragraph break inside the budget wins when it keeps half the budget.
	p := strings.Index(doc[mid:], "\n\n") + mid + 2 // a paragraph start after the span
	s2 := p + strings.Index(doc[p:], "lazy")        // first sentence of that paragraph
	w, err := BuildWindow(tok, doc, s2, s2+4, 64, false)
	if err != nil {
		t.Fatal(err)
	}
	checkWindow(t, tok, doc, w)
	if w.CtxStart == p {
		t.Errorf("cut at a paragraph break that keeps under half the budget")
	}
	w, err = BuildWindow(tok, doc, s2, s2+4, 400, false)
	if err != nil {
		t.Fatal(err)
	}
	if w.CtxStart != 0 && !strings.HasSuffix(doc[:w.CtxStart], "\n\n") {
		t.Errorf("ctx 400: left context does not start a paragraph: %q", doc[w.CtxStart:w.CtxStart+20])
	}
}

func TestBuildWindowProtected(t *testing.T) {
	tok := testTokenizer(t)
	doc := "Run `go test` before you send it to Alice in 2024 please."
	w, err := BuildWindow(tok, doc, 0, len(doc), 192, false)
	if err != nil {
		t.Fatal(err)
	}
	checkWindow(t, tok, doc, w)
	off := w.Start
	var prot, free []string
	for i, id := range w.SpanIDs() {
		piece := string(tok.TokenBytes(id))
		if w.Protected[i] {
			prot = append(prot, piece)
		} else {
			free = append(free, piece)
		}
		off += len(piece)
	}
	got := strings.Join(prot, "")
	for _, want := range []string{"`go test`", "Alice", "2024"} {
		if !strings.Contains(got, want) {
			t.Errorf("protected tokens %q lack %q", prot, want)
		}
	}
	for _, f := range free {
		if strings.ContainsAny(f, "`0123456789") || strings.Contains(f, "Alice") {
			t.Errorf("free token %q should be protected", f)
		}
	}
	if len(free) == 0 {
		t.Error("every token protected")
	}
	// allowNumbers frees the number and the name but not the code.
	w, err = BuildWindow(tok, doc, 0, len(doc), 192, true)
	if err != nil {
		t.Fatal(err)
	}
	for i, id := range w.SpanIDs() {
		piece := string(tok.TokenBytes(id))
		if strings.Contains(piece, "Alice") || strings.Contains(piece, "202") {
			if w.Protected[i] {
				t.Errorf("allowNumbers: %q still protected", piece)
			}
		}
		if strings.Contains(piece, "`") && !w.Protected[i] {
			t.Errorf("allowNumbers: code %q unprotected", piece)
		}
	}
}

func TestBuildWindowErrors(t *testing.T) {
	tok := testTokenizer(t)
	for _, tt := range []struct {
		doc        string
		start, end int
		want       error
	}{
		{"some text   here", 9, 12, ErrInvalidRange}, // only spaces
		{"some text", 4, 4, ErrInvalidRange},         // empty
		{"some text", 5, 40, ErrInvalidRange},
		{"bad \xff byte", 0, 3, ErrInvalidUTF8},
		{strings.Repeat("word ", 600), 0, 3000, ErrTooLong},
	} {
		_, err := BuildWindow(tok, tt.doc, tt.start, tt.end, 16, false)
		if !errors.Is(err, tt.want) {
			t.Errorf("BuildWindow(%.20q, %d, %d) = %v, want %v", tt.doc, tt.start, tt.end, err, tt.want)
		}
	}
}

// TestBuildWindowRandom checks the invariants on random documents and ranges, and that the
// window tokenizes exactly as the document does whenever the span does not begin inside a
// newline-and-indent whitespace piece.
func TestBuildWindowRandom(t *testing.T) {
	tok := testTokenizer(t)
	rng := rand.New(rand.NewPCG(3, 4))
	parts := []string{"the", " cat", " sat", ".", " ", "  ", "\n", "\n\n", "Über", " 日本", "🍕", ",", " don't", "42", " (x)", "\t"}
	for n := 0; n < 2000; n++ {
		var sb strings.Builder
		for i := 1 + rng.IntN(40); i > 0; i-- {
			sb.WriteString(parts[rng.IntN(len(parts))])
		}
		doc := sb.String()
		a, b := rng.IntN(len(doc)+1), rng.IntN(len(doc)+1)
		if a > b {
			a, b = b, a
		}
		for a > 0 && !utf8.RuneStart(doc[a%len(doc)]) {
			a--
		}
		for b < len(doc) && !utf8.RuneStart(doc[b]) {
			b++
		}
		w, err := BuildWindow(tok, doc, a, b, rng.IntN(30), false)
		if err != nil {
			if errors.Is(err, ErrInvalidRange) && strings.TrimSpace(doc[a:b]) == "" {
				continue
			}
			t.Fatalf("BuildWindow(%q, %d, %d): %v", doc, a, b, err)
		}
		checkWindow(t, tok, doc, w)
		if w.Start > a && strings.TrimLeft(doc[a:w.Start], " \t\n\r\f") != "" {
			t.Fatalf("%q [%d:%d]: span start moved past text to %d", doc, a, b, w.Start)
		}
		if w.End < b && strings.TrimSpace(doc[w.End:b]) != "" {
			t.Fatalf("%q [%d:%d]: span end cut text at %d", doc, a, b, w.End)
		}
		if !(w.Start > 0 && strings.ContainsRune("\n\r\f", rune(doc[w.Start-1])) && isHSpace(doc[w.Start])) {
			ids := w.IDs
			if w.CtxStart == 0 {
				ids = ids[1:]
			}
			if w.CtxEnd == len(doc) {
				ids = ids[:len(ids)-1]
			}
			if joint := tok.Encode(doc[w.CtxStart:w.CtxEnd]); !reflect.DeepEqual(ids, joint) {
				t.Fatalf("%q [%d:%d] → span %q: window ids differ from the document's tokens", doc, a, b, doc[w.Start:w.End])
			}
		}
	}
}

func FuzzBuildWindow(f *testing.F) {
	f.Add("the pattern of our intentions and the foundation", 30, 33, 8)
	f.Add("First line.\n  Second line here.", 14, 20, 4)
	f.Add("I love 🍕 and 日本語", 7, 11, 2)
	f.Add("a\n\n\tb  c\r\nd", 3, 9, 1)
	tok := testTokenizer(f)
	f.Fuzz(func(t *testing.T, doc string, start, end, ctx int) {
		if ValidateRange(doc, start, end) != nil || ctx < 0 || ctx > 64 {
			return
		}
		w, err := BuildWindow(tok, doc, start, end, ctx, false)
		if err != nil {
			if errors.Is(err, ErrInvalidRange) && strings.Trim(doc[start:end], "\t\n\f\r ") == "" {
				return
			}
			if errors.Is(err, ErrTooLong) {
				return
			}
			t.Fatalf("BuildWindow(%q, %d, %d): %v", doc, start, end, err)
		}
		checkWindow(t, tok, doc, w)
		if w.SpanLo-boolInt(w.CtxStart == 0) > ctx || len(w.IDs)-w.SpanHi-boolInt(w.CtxEnd == len(doc)) > ctx {
			t.Fatalf("context over budget %d: %d|%d", ctx, w.SpanLo, len(w.IDs)-w.SpanHi)
		}
	})
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// BenchmarkBuildWindow: a window in the middle of a 100 KB Markdown document.
func BenchmarkBuildWindow(b *testing.B) {
	tok := testTokenizer(b)
	para := "Lantern reads a folder of `pages`, applies [one template](t.html) and writes HTML for Alice. " +
		"It runs on every save, even for 3,000 pages.\n\n"
	doc := strings.Repeat(para, 100<<10/len(para))
	s := len(doc)/2 + strings.Index(doc[len(doc)/2:], "applies")
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := BuildWindow(tok, doc, s, s+40, 192, false); err != nil {
			b.Fatal(err)
		}
	}
}
