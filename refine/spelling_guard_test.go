package refine

import "testing"

// A misspelling cut into pieces reads well to the pseudo-log-likelihood (each piece is predicted
// with the other in view); at a mask standing for the whole word the model sees it is no word.
func TestGuardJudgesSpellingAtTheSlot(t *testing.T) {
	g := guard{margin: 2, lengthBonus: lengthBonus}
	// "... year after yaer ." with "yaer" = two tokens at 3 and 4, each likely beside the other
	cur := pll{body: []float64{-1, -2, -1, -3, -0.5, -0.2}}
	// "... year after year ." with "year" one token at 3
	cand := pll{body: []float64{-1, -2, -1, -2.5, -0.2}}
	c := candidate{kind: KindMisspelling, a: 3, b: 5, repl: []int{7}}

	// The pseudo-log-likelihood alone sees little gain: −6.7 against −7.7, less a token's bonus.
	if gain := g.gain(&cur, &cand, &c); gain >= g.margin {
		t.Fatalf("test set-up: the plain gain %.2f already passes", gain)
	}
	// At the slot the model prefers "year" to the first piece of "yaer" by 6 nats: it passes.
	c.pre = 6
	gain, ok := g.judge(&cur, &cand, &c)
	// the rest scored as before (−4.2 against −4.7: the second piece "er" now counts against
	// "yaer"), and the first tokens at the slot (+6)
	if want := 0.5 + 6.0; !ok || !near(gain, want) {
		t.Errorf("judge = %.2f, %v; want %.2f, true", gain, ok, want)
	}
	// Where the slot does not favour the fix, the plain gain judges.
	c.pre = -1
	if gain, ok := g.judge(&cur, &cand, &c); ok || !near(gain, g.gain(&cur, &cand, &c)) {
		t.Errorf("with the slot against the fix: judge = %.2f, %v; want the plain gain, false", gain, ok)
	}
	// Another kind is never judged at the slot.
	c.kind, c.pre = KindWordChoice, 6
	if gain, _ := g.judge(&cur, &cand, &c); !near(gain, g.gain(&cur, &cand, &c)) {
		t.Errorf("a word choice judged at the slot: %.2f", gain)
	}
}

func near(a, b float64) bool { return a-b < 1e-9 && b-a < 1e-9 }
