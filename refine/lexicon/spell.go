package lexicon

import (
	"cmp"
	"slices"
	"strings"
)

// Suggestion is one spelling candidate for a word.
type Suggestion struct {
	Word string  // the candidate, in the case of the word it replaces
	Cost float64 // ranking cost in nats, lower is better: EditNats·Edit − LogFreq(Word) + penalties
	Edit float64 // weighted edit distance from the word written (see the edit costs)
}

// Edit costs of the spelling search, in edits (a plain insertion, deletion or substitution is 1).
// The common slips cost less, so that they rank first and a third cheap slip still fits.
const (
	maxEdit        = 2.0  // the search finds every word within this weighted distance
	costPlain      = 1.0  // insert, delete or substitute a letter
	costNeighbour  = 0.7  // substitute a key's neighbour on a QWERTY keyboard ("teh" is not this)
	costVowel      = 0.75 // substitute one vowel for another ("seperate", "definately")
	costTranspose  = 0.7  // swap two neighbouring letters ("teh", "recieve")
	costDoubled    = 0.5  // type a doubled letter once ("accomodate") or a single one twice ("untill")
	costCase       = 0.3  // the lexicon holds the word with capitals the writer left out ("paris")
	costMisspell   = 0.3  // the pair is in the table of common misspellings
	costDialect    = 0.2  // the word is the other dialect's spelling ("color" in en-GB)
	costSplit      = 0.8  // two words run together ("alot", "thankyou")
	maxSearchBytes = 40   // longer words get no edit-distance search (they are not words)
)

// Ranking constants, in nats.
const (
	// EditNats is what one edit costs against frequency: a candidate one edit further away must be
	// this much more frequent (in log space) to rank equal.
	EditNats = 5.0
	// variantNats is added for a spelling the dialect accepts only as a variant.
	variantNats = 1.0
	// corpusNats is added for a word known only from the training corpus (a technical word).
	corpusNats = 1.0
)

// Spellings returns up to max spelling candidates for word in dialect d, best (lowest cost)
// first: the correction of a common misspelling, the dialect's spelling, every word of the dialect
// within two weighted edits (transpositions, keyboard neighbours, doubled letters and vowels cost
// less), and a split into two words. Candidates are written in word's case. word itself is never
// a candidate, even when it is unknown; max ≤ 0 means no limit.
func (l *Lexicon) Spellings(word string, d Dialect, max int) []Suggestion {
	word = straightApostrophes(word)
	q := foldLower(word)
	best := map[string]Suggestion{}
	offer := func(cand string, edit, extra float64) {
		out := applyCase(word, cand)
		if out == word {
			return
		}
		s := Suggestion{Word: out, Edit: edit, Cost: EditNats*edit - l.phraseLogFreq(cand) + extra}
		if old, ok := best[out]; !ok || s.Cost < old.Cost {
			best[out] = s
		}
	}
	if fix, ok := l.misspel[q]; ok {
		offer(fix, costMisspell, 0)
	}
	if alt, ok := l.DialectVariant(word, d); ok && !l.Known(word, d) {
		offer(alt, costDialect, 0)
	}
	if len(q) <= maxSearchBytes {
		s := searcher{t: &l.trie, q: []byte(q), budget: maxEdit}
		s.run()
		for _, h := range s.hits {
			if (l.main[h.id]|l.variant[h.id])&d.bit() == 0 {
				continue
			}
			edit, extra := float64(h.edit), 0.0
			cand := l.words[h.id]
			if cand != q && hasUpper(cand) && !hasUpper(word) {
				edit += costCase
			}
			if l.main[h.id]&d.bit() == 0 {
				extra += variantNats
			}
			if l.flags[h.id]&flagCorpus != 0 {
				extra += corpusNats
			}
			offer(cand, edit, extra)
		}
	}
	if !l.Known(word, d) {
		for _, sp := range l.splits(q, d) {
			offer(sp, costSplit, 0)
		}
	}
	out := make([]Suggestion, 0, len(best))
	for _, s := range best {
		out = append(out, s)
	}
	slices.SortFunc(out, func(a, b Suggestion) int {
		if c := cmp.Compare(a.Cost, b.Cost); c != 0 {
			return c
		}
		return strings.Compare(a.Word, b.Word)
	})
	if max > 0 && len(out) > max {
		out = out[:max]
	}
	return out
}

// phraseLogFreq is LogFreq of a word, or of the rarer word of a phrase ("a lot").
func (l *Lexicon) phraseLogFreq(s string) float64 {
	if !strings.Contains(s, " ") {
		return l.LogFreq(s)
	}
	f := 0.0
	for _, w := range strings.Fields(s) {
		f = min(f, l.LogFreq(w))
	}
	return f
}

