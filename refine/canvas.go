package refine

import (
	"context"
)

// backend is what the algorithms need from a model: exact batched passes and the approximate
// context cache (engine.Model provides both; tests may use a small fake).
type backend interface {
	forwardBatch(seqs [][]int, outPos [][]int) [][][]float32
	newCache(ids []int, lo, hi int) stepper
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
	m     backend
	sp    specials
	cache stepper
	ids   []int // the full window as the cache was built (body all masks)
	lo    int   // active region starts at ids[lo]
	seamL []int // context tokens at the start of the active region
	seamR []int // context tokens at the end of the active region
	size  int   // body slots
	exact bool  // run exact full passes instead of cached steps (tests, experiments)
	calls int   // forward calls made (steps), for budgets
	rows  int   // active rows computed, for budgets
}

// newCanvas builds the canvas for the span ids[spanLo:spanHi] of a window, with size body slots
// and up to seam context tokens each side in the active region. The cache is computed with the
// whole body masked, so the context carries no trace of the original span: the original and
// every candidate are then judged against the same context.
func newCanvas(m backend, sp specials, ids []int, spanLo, spanHi, size, seam int, exact bool) *canvas {
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
		m:     m,
		sp:    sp,
		ids:   full,
		lo:    spanLo - sl,
		seamL: append([]int(nil), left[len(left)-sl:]...),
		seamR: append([]int(nil), right[:sr]...),
		size:  size,
		exact: exact,
	}
	if !exact {
		c.cache = m.newCache(full, c.lo, c.lo+c.activeLen())
		c.calls++
		c.rows += len(full)
	}
	return c
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

// run evaluates several active regions and returns the raw logits at outPos (offsets within the
// active region), result[b][i] for outPos[b][i]. Large batches are split so memory stays bounded.
func (c *canvas) run(ctx context.Context, actives [][]int, outPos [][]int) ([][][]float32, error) {
	const maxRows = 2048
	out := make([][][]float32, 0, len(actives))
	for i := 0; i < len(actives); {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		j, rows := i, 0
		for j < len(actives) && (j == i || rows+len(actives[j]) <= maxRows) {
			rows += len(actives[j])
			j++
		}
		c.calls++
		c.rows += rows
		if c.exact {
			seqs := make([][]int, j-i)
			pos := make([][]int, j-i)
			for b := i; b < j; b++ {
				s := make([]int, 0, len(c.ids))
				s = append(s, c.ids[:c.lo]...)
				s = append(s, actives[b]...)
				s = append(s, c.ids[c.lo+c.activeLen():]...)
				seqs[b-i] = s
				p := make([]int, len(outPos[b]))
				for k, q := range outPos[b] {
					p[k] = q + c.lo
				}
				pos[b-i] = p
			}
			out = append(out, c.m.forwardBatch(seqs, pos)...)
		} else {
			out = append(out, c.cache.StepBatch(actives[i:j], outPos[i:j])...)
		}
		i = j
	}
	return out, nil
}
