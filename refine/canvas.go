package refine

import (
	"context"
	"math"
)

// backend is what the algorithms need from a model: approximate context caches, built and
// stepped several at a time (engine.Model provides them; tests may use a small fake).
type backend interface {
	// newCaches builds a cache over each window, in one model call.
	newCaches(wins []cacheWindow) []stepper
	// stepCaches runs every step, on caches newCaches built, in one model call: result[b][i]
	// holds the logits at steps[b].outPos[i].
	stepCaches(steps []cacheStep) [][][]float32
}

// stepper recomputes the active region of a cached window (engine.Cache).
type stepper interface {
	StepBatch(actives [][]int, outPos [][]int) [][][]float32
}

// canvas is the model's view of one span being revised or filled: the window's context around a
// body of size slots. The body holds the span's tokens (some of them masked) followed by masked
// slots that may end up <|null|> (the model was trained with trailing, always-masked null slots
// after a span, model/MODEL.md), so a candidate may be shorter or longer than the original as long as
// it fits in size.
//
// The context is computed once (engine.Cache); each step recomputes only the active region:
// a few context tokens on either side of the body (the seams, so that damage where the new text
// meets the old can be scored) and the body itself.
//
//	ids:    left context ... [seamL | body (size) | seamR] ... right context
//	active:                   ^lo                          ^hi
type canvas struct {
	mc    caller
	sp    specials
	cache stepper
	ids   []int // the full window as the cache was built (body all masks)
	lo    int   // active region starts at ids[lo]
	seamL []int // context tokens at the start of the active region
	seamR []int // context tokens at the end of the active region
	size  int   // body slots
	calls int   // model calls made (the cache build and every step), for budgets and eval
	rows  int   // rows computed, for budgets
}

// newCanvas builds the canvas for the span ids[spanLo:spanHi] of a window, with size body slots
// and up to seam context tokens each side in the active region. The cache is computed with the
// whole body masked, so the context carries no trace of the original span: the original and
// every candidate are then judged against the same context.
func newCanvas(ctx context.Context, mc caller, sp specials, ids []int, spanLo, spanHi, size, seam int) (*canvas, error) {
	left := ids[:spanLo]
	right := ids[spanHi:]
	sl := min(seam, len(left))
	for sl > 0 && left[len(left)-sl] == sp.doc {
		sl--
	}
	sr := min(seam, len(right))
	for sr > 0 && right[sr-1] == sp.doc {
		sr--
	}
	full := make([]int, 0, len(left)+size+len(right))
	full = append(full, left...)
	for range size {
		full = append(full, sp.mask)
	}
	full = append(full, right...)
	c := &canvas{
		mc:    mc,
		sp:    sp,
		ids:   full,
		lo:    spanLo - sl,
		seamL: append([]int(nil), left[len(left)-sl:]...),
		seamR: append([]int(nil), right[:sr]...),
		size:  size,
	}
	c.calls++
	c.rows += len(full)
	var err error
	c.cache, err = mc.build(ctx, cacheWindow{ids: full, lo: c.lo, hi: c.lo + c.activeLen()})
	return c, err
}

// activeLen is the length of the active region.
func (c *canvas) activeLen() int { return len(c.seamL) + c.size + len(c.seamR) }

// bodyOff is the offset of body slot 0 in the active region.
func (c *canvas) bodyOff() int { return len(c.seamL) }

// active lays out a body (at most size tokens; shorter bodies are padded with masked slots) in
// the active region.
func (c *canvas) active(body []int) []int {
	a := make([]int, 0, c.activeLen())
	a = append(a, c.seamL...)
	a = append(a, body...)
	for range c.size - len(body) {
		a = append(a, c.sp.mask)
	}
	return append(a, c.seamR...)
}

// maxRowsPerCall caps the rows of one model call: large batches are split so that memory stays
// bounded and a waiting request (the language server's worker) is not held up for long.
const maxRowsPerCall = 512

