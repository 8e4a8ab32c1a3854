package lexicon

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// trie is a byte trie over the lexicon's spellings folded to lower case, laid out in flat arrays:
// node n's children are edges edgeStart[n]..edgeStart[n+1], sorted by label, and the spellings
// that fold to the path ending at n are ids[termStart[n]:termStart[n+1]] (usually one; "us" and
// "US" share a node).
type trie struct {
	edgeStart []int32 // per node, plus one
	label     []byte  // per edge
	child     []int32 // per edge
	termStart []int32 // per node, plus one
	ids       []int32 // word ids, grouped by node
}

// buildTrie builds the trie of words (ids are positions in words), which must be sorted by
// their lower-case folding, then by bytes (the generator writes them so).
func buildTrie(words []string) (trie, error) {
	folded := foldAll(words)
	for i, w := range words {
		if i > 0 && !(folded[i-1] < folded[i] || folded[i-1] == folded[i] && words[i-1] < w) {
			return trie{}, fmt.Errorf("lexicon: %q is out of order", w)
		}
	}
	// About 2.4 nodes per word in English; the slices grow if not.
	nodes := len(words)*5/2 + 1
	t := trie{
		edgeStart: make([]int32, 0, nodes+1),
		label:     make([]byte, 0, nodes),
		child:     make([]int32, 0, nodes),
		termStart: make([]int32, 0, nodes+1),
		ids:       make([]int32, 0, len(words)),
	}
	// Nodes are numbered breadth-first, a level at a time, so that each node's children are
	// contiguous edges; a span is the range of words below one node of the level.
	type span struct{ lo, hi int32 }
	level := append(make([]span, 0, len(words)/2), span{0, int32(len(words))})
	next := make([]span, 0, len(words)/2)
	t.edgeStart = append(t.edgeStart, 0)
	t.termStart = append(t.termStart, 0)
	made := int32(1)
	for depth := 0; len(level) > 0; depth++ {
		next = next[:0]
		for _, s := range level {
			i := s.lo
			for ; i < s.hi && len(folded[i]) == depth; i++ {
				t.ids = append(t.ids, i)
			}
			for i < s.hi {
				c := folded[i][depth]
				j := i + 1
				for j < s.hi && folded[j][depth] == c {
					j++
				}
				t.label = append(t.label, c)
				t.child = append(t.child, made+int32(len(next)))
				next = append(next, span{i, j})
				i = j
			}
			t.edgeStart = append(t.edgeStart, int32(len(t.label)))
			t.termStart = append(t.termStart, int32(len(t.ids)))
		}
		made += int32(len(next))
		level, next = next, level
	}
	return t, nil
}

// foldAll returns the lower-case folding of every word; the results share one allocation.
func foldAll(words []string) []string {
	n := 0
	for _, w := range words {
		n += len(w)
	}
	buf := make([]byte, 0, n+n/16)
	ends := make([]int, len(words))
	for i, w := range words {
		if ascii(w) {
			for j := 0; j < len(w); j++ {
				c := w[j]
				if 'A' <= c && c <= 'Z' {
					c += 'a' - 'A'
				}
				buf = append(buf, c)
			}
		} else {
			buf = append(buf, strings.ToLower(w)...)
		}
		ends[i] = len(buf)
	}
	all := string(buf)
	out := make([]string, len(words))
	start := 0
	for i, end := range ends {
		out[i] = all[start:end]
		start = end
	}
	return out
}

func ascii(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// next returns the child of node n along byte c, or -1.
func (t *trie) next(n int32, c byte) int32 {
	lo, hi := t.edgeStart[n], t.edgeStart[n+1]
	for lo < hi { // binary search: the root has many edges, most nodes one or two
		m := int32(uint32(lo+hi) >> 1)
		switch l := t.label[m]; {
		case l == c:
			return t.child[m]
		case l < c:
			lo = m + 1
		default:
			hi = m
		}
	}
	return -1
}

// find returns the ids of the spellings that fold to s (s must be folded).
func (t *trie) find(s string) []int32 {
	n := int32(0)
	for i := 0; i < len(s) && n >= 0; i++ {
		n = t.next(n, s[i])
	}
	if n < 0 {
		return nil
	}
	return t.ids[t.termStart[n]:t.termStart[n+1]]
}
