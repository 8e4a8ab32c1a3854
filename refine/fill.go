package refine

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strings"
	"unicode/utf8"
)

// fillRung is one canvas size tried for a gap: size masked slots of which the last size-minTok
// may become <|null|>, so the fill has minTok..size tokens. The model was trained with at most
// span/2 null slots after a span, so each rung only lets about a third of its slots go empty.
type fillRung struct{ size, minTok int }

// defaultFillRungs cover fill lengths 1..12 tokens (each rung costs a pass over the window). The
// first fillBaseRungs are always tried; a longer rung only while the longest tried so far wins,
// so a gap costs two passes unless the model wants more than a word.
var defaultFillRungs = []fillRung{{1, 1}, {2, 2}, {4, 3}, {7, 5}, {12, 8}}

const fillBaseRungs = 2

// fillTokenBonus is added per fill token when fills of different lengths are compared (see
// fillScore).
const fillTokenBonus = -1

// fillChoice is one filled rung and its score.
type fillChoice struct {
	rung  fillRung
	ids   []int
	score float64
}

func (c *core) fill(ctx context.Context, doc string, gaps []Gap, opt Options, p Progress) (*FillResult, error) {
	if err := opt.Validate(); err != nil {
		return nil, err
	}
	if err := ValidateRange(doc, 0, len(doc)); err != nil {
		return nil, err
	}
	gs := append([]Gap(nil), gaps...)
	sort.SliceStable(gs, func(a, b int) bool { return gs[a].Start < gs[b].Start })
	for i, g := range gs {
		if err := ValidateRange(doc, g.Start, g.End); err != nil {
			return nil, err
		}
		if g.Start == g.End {
			return nil, fmt.Errorf("%w: gap %d:%d is empty", ErrInvalidRange, g.Start, g.End)
		}
		if i > 0 && g.Start < gs[i-1].End {
			return nil, fmt.Errorf("%w: gaps %d:%d and %d:%d overlap", ErrInvalidRange, gs[i-1].Start, gs[i-1].End, g.Start, g.End)
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	rungs := defaultFillRungs
	if opt.FillLength > 0 {
		rungs = []fillRung{{opt.FillLength, opt.FillLength}}
	}
	prog := &progress{p: p, total: len(gs) * len(rungs) * 3}
	res := &FillResult{}
	cur := doc
	delta := 0 // len(cur) - len(doc) up to the gap being filled
	for _, g := range gs {
		s, e := g.Start+delta, g.End+delta
		text, a, ok, err := c.fillOne(ctx, cur, s, e, opt, rungs, prog)
		if err != nil {
			return nil, err
		}
		if !ok {
			continue
		}
		cur = cur[:a] + text + cur[e:]
		nd := len(text) - (e - a)
		// the edit replaces the marker alone when the fill starts with the whitespace before it
		ws := doc[a-delta : g.Start]
		edit := Edit{Start: a - delta, End: g.End, Text: text}
		if strings.HasPrefix(text, ws) {
			edit = Edit{Start: g.Start, End: g.End, Text: text[len(ws):]}
		}
		res.Fills = append(res.Fills, Fill{Gap: g, Text: edit.Text, Edits: []Edit{edit}})
		delta += nd
	}
	prog.finish()
	return res, nil
}

// fillOne fills cur[s:e] (a gap marker). The horizontal whitespace just before the marker belongs
// to the gap (a word's leading space is part of its token), so the fill replaces cur[a:e] with
// a ≤ s; ok is false when no rung gave valid text.
func (c *core) fillOne(ctx context.Context, cur string, s, e int, opt Options, rungs []fillRung, prog *progress) (string, int, bool, error) {
	a := s
	for a > 0 && (cur[a-1] == ' ' || cur[a-1] == '\t') {
		a--
	}
	keep := ""
	if s-a > 1 {
		// keep all but the last whitespace character outside the fill
		keep = cur[a : s-1]
	}
	w, err := BuildWindow(c.tok, cur, s, e, opt.Context, opt.AllowNumbers)
	if err != nil {
		return "", 0, false, err
	}
	var ids []int
	if len(w.IDs) > 0 && w.IDs[0] == c.sp.doc {
		ids = append(ids, c.sp.doc)
	}
	ctxStart := min(w.CtxStart, a)
	ctxEnd := max(w.CtxEnd, e)
	ids = append(ids, c.tok.Encode(cur[ctxStart:a+len(keep)])...)
	lo := len(ids)
	right := c.tok.Encode(cur[e:ctxEnd])
	ids = append(ids, right...)
	if len(w.IDs) > 0 && w.IDs[len(w.IDs)-1] == c.sp.doc {
		ids = append(ids, c.sp.doc)
	}
	var best *fillChoice
	for i, r := range rungs {
		if i >= fillBaseRungs && (best == nil || best.rung != rungs[i-1]) {
			break // the last rung tried did not win: longer ones will not either
		}
		ch, err := c.fillRung(ctx, ids, lo, r, s > a, prog)
		if err != nil {
			return "", 0, false, err
		}
		if ch == nil {
			continue
		}
		if best == nil || ch.score > best.score {
			best = ch
		}
	}
	if best == nil {
		return "", 0, false, nil
	}
	return keep + c.tok.Decode(best.ids), a, true, nil
}

// fillRung fills a gap at ids[lo] (no span tokens: the gap is inserted there) with one rung's
// canvas, and scores the result. It returns nil when the fill is not valid text.
//
// When whitespace stood before the gap (space), the fill starts a new word: its first token must
// carry its own leading space, so that the text before the gap stays as it was.
func (c *core) fillRung(ctx context.Context, ids []int, lo int, r fillRung, space bool, prog *progress) (*fillChoice, error) {
	ids, lo, _ = fitWindow(ids, lo, lo, r.size, c.maxLen)
	cv, err := newCanvas(ctx, direct{c.be}, c.sp, ids, lo, lo, r.size, scoreSeam)
	if err != nil {
		return nil, err
	}
	body := make([]int, r.size)
	for i := range body {
		body[i] = c.sp.mask
	}
	j := newJob(body, c.sp, r.minTok)
	j.minTok = r.minTok
	if space {
		j.banAt, j.ban = 0, c.glue
	}
	if err := cv.denoise(ctx, []*job{j}, fillDecode, prog.step); err != nil {
		return nil, err
	}
	toks := j.tokens(c.sp)
	text := c.tok.Decode(toks)
	if len(toks) == 0 || !utf8.ValidString(text) || strings.TrimSpace(text) == "" {
		return nil, nil
	}
	sc, err := cv.score(ctx, [][]int{toks}, scoreStride, false)
	if err != nil {
		return nil, err
	}
	prog.step()
	return &fillChoice{rung: r, ids: toks, score: fillScore(&sc[0].pll, len(toks))}, nil
}

// fillScore compares fills of different lengths: the pseudo-log-likelihood of the fill and the
// seams around it (roughly the log-likelihood of the fill in its place: longer fills have more
// tokens to pay for, which is the model's own length prior), plus fillTokenBonus per token (a
// negative bonus leans towards the shorter fill when the model hesitates: a short fill is less
// likely to be wrong).
func fillScore(p *pll, n int) float64 {
	if p.count() == 0 {
		return math.Inf(-1)
	}
	return p.total() + fillTokenBonus*float64(n)
}