// splits returns the ways to cut q into two known words ("alot" → "a lot").
func (l *Lexicon) splits(q string, d Dialect) []string {
	var out []string
	for i := 1; i < len(q); i++ {
		a, b := q[:i], q[i:]
		if len(a) == 1 && a != "a" && a != "i" || len(b) == 1 && b != "a" {
			continue
		}
		if !l.knownForm(a, d) && !(a == "i" && l.knownForm("I", d)) || !l.knownForm(b, d) {
			continue
		}
		if a == "i" {
			a = "I"
		}
		out = append(out, a+" "+b)
	}
	return out
}

// hit is a word the search found within the budget.
type hit struct {
	id   int32
	edit float32
}

// searcher walks the trie depth-first, keeping one row of the weighted optimal-string-alignment
// distance between the query and the path per depth; a subtree is skipped as soon as every entry
// of its row exceeds the budget.
type searcher struct {
	t      *trie
	q      []byte
	budget float32
	rows   [][]float32 // rows[depth][i]: distance between the path's first depth bytes and q[:i]
	path   []byte
	hits   []hit
}

func (s *searcher) run() {
	n := len(s.q)
	root := make([]float32, n+1)
	for i := 1; i <= n; i++ {
		root[i] = root[i-1] + s.extra(i)
	}
	s.rows = append(s.rows[:0], root)
	s.visit(0, 0)
}

// extra is the cost of q[i-1] typed without counterpart in the word.
func (s *searcher) extra(i int) float32 {
	if i >= 2 && s.q[i-1] == s.q[i-2] {
		return costDoubled
	}
	return costPlain
}

func (s *searcher) visit(node int32, depth int) {
	row := s.rows[depth]
	n := len(s.q)
	if row[n] <= s.budget {
		t := s.t
		for _, id := range t.ids[t.termStart[node]:t.termStart[node+1]] {
			s.hits = append(s.hits, hit{id, row[n]})
		}
	}
	if depth+1 >= len(s.rows) {
		s.rows = append(s.rows, make([]float32, n+1))
	}
	next := s.rows[depth+1]
	for e := s.t.edgeStart[node]; e < s.t.edgeStart[node+1]; e++ {
		c := s.t.label[e]
		var prevC byte
		if depth > 0 {
			prevC = s.path[depth-1]
		}
		omit := float32(costPlain) // the word's letter c, left out by the writer
		if c == prevC {
			omit = costDoubled
		}
		next[0] = row[0] + omit
		low := next[0]
		for i := 1; i <= n; i++ {
			qc := s.q[i-1]
			v := row[i-1] + substitute(c, qc)
			v = min(v, row[i]+omit, next[i-1]+s.extra(i))
			if depth > 0 && i >= 2 && c == s.q[i-2] && prevC == qc && c != qc {
				v = min(v, s.rows[depth-1][i-2]+costTranspose)
			}
			next[i] = v
			low = min(low, v)
		}
		if low > s.budget {
			continue
		}
		s.path = append(s.path[:depth], c)
		s.visit(s.t.child[e], depth+1)
		next = s.rows[depth+1] // visit may have grown s.rows
	}
}

// substitute is the cost of typing q where the word has w.
func substitute(w, q byte) float32 {
	switch {
	case w == q:
		return 0
	case isVowel(w) && isVowel(q):
		return costVowel
	case neighbours(w, q):
		return costNeighbour
	}
	return costPlain
}

func isVowel(c byte) bool {
	switch c {
	case 'a', 'e', 'i', 'o', 'u', 'y':
		return true
	}
	return false
}

// qwerty is the letter rows of a QWERTY keyboard; keys beside or diagonally next to each other
// are neighbours.
var qwerty = [3]string{"qwertyuiop", "asdfghjkl", "zxcvbnm"}

// neighbourBits[c-'a'] has bit k set when letter 'a'+k is next to c on the keyboard.
var neighbourBits = func() (nb [26]uint32) {
	pos := map[byte][2]int{}
	for r, row := range qwerty {
		for c := range len(row) {
			pos[row[c]] = [2]int{r, c}
		}
	}
	for a, pa := range pos {
		for b, pb := range pos {
			dr, dc := pb[0]-pa[0], pb[1]-pa[1]
			// Each row sits about half a key right of the one above: below-left and below are
			// neighbours, above and above-right too.
			if a != b && (dr == 0 && (dc == 1 || dc == -1) || dr == 1 && (dc == 0 || dc == -1) || dr == -1 && (dc == 0 || dc == 1)) {
				nb[a-'a'] |= 1 << (b - 'a')
			}
		}
	}
	return nb
}()

func neighbours(a, b byte) bool {
	if a < 'a' || a > 'z' || b < 'a' || b > 'z' {
		return false
	}
	return neighbourBits[a-'a']&(1<<(b-'a')) != 0
}
