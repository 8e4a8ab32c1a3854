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

func TestGuardNeverWritesDoubledWord(t *testing.T) {
	r, _ := fakeRefiner(t, fakeRef)
	body := r.tok.Encode("As if a human being were driving it, the the car moved.")
	v := &view{c: &r.core, body: body, size: len(body) + 4}
	v.words = r.words(body, make([]bool, len(body)))
	find := func(w string) int {
		for i, x := range v.words {
			if x.bare() == w {
				return i
			}
		}
		t.Fatalf("no word %q", w)
		return -1
	}
	for _, c := range []struct {
		word, by string
		kind     Kind
		want     bool
	}{
		{"were", "being", KindInflection, true}, // "being being"
		{"were", "is", KindInflection, false},
		{"if", "As", KindWordChoice, true}, // "As As"
		{"were", "", KindExtra, false},     // "being driving"
	} {
		i := find(c.word)
		w := v.words[i]
		var repl []int
		if c.by != "" {
			repl = r.tok.Encode(" " + c.by)
		}
		cd, ok := v.edit(w.a, w.b, repl, c.kind, c.word, c.by)
		if !ok {
			t.Fatal("edit refused")
		}
		if got := v.makesDoubled(&cd); got != c.want {
			t.Errorf("%q → %q: makesDoubled %v, want %v", c.word, c.by, got, c.want)
		}
	}
	// removing the second of two doubled words is the doubled-word fix itself
	var cands []candidate
	doubledWords{}.propose(v, func(c candidate) { cands = append(cands, c) })
	if len(cands) != 1 || v.makesDoubled(&cands[0]) {
		t.Errorf("the doubled-word fix is refused or missing: %d candidates", len(cands))
	}
	// a deletion that brings two equal words together is refused
	body = r.tok.Encode("We saw that it that was wrong.")
	v = &view{c: &r.core, body: body, size: len(body) + 4}
	v.words = r.words(body, make([]bool, len(body)))
	w := v.words[find("it")]
	if cd, _ := v.edit(w.a, w.b, nil, KindExtra, "it", ""); !v.makesDoubled(&cd) {
		t.Error("deleting \"it\" in \"that it that\" is not seen to double \"that\"")
	}
}

func TestStrengthMeansSomething(t *testing.T) {
	prev := planFor(0)
	for s := 0.05; s <= 1.0001; s += 0.05 {
		p := planFor(s)
		if p.guard.margin > prev.guard.margin {
			t.Errorf("the margin rises from %.2f to %.2f at strength %.2f", prev.guard.margin, p.guard.margin, s)
		}
		if p.rounds < prev.rounds || (prev.guard.bold && !p.guard.bold) {
			t.Errorf("strength %.2f is less bold than the strength before it", s)
		}
		prev = p
	}
	if lo, def, hi := planFor(0.1), planFor(defaultStrength), planFor(0.7); lo.guard.margin < 2*def.guard.margin || hi.guard.margin >= def.guard.margin || !hi.guard.bold || lo.rounds != 1 {
		t.Errorf("margins 0.1 / default / 0.7: %.1f / %.1f / %.1f, bold at 0.7 %v, rounds at 0.1 %d", lo.guard.margin, def.guard.margin, hi.guard.margin, hi.guard.bold, lo.rounds)
	}
}

