package refine

import (
	"context"

	"github.com/redraft/redraft/engine"
)

// Candidate is one revision of a selection.
type Candidate struct {
	Text  string  // new text of the selection (Result.Start..Result.End)
	Edits []Edit  // minimal word-level edits against the original document
	Score float64 // guard score (higher = more natural); Gain = Score - Result.OriginalScore
}

// Result is the outcome of Refine.
type Result struct {
	Start, End    int     // the selection as refined (widened to token and word boundaries)
	OriginalScore float64 // guard score of the original selection
	// Candidates are the revisions the guard accepted, best first. Empty means "no better
	// revision": the caller must change nothing.
	Candidates []Candidate
}

// Fill is the text chosen for one gap.
type Fill struct {
	Gap   Gap
	Text  string // what replaces the gap marker (Edits[0].Text)
	Edits []Edit // edits against the original document that fill this gap
}

// FillResult is the outcome of Fill: one Fill per gap filled, in document order. The Edits of all
// fills together are sorted and non-overlapping.
type FillResult struct {
	Fills []Fill
}

// Progress is told, once per denoising step, how many steps are done out of an estimated total
// (the total may grow while the work runs). It may be nil.
type Progress func(done, total int)

// Refiner revises text and fills gaps with one model. It is not safe for concurrent use: the
// language server gives it one worker.
type Refiner struct {
	core
}

// New returns a Refiner that uses m.
func New(m *engine.Model) *Refiner {
	cfg := m.Config()
	sp := specials{mask: cfg.MaskID, pad: cfg.PadID, doc: cfg.DocID, null: cfg.NullID}
	return &Refiner{core: newCore(m.Tokenizer(), sp, cfg.MaxLen, modelBackend{m})}
}

// Refine proposes better text for doc[start:end], re-noising part of it and denoising it with the
// model in the context around it, and returns only candidates that the guard judges better than
// the original by a margin (see guard.go); an empty Candidates list means "keep the text".
// Protected text (code, URLs, numbers, names unless opt.AllowNumbers, Markdown syntax) never
// changes. The same input, options and opt.Seed give the same result.
func (r *Refiner) Refine(ctx context.Context, doc string, start, end int, opt Options, p Progress) (*Result, error) {
	return r.refine(ctx, doc, start, end, opt, p)
}

// Fill fills each gap with text of a length the model chooses (or opt.FillLength tokens), in
// document order, each conditioned on the fills before it.
func (r *Refiner) Fill(ctx context.Context, doc string, gaps []Gap, opt Options, p Progress) (*FillResult, error) {
	return r.fill(ctx, doc, gaps, opt, p)
}

// modelBackend adapts *engine.Model to the backend the algorithms run on.
type modelBackend struct{ m *engine.Model }

func (b modelBackend) forwardBatch(seqs [][]int, outPos [][]int) [][][]float32 {
	return b.m.ForwardBatch(seqs, outPos)
}

func (b modelBackend) newCache(ids []int, lo, hi int) stepper { return b.m.NewCache(ids, lo, hi) }
