package lexicon

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// devSets is where the shared dev sets live beside the repository (absent on CI machines).
const devSets = "../../../shared/eval"

var wordRE = regexp.MustCompile(`[A-Za-z]+(?:['’][A-Za-z]+)*`)

func readJSONL(t *testing.T, path string) []map[string]any {
	f, err := os.Open(path)
	if err != nil {
		t.Skipf("dev set not here: %v", err)
	}
	defer f.Close()
	var out []map[string]any
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatal(err)
		}
		out = append(out, m)
	}
	return out
}

// TestDevSetsUnknownWords: lower-case words of clean text that the lexicon calls unknown in every
// dialect are false alarms for refine; they must be rare. (The sets mix American and British
// texts. Names, acronyms and identifiers with capitals are refine's name-like rule, not the
// lexicon's; they are counted apart.)
func TestDevSetsUnknownWords(t *testing.T) {
	l := Default()
	total, lower, capital := 0, map[string]int{}, map[string]int{}
	for _, set := range []string{"clean.jsonl", "multi/clean.jsonl"} {
		for _, r := range readJSONL(t, filepath.Join(devSets, set)) {
			for _, w := range wordRE.FindAllString(r["text"].(string), -1) {
				total++
				switch {
				case l.Known(w, US) || l.Known(w, GB):
				case hasUpper(w):
					capital[w]++
				default:
					lower[w]++
				}
			}
		}
	}
	report := func(what string, m map[string]int) int {
		n, list := 0, []string{}
		for w, c := range m {
			n += c
			list = append(list, w)
		}
		slices.Sort(list)
		t.Logf("%s: %d of %d words unknown (%.2f%%): %s", what, n, total, 100*float64(n)/float64(total), strings.Join(list, " "))
		return n
	}
	report("with capitals", capital)
	if n := report("lower case", lower); float64(n) > 0.01*float64(total) {
		t.Errorf("more than 1%% of clean words unknown")
	}
}

// align returns, for each word of a that a replaced block of b changes, the words of b it became:
// a one-for-one block pairs its words in order, a one-for-two block gives the two as one phrase.
func align(a, b []string) map[int]string {
	// LCS table over words.
	n, m := len(a), len(b)
	lcs := make([][]int, n+1)
	for i := range lcs {
		lcs[i] = make([]int, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if a[i] == b[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	out := map[int]string{}
	i, j := 0, 0
	for i < n || j < m {
		if i < n && j < m && a[i] == b[j] {
			i, j = i+1, j+1
			continue
		}
		i0, j0 := i, j
		for i < n || j < m {
			if i < n && j < m && a[i] == b[j] {
				break
			}
			if j >= m || i < n && lcs[i+1][j] >= lcs[i][j+1] {
				i++
			} else {
				j++
			}
		}
		switch da, db := i-i0, j-j0; {
		case da == db:
			for k := range da {
				out[i0+k] = b[j0+k]
			}
		case da == 1 && db == 2:
			out[i0] = b[j0] + " " + b[j0+1]
		}
	}
	return out
}

// TestDevSetsSpellingRecall: for JFLEG's unknown words that a human reference corrected word for
// word, how often a reference's correction is among the first k candidates.
func TestDevSetsSpellingRecall(t *testing.T) {
	for _, set := range []string{"jfleg-dev/refs.jsonl", "repair.jsonl", "multi/repair.jsonl"} {
		t.Run(set, func(t *testing.T) { spellingRecall(t, filepath.Join(devSets, set)) })
	}
}

func spellingRecall(t *testing.T, path string) {
	l := Default()
	ks := []int{1, 3, 10}
	hits := make([]int, len(ks))
	cases := 0
	var missed []string
	for _, r := range readJSONL(t, path) {
		src := wordRE.FindAllString(r["text"].(string), -1)
		targets := map[int][]string{}
		refs, _ := r["refs"].([]any)
		if o, ok := r["original"]; ok {
			refs = append(refs, o)
		}
		for _, ref := range refs {
			for i, w := range align(src, wordRE.FindAllString(ref.(string), -1)) {
				targets[i] = append(targets[i], w)
			}
		}
		for i, w := range src {
			if l.Known(w, US) || len(targets[i]) == 0 {
				continue
			}
			cases++
			found := -1
			for k, s := range l.Spellings(w, US, ks[len(ks)-1]) {
				if slices.ContainsFunc(targets[i], func(t string) bool { return strings.EqualFold(t, s.Word) }) {
					found = k
					break
				}
			}
			for j, k := range ks {
				if found >= 0 && found < k {
					hits[j]++
				}
			}
			if found < 0 {
				missed = append(missed, w+"→"+strings.Join(targets[i], "|"))
			}
		}
	}
	for j, k := range ks {
		t.Logf("unknown words: recall@%d %.1f%% (%d of %d)", k, 100*float64(hits[j])/float64(cases), hits[j], cases)
	}
	t.Logf("missed: %s", strings.Join(missed, " "))
	if float64(hits[len(ks)-1]) < 0.8*float64(cases) {
		t.Errorf("recall@%d under 80%%", ks[len(ks)-1])
	}
}
