package refine

import (
	"context"
	"math"
)

// pll holds the pseudo-log-likelihood terms of one body on a canvas: for every token, the
// log-probability the model gives it when it is masked (with other tokens, spaced apart, masked
// in the same pass). The seam terms are the context tokens just outside the body: a candidate
// that reads well on its own but breaks the sentence around it loses there.
type pll struct {
	body  []float64
	seamL []float64
	seamR []float64
}

// total is the sum of every term: body and seams.
func (p *pll) total() float64 {
	var s float64
	for _, v := range p.body {
		s += v
	}
	for _, v := range p.seamL {
		s += v
	}
	for _, v := range p.seamR {
		s += v
	}
	return s
}

// count is the number of terms in total.
func (p *pll) count() int { return len(p.body) + len(p.seamL) + len(p.seamR) }

// mean is total/count (0 for an empty pll).
func (p *pll) mean() float64 {
	if p.count() == 0 {
		return 0
	}
	return p.total() / float64(p.count())
}

// tokenLogProb returns log p(id) under logits with the tokens a text position can never take
// (<|mask|>, <|pad|>, <|doc|>, <|null|>) removed.
func tokenLogProb(logits []float32, sp specials, id int) float64 {
	maxv := float32(math.Inf(-1))
	for i, v := range logits {
		if i == sp.mask || i == sp.pad || i == sp.doc || i == sp.null {
			continue
		}
		if v > maxv {
			maxv = v
		}
	}
	var sum float64
	for i, v := range logits {
		if i == sp.mask || i == sp.pad || i == sp.doc || i == sp.null {
			continue
		}
		sum += fastExp(float64(v - maxv))
	}
	return float64(logits[id]-maxv) - math.Log(sum)
}

// fastExp is exp for x ≤ 0 accurate to about 1e-7 relative, cheaper than math.Exp; it is only used
// inside sums of probabilities.
func fastExp(x float64) float64 {
	if x < -80 {
		return 0
	}
	// exp(x) = 2^k · exp(r), |r| ≤ ln2/2
	k := math.Floor(x*math.Log2E + 0.5)
	r := x - k*math.Ln2
	// degree-7 Taylor polynomial of exp on |r| ≤ 0.35
	p := 1 + r*(1+r*(1.0/2+r*(1.0/6+r*(1.0/24+r*(1.0/120+r*(1.0/720+r*(1.0/5040)))))))
	return math.Ldexp(p, int(k))
}

// score computes the pseudo-log-likelihood terms of each body (len ≤ c.size) on the canvas.
// Each body's tokens and the seam tokens are masked stride apart, so a body costs stride passes
// over the active region (batched with every other body).
func (c *canvas) score(ctx context.Context, bodies [][]int, stride int) ([]pll, error) {
	type ref struct {
		body int
		part int // 0 seamL, 1 body, 2 seamR
		idx  int
		id   int
	}
	var actives [][]int
	var outPos [][]int
	var refs [][]ref
	off := c.bodyOff()
	for b, body := range bodies {
		// positions scored, in active-region coordinates, in order
		var pos []int
		var rs []ref
		for i, id := range c.seamL {
			pos = append(pos, i)
			rs = append(rs, ref{b, 0, i, id})
		}
		for i, id := range body {
			pos = append(pos, off+i)
			rs = append(rs, ref{b, 1, i, id})
		}
		for i, id := range c.seamR {
			pos = append(pos, off+c.size+i)
			rs = append(rs, ref{b, 2, i, id})
		}
		s := max(1, min(stride, len(pos)))
		base := c.active(body)
		for j := range s {
			a := append([]int(nil), base...)
			var op []int
			var rr []ref
			for q := j; q < len(pos); q += s {
				a[pos[q]] = c.sp.mask
				op = append(op, pos[q])
				rr = append(rr, rs[q])
			}
			if len(op) == 0 {
				continue
			}
			actives = append(actives, a)
			outPos = append(outPos, op)
			refs = append(refs, rr)
		}
	}
	logits, err := c.run(ctx, actives, outPos)
	if err != nil {
		return nil, err
	}
	out := make([]pll, len(bodies))
	for b, body := range bodies {
		out[b] = pll{
			body:  make([]float64, len(body)),
			seamL: make([]float64, len(c.seamL)),
			seamR: make([]float64, len(c.seamR)),
		}
	}
	for v, rr := range refs {
		for i, r := range rr {
			lg := logits[v][i]
			p := &out[r.body]
			switch r.part {
			case 0:
				p.seamL[r.idx] = tokenLogProb(lg, c.sp, r.id)
			case 1:
				p.body[r.idx] = tokenLogProb(lg, c.sp, r.id)
			case 2:
				p.seamR[r.idx] = tokenLogProb(lg, c.sp, r.id)
			}
		}
	}
	return out, nil
}

// judge decides whether a scored proposal is better than the original, and its guard score.
// The gain is the candidate's pseudo-log-likelihood (passage and seams) minus the original's,
// plus lengthBonus per added token (a shorter text has fewer terms to pay for, so deletions would
// otherwise always look good), minus the cost of the kind of edit: a noisy-channel view in which
// a repeated word is a cheap mistake to assume, a swapped pair or a misspelling a moderate one,
// and an arbitrary word substitution an expensive one (the model likes blander words: it must
// gain a lot to replace the writer's choice). Denoised candidates pay per word-level edit.
// The candidate passes when the gain reaches the margin; its score is the original's plus gain.
func (c *core) judge(orig pll, p *proposal, nEdits int) (float64, bool) {
	pr := c.prm
	gain := p.p.total() - orig.total() + pr.lengthBonus*float64(len(p.p.body)-len(orig.body))
	if p.kind == "denoise" {
		gain -= pr.denoiseEdit * float64(nEdits)
	} else {
		cost, ok := pr.kindCost[p.kind]
		if !ok {
			return orig.total(), false
		}
		gain -= cost
	}
	return orig.total() + gain, gain >= pr.margin
}
