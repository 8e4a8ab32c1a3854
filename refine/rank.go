package refine

import (
	"context"
	"sort"
	"strings"
)

// Ranking: the model's first look at a round. Suspects are the words the model finds least
// likely in place; one batched probe pass asks the model what it expects in a suspect's place
// (a mask standing for the whole word) and just before and after it (a mask inserted), and the
// candidates are then ranked by those distributions, so only the few the model favours are
// scored in full.

// suspectLP: a word is suspect when one of its tokens is below this log-probability.
const suspectLP = -3.0

// candidateFloorLP: a replacement or insertion whose first token is below this log-probability
// at its slot is not worth scoring.
const candidateFloorLP = -10.0

// probeGap is the least distance, in tokens, between two masks that share a probe body.
const probeGap = 3

// findSuspects sets the round's suspects: the n letter words whose least likely token is
// lowest, if below suspectLP, and every unknown word (a spelling suspect), least likely first.
func (v *view) findSuspects(n int) {
	var sus []int
	for i, w := range v.words {
		if w.letters && v.wordLP(i) < suspectLP {
			sus = append(sus, i)
		}
	}
	sort.SliceStable(sus, func(a, b int) bool { return v.wordLP(sus[a]) < v.wordLP(sus[b]) })
	for k, i := range sus {
		if k < n || v.unknown(i) {
			v.sus = append(v.sus, i)
		}
	}
}

// probe is one kind of masked look: in a word's place, or inserted before a word.
type probe struct {
	word   int
	insert bool
}

// probeSuspects fills v.slot and v.ins with one batched pass. A one-token word's slot
// distribution is the one its scoring pass already gave.
func (v *view) probeSuspects(ctx context.Context, cv *canvas) error {
	v.slot, v.ins = map[int]dist{}, map[int]dist{}
	var probes []probe
	seen := map[probe]bool{}
	want := func(p probe) {
		if !seen[p] {
			seen[p] = true
			probes = append(probes, p)
		}
	}
	for _, i := range v.sus {
		w := v.words[i]
		if w.b-w.a == 1 {
			v.slot[i] = v.cur.dists[w.a]
		} else {
			want(probe{i, false})
		}
		want(probe{i, true})
		if i+1 < len(v.words) {
			want(probe{i + 1, true})
		}
	}
	v.gaps = v.insertionGaps()
	for _, i := range v.gaps {
		want(probe{i, true})
	}
	if len(probes) == 0 || len(v.body) >= cv.size {
		return nil
	}
	// group probes of one kind whose masks are far enough apart into one probe body
	sort.SliceStable(probes, func(a, b int) bool {
		if probes[a].insert != probes[b].insert {
			return !probes[a].insert
		}
		return probes[a].word < probes[b].word
	})
	var groups [][]probe
	for _, p := range probes {
		placed := false
		for g := range groups { // the first group it fits
			last := groups[g][len(groups[g])-1]
			if last.insert == p.insert && v.words[p.word].a-v.words[last.word].b >= probeGap && len(v.body)+len(groups[g])+1 <= cv.size {
				groups[g] = append(groups[g], p)
				placed = true
				break
			}
		}
		if !placed {
			groups = append(groups, []probe{p})
		}
	}
	actives := make([][]int, 0, len(groups))
	outPos := make([][]int, 0, len(groups))
	for _, g := range groups {
		body := make([]int, 0, len(v.body)+len(g))
		prev := 0
		var pos []int
		for _, p := range g {
			w := v.words[p.word]
			body = append(body, v.body[prev:w.a]...)
			pos = append(pos, cv.bodyOff()+len(body))
			body = append(body, v.c.sp.mask)
			prev = w.a
			if !p.insert {
				prev = w.b
			}
		}
		body = append(body, v.body[prev:]...)
		actives = append(actives, cv.active(body))
		outPos = append(outPos, pos)
	}
	logits, err := cv.run(ctx, actives, outPos)
	if err != nil {
		return err
	}
	for gi, g := range groups {
		for k, p := range g {
			d := logDist(logits[gi][k], v.c.sp, false, 1)
			if p.insert {
				v.ins[p.word] = d
			} else {
				v.slot[p.word] = d
			}
		}
	}
	return nil
}

