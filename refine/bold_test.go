package refine

import (
	"strings"
	"testing"
)

// Tests of the bold plan (strength 0.7 and above).

func TestBoldSwapMustBeBacked(t *testing.T) {
	bold, def := planFor(0.7).guard, planFor(defaultStrength).guard
	cur := pll{body: []float64{-30}}
	better := pll{body: []float64{-30 + 20}} // a gain above both plans' cost and margin
	swap := candidate{kind: KindSwap, old: "tour guide", new: "guide tour", pre: -6}
	if _, ok := bold.judge(&cur, &better, &swap); ok {
		t.Error("at 0.7 a swap the model's view at its slots opposes passes")
	}
	if _, ok := def.judge(&cur, &better, &swap); !ok {
		t.Error("at the default a swap that pays the full cost is refused for its pre-score")
	}
	swap.pre = 2
	if _, ok := bold.judge(&cur, &better, &swap); !ok {
		t.Error("at 0.7 a swap the model's view backs is refused")
	}
}

func TestBoldMissingWordNeverOpensAClause(t *testing.T) {
	r, _ := fakeRefiner(t, fakeRef)
	opt := DefaultOptions()
	body := r.tok.Encode("Connections with researchers will open the door.")
	lps := make([]float64, len(body))
	for i := range lps {
		lps[i] = -8
	}
	sc := scored{pll: pll{body: lps}}
	v := &view{c: &r.core, lex: newLexicon(r.lex, opt), opt: opt, body: body, cur: &sc, size: len(body) + 4}
	v.words = r.words(body, make([]bool, len(body)))
	// at every insertion slot the model's favourites are "that" and "and", then "the"
	d := make(dist, r.tok.VocabSize())
	for i := range d {
		d[i] = -30
	}
	for lp, w := range map[float32]string{-0.5: " that", -1: " and", -2: " the"} {
		ids := r.tok.Encode(w)
		if len(ids) != 1 {
			t.Fatalf("%q is %d tokens", w, len(ids))
		}
		d[ids[0]] = lp
	}
	v.ins = map[int]dist{}
	for i := range v.words {
		v.ins[i] = d
	}
	var got []string
	missingWords{}.propose(v, func(c candidate) { got = append(got, c.new) })
	if len(got) == 0 {
		t.Fatal("no missing word proposed")
	}
	for _, w := range got {
		if opensClause[strings.ToLower(w)] {
			t.Errorf("proposed inserting %q, which opens a clause", w)
		}
	}
}

func TestBoldProposesNoUnrelatedWord(t *testing.T) {
	r, _ := fakeRefiner(t, fakeRef)
	opt := DefaultOptions()
	body := r.tok.Encode("The protocol sends the least significant bit first.")
	lps := make([]float64, len(body))
	for i := range lps {
		lps[i] = -8
	}
	sc := scored{pll: pll{body: lps}}
	v := &view{c: &r.core, lex: newLexicon(r.lex, opt), opt: opt, body: body, cur: &sc, size: len(body) + 4}
	v.words = r.words(body, make([]bool, len(body)))
	v.findSuspects(16)
	// the model is sure "at" belongs where "sends" is
	d := make(dist, r.tok.VocabSize())
	for i := range d {
		d[i] = -30
	}
	d[r.tok.Encode(" at")[0]] = -0.1
	v.slot = map[int]dist{}
	for _, i := range v.sus {
		v.slot[i] = d
	}
	for _, g := range r.generators(planFor(0.9)) {
		g.propose(v, func(c candidate) {
			if c.new == "at" && c.old != "the" {
				t.Errorf("%v candidate %q → %q: the model's unrelated word proposed", c.kind, c.old, c.new)
			}
		})
	}
}
