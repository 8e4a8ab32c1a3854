package refine

import (
	"context"
	"fmt"
	"maps"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/redraft/redraft/engine"
)

// core holds what every Refine and Fill call shares: the model, its tokenizer and special ids,
// and per-token facts computed once.
type core struct {
	tok    *engine.Tokenizer
	sp     specials
	maxLen int
	be     backend
	text   []string // decoded bytes of every id ("" for specials)
	glue   []bool   // ids whose text does not start with whitespace (they join the word before)
	exact  bool     // exact passes instead of the context cache (tests, experiments)
	prm    params
	trace  func(kind string, v any) // experiments: sees intermediate results (nil: off)
}

func newCore(tok *engine.Tokenizer, sp specials, maxLen int, be backend) core {
	n := tok.VocabSize()
	text := make([]string, n)
	for id := range n {
		if id != sp.mask && id != sp.pad && id != sp.doc && id != sp.null {
			text[id] = string(tok.TokenBytes(id))
		}
	}
	glue := make([]bool, n)
	for id, s := range text {
		glue[id] = s != "" && s[0] != ' ' && s[0] != '\t' && s[0] != '\n'
	}
	prm := defaultParams
	prm.kindCost = maps.Clone(defaultParams.kindCost)
	return core{tok: tok, sp: sp, maxLen: maxLen, be: be, text: text, glue: glue, prm: prm}
}

// params are the tunable constants of refine and fill, calibrated on the eval sets
// (the project's shared/eval dev sets: clean text first, then repairs).
type params struct {
	seam    int // context tokens each side scored with the span
	strideO int // PLL stride for the original
	strideC int // PLL stride for candidates

	suspectLP   float64 // a word is suspect when one of its tokens is below this log-probability
	maxSuspects int     // at most this many suspects (the least likely) get targeted proposals
	maxScored   int     // at most this many proposals are scored
	subPre      float64 // substitute only the model's first choice, at least this log-probability,
	subMaxID    int     // and only for a one-token word this common (BPE ids grow as words get rarer)
	insPre      float64 // insert only the model's first choice, at least this log-probability
	insTop      int     // 0 turns insertion probes off
	insOrig     float64 // insertions only next to a word below this log-probability
	typoOrig    float64 // close spellings only for words below this log-probability ...
	typoPre     float64 // ... and spellings at least this likely at the word's slot
	swapOrig    float64 // swap only where one of the two words is below this log-probability

	// the guard: a candidate's gain is its pseudo-log-likelihood minus the original's, plus
	// lengthBonus nats per token it adds (the sum over a shorter text has fewer terms to pay),
	// minus the cost of its kind of edit (how unlikely a writer is to make that error);
	// it must reach margin.
	margin          float64
	lengthBonus     float64
	kindCost        map[string]float64
	denoiseEdit     float64 // cost per word-level edit of a denoised (resampled) candidate
	denoiseMaxEdits int     // denoised candidates with more edits are not even scored

	noiseBeta    float64   // how strongly re-noising favours unlikely tokens
	decode       decodeCfg // fill
	refineDecode decodeCfg // re-noised passages (kept short: the guard rarely takes them)
	resample     int       // strength-driven denoise samples per call (besides targeted proposals)

	fillRungs      []fillRung // canvas sizes tried for a gap
	fillTokenBonus float64    // fill length choice: nats allowed per fill token
}

var defaultParams = params{
	seam:    3,
	strideO: 2,
	strideC: 2,

	suspectLP:   -4,
	maxSuspects: 2,
	maxScored:   3,
	subPre:      -1.0,
	subMaxID:    800,
	insPre:      -0.05,
	insTop:      1,
	insOrig:     -9,
	typoOrig:    -6,
	typoPre:     -10,
	swapOrig:    -4,

	margin:          2,
	lengthBonus:     4,
	kindCost:        map[string]float64{"dedup": 0, "swap": 10, "typo": 2, "sub": 10, "ins": 0},
	denoiseEdit:     40,
	denoiseMaxEdits: 1,

	noiseBeta: 0.5,
	decode:    defaultDecode,
	refineDecode: decodeCfg{
		threshold: 0.9,
		maxSteps:  2,
	},
	resample: 1,

	fillRungs:      defaultFillRungs,
	fillTokenBonus: -1,
}

// progress counts model steps for a Progress callback; the total is an estimate that grows if
// the work takes more steps.
type progress struct {
	p           Progress
	done, total int
}

func (g *progress) step() {
	g.done++
	if g.done > g.total {
		g.total = g.done
	}
	if g.p != nil {
		g.p(g.done, g.total)
	}
}

func (g *progress) finish() {
	if g.p != nil && g.done < g.total {
		g.done = g.total
		g.p(g.done, g.total)
	}
}

// fitWindow trims context tokens from both ends of a window so that it plus extra slots fits
// the model's maximum length. It returns the new ids and span bounds.
func fitWindow(ids []int, lo, hi, extra, maxLen int) ([]int, int, int) {
	over := len(ids) + extra - maxLen
	if over <= 0 {
		return ids, lo, hi
	}
	cutL := min(lo, (over+1)/2)
	cutR := min(len(ids)-hi, over-cutL)
	if cutL+cutR < over {
		cutL = min(lo, over-cutR)
	}
	return ids[cutL : len(ids)-cutR], lo - cutL, hi - cutL
}

