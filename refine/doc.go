// Package refine revises prose in place with the engine's masked-diffusion model and fills the
// gaps ([...], […], ___) a writer left in a document. It knows nothing of editors or LSP: it works
// on strings with byte offsets, reports progress through a callback and stops when its context is
// cancelled.
//
// Refine reads as its data flow (see refine.go): the selection, any length up to a whole
// document, is cut into sentences (sentences.go); each sentence is refined in rounds in its
// paragraph's context: generators propose single edits, one per kind of error, from the lexicon
// and the model's own view (candidates.go, lexicon.go; the forms that grammar decides —
// agreement, a plain verb, a quantifier's "of" — in grammar.go), the model ranks them (rank.go)
// and scores the best few (canvas.go), and the guard takes the best that beats the current text
// by a margin that pays for the kind of error assumed, never touching protected text (guard.go,
// kinds.go).
// The sentences' edits are combined into one set of minimal word edits (edits.go), each with its
// Kind and Reason. The sentences are refined together, a few at a time, on their own goroutines;
// their model calls meet in batches served by one engine call each (batch.go).
//
// Beside that flow:
//
//   - options.go, errors.go: Options, DefaultOptions, validation, and the sentinel errors
//     (ErrInvalidRange, ErrInvalidUTF8, ErrTooLong, ErrInvalidOptions).
//   - window.go: BuildWindow, the model input around a span. Editor selections rarely fall on token
//     boundaries; the tokenizer's pieces carry their leading space (" word"), so horizontal
//     whitespace just before a span belongs to the span and a span never follows a lone " " token.
//   - protect.go: ProtectedRanges, the text that must never change (code, URLs, link targets, HTML,
//     front matter, Markdown syntax characters, numbers and proper-noun-like words).
//   - gaps.go, fill.go, denoise.go: FindGaps and Fill, which denoises each gap on a canvas.
//
// Byte offsets are into the document as given (valid UTF-8). Edits are sorted, non-overlapping and
// relative to the original document, so a client can apply them from last to first.
package refine
