package lexicon

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// foldLower lower-cases s, without allocating when it already is lower case ASCII.
func foldLower(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= utf8.RuneSelf || 'A' <= c && c <= 'Z' {
			return strings.ToLower(s)
		}
	}
	return s
}

// straightApostrophes replaces ’ (U+2019) with '.
func straightApostrophes(s string) string {
	if !strings.Contains(s, "’") {
		return s
	}
	return strings.ReplaceAll(s, "’", "'")
}

// hasUpper reports whether s has an upper-case letter; hasLower likewise.
func hasUpper(s string) bool { return strings.IndexFunc(s, unicode.IsUpper) >= 0 }
func hasLower(s string) bool { return strings.IndexFunc(s, unicode.IsLower) >= 0 }

// allCaps reports whether s is written in capitals: at least two letters, none lower case.
func allCaps(s string) bool {
	return !hasLower(s) && utf8.RuneCountInString(s) >= 2 && hasUpper(s)
}

// capitalise upper-cases the first letter of s.
func capitalise(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if !unicode.IsLower(r) {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}

// matchesCase reports whether the text written is the held spelling in an accepted case: as held,
// capitalised ("The" for "the"), or in capitals ("PARIS" for "Paris"). The lower-case form of a
// capitalised spelling ("paris") is not accepted.
func matchesCase(written, held string) bool {
	if written == held || written == capitalise(held) {
		return true
	}
	return !hasLower(written) && strings.ToUpper(held) == written
}

// applyCase writes a candidate in the case of the text it replaces: in capitals when that was
// ("RECIEVE" → "RECEIVE"), capitalised when that was ("Teh" → "The"); a candidate with capitals
// of its own keeps them ("paris" → "Paris").
func applyCase(written, candidate string) string {
	switch {
	case allCaps(written):
		return strings.ToUpper(candidate)
	case hasUpper(candidate):
		return candidate
	case startsUpper(written):
		return capitalise(candidate)
	}
	return candidate
}

func startsUpper(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r)
}
