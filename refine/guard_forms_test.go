package refine

import "testing"

// A form the model splits into pieces is judged as a whole word at its slot: the first piece of
// " in|odes" is the common word " in", likely at any slot, so the first tokens alone would vouch
// for "inodes" where the writer's one-token "inode" is right.
func TestGuardJudgesFormsAsWholeWords(t *testing.T) {
	g := planFor(defaultStrength).guard
	// "... structures inode and ..." with the rare "inode" one token at 2
	cur := pll{body: []float64{-1, -2, -10, -1, -1}}
	// "... structures inodes and ...": " in" at 2 (read beside "odes"), "odes" at 3
	cand := pll{body: []float64{-1, -2, -0.3, -3, -1, -1}}
	c := candidate{kind: KindInflection, a: 2, b: 3, repl: []int{10, 11}, old: "inode", new: "inodes", pre: 6}
	if gain := g.gain(&cur, &cand, &c); gain < g.margin {
		t.Fatalf("test set-up: the gain %.2f does not pass the margin", gain)
	}
	if w := wordPre(&cur, &cand, &c); !near(w, 6-3) {
		t.Errorf("wordPre = %.2f, want the first pieces' 6 less the second piece's 3", w)
	}
	if _, ok := g.judge(&cur, &cand, &c); ok {
		t.Error("a form whose second piece the model doubts passes on its first piece alone")
	}
	// a one-token form with the same view at its slot passes
	one := candidate{kind: KindInflection, a: 2, b: 3, repl: []int{10}, old: "inode", new: "inodes", pre: 6}
	cand1 := pll{body: []float64{-1, -2, -0.5, -1, -1}}
	if _, ok := g.judge(&cur, &cand1, &one); !ok {
		t.Error("a one-token form the model prefers at its slot by 6 nats is refused")
	}
}

// A word another dialect's dictionary knows is no slip: only its spelling in the writer's
// dialect may replace it.
func TestGuardKeepsOtherDialectsWords(t *testing.T) {
	r, _ := fakeRefiner(t, fakeRef)
	v := &view{c: &r.core, lex: newLexicon(r.lex, DefaultOptions())}
	for _, c := range []struct {
		old, new string
		refused  bool
	}{
		{"axe", "use", true},       // en-GB's "axe" is not a slip of "use"
		{"colour", "color", false}, // its en-US spelling
		{"colour", "colon", true},
		{"hosptial", "hospital", false}, // no dictionary knows "hosptial"
	} {
		cd := candidate{kind: KindSpelling, old: c.old, new: c.new}
		if got := v.otherDialectWord(&cd); got != c.refused {
			t.Errorf("%q → %q: refused %v, want %v", c.old, c.new, got, c.refused)
		}
	}
}
