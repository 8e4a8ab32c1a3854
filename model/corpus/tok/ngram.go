package main

import (
	"hash/fnv"
	"strings"
	"unicode"
)

// words splits text into lowercased words: maximal runs of letters, digits and '_' (the \w of
// model/corpus/build.py, which drops documents by the same rule; this is the independent recheck).
func words(text string) []string {
	return strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !(unicode.IsLetter(r) || unicode.IsNumber(r) || r == '_')
	})
}

// ngramSet holds 64-bit FNV-1a hashes of word n-grams (the words joined by single spaces).
type ngramSet map[uint64]struct{}

func gramHash(ws []string) uint64 {
	h := fnv.New64a()
	for i, w := range ws {
		if i > 0 {
			h.Write([]byte{' '})
		}
		h.Write([]byte(w))
	}
	return h.Sum64()
}

// add puts every n-gram of ws into the set.
func (s ngramSet) add(ws []string, n int) {
	for i := 0; i+n <= len(ws); i++ {
		s[gramHash(ws[i:i+n])] = struct{}{}
	}
}

// hit reports whether any n-gram of ws is in the set.
func (s ngramSet) hit(ws []string, n int) bool {
	for i := 0; i+n <= len(ws); i++ {
		if _, ok := s[gramHash(ws[i:i+n])]; ok {
			return true
		}
	}
	return false
}
