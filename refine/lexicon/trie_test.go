package lexicon

import (
	"slices"
	"strings"
	"testing"
)

// checkTrie walks t from the root and checks it against words: every node is reached once,
// along edges sorted by label; the words a node ends are those whose folding is its path; every
// word ends at exactly one node; and find finds each word by its folding.
func checkTrie(t *testing.T, words []string, tr trie) {
	t.Helper()
	nodes := int32(len(tr.edgeStart) - 1)
	if len(tr.termStart) != int(nodes)+1 || len(tr.label) != int(nodes)-1 || len(tr.ids) != len(words) {
		t.Fatalf("sizes: %d nodes, %d termStart, %d labels, %d ids for %d words",
			nodes, len(tr.termStart), len(tr.label), len(tr.ids), len(words))
	}
	seen := make([]bool, nodes)
	ended := make([]int, len(words))
	var walk func(n int32, path string)
	walk = func(n int32, path string) {
		if seen[n] {
			t.Fatalf("node %d (%q) reached twice", n, path)
		}
		seen[n] = true
		for _, id := range tr.ids[tr.termStart[n]:tr.termStart[n+1]] {
			if got := strings.ToLower(words[id]); got != path {
				t.Errorf("node %q ends %q, which folds to %q", path, words[id], got)
			}
			ended[id]++
		}
		for e := tr.edgeStart[n]; e < tr.edgeStart[n+1]; e++ {
			if e > tr.edgeStart[n] && tr.label[e-1] >= tr.label[e] {
				t.Fatalf("node %q: edges %q, %q out of order", path, tr.label[e-1], tr.label[e])
			}
			walk(tr.child(e), path+string(tr.label[e:e+1]))
		}
	}
	walk(0, "")
	if i := slices.Index(seen, false); i >= 0 {
		t.Errorf("node %d is not reached from the root", i)
	}
	for i, w := range words {
		if ended[i] != 1 {
			t.Errorf("%q ends at %d nodes", w, ended[i])
		}
		if !slices.Contains(tr.find(foldLower(w)), int32(i)) {
			t.Errorf("find(%q) = %v, does not hold %d", foldLower(w), tr.find(foldLower(w)), i)
		}
	}
}

// wordOf is buildTrie's view of a list of words.
func wordOf(words []string) func(int32) string { return func(i int32) string { return words[i] } }

func TestBuildTrie(t *testing.T) {
	small := []string{"A", "a", "AA", "aa", "aah", "abbé", "Abbés", "abbés", "b", "US", "us", "use", "Éclair", "éclair"}
	tr, err := buildTrie(len(small), wordOf(small), nil)
	if err != nil {
		t.Fatal(err)
	}
	checkTrie(t, small, tr)
	if ids := tr.find("us"); !slices.Equal(ids, []int32{9, 10}) {
		t.Errorf(`find("us") = %v, want [9 10] (US, us)`, ids)
	}
	if ids := tr.find("u"); len(ids) != 0 {
		t.Errorf(`find("u") = %v, want none`, ids)
	}
	l := Default()
	all := make([]string, l.Len())
	for i := range all {
		all[i] = l.word(int32(i))
	}
	checkTrie(t, all, l.trie)
}

func TestBuildTrieOrder(t *testing.T) {
	for _, words := range [][]string{
		{"b", "a"},
		{"a", "A"},  // the same folding: by bytes, "A" first
		{"ab", "a"}, // a prefix comes first
		{"us", "US"},
		{"Ab", "aa"}, // by the folding, not the bytes
		{"a", "a"},
	} {
		if _, err := buildTrie(len(words), wordOf(words), nil); err == nil {
			t.Errorf("buildTrie(%q) accepted words out of order", words)
		}
	}
	for _, words := range [][]string{{"aa", "Ab"}, {"A", "a", "ab"}, {}, {"x"}} {
		if _, err := buildTrie(len(words), wordOf(words), nil); err != nil {
			t.Errorf("buildTrie(%q): %v", words, err)
		}
	}
}
