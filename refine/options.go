package refine

import (
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
)

// Options tune one Refine or Fill call. The zero value is not useful; start from DefaultOptions.
type Options struct {
	// Strength is how bold Refine is, 0..1 (default 0.35): near 0.1 only near-certain fixes, the
	// default a margin calibrated so that correct text stays untouched, 0.7 and above lower
	// margins, more rounds, missing and superfluous function words and two-word rephrasings
	// (see planFor).
	Strength float64
	// Alternatives is the maximum number of candidates returned, best first (default 1).
	Alternatives int
	// Context is the number of tokens of context each side of the span (default 192).
	Context int
	// Seed is kept for callers that set it; refining and filling are deterministic without it.
	Seed int64
	// AllowNumbers lets numbers and proper-noun-like words change (off by default: they are
	// protected, see ProtectedRanges).
	AllowNumbers bool
	// Markers are the gap markers Fill looks for (default "[...]", "[…]", "___"; "___" stands for
	// any run of 3 or more underscores).
	Markers []string
	// FillLength fixes the number of tokens each gap is filled with, counting the whitespace the
	// gap takes over before it (" word" is one token). 0 (the default) lets the model choose.
	// The eval harness uses it to measure infill with the true length given.
	FillLength int
	// Dialect decides which spellings count as right: "en-US" (the default), "en-GB", "en-CA"
	// or "en-AU".
	Dialect string
	// UserWords are words the writer has added to a dictionary: never flagged, never changed.
	UserWords []string
	// Explain, when set, receives an account of each sentence's rounds once the sentence is
	// done: its suspect words, the candidates refused before scoring and why, and each scored
	// candidate's gain against the margin it needed (`redraft refine --explain`).
	Explain io.Writer
}

// Dialects are the values Options.Dialect accepts.
var Dialects = []string{"en-US", "en-GB", "en-CA", "en-AU"}

// Limits of the Options fields, checked by Validate.
const (
	MaxAlternatives = 16
	MaxContext      = 1024
)

// DefaultMarkers are the gap markers Fill looks for unless Options.Markers says otherwise.
var DefaultMarkers = []string{"[...]", "[…]", "___"}

// DefaultOptions returns the options Redraft uses unless a caller changes them.
func DefaultOptions() Options {
	return Options{
		Strength:     0.35,
		Alternatives: 1,
		Context:      192,
		Markers:      append([]string(nil), DefaultMarkers...),
		Dialect:      "en-US",
	}
}

// Validate reports the first out-of-range field as an error wrapping ErrInvalidOptions.
func (o Options) Validate() error {
	switch {
	case math.IsNaN(o.Strength) || o.Strength < 0 || o.Strength > 1:
		return fmt.Errorf("%w: strength %v is outside 0..1", ErrInvalidOptions, o.Strength)
	case o.Alternatives < 1 || o.Alternatives > MaxAlternatives:
		return fmt.Errorf("%w: alternatives %d is outside 1..%d", ErrInvalidOptions, o.Alternatives, MaxAlternatives)
	case o.Context < 0 || o.Context > MaxContext:
		return fmt.Errorf("%w: context %d tokens is outside 0..%d", ErrInvalidOptions, o.Context, MaxContext)
	case o.FillLength < 0 || o.FillLength > MaxSelectionTokens:
		return fmt.Errorf("%w: fill length %d tokens is outside 0..%d", ErrInvalidOptions, o.FillLength, MaxSelectionTokens)
	}
	if o.Dialect != "" && !slices.Contains(Dialects, o.Dialect) {
		return fmt.Errorf("%w: dialect %q is not one of %s", ErrInvalidOptions, o.Dialect, strings.Join(Dialects, ", "))
	}
	for _, m := range o.Markers {
		if strings.TrimSpace(m) == "" {
			return fmt.Errorf("%w: gap marker %q is empty or blank", ErrInvalidOptions, m)
		}
	}
	return nil
}
