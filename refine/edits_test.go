package refine

import (
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
)

func TestWordEdits(t *testing.T) {
	tests := []struct {
		name       string
		doc        string
		start, end int // -1: whole doc
		newText    string
		want       []Edit
	}{
		{"equal", "the cat sat", -1, -1, "the cat sat", nil},
		{"one word", "the cat sat", -1, -1, "the dog sat", []Edit{{Start: 4, End: 7, Text: "dog"}}},
		{"swap order", "was in released January", -1, -1, "was released in January",
			[]Edit{{Start: 4, End: 7, Text: ""}, {Start: 15, End: 15, Text: " in"}}},
		{"deleted duplicate", "the the cat", -1, -1, "the cat", []Edit{{Start: 4, End: 8, Text: ""}}},
		{"insert word", "one more column", -1, -1, "one or more column", []Edit{{Start: 4, End: 4, Text: "or "}}},
		{"punctuation only", "Hello world.", -1, -1, "Hello, world!", []Edit{{Start: 5, End: 5, Text: ","}, {Start: 11, End: 12, Text: "!"}}},
		{"adjacent changes merged across space", "a quick brown fox", -1, -1, "a slow red fox",
			[]Edit{{Start: 2, End: 13, Text: "slow red"}}},
		{"offsets into the document", "Intro. the cat sat. Outro.", 7, 19, "the dog sat.",
			[]Edit{{Start: 11, End: 14, Text: "dog"}}},
		{"whitespace change", "a  b", -1, -1, "a b", []Edit{{Start: 1, End: 3, Text: " "}}},
		{"unicode", "naïve café au lait", -1, -1, "naïve coffee au lait", []Edit{{Start: 7, End: 12, Text: "coffee"}}},
		{"all new", "abc", -1, -1, "xyz", []Edit{{Start: 0, End: 3, Text: "xyz"}}},
		{"to empty", "keep. drop this", 6, 15, "", []Edit{{Start: 6, End: 15, Text: ""}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start, end := tt.start, tt.end
			if start < 0 {
				start, end = 0, len(tt.doc)
			}
			got := WordEdits(tt.doc, start, end, tt.newText)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("WordEdits = %+v, want %+v", got, tt.want)
			}
			checkEdits(t, tt.doc, start, end, tt.newText, got)
		})
	}
}

// checkEdits asserts the WordEdits properties: sorted, non-overlapping edits inside
// [start,end) that each change something, that applied give doc[:start]+newText+doc[end:], and
// that the text left outside the edits is a common subsequence of units as long as a longest one
// (so unchanged words are untouched and the diff is minimal).
func checkEdits(t *testing.T, doc string, start, end int, newText string, edits []Edit) {
	t.Helper()
	want := doc[:start] + newText + doc[end:]
	if got := ApplyEdits(doc, edits); got != want {
		t.Fatalf("applying %+v to %q gives %q, want %q", edits, doc, got, want)
	}
	prev := start
	for _, e := range edits {
		if e.Start < prev || e.End < e.Start || e.End > end {
			t.Fatalf("edit %+v out of order or outside [%d,%d): %+v", e, start, end, edits)
		}
		if doc[e.Start:e.End] == e.Text {
			t.Fatalf("edit %+v changes nothing", e)
		}
		prev = e.End
	}
	// Units outside edits, in the old text.
	a, b := wordUnits(doc[start:end]), wordUnits(newText)
	kept := 0
	off := start
	ei := 0
	for _, u := range a {
		for ei < len(edits) && edits[ei].End <= off && !(edits[ei].Start == off && edits[ei].End == off) {
			ei++
		}
		inside := ei < len(edits) && edits[ei].Start <= off && off+len(u) <= edits[ei].End && edits[ei].End > edits[ei].Start
		if !inside && strings.TrimSpace(u) != "" {
			kept++
		}
		off += len(u)
	}
	if l := lcsNonSpace(a, b); kept < l {
		t.Errorf("edits %+v keep %d non-space units, a longest common subsequence has %d", edits, kept, l)
	}
}

// lcsNonSpace is the number of non-space units in a longest common subsequence that maximises
// them (dynamic programming reference).
func lcsNonSpace(a, b []string) int {
	dp := make([][]int, len(a)+1)
	for i := range dp {
		dp[i] = make([]int, len(b)+1)
	}
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			dp[i][j] = max(dp[i-1][j], dp[i][j-1])
			if a[i-1] == b[j-1] {
				w := 0
				if strings.TrimSpace(a[i-1]) != "" {
					w = 1
				}
				dp[i][j] = max(dp[i][j], dp[i-1][j-1]+w)
			}
		}
	}
	return dp[len(a)][len(b)]
}

