package refine

import (
	"context"
	"slices"
	"strings"
	"testing"
)

// Tests of the bold plan (strength 0.7 and above).

// suspectView is a view of text for generators in which every token is unlikely (-8 nats).
func suspectView(r *Refiner, text string) *view {
	opt := DefaultOptions()
	body := r.tok.Encode(text)
	lps := make([]float64, len(body))
	for i := range lps {
		lps[i] = -8
	}
	sc := scored{pll: pll{body: lps}}
	v := &view{c: &r.core, lex: newLexicon(r.lex, opt), opt: opt, body: body, cur: &sc, size: len(body) + 4}
	v.words = r.words(body, make([]bool, len(body)))
	return v
}

func TestBoldSwapMustBeBacked(t *testing.T) {
	bold, def := planFor(0.7).guard, planFor(defaultStrength).guard
	cur := pll{body: []float64{-30}}
	some := pll{body: []float64{-30 + 10}} // enough for the bold cost, not for the full one
	much := pll{body: []float64{-30 + 20}} // enough for the full cost
	swap := candidate{kind: KindSwap, old: "tour guide", new: "guide tour", pre: -6}
	if _, ok := bold.judge(&cur, &some, &swap); ok {
		t.Error("at 0.7 a swap the model's view at its slots opposes passes at the bold cost")
	}
	for _, g := range []guard{bold, def} {
		if _, ok := g.judge(&cur, &much, &swap); !ok {
			t.Errorf("a swap that pays the full cost is refused for its pre-score (bold %v)", g.bold)
		}
	}
	swap.pre = 2
	if _, ok := bold.judge(&cur, &some, &swap); !ok {
		t.Error("at 0.7 a swap the model's view backs is refused at the bold cost")
	}
}