func TestGuardMisspellingMarginAndCase(t *testing.T) {
	def := planFor(defaultStrength).guard
	if def.slipMargin != 0 || planFor(0.1).guard.slipMargin <= 0 || planFor(0.9).guard.slipMargin != 0 {
		t.Errorf("slip margins 0.1 / default / 0.9: %.1f / %.1f / %.1f", planFor(0.1).guard.slipMargin, def.slipMargin, planFor(0.9).guard.slipMargin)
	}
	// a listed misspelling the model prefers by less than the margin needs only not to be
	// preferred; a dictionary spelling with the same gain does not pass
	listed := candidate{kind: KindMisspelling, old: "recieve", new: "receive", prior: listedPrior}
	cur := pll{body: []float64{-10}}
	better := pll{body: []float64{-10 + 3.6}}
	if _, ok := def.judge(&cur, &better, &listed); !ok {
		t.Error("a listed misspelling the model prefers by 3.6 nats is refused")
	}
	unlisted := listed
	unlisted.kind = KindSpelling
	if _, ok := def.judge(&cur, &better, &unlisted); ok {
		t.Error("a dictionary spelling with the same gain passes: the margin is not applied")
	}
	worse := pll{body: []float64{-10 - 1}}
	if _, ok := def.judge(&cur, &worse, &listed); ok {
		t.Error("a listed misspelling passes though the model prefers the misspelling")
	}
	if g := def.needAll([]candidate{listed, unlisted}); g != def.margin {
		t.Errorf("a revision with a dictionary spelling among its steps needs %.1f, want the margin %.1f", g, def.margin)
	}
	if g := def.needAll([]candidate{listed}); g != def.slipMargin {
		t.Errorf("a revision of listed misspellings needs %.1f, want %.1f", g, def.slipMargin)
	}
	// the final judgement against the original counts a step judged at its slot as judged
	cand := pll{body: []float64{-10 - 1}}
	listed.pre = 6
	gain, ok := def.judge(&cur, &cand, &listed)
	if !ok || listed.slot == 0 {
		t.Fatalf("a misspelling favoured at its slot by 6 nats: gain %.2f, %v, slot %.2f", gain, ok, listed.slot)
	}
	if net := netGain(def, &cur, revision{sc: scored{pll: cand}, steps: []candidate{listed}}); !near(net, gain) {
		t.Errorf("netGain %.2f, but the step was judged %.2f", net, gain)
	}
	for _, c := range []struct {
		c    candidate
		want bool
	}{
		{candidate{kind: KindSpelling, old: "Kubernetes", new: "Hibernates", pre: -0.1}, true},
		{candidate{kind: KindSpelling, old: "Kubernetes", new: "Hibernates", pre: 0.01}, true}, // indifference
		{candidate{kind: KindSpelling, old: "vtial", new: "vital", pre: 5.5}, false},
		{candidate{kind: KindMisspelling, old: "hosptial", new: "hospital", pre: -1}, false},
		{candidate{kind: KindInflection, old: "is", new: "are", pre: -1}, false},
	} {
		if got := doubtedSpelling(&c.c, c.c.pre, c.c.pre); got != c.want {
			t.Errorf("%q → %q (%v, pre %.1f): doubted %v, want %v", c.c.old, c.c.new, c.c.kind, c.c.pre, got, c.want)
		}
	}
	// where the word's slot was never probed, nothing is doubted
	if c := (candidate{kind: KindSpelling, old: "tayste", new: "taste", silent: true}); doubtedSpelling(&c, 0, 0) {
		t.Error("a spelling doubted by a slot view that says nothing of it")
	}
	// the nearest spelling is judged by the whole word, not by its first token
	learning := candidate{kind: KindSpelling, old: "learnng", new: "learning", byWhole: true}
	if doubtedSpelling(&learning, -1.4, 2) {
		t.Error("the nearest spelling doubted by its first token though the whole word is likelier")
	}
	if !doubtedSpelling(&learning, 1, -0.5) {
		t.Error("the nearest spelling not doubted though the model prefers the written word")
	}
	for _, c := range []candidate{{old: "imo", new: "IMO"}, {old: "linux", new: "Linux"}} {
		if !caseOnly(&c) {
			t.Errorf("%q → %q is not seen as a change of case only", c.old, c.new)
		}
	}
	if c := (candidate{old: "recieve", new: "receive"}); caseOnly(&c) {
		t.Error("a spelling fix taken for a change of case")
	}
}

// TestGuardCertainSlips checks that a doubled word English never doubles needs only the slip
// margin, and that one it can double ("had had", "in in") needs the full margin.
func TestGuardCertainSlips(t *testing.T) {
	def := planFor(defaultStrength).guard
	cur := pll{body: []float64{-10}}
	slight := pll{body: []float64{-10 + 0.5}}
	for _, c := range []struct {
		word string
		pass bool
	}{{"the", true}, {"The", true}, {"and", true}, {"had", false}, {"in", false}, {"that", false}} {
		cd := candidate{kind: KindDoubled, old: c.word}
		if _, ok := def.judge(&cur, &slight, &cd); ok != c.pass {
			t.Errorf("doubled %q gaining 0.5 nats: passes %v, want %v", c.word, ok, c.pass)
		}
	}
	worse := pll{body: []float64{-10 - 0.5}}
	if _, ok := def.judge(&cur, &worse, &candidate{kind: KindDoubled, old: "the"}); ok {
		t.Error("a doubled \"the\" is removed though the model prefers it")
	}
}

