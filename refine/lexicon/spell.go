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
	maxEditLong    = 2.5  // the same for words of longWord letters or more ("imidiatly")
	longWord       = 8    // letters
	costPlain      = 1.0  // insert, delete or substitute a letter
	costNeighbour  = 0.7  // substitute a key's neighbour on a QWERTY keyboard ("teh" is not this)
	costVowel      = 0.75 // substitute one vowel for another ("seperate", "definately")
	costTranspose  = 0.7  // swap two neighbouring letters ("teh", "recieve")
	costDoubled    = 0.5  // type a doubled letter once ("accomodate") or a single one twice ("untill")
	costCase       = 0.3  // the lexicon holds the word with capitals the writer left out ("paris")
	costMisspell   = 0.3  // the pair is in the table of common misspellings
	costDialect    = 0.2  // the word is the other dialect's spelling ("color" in en-GB)
	costSplit      = 1.0  // two words run together ("alot", "thankyou")
	costInflect    = 0.5  // a regular form made of an irregular word ("dealed" for "dealt")
	maxSearchBytes = 40   // longer words get no edit-distance search (they are not words)
)

// Ranking constants, in nats.
const (
	// EditNats is what one edit costs against frequency: a candidate one edit further away must be
	// this much more frequent (in log space) to rank equal.
	EditNats = 6.0
	// variantNats is added for a spelling the dialect accepts only as a variant.
	variantNats = 1.0
	// corpusNats is added for a word known only from the training corpus (a technical word).
	corpusNats = 1.0
	// splitMinLogFreq: each half of a split word must be at least this frequent (about one word
	// in a million: "cigar rets", "interest ion" are no likely cuts).
	splitMinLogFreq = -13.75
)

