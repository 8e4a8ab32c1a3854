package refine

import (
	"strings"
	"testing"
)

// proposals runs every generator of a strength's plan on text, with every word suspect, and
// returns the candidates' texts by kind.
func proposals(t *testing.T, text string, strength float64) map[Kind][]string {
	t.Helper()
	r, _ := fakeRefiner(t, fakeRef)
	opt := DefaultOptions()
	lx := newLexicon(r.lex, opt)
	body := r.tok.Encode(text)
	lps := make([]float64, len(body))
	for i := range lps {
		lps[i] = -8
	}
	sc := scored{pll: pll{body: lps}}
	v := &view{c: &r.core, lex: lx, opt: opt, body: body, cur: &sc, size: len(body) + 4, terms: map[string]bool{}}
	v.words = r.words(body, make([]bool, len(body)))
	v.findSuspects(16)
	out := map[Kind][]string{}
	for _, g := range r.generators(planFor(strength)) {
		g.propose(v, func(c candidate) { out[c.kind] = append(out[c.kind], r.tok.Decode(c.body)) })
	}
	return out
}

func TestSwapsKeepCapitalisedFirstWord(t *testing.T) {
	for _, text := range []string{"Enable extended reliable error message passing.", " Enable extended reliable error message passing.", "(Enable extended reliable error message passing."} {
		got := proposals(t, text, 0.9)[KindSwap]
		if len(got) == 0 {
			t.Fatalf("%q: no swaps proposed at all", text)
		}
		for _, s := range got {
			if !strings.HasPrefix(strings.TrimLeft(s, " ("), "Enable ") {
				t.Errorf("%q: swap %q moves the capitalised first word", text, s)
			}
		}
	}
	// a sentence written without a capital gives no such sign: its first word may move
	found := false
	for _, s := range proposals(t, "or one more columns are indexed.", 0.9)[KindSwap] {
		found = found || strings.HasPrefix(s, "one or more")
	}
	if !found {
		t.Error("the swap of a lower-case first word is not proposed")
	}
}