func (c *core) refine(ctx context.Context, doc string, start, end int, opt Options, p Progress) (*Result, error) {
	if err := opt.Validate(); err != nil {
		return nil, err
	}
	if err := ValidateRange(doc, start, end); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	w, err := BuildWindow(c.tok, doc, start, end, opt.Context, opt.AllowNumbers)
	if err != nil {
		return nil, err
	}
	n := w.SpanHi - w.SpanLo
	if n > MaxSelectionTokens {
		return nil, fmt.Errorf("%w: the selection is %d tokens, at most %d are allowed", ErrTooLong, n, MaxSelectionTokens)
	}
	res := &Result{Start: w.Start, End: w.End}
	orig := doc[w.Start:w.End]
	span := w.IDs[w.SpanLo:w.SpanHi]
	if n == 0 || strings.TrimSpace(orig) == "" || c.tok.Decode(span) != orig {
		return res, nil
	}
	prot := w.Protected
	if len(prot) != n {
		prot = make([]bool, n)
		for i := range prot {
			prot[i] = true
		}
	}
	k := slotCount(n)
	ids, lo, hi := fitWindow(w.IDs, w.SpanLo, w.SpanHi, k, c.maxLen)
	prog := &progress{p: p, total: 3 + c.prm.refineDecode.maxSteps}
	cv := newCanvas(c.be, c.sp, ids, lo, hi, n+k, c.prm.seam, c.exact)

	op, err := cv.score(ctx, [][]int{span}, c.prm.strideO)
	if err != nil {
		return nil, err
	}
	prog.step()
	origP := op[0]
	res.OriginalScore = origP.total()
	if c.trace != nil {
		c.trace("orig", origP)
	}

	props, err := c.propose(ctx, cv, span, origP, prot)
	if err != nil {
		return nil, err
	}
	prog.step()
	if n := c.prm.resample + opt.Alternatives - 1; opt.Strength > 0 && n > 0 {
		rp, err := c.resample(ctx, cv, span, origP, prot, opt, n, prog)
		if err != nil {
			return nil, err
		}
		props = append(props, rp...)
	}
	props = dedupe(span, props)
	// a denoised passage pays denoiseEdit per word-level edit: one that changes more words than
	// any plausible gain could pay for is not worth scoring
	kept := props[:0]
	for _, pp := range props {
		if pp.kind == "denoise" {
			if n := len(WordEdits(orig, 0, len(orig), c.tok.Decode(pp.body))); n == 0 || n > c.prm.denoiseMaxEdits {
				continue
			}
		}
		kept = append(kept, pp)
	}
	props = kept
	if len(props) == 0 {
		prog.finish()
		return res, nil
	}
	bodies := make([][]int, len(props))
	for i, pp := range props {
		bodies[i] = pp.body
	}
	scores, err := cv.score(ctx, bodies, c.prm.strideC)
	if err != nil {
		return nil, err
	}
	prog.step()
	var protR [][2]int
	protDone := false
	for i := range props {
		props[i].p = scores[i]
	}
	if c.trace != nil {
		c.trace("props", props)
	}
	var cands []Candidate
	seenText := map[string]bool{}
	for i := range props {
		pp := &props[i]
		text := c.tok.Decode(pp.body)
		if text == orig || seenText[text] || !utf8.ValidString(text) {
			continue
		}
		edits := WordEdits(doc, w.Start, w.End, text)
		if len(edits) == 0 {
			continue
		}
		score, ok := c.judge(origP, pp, len(edits))
		if !ok {
			continue
		}
		if !protDone {
			protR = ProtectedRanges(doc, opt.AllowNumbers)
			protDone = true
		}
		if touchesProtected(edits, protR) {
			continue
		}
		seenText[text] = true
		cands = append(cands, Candidate{Text: text, Edits: edits, Score: score})
	}
	sort.SliceStable(cands, func(a, b int) bool { return cands[a].Score > cands[b].Score })
	if len(cands) > opt.Alternatives {
		cands = cands[:opt.Alternatives]
	}
	res.Candidates = cands
	if c.trace != nil {
		c.trace("rows", [2]int{cv.rows, cv.calls})
	}
	prog.finish()
	return res, nil
}

// dedupe drops proposals equal to the original body or to an earlier proposal.
func dedupe(orig []int, props []proposal) []proposal {
	seen := map[string]bool{key(orig): true}
	out := props[:0]
	for _, p := range props {
		k := key(p.body)
		if seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, p)
	}
	return out
}

// touchesProtected reports whether an edit changes or inserts into protected text.
func touchesProtected(edits []Edit, prot [][2]int) bool {
	for _, e := range edits {
		for _, r := range prot {
			if e.Start < r[1] && r[0] < e.End {
				return true
			}
			if e.Start == e.End && r[0] < e.Start && e.Start < r[1] {
				return true
			}
		}
	}
	return false
}