// TestGuardSpellingsRankedByChannel checks that of two passing spellings of one word the
// channel's clearly nearer one is taken whatever the model's taste between them, that spellings
// of like distance (a first letter aside) are ranked by gain, and that other kinds keep the gain order.
func TestGuardSpellingsRankedByChannel(t *testing.T) {
	g := planFor(defaultStrength).guard
	near := candidate{kind: KindSpelling, a: 3, b: 5, old: "adiction", new: "addiction", prior: 1}
	far := candidate{kind: KindSpelling, a: 3, b: 5, old: "adiction", new: "addition", prior: 9}
	if g.preferred(8, &far, 6, &near) || !g.preferred(6, &near, 8, &far) {
		t.Error("a spelling a whole edit farther is taken over the nearest for its higher gain")
	}
	listed := candidate{kind: KindMisspelling, a: 3, b: 5, old: "teached", new: "taught", prior: 0.6}
	guess := candidate{kind: KindSpelling, a: 3, b: 5, old: "teached", new: "touched", prior: 10.2}
	if g.preferred(5.5, &guess, 4.7, &listed) {
		t.Error("a spelling guess is taken over the listed misspelling's correction")
	}
	a := candidate{kind: KindSpelling, a: 3, b: 5, old: "possetion", new: "position", prior: 2.5}
	b := candidate{kind: KindSpelling, a: 3, b: 5, old: "possetion", new: "possession", prior: 4.5}
	if !g.preferred(14.6, &b, 14.5, &a) {
		t.Error("spellings of like distance are not ranked by gain")
	}
	the := candidate{kind: KindSpelling, a: 3, b: 4, old: "dhe", new: "the", prior: 6}
	due := candidate{kind: KindSpelling, a: 3, b: 4, old: "dhe", new: "due", prior: 2}
	if !g.preferred(9, &the, 7, &due) {
		t.Error("a first letter alone ranks two spellings of one edit over the model's gain")
	}
	other := candidate{kind: KindSpelling, a: 7, b: 8, new: "there", prior: 9}
	if !g.preferred(8, &other, 6, &near) {
		t.Error("spellings of different words are not ranked by gain")
	}
}

// TestDropsStart checks that a spelling cutting off the written word's first letters is told
// apart from a first letter struck twice and from ordinary spellings.
func TestDropsStart(t *testing.T) {
	for _, c := range []struct {
		w, s string
		want bool
	}{
		{"unability", "ability", true}, {"douts", "outs", true}, {"doupdate", "update", true},
		{"tthe", "the", false}, {"Aand", "and", false}, {"adiction", "addiction", false},
		{"douts", "doubts", false}, {"the", "the", false},
	} {
		if got := dropsStart(c.w, c.s); got != c.want {
			t.Errorf("dropsStart(%q, %q) = %v, want %v", c.w, c.s, got, c.want)
		}
	}
}

// TestGuardWordChoiceRealWordSlip checks that of two passing word choices for one word the one a
// single edit from the written word is taken over an unrelated word with a higher gain.
func TestGuardWordChoiceRealWordSlip(t *testing.T) {
	g := planFor(defaultStrength).guard
	our := candidate{kind: KindWordChoice, a: 2, b: 3, old: "or", new: "our"}
	the := candidate{kind: KindWordChoice, a: 2, b: 3, old: "or", new: "the"}
	if g.preferred(9.3, &the, 9.1, &our) || !g.preferred(9.1, &our, 9.3, &the) {
		t.Error(`"in or country" → "the country" taken over "our country"`)
	}
	to := candidate{kind: KindWordChoice, a: 2, b: 3, old: "of", new: "to"}
	in := candidate{kind: KindWordChoice, a: 2, b: 3, old: "of", new: "in"}
	if !g.preferred(5, &in, 4, &to) {
		t.Error("word choices alike in spelling are not ranked by gain")
	}
}
