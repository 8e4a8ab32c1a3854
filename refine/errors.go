package refine

import (
	"errors"
	"fmt"
	"unicode/utf8"
)

// MaxSelectionTokens is the longest selection, in model tokens, that Refine accepts.
const MaxSelectionTokens = 512

// Sentinel errors. The errors returned by this package wrap them with detail; test with errors.Is.
var (
	// ErrInvalidRange: a byte range outside the document, reversed, inside a multi-byte
	// character, or with nothing to work on.
	ErrInvalidRange = errors.New("invalid range")
	// ErrInvalidUTF8: the document is not valid UTF-8.
	ErrInvalidUTF8 = errors.New("invalid UTF-8")
	// ErrTooLong: the selection is longer than MaxSelectionTokens tokens.
	ErrTooLong = errors.New("selection too long")
	// ErrInvalidOptions: an Options field is out of range.
	ErrInvalidOptions = errors.New("invalid options")
)

// ValidateRange checks that doc is valid UTF-8 and that [start,end) is a range of it whose ends
// fall on character boundaries. Errors wrap ErrInvalidUTF8 or ErrInvalidRange.
func ValidateRange(doc string, start, end int) error {
	if !utf8.ValidString(doc) {
		return fmt.Errorf("%w: document has an invalid byte at offset %d", ErrInvalidUTF8, firstInvalid(doc))
	}
	switch {
	case start < 0 || end < 0:
		return fmt.Errorf("%w: %d:%d has a negative offset", ErrInvalidRange, start, end)
	case start > end:
		return fmt.Errorf("%w: start %d is after end %d", ErrInvalidRange, start, end)
	case end > len(doc):
		return fmt.Errorf("%w: end %d is past the end of the document (%d bytes)", ErrInvalidRange, end, len(doc))
	}
	for _, off := range [2]int{start, end} {
		if off < len(doc) && !utf8.RuneStart(doc[off]) {
			return fmt.Errorf("%w: offset %d is inside a multi-byte character", ErrInvalidRange, off)
		}
	}
	return nil
}

// firstInvalid returns the byte offset of the first invalid UTF-8 sequence in s (len(s) if none).
func firstInvalid(s string) int {
	for i, r := range s {
		if r == utf8.RuneError {
			if _, size := utf8.DecodeRuneInString(s[i:]); size == 1 {
				return i
			}
		}
	}
	return len(s)
}