// Spellings returns up to max spelling candidates for word in dialect d, best (lowest cost)
// first: the correction of a common misspelling, the dialect's spelling, every word of the dialect
// within two weighted edits (transpositions, keyboard neighbours, doubled letters and vowels cost
// less), words that sound the same however they are spelt ("bisnes" → "business"), a split into
// two words, and the irregular forms of a word given a regular ending
// ("dealed" → "dealt"). Candidates are written in word's case and apostrophes; a possessive keeps
// its 's. word itself is never a candidate, even when it is unknown; max ≤ 0 means no limit.
func (l *Lexicon) Spellings(word string, d Dialect, max int) []Suggestion {
	if curly := straightApostrophes(word); curly != word {
		out := l.Spellings(curly, d, max)
		for i := range out {
			out[i].Word = strings.ReplaceAll(out[i].Word, "'", "’")
		}
		return out
	}
	// A possessive: the candidates of the word, with the 's kept ("fucntion's" → "function's").
	if base, ok := strings.CutSuffix(word, "'s"); ok && base != "" && !l.Known(word, d) {
		var out []Suggestion
		for _, s := range l.Spellings(base, d, 0) {
			if !noPossessive[foldLower(s.Word)] {
				s.Word += "'s"
				out = append(out, s)
			}
		}
		if max > 0 && len(out) > max {
			out = out[:max]
		}
		return out
	}
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
	if fix, ok := l.misspelling(q); ok {
		// The table spells the American way: "behaviuor" is "behaviour" in en-GB.
		if alt, ok := l.DialectVariant(fix, d); ok {
			fix = alt
		}
		offer(fix, costMisspell, 0)
	}
	if alt, ok := l.DialectVariant(word, d); ok && !l.Known(word, d) {
		offer(alt, costDialect, 0)
	}
	if len(q) <= maxSearchBytes {
		budget := maxEdit
		if len(q) >= longWord {
			budget = maxEditLong
		}
		s := newSearcher(&l.trie, q, budget)
		s.run()
		for _, h := range s.hits {
			l.offerWord(h.id, float64(h.edit)/costUnit, word, d, offer)
		}
	}
	if !l.Known(word, d) {
		// Words that sound the same, however far the spelling ("bisnes" → "business").
		for _, id := range l.soundsLike(q) {
			edit := Distance(q, l.word(id))
			if edit > costSound {
				edit = costSound + (edit-costSound)*soundExtraPerEdit
			}
			l.offerWord(id, edit, word, d, offer)
		}
	}
	if !l.Known(word, d) {
		for _, sp := range l.splits(q, d) {
			offer(sp, costSplit, 0)
		}
		// A regular ending on a word that takes an irregular one: dealed, childs, teached.
		for _, stem := range l.stems(q) {
			for _, f := range inflectionTables[stem] {
				regular := f == stem || f == thirdPerson(stem) || f == presentParticiple(stem)
				if !regular && l.knownForm(f, d) {
					offer(f, costInflect, 0)
				}
			}
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

// offerWord offers the held word id as a candidate for word at the given edit cost, when the
// dialect accepts it, adding the costs of capitals the writer left out, of a variant spelling and
// of a word known only from the corpus.
func (l *Lexicon) offerWord(id int32, edit float64, word string, d Dialect, offer func(cand string, edit, extra float64)) {
	if (l.main[id]|l.variant[id])&d.bit() == 0 {
		return
	}
	extra := 0.0
	cand := l.word(id)
	if hasUpper(cand) && !hasUpper(word) {
		edit += costCase
	}
	if l.main[id]&d.bit() == 0 {
		extra += variantNats
	}
	if l.flags[id]&flagCorpus != 0 {
		extra += corpusNats
	}
	offer(cand, edit, extra)
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
		if len(a) == 2 && !twoLetterWords[a] || len(b) == 2 && !twoLetterWords[b] {
			continue // "through ts", "fashion al": a two-letter half is a word of the language
		}
		if !l.knownForm(a, d) && !(a == "i" && l.knownForm("I", d)) || !l.knownForm(b, d) {
			continue
		}
		if l.LogFreq(a) < splitMinLogFreq || l.LogFreq(b) < splitMinLogFreq {
			continue // "cigar rets", "do uts": a rare word is no likely half
		}
		if a == "i" {
			a = "I"
		}
		out = append(out, a+" "+b)
	}
	return out
}

// twoLetterWords are the two-letter words a run-together word may hold ("inorder", "doit"):
// the corpus makes frequent words of abbreviations and file endings ("ts", "al", "ch").
var twoLetterWords = map[string]bool{
	"am": true, "an": true, "as": true, "at": true, "be": true, "by": true, "do": true, "go": true,
	"he": true, "if": true, "in": true, "is": true, "it": true, "me": true, "my": true, "no": true,
	"of": true, "oh": true, "ok": true, "on": true, "or": true, "so": true, "to": true, "up": true,
	"us": true, "we": true,
}

// The search adds costs as integers in units of 1/costUnit edit: exact, and min of two integers
// needs no branch.
const costUnit = 20

// cost converts an edit cost to search units.
func cost(edits float64) int32 { return int32(edits*costUnit + 0.5) }

// noPossessive are words that take no 's: no "the's" for "tht's".
var noPossessive = map[string]bool{
	"the": true, "a": true, "an": true, "to": true, "of": true, "in": true, "on": true, "at": true,
	"for": true, "with": true, "by": true, "from": true, "as": true, "and": true, "or": true,
	"but": true, "thy": true, "my": true, "your": true, "our": true, "their": true, "its": true,
}

// hit is a word the search found within the budget.
type hit struct {
	id   int32
	edit int32 // in search units
}

// searcher walks the trie depth-first, keeping one row of the weighted optimal-string-alignment
// distance between the query and the path per depth; a subtree is skipped as soon as every entry
// of its row exceeds the budget.
type searcher struct {
	t      *trie
	q      []byte
	budget int32
	extra  []int32      // extra[i]: cost of q[i-1] typed without counterpart in the word
	sub    [256][]int32 // sub[c][i-1]: cost of typing q[i-1] where the word has c (made on first use)
	rows   [][]int32    // rows[depth][i]: distance between the path's first depth bytes and q[:i]
	path   []byte
	hits   []hit
}

func newSearcher(t *trie, q string, budget float64) *searcher {
	s := &searcher{t: t, q: []byte(q), budget: cost(budget)}
	n := len(q)
	s.extra = make([]int32, n+1)
	root := make([]int32, n+1)
	for i := 1; i <= n; i++ {
		s.extra[i] = cost(costPlain)
		if i >= 2 && q[i-1] == q[i-2] {
			s.extra[i] = cost(costDoubled)
		}
		root[i] = root[i-1] + s.extra[i]
	}
	s.rows = append(s.rows, root)
	return s
}

func (s *searcher) run() { s.visit(0, 0) }

// subRow returns the substitution costs of word byte c against every query byte.
func (s *searcher) subRow(c byte) []int32 {
	r := s.sub[c]
	if r == nil {
		r = make([]int32, len(s.q))
		for i, qc := range s.q {
			r[i] = substitute(c, qc)
		}
		s.sub[c] = r
	}
	return r
}

func (s *searcher) visit(node int32, depth int) {
	t := s.t
	row := s.rows[depth]
	n := len(s.q)
	if row[n] <= s.budget {
		for _, id := range t.ids[t.termStart[node]:t.termStart[node+1]] {
			s.hits = append(s.hits, hit{id, row[n]})
		}
	}
	if depth+1 >= len(s.rows) {
		s.rows = append(s.rows, make([]int32, n+1))
	}
	var prevC byte
	var row2 []int32 // the row two levels up, for transpositions
	if depth > 0 {
		prevC = s.path[depth-1]
		row2 = s.rows[depth-1]
	}
	for e := t.edgeStart[node]; e < t.edgeStart[node+1]; e++ {
		c := t.label[e]
		if s.step(row2, row, s.rows[depth+1], prevC, c) > s.budget {
			continue
		}
		s.path = append(s.path[:depth], c)
		s.visit(t.child(e), depth+1)
	}
}

// step fills next, the row after row for the word's next byte c (prevC before it, 0 at the
// start; row2 the row before row, nil at the start), and returns the row's minimum.
func (s *searcher) step(row2, row, next []int32, prevC, c byte) int32 {
	n := len(s.q)
	q, extra := s.q, s.extra[:n+1]
	row, next = row[:n+1], next[:n+1]
	sub := s.subRow(c)[:n]
	omit := cost(costPlain) // the word's letter c, left out by the writer
	if c == prevC {
		omit = cost(costDoubled)
	}
	next[0] = row[0] + omit
	low := next[0]
	for i := 1; i <= n; i++ {
		v := min(row[i-1]+sub[i-1], row[i]+omit, next[i-1]+extra[i])
		if i >= 2 && c == q[i-2] && prevC == q[i-1] && c != prevC && row2 != nil {
			v = min(v, row2[i-2]+cost(costTranspose))
		}
		next[i] = v
		low = min(low, v)
	}
	return low
}

// Distance returns the weighted edit distance the spelling search uses between the word written
// and a word meant (case ignored): transpositions, keyboard neighbours, vowels and doubled
// letters cost less than a plain edit (1). Spellings finds every word within 2 of the written one
// (2.5 for words of 8 letters or more).
func Distance(written, meant string) float64 {
	s := newSearcher(nil, foldLower(written), 0)
	w := foldLower(meant)
	for j := 0; j < len(w); j++ {
		var prevC byte
		var row2 []int32
		if j > 0 {
			prevC, row2 = w[j-1], s.rows[j-1]
		}
		s.rows = append(s.rows, make([]int32, len(s.q)+1))
		s.step(row2, s.rows[j], s.rows[j+1], prevC, w[j])
	}
	return float64(s.rows[len(w)][len(s.q)]) / costUnit
}

// substitute is the cost of typing q where the word has w.
func substitute(w, q byte) int32 {
	switch {
	case w == q:
		return 0
	case isVowel(w) && isVowel(q):
		return cost(costVowel)
	case neighbours(w, q):
		return cost(costNeighbour)
	}
	return cost(costPlain)
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

// joinMinLogFreq: a joined word must be at least this common to be offered ("can not" →
// "cannot", "with out" → "without"), so that two right words are not glued into a rare one.
const joinMinLogFreq = -14.0

// Join returns the one word that two written words make when the space between them is a slip
// ("can not" → "cannot", "some times" → "sometimes", "no body" → "nobody"), in the first word's
// case, if the dialect holds it and it is common.
func (l *Lexicon) Join(first, second string, d Dialect) (string, bool) {
	if first == "" || second == "" {
		return "", false
	}
	joined := applyCase(first, foldLower(first)+foldLower(second))
	if !l.Known(joined, d) || l.LogFreq(joined) < joinMinLogFreq {
		return "", false
	}
	return joined, true
}
