package lexicon

import (
	"fmt"
	"math"
	"strings"
	"unicode/utf8"
)

// trie is a byte trie over the lexicon's spellings folded to lower case, laid out in flat arrays:
// node n's children are edges edgeStart[n]..edgeStart[n+1], sorted by label, and the spellings
// that fold to the path ending at n are ids[termStart[n]:termStart[n+1]] (usually one; "us" and
// "US" share a node). The nodes are numbered breadth-first, so edge e leads to node e+1 (child).
type trie struct {
	edgeStart []int32 // per node, plus one
	label     []byte  // per edge
	termStart []int32 // per node, plus one
	ids       []int32 // word ids, grouped by node
}

// child returns the node edge e leads to: every node but the root has one edge in, and edges
// are made in the order of the nodes they lead to.
func (t *trie) child(e int32) int32 { return e + 1 }

// buildTrie builds the trie of the words word(0) .. word(count-1) (their ids), which must be
// sorted by their lower-case folding, then by bytes (the generator writes them so); its arrays
// come from a (see take).
//
// Sorted words make it in two passes over them, without a folded copy. Word i adds the nodes of
// its key (its folding) below the prefix it shares with word i−1 (lcp). Breadth-first order
// within a level is the order of the prefixes, in which the sorted words make the nodes; so a
// node's number is where its level starts plus how many of the level came before it. The first
// pass counts the nodes of each level (and checks the order), the second numbers them, then
// counts give each node's edges and terminal words by prefix sums. The terminal words, grouped
// by node in node order, are the words in order of key length, then as sorted.
func buildTrie(count int, word func(id int32) string, a *arena) (trie, error) {
	lcp := make([]uint16, count) // each word's key's common prefix with the previous key
	perLevel := []int32{1}       // nodes at each depth; the root is depth 0
	ofLength := []int32{0}       // words with each key length
	prev := ""
	for i := range int32(count) {
		w := word(i)
		k := foldKey(w)
		if len(k) > math.MaxUint16 {
			return trie{}, fmt.Errorf("lexicon: %q is too long", w)
		}
		n, cmp := commonFolded(prev, k)
		if i > 0 && !(cmp < 0 || cmp == 0 && word(i-1) < w) {
			return trie{}, fmt.Errorf("lexicon: %q is out of order", w)
		}
		for len(perLevel) <= len(k) {
			perLevel, ofLength = append(perLevel, 0), append(ofLength, 0)
		}
		for d := n + 1; d <= len(k); d++ {
			perLevel[d]++
		}
		ofLength[len(k)]++
		lcp[i], prev = uint16(n), k
	}
	nodes := int32(0)
	next := make([]int32, len(perLevel)) // the number of the level's next node
	for d, c := range perLevel {
		next[d], nodes = nodes, nodes+c
	}
	firstOf, at := make([]int32, len(ofLength)), int32(0) // where each key length's ids go next
	for d, c := range ofLength {
		firstOf[d], at = at, at+c
	}
	t := trie{
		edgeStart: take[int32](a, int(nodes)+1),
		label:     take[byte](a, int(nodes)-1),
		termStart: take[int32](a, int(nodes)+1),
		ids:       take[int32](a, count),
	}
	path := make([]int32, len(perLevel)) // the nodes of the current key, by depth
	next[0]++                            // the root
	for i := range int32(count) {
		k := foldKey(word(i))
		for d := int(lcp[i]) + 1; d <= len(k); d++ {
			node := next[d]
			next[d]++
			t.label[node-1] = lower(k[d-1]) // the edge into node: node-1 (child)
			t.edgeStart[path[d-1]+1]++
			path[d] = node
		}
		t.termStart[path[len(k)]+1]++
		t.ids[firstOf[len(k)]] = i
		firstOf[len(k)]++
	}
	for n := range nodes {
		t.edgeStart[n+1] += t.edgeStart[n]
		t.termStart[n+1] += t.termStart[n]
	}
	return t, nil
}

// foldKey is w's key in the trie but for case: w itself if it is ASCII (lower takes the case
// off each byte), else its lower-case folding.
func foldKey(w string) string {
	if ascii(w) {
		return w
	}
	return strings.ToLower(w)
}

// lower is the lower case of an ASCII letter; any other byte is itself.
func lower(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// commonFolded returns the length of the common prefix of keys a and b with lower applied to
// their bytes, and how they compare so (−1, 0 or +1).
func commonFolded(a, b string) (int, int) {
	n := 0
	for n < len(a) && n < len(b) {
		ca, cb := lower(a[n]), lower(b[n])
		if ca != cb {
			if ca < cb {
				return n, -1
			}
			return n, 1
		}
		n++
	}
	switch {
	case len(a) < len(b):
		return n, -1
	case len(a) > len(b):
		return n, 1
	}
	return n, 0
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
			return t.child(m)
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
