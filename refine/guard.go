package refine

// The guard: Redraft must never make text worse, so a candidate is taken only when the model
// prefers it to the writer's text by a margin that pays for the kind of error it assumes, and
// never when it touches protected text.

// guard holds the judging constants of one Refine call (see plan).
type guard struct {
	// margin is the least net gain, in nats, a candidate needs: higher at low strength (only
	// near-certain fixes), lower at high strength.
	margin float64
	// lengthBonus is added per token a candidate adds (taken per token it removes): a shorter
	// text has fewer pseudo-log-likelihood terms to pay, so deletions would otherwise always
	// look good and insertions never.
	lengthBonus float64
	// minSupport is the least gain a word-for-word replacement must earn outside the words it
	// changes: the model likes blander, commoner words at any one slot, so a real fix shows in
	// how much likelier the rest of the sentence becomes.
	minSupport float64
}

// gain is a scored candidate's net gain over the scored current text: the difference of their
// pseudo-log-likelihoods (body and seams), plus lengthBonus per added token, minus the kind's
// cost — a noisy-channel view in which the cost is how unlikely a writer is to make that error.
func (g guard) gain(cur, cand *pll, k Kind) float64 {
	return cand.total() - cur.total() + g.lengthBonus*float64(len(cand.body)-len(cur.body)) - k.cost()
}

// support is the part of a candidate's raw gain earned outside the tokens it replaced: the body
// tokens before a and after the replacement (which line up with the current text's), and the
// seams.
func support(cur, cand *pll, a, b, nRepl int) float64 {
	var s float64
	for i := 0; i < a && i < len(cand.body); i++ {
		s += cand.body[i] - cur.body[i]
	}
	for i := b; i < len(cur.body); i++ {
		j := i - b + a + nRepl
		if j < len(cand.body) {
			s += cand.body[j] - cur.body[i]
		}
	}
	for i := range cur.seamL {
		s += cand.seamL[i] - cur.seamL[i]
	}
	for i := range cur.seamR {
		s += cand.seamR[i] - cur.seamR[i]
	}
	return s
}

// judge reports a candidate's net gain and whether it passes the guard.
func (g guard) judge(cur, cand *pll, c *candidate) (float64, bool) {
	gain := g.gain(cur, cand, c.kind)
	if gain < g.margin {
		return gain, false
	}
	if c.kind.replacesWord() && support(cur, cand, c.a, c.b, len(c.repl)) < g.minSupport {
		return gain, false
	}
	return gain, true
}

// replacesWord reports whether a kind swaps one real word for another (and so must earn its
// gain around the word as well as at it).
func (k Kind) replacesWord() bool {
	return k == KindWordChoice || k == KindInflection || k == KindRewrite
}

// touchesProtected reports whether an edit changes or inserts into protected text (sorted,
// merged ranges).
func touchesProtected(edits []Edit, prot [][2]int) bool {
	for _, e := range edits {
		if overlapsAny(prot, e.Start, e.End) {
			return true
		}
		if e.Start == e.End && overlapsAny(prot, e.Start-1, e.Start) && overlapsAny(prot, e.Start, e.Start+1) {
			return true // an insertion inside one protected range
		}
	}
	return false
}