func TestDiffUnitsMinimal(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	words := []string{"a", "b", "c", " ", "."}
	for n := 0; n < 500; n++ {
		var a, b []string
		for i := rng.IntN(12); i > 0; i-- {
			a = append(a, words[rng.IntN(len(words))])
		}
		for i := rng.IntN(12); i > 0; i-- {
			b = append(b, words[rng.IntN(len(words))])
		}
		for _, alg := range []struct {
			name string
			f    func(a, b []string) []diffOp
			best func(a, b []string) int
			kept func(u string) int
		}{
			{"diffUnits", diffUnits, lcsNonSpace, nonSpace},
			{"myers", myers, lcsLen, func(string) int { return 1 }},
		} {
			checkScript(t, alg.name, a, b, alg.f(a, b), alg.best(a, b), alg.kept)
		}
	}
}

func nonSpace(u string) int {
	if strings.TrimSpace(u) == "" {
		return 0
	}
	return 1
}

// checkScript asserts that ops turns a into b and keeps best units as counted by kept.
func checkScript(t *testing.T, name string, a, b []string, ops []diffOp, best int, kept func(string) int) {
	t.Helper()
	var got []string
	eq, ai, bi := 0, 0, 0
	for _, op := range ops {
		switch op {
		case opEqual:
			if a[ai] != b[bi] {
				t.Fatalf("equal op on %q vs %q", a[ai], b[bi])
			}
			got = append(got, b[bi])
			eq += kept(a[ai])
			ai, bi = ai+1, bi+1
		case opDelete:
			ai++
		case opInsert:
			got = append(got, b[bi])
			bi++
		}
	}
	if ai != len(a) || bi != len(b) || strings.Join(got, "") != strings.Join(b, "") {
		t.Fatalf("%s: script %v does not turn %q into %q", name, ops, a, b)
	}
	if eq != best {
		t.Fatalf("%s: script keeps %d units of %q → %q, best is %d", name, eq, a, b, best)
	}
}

func lcsLen(a, b []string) int {
	dp := make([][]int, len(a)+1)
	for i := range dp {
		dp[i] = make([]int, len(b)+1)
	}
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			if a[i-1] == b[j-1] {
				dp[i][j] = dp[i-1][j-1] + 1
			} else {
				dp[i][j] = max(dp[i-1][j], dp[i][j-1])
			}
		}
	}
	return dp[len(a)][len(b)]
}

func TestWordEditsProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 9))
	vocab := []string{"the", "cat", "sat", "on", "mat", ",", ".", " ", " ", " ", "\n", "é", "日本", "don't"}
	gen := func() string {
		var sb strings.Builder
		for i := rng.IntN(20); i > 0; i-- {
			sb.WriteString(vocab[rng.IntN(len(vocab))])
		}
		return sb.String()
	}
	for n := 0; n < 1000; n++ {
		pre, sel, post, repl := gen(), gen(), gen(), gen()
		doc := pre + sel + post
		edits := WordEdits(doc, len(pre), len(pre)+len(sel), repl)
		checkEdits(t, doc, len(pre), len(pre)+len(sel), repl, edits)
	}
}

func FuzzWordEdits(f *testing.F) {
	f.Add("the cat sat on the mat", 4, 11, "dog sat")
	f.Add("naïve café", 0, 6, "naive")
	f.Add("", 0, 0, "x")
	f.Fuzz(func(t *testing.T, doc string, start, end int, newText string) {
		if ValidateRange(doc, start, end) != nil {
			return
		}
		edits := WordEdits(doc, start, end, newText)
		checkEdits(t, doc, start, end, newText, edits)
	})
}

// TestLabelEditsFindsTheStepOfAPart: an edit that is part of a step's span (the "of" of "Most
// of" → "Most") takes that step's kind, not a rewrite's.
func TestLabelEditsFindsTheStepOfAPart(t *testing.T) {
	doc := "Most of users need to changes it."
	steps := []candidate{
		{kind: KindPlainVerb, old: "changes", new: "change"},
		{kind: KindQuantifier, old: "Most of", new: "Most"},
	}
	edits := WordEdits(doc, 0, len(doc), "Most users need to change it.")
	labelEdits(doc, edits, steps)
	var kinds []Kind
	for _, e := range edits {
		kinds = append(kinds, e.Kind)
	}
	if want := []Kind{KindQuantifier, KindPlainVerb}; !slices.Equal(kinds, want) {
		t.Errorf("kinds %v, want %v (edits %+v)", kinds, want, edits)
	}
}
