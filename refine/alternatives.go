package refine

import (
	"context"
	"sort"

	"github.com/redraft/redraft/internal/worddist"
)

// Alternatives: when a caller asks for more than one candidate (Options.Alternatives), each
// is a genuinely different revision, best first. A sentence's alternatives are the other
// candidates the guard passed in its first round, each completed with the fixes the later
// rounds made elsewhere in the sentence (complete) and judged against the original as the best
// revision was. A revision whose words are those of a better one (punctuation, case and
// spacing aside), or whose edits are only some of a better one's, is not another revision
// (sentence.revisions). The selection's candidates are its sentences' best revisions, then the
// best with one sentence's alternative in its place (combine).

// final is the sentence's best revision: the last state of the rounds whose net gain over the
// original, every cost paid, passes the guard.
func (s *sentence) final(orig *pll) (revision, bool) {
	for i := len(s.accepted) - 1; i >= 0; i-- {
		r := s.accepted[i]
		if net := netGain(s.pl.guard, orig, r); net >= s.pl.guard.needAll(r.steps) {
			r.gain = net
			return r, true
		}
	}
	return revision{}, false
}

// completeOthers completes each of the first round's other candidates that chose differently
// for the words the best revision's first step changed: the best revision's later steps are
// applied to it too, the results scored in one batch, and each one the guard passes against
// the original takes the candidate's place. An alternative is then a whole revision of the
// sentence, not the best one with a fix left out.
func (s *sentence) completeOthers(ctx context.Context, orig *pll) error {
	best, ok := s.final(orig)
	if !ok || len(best.steps) < 2 {
		return nil
	}
	var bodies [][]int
	var steps [][]candidate
	var at []int
	for i, o := range s.others {
		body, st, ok := complete(best.steps, o.steps[0])
		if ok && len(body) <= s.cv.size {
			bodies, steps, at = append(bodies, body), append(steps, st), append(at, i)
		}
	}
	if len(bodies) == 0 {
		return nil
	}
	scs, err := s.cv.score(ctx, bodies, scoreStride, false)
	if err != nil {
		return err
	}
	for k, i := range at {
		r := revision{body: bodies[k], sc: scs[k], steps: steps[k]}
		if net := netGain(s.pl.guard, orig, r); net >= s.pl.guard.needAll(r.steps) {
			r.gain = net
			s.others[i] = r
		}
	}
	return nil
}

// complete applies the steps after the first of a revision to x, a first-round candidate that
// replaced the same tokens as the first step with others. It returns the new body and its
// steps; ok is false when x is the first step itself, replaced other tokens, or a later step
// touches the tokens x chose.
func complete(steps []candidate, x candidate) ([]int, []candidate, bool) {
	first := steps[0]
	if x.a != first.a || x.b != first.b || key(x.repl) == key(first.repl) {
		return nil, nil, false
	}
	body := x.body
	out := []candidate{x}
	shift := len(x.repl) - len(first.repl)
	lo, hi := first.a, first.a+len(first.repl) // the first step's tokens in the best's later bodies
	for _, st := range steps[1:] {
		c := st
		switch {
		case st.b <= lo:
			grow := len(st.repl) - (st.b - st.a)
			lo, hi = lo+grow, hi+grow
		case st.a >= hi:
			c.a, c.b = st.a+shift, st.b+shift
		default:
			return nil, nil, false
		}
		body = splice(body, c.a, c.b, c.repl...)
		c.body = body
		out = append(out, c)
	}
	return body, out, true
}

// partOf reports whether the words r make only some of the changes the words b make to the
// words o: r lies on a shortest word-edit path from o to b (the word edit distance the eval
// harness measures repairs by).
func partOf(o, r, b []string) bool {
	return worddist.Levenshtein(o, r)+worddist.Levenshtein(r, b) == worddist.Levenshtein(o, b)
}

// combine makes up to n candidates for the selection from the sentences' revisions (each
// sentence's best first): every sentence's best revision — the same however many are asked
// for — then, by score, that with one sentence's alternative in place of its best. (An
// alternative may score above the best: at high strength a kind that costs less gains more,
// but the rounds prefer by the kinds' full costs, guard.preferred.)
func combine(doc string, s, e int, srs []sentenceResult, n int, origScore float64) []Candidate {
	type choice struct {
		sentence, rev int // sentence's revision rev in place of its best; sentence -1: none
		score         float64
	}
	best := origScore
	for _, sr := range srs {
		if len(sr.revs) > 0 {
			best += sr.revs[0].gain
		}
	}
	if !anyRevision(srs) {
		return nil
	}
	choices := []choice{{sentence: -1, score: best}}
	for i, sr := range srs {
		for k := 1; k < len(sr.revs) && n > 1; k++ {
			choices = append(choices, choice{i, k, best - sr.revs[0].gain + sr.revs[k].gain})
		}
	}
	alts := choices[1:]
	sort.SliceStable(alts, func(a, b int) bool { return alts[a].score > alts[b].score })
	var out []Candidate
	for _, ch := range choices[:min(n, len(choices))] {
		var edits []Edit
		for i, sr := range srs {
			if len(sr.revs) == 0 {
				continue
			}
			r := sr.revs[0]
			if i == ch.sentence {
				r = sr.revs[ch.rev]
			}
			edits = append(edits, r.edits...)
		}
		sort.SliceStable(edits, func(a, b int) bool { return edits[a].Start < edits[b].Start })
		sel := make([]Edit, len(edits))
		for i, ed := range edits {
			sel[i] = Edit{Start: ed.Start - s, End: ed.End - s, Text: ed.Text}
		}
		out = append(out, Candidate{Text: ApplyEdits(doc[s:e], sel), Edits: edits, Score: ch.score})
	}
	return out
}

// anyRevision reports whether some sentence has a revision.
func anyRevision(srs []sentenceResult) bool {
	for _, sr := range srs {
		if len(sr.revs) > 0 {
			return true
		}
	}
	return false
}