// run evaluates several active regions and returns the raw logits at outPos (offsets within the
// active region), result[b][i] for outPos[b][i]. Large batches are split so memory stays bounded.
func (c *canvas) run(ctx context.Context, actives [][]int, outPos [][]int) ([][][]float32, error) {
	out := make([][][]float32, 0, len(actives))
	err := inCalls(ctx, len(actives), func(i int) int { return len(actives[i]) }, func(i, j int) error {
		c.calls++
		for _, a := range actives[i:j] {
			c.rows += len(a)
		}
		lg, err := c.mc.step(ctx, c.cache, actives[i:j], outPos[i:j])
		out = append(out, lg...)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// denoise fills every job, batched: each step runs every unfinished job once through the model
// and commits, per job, every masked position whose choice is at least cfg.threshold likely (at
// least the most confident one). Then cfg.remaskRound rounds of Mask-Predict remask the least
// confident committed tokens and fill them again. step is called once per model step.
func (c *canvas) denoise(ctx context.Context, jobs []*job, cfg decodeCfg, step func()) error {
	for round := 0; round <= cfg.remaskRound; round++ {
		if round > 0 {
			any := false
			for _, j := range jobs {
				if j.remask(cfg, c.sp) {
					any = true
				}
			}
			if !any {
				break
			}
		}
		for {
			var live []*job
			for _, j := range jobs {
				if j.pendingCount() > 0 {
					live = append(live, j)
				}
			}
			if len(live) == 0 {
				break
			}
			if err := ctx.Err(); err != nil {
				return err
			}
			actives := make([][]int, len(live))
			outPos := make([][]int, len(live))
			off := c.bodyOff()
			for k, j := range live {
				actives[k] = c.active(j.body)
				for i, p := range j.pending {
					if p {
						outPos[k] = append(outPos[k], off+i)
					}
				}
			}
			logits, err := c.run(ctx, actives, outPos)
			if err != nil {
				return err
			}
			for k, j := range live {
				j.commit(logits[k], outPos[k], off, c.sp, cfg)
			}
			if step != nil {
				step()
			}
		}
	}
	return nil
}

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

// specials are the token ids a decoder must never emit, and the null id that only a null slot
// may take.
type specials struct {
	mask, pad, doc, null int
}

// dist is a log-probability distribution over the vocabulary at one position.
type dist []float32

// maskedLogSoftmax is the one log-softmax of this package: it returns the log-normaliser of
// logits/t with the ids a text position can never take removed (<|mask|>, <|pad|>, <|doc|>, and
// <|null|> unless nullOK). With out non-nil it also writes every log-probability there (-Inf for
// the removed ids). t ≤ 0 means 1.
func maskedLogSoftmax(logits []float32, sp specials, nullOK bool, t float64, out dist) float64 {
	inv := 1.0
	if t > 0 {
		inv = 1 / t
	}
	banned := func(i int) bool {
		return i == sp.mask || i == sp.pad || i == sp.doc || (i == sp.null && !nullOK)
	}
	maxv := math.Inf(-1)
	for i, v := range logits {
		if x := float64(v) * inv; !banned(i) && x > maxv {
			maxv = x
		}
	}
	var sum float64
	for i, v := range logits {
		if x := float64(v) * inv; !banned(i) && !math.IsNaN(x) {
			sum += fastExp(x - maxv)
		}
	}
	lse := maxv + math.Log(sum)
	for i := range out {
		x := float64(logits[i]) * inv
		if banned(i) || math.IsNaN(x) {
			out[i] = float32(math.Inf(-1))
		} else {
			out[i] = float32(x - lse)
		}
	}
	return lse
}

// logDist returns the full masked log-probability distribution of logits at temperature t.
func logDist(logits []float32, sp specials, nullOK bool, t float64) dist {
	out := make(dist, len(logits))
	maskedLogSoftmax(logits, sp, nullOK, t, out)
	return out
}

// tokenLogProb is log p(id) under logits (null not allowed), without building the distribution.
func tokenLogProb(logits []float32, sp specials, id int) float64 {
	return float64(logits[id]) - maskedLogSoftmax(logits, sp, false, 1, nil)
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
	return p * math.Float64frombits(uint64(int64(k)+1023)<<52) // p·2^k, exact: 2^k is a normal number for k ≥ −116
}

// scored is a body's pseudo-log-likelihood and, at every body position, the distribution the
// model gave there when the position was masked (nil unless asked for): the model's own view of
// which word belongs in each place, used to rank candidates without another pass. score keeps
// the logits; withDists makes the distributions, only for the texts the rounds go on from.
type scored struct {
	pll
	dists  []dist
	logits [][]float32 // at every body position, until withDists
}

// withDists makes the distributions at every body position from the logits score kept.
func (s *scored) withDists(sp specials) {
	if s.logits == nil {
		return
	}
	s.dists = make([]dist, len(s.logits))
	for i, lg := range s.logits {
		s.dists[i] = logDist(lg, sp, false, 1)
	}
	s.logits = nil
}

// roundedLogProb is log p(id) under logits (null not allowed) rounded to float32, as it is in
// the distribution logDist makes, without making it.
func roundedLogProb(logits []float32, sp specials, id int) float64 {
	lse := maskedLogSoftmax(logits, sp, false, 1, nil)
	x := float64(logits[id])
	if id == sp.mask || id == sp.pad || id == sp.doc || id == sp.null || math.IsNaN(x) {
		return math.Inf(-1)
	}
	return float64(float32(x - lse))
}

// score computes the pseudo-log-likelihood terms of each body (len ≤ c.size) on the canvas.
// Each body's tokens and the seam tokens are masked stride apart, so a body costs stride passes
// over the active region (batched with every other body). With keepDists the logits at each
// body position are kept too, for withDists.
func (c *canvas) score(ctx context.Context, bodies [][]int, stride int, keepDists bool) ([]scored, error) {
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
	out := make([]scored, len(bodies))
	for b, body := range bodies {
		out[b].pll = pll{
			body:  make([]float64, len(body)),
			seamL: make([]float64, len(c.seamL)),
			seamR: make([]float64, len(c.seamR)),
		}
		if keepDists {
			out[b].logits = make([][]float32, len(body))
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
				if keepDists {
					p.logits[r.idx] = lg
					p.body[r.idx] = roundedLogProb(lg, c.sp, r.id)
				} else {
					p.body[r.idx] = tokenLogProb(lg, c.sp, r.id)
				}
			case 2:
				p.seamR[r.idx] = tokenLogProb(lg, c.sp, r.id)
			}
		}
	}
	return out, nil
}
