// Package refine revises prose in place with the engine's masked-diffusion model and fills the
// gaps ([...], […], ___) a writer left in a document. It knows nothing of editors or LSP: it works
// on strings with byte offsets, reports progress through a callback and stops when its context is
// cancelled.
//
// The package is split into pure text functions and the model-driven parts:
//
//   - options.go, errors.go: Options, DefaultOptions, validation, and the sentinel errors
//     (ErrInvalidRange, ErrInvalidUTF8, ErrTooLong, ErrInvalidOptions).
//   - window.go: BuildWindow, the model input around a span. Editor selections rarely fall on token
//     boundaries; the tokenizer's pieces carry their leading space (" word"), so horizontal
//     whitespace just before a span belongs to the span and a span never follows a lone " " token.
//   - protect.go: ProtectedRanges, the text that must never change (code, URLs, link targets, HTML,
//     front matter, Markdown syntax characters, numbers and proper-noun-like words).
//   - gaps.go: FindGaps, the gap markers in a document.
//   - edits.go: WordEdits, the minimal word-level diff a client applies.
//   - refiner.go and the files beside it: Refiner (Refine, Fill), re-noising, denoising, the guard
//     that returns nothing rather than a worse text, and fill-length choice.
//
// Byte offsets are into the document as given (valid UTF-8). Edits are sorted, non-overlapping and
// relative to the original document, so a client can apply them from last to first.
package refine