// preScore is the model's view of a candidate before it is scored: for a replacement, how much
// likelier its first token is than the current word's at the word's slot; for an insertion,
// the inserted token's log-probability at the slot; for a deletion, how unlikely the word it
// removes is now; for a swap, swapPre. ok is false for a candidate not worth scoring.
func (v *view) preScore(c *candidate) (float64, bool) {
	wi := v.wordAt(c.a)
	switch {
	case len(c.repl) == 0: // deletion
		return -minLP(v.cur.body, c.a, c.b), true
	case c.a == c.b: // insertion
		d, ok := v.ins[wi]
		if !ok {
			return 0, false
		}
		lp := float64(d[c.repl[0]])
		return lp, lp >= candidateFloorLP
	case c.kind == KindSwap || c.kind == KindRewrite:
		return c.pre, true // swapPre, or a rephrasing's view (rephrase.go)
	}
	d, ok := v.slot[wi]
	if !ok {
		if c.b-c.a != 1 {
			return 0, true // a word with no probe: scored on priority alone
		}
		d = v.cur.dists[c.a]
	}
	lp := float64(d[c.repl[0]])
	if lp < candidateFloorLP && !c.kind.spelling() {
		return 0, false // a dictionary spelling is worth scoring even where the model doubts it
	}
	return lp - float64(d[v.body[c.a]]), true
}

// refusal says why the guard refuses a candidate unscored ("" when it does not); ok is
// preScore's.
func (v *view) refusal(c *candidate, ok bool) string {
	switch {
	case !ok:
		return "below the model's floor at its slot"
	case c.kind.preTooLow(c.pre):
		return "the model's view at its slot is below the kind's minPre"
	case !c.byWhole && doubtedSpelling(c, c.pre, c.pre):
		return "the model does not prefer the spelling at the word's slot"
	case v.otherDialectWord(c):
		return "the word is another dialect's"
	case caseOnly(c):
		return "a change of case only"
	case v.makesDoubled(c):
		return "it would double a word"
	}
	return ""
}

// wordAt is the index of the word starting at body token a (len(words) past the end).
func (v *view) wordAt(a int) int {
	i := sort.Search(len(v.words), func(i int) bool { return v.words[i].a >= a })
	return i
}

// minLP is the lowest log-probability among lps[a:b].
func minLP(lps []float64, a, b int) float64 {
	m := 0.0
	for t := max(a, 0); t < min(b, len(lps)); t++ {
		m = min(m, lps[t])
	}
	return m
}

// rank keeps at most n candidates worth scoring: each kind's best first, taking kinds in
// priority order round after round, so that no one kind crowds out the others.
func rank(v *view, cands []candidate, n int) []candidate {
	byKind := map[Kind][]candidate{}
	seen := map[string]bool{key(v.body): true}
	for _, c := range cands {
		k := key(c.body)
		if seen[k] {
			continue
		}
		pre, ok := v.preScore(&c)
		c.pre, c.silent = pre, v.slotSilent(&c)
		if why := v.refusal(&c, ok); why != "" {
			v.log.candidate(&c, "refused: "+why)
			continue // the guard refuses it unscored (guard.go)
		}
		seen[k] = true
		byKind[c.kind] = append(byKind[c.kind], c)
	}
	kinds := make([]Kind, 0, len(byKind))
	for k, cs := range byKind {
		kinds = append(kinds, k)
		// the model's view net of what the guard will charge the candidate on top of its kind
		sort.SliceStable(cs, func(a, b int) bool { return cs[a].pre-cs[a].prior > cs[b].pre-cs[b].prior })
	}
	sort.Slice(kinds, func(a, b int) bool { return kinds[a].priority() < kinds[b].priority() })
	var out []candidate
	for round := 0; len(out) < n; round++ {
		took := false
		for _, k := range kinds {
			if cs := byKind[k]; round < len(cs) && len(out) < n {
				out = append(out, cs[round])
				took = true
			}
		}
		if !took {
			break
		}
	}
	if v.log != nil {
		scored := map[string]bool{}
		for _, o := range out {
			scored[key(o.body)] = true
		}
		for _, k := range kinds {
			for _, c := range byKind[k] {
				if !scored[key(c.body)] {
					v.log.candidate(&c, "not scored: over the round's budget")
				}
			}
		}
	}
	return out
}

// key is a map key for a token sequence.
func key(ids []int) string {
	var sb strings.Builder
	for _, id := range ids {
		sb.WriteRune(rune(id + 1))
	}
	return sb.String()
}