func TestBoldMissingWordNeverOpensAClause(t *testing.T) {
	r, _ := fakeRefiner(t, fakeRef)
	v := suspectView(r, "Connections with researchers will open the door.")
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
	v := suspectView(r, "The protocol sends the least significant bit first.")
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

func TestAlternativeCompletedWithLaterSteps(t *testing.T) {
	orig := []int{1, 2, 3, 4, 5, 6, 7}
	a := candidate{a: 2, b: 3, repl: []int{30}}
	a.body = splice(orig, a.a, a.b, a.repl...)
	later := candidate{a: 5, b: 6, repl: []int{60, 61}} // after a, in a's body
	before := candidate{a: 0, b: 1, repl: nil}          // before a
	x := candidate{a: 2, b: 3, repl: []int{31, 32}}     // another choice for a's token
	x.body = splice(orig, x.a, x.b, x.repl...)
	body, steps, ok := complete([]candidate{a, later, before}, x)
	if !ok {
		t.Fatal("a choice for the same tokens was not completed")
	}
	if want := []int{2, 31, 32, 4, 5, 60, 61, 7}; !slices.Equal(body, want) {
		t.Errorf("completed body %v, want %v", body, want)
	}
	if len(steps) != 3 || steps[0].a != x.a || !slices.Equal(steps[len(steps)-1].body, body) {
		t.Errorf("completed steps %+v", steps)
	}
	if _, _, ok := complete([]candidate{a, later}, a); ok {
		t.Error("the first step itself completed as an alternative")
	}
	other := candidate{a: 4, b: 5, repl: []int{40}}
	other.body = splice(orig, other.a, other.b, other.repl...)
	if _, _, ok := complete([]candidate{a, later}, other); ok {
		t.Error("a candidate for other tokens completed")
	}
	touching := candidate{a: 1, b: 3, repl: []int{9}} // a later step over a's token
	if _, _, ok := complete([]candidate{a, touching}, x); ok {
		t.Error("completed although a later step touches the tokens the alternative chose")
	}
}

func TestCombineAlternativesDifferInOnePlace(t *testing.T) {
	doc := "one two. three four."
	srs := []sentenceResult{
		{revs: []sentenceRevision{{edits: []Edit{{Start: 0, End: 3, Text: "One"}}, gain: 5}, {edits: []Edit{{Start: 4, End: 7, Text: "2"}}, gain: 2}}},
		{},
		{revs: []sentenceRevision{{edits: []Edit{{Start: 9, End: 14, Text: "3"}}, gain: 4}, {edits: []Edit{{Start: 15, End: 19, Text: "4"}}, gain: 3}}},
	}
	got := combine(doc, 0, len(doc), srs, 4, -100)
	want := []string{"One two. 3 four.", "One two. three 4.", "one 2. 3 four."}
	if len(got) != len(want) {
		t.Fatalf("%d candidates, want %d: %+v", len(got), len(want), got)
	}
	for i, c := range got {
		if c.Text != want[i] {
			t.Errorf("candidate %d = %q, want %q", i, c.Text, want[i])
		}
		if i > 0 && c.Score > got[i-1].Score {
			t.Errorf("candidate %d scores above the one before it", i)
		}
	}
	if got := combine(doc, 0, len(doc), srs, 1, -100); len(got) != 1 || got[0].Text != want[0] || got[0].Score != -91 {
		t.Errorf("one candidate: %+v", got)
	}
	if got := combine(doc, 0, len(doc), []sentenceResult{{}, {}}, 3, -100); got != nil {
		t.Errorf("candidates without any revision: %+v", got)
	}
}

func TestAlternativesAreDifferentRevisions(t *testing.T) {
	r, f := fakeRefiner(t, fakeRef)
	f.noise = 4
	r.plan = func(float64) plan {
		p := planFor(0.7)
		p.guard.margin, p.guard.slipMargin = -1e9, -1e9 // accept everything
		return p
	}
	doc := "The quick brown fox jumps over the the lazy dog. It was a bright cold day in April, and the clocks were striking thirteen now."
	opt := DefaultOptions()
	opt.Alternatives = 6
	res, err := r.Refine(context.Background(), doc, 0, len(doc), opt, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Candidates) < 3 {
		t.Fatalf("%d candidates with the guard off, want alternatives", len(res.Candidates))
	}
	was := revisionWords(doc)
	for i, c := range res.Candidates {
		for _, b := range res.Candidates[:i] {
			if wordsKey(c.Text) == wordsKey(b.Text) {
				t.Errorf("%q differs from %q only in punctuation, case or spacing", c.Text, b.Text)
			}
			if partOf(was, revisionWords(c.Text), revisionWords(b.Text)) {
				t.Errorf("%q makes only some of the changes of %q", c.Text, b.Text)
			}
		}
		if i > 1 && c.Score > res.Candidates[i-1].Score {
			t.Errorf("alternative %d scores above the one before it", i)
		}
	}
	opt.Alternatives = 1
	one, err := r.Refine(context.Background(), doc, 0, len(doc), opt, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(one.Candidates) != 1 || one.Candidates[0].Text != res.Candidates[0].Text {
		t.Errorf("the first candidate depends on how many are asked for: %q alone, %q of %d", one.Candidates[0].Text, res.Candidates[0].Text, len(res.Candidates))
	}
}

func TestRevisionsDropPartsOfBetterOnes(t *testing.T) {
	r, _ := fakeRefiner(t, fakeRef)
	doc := "I recieve the the package."
	rev := func(text string, gain float64) revision {
		return revision{body: r.tok.Encode(text), sc: scored{pll: pll{body: []float64{gain}}}, gain: gain}
	}
	s := &sentence{c: &r.core, pl: planFor(0.7)}
	both, first := rev("I receive the package.", 30), rev("I receive the the package.", 20)
	s.accepted = []revision{first, both}
	s.others = []revision{first, rev("I relieve the the package.", 10)}
	revs := s.revisions(doc, &Window{Start: 0, End: len(doc)}, &pll{body: []float64{0}}, nil)
	var got []string
	for _, sr := range revs {
		got = append(got, ApplyEdits(doc, sr.edits))
	}
	want := []string{"I receive the package.", "I relieve the the package."}
	if !slices.Equal(got, want) {
		t.Errorf("revisions %q, want %q (the first step alone is part of the best)", got, want)
	}
}

func TestBoldPrefersByFullCosts(t *testing.T) {
	bold, def := planFor(0.7).guard, planFor(defaultStrength).guard
	missing := candidate{kind: KindMissing, new: "will"} // costs 6 nats less at high strength
	form := candidate{kind: KindInflection, old: "changes", new: "change", pre: 6}
	if bold.preferred(9, &missing, 6, &form) {
		t.Error("at 0.7 a missing word is preferred for a gain its lower cost made")
	}
	if !bold.preferred(6, &form, 9, &missing) || !bold.preferred(14, &missing, 6, &form) {
		t.Error("at 0.7 the fix with the higher gain at full costs is not preferred")
	}
	if !def.preferred(9, &missing, 6, &form) {
		t.Error("at the default the higher gain is not preferred")
	}
}
