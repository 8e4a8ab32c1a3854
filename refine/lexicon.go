package refine

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// lexSource is the lexical data candidates come from (refine/lexicon: word lists with
// frequencies, common misspellings, inflections, confusion sets, function words, dialect
// spellings). Words are lower case.
type lexSource interface {
	Known(word string) bool
	Spellings(word string) []string
	Misspelling(word string) (string, bool)
	Inflections(word string) []string
	Confusables(word string) []string
	FunctionWords() []string
	DialectVariant(word, dialect string) (string, bool)
}

// lexicon answers the generators' questions from a lexSource and, where it has none, from the
// model's vocabulary (a word the tokenizer holds whole is a known word).
type lexicon struct {
	src   lexSource       // nil: the vocabulary only
	c     *core           // vocabulary
	fn    map[string]bool // function words
	users map[string]bool // the writer's dictionary, lower case
}

func newLexicon(c *core, src lexSource, userWords []string) lexicon {
	l := lexicon{src: src, c: c, fn: map[string]bool{}, users: map[string]bool{}}
	if src != nil {
		for _, w := range src.FunctionWords() {
			l.fn[w] = true
		}
	}
	for _, w := range userWords {
		l.users[strings.ToLower(strings.TrimSpace(w))] = true
	}
	return l
}

// known reports whether w is a right spelling in the dialect: the writer's own words, words of
// the list that are not another dialect's spelling, and (without a list) whole vocabulary words.
func (l lexicon) known(w, dialect string) bool {
	if l.users[w] {
		return true
	}
	if l.src == nil {
		_, ok := l.c.wordID[" "+w]
		return ok
	}
	if !l.src.Known(w) {
		return false
	}
	v, ok := l.src.DialectVariant(w, dialectOrDefault(dialect))
	return !ok || v == w
}

func dialectOrDefault(d string) string {
	if d == "" {
		return "en-US"
	}
	return d
}

// misspelling returns the correction of a common misspelling, in the dialect's spelling.
func (l lexicon) misspelling(w string) (string, bool) {
	if l.src == nil || l.users[w] {
		return "", false
	}
	return l.src.Misspelling(w)
}

// spellings returns close dictionary spellings of w (the dialect's own first), or, without a
// list, the whole-word tokens of the vocabulary one edit away.
func (l lexicon) spellings(w, dialect string) []string {
	if l.src == nil {
		return l.c.closeWords(w, 1)
	}
	var out []string
	if v, ok := l.src.DialectVariant(w, dialectOrDefault(dialect)); ok && v != w {
		out = append(out, v)
	}
	for _, s := range l.src.Spellings(w) {
		if v, ok := l.src.DialectVariant(s, dialectOrDefault(dialect)); ok {
			s = v
		}
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

func (l lexicon) inflections(w string) []string {
	if l.src == nil {
		return nil
	}
	return l.src.Inflections(w)
}

func (l lexicon) confusables(w string) []string {
	if l.src == nil {
		return nil
	}
	return l.src.Confusables(w)
}

func (l lexicon) functionWord(w string) bool { return l.fn[w] }

// kindOf names the kind of a one-word replacement from to: a spelling when from is not a word
// and to is close to it, a form when to is an inflection of from, else a word choice.
func (l lexicon) kindOf(from, to string) Kind {
	switch {
	case slices.Contains(l.inflections(from), to):
		return KindInflection
	case !l.known(from, "") && osaDistance(from, to, 2) <= 2:
		return KindSpelling
	}
	return KindWordChoice
}

// closeWords returns the whole-word tokens of the vocabulary (with a leading space, at least 3
// letters) within maxD edits of w.
func (c *core) closeWords(w string, maxD int) []string {
	if utf8.RuneCountInString(w) < 3 {
		return nil
	}
	var out []string
	for s := range c.wordID {
		t := s[1:]
		if t == w || abs(len(t)-len(w)) > maxD || len(t) < 3 {
			continue
		}
		if osaDistance(w, t, maxD) <= maxD {
			out = append(out, t)
		}
	}
	slices.Sort(out)
	return out
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// osaDistance is the optimal-string-alignment distance (Levenshtein plus adjacent
// transpositions) between a and b, by bytes; it returns limit+1 as soon as the distance must
// exceed limit.
func osaDistance(a, b string, limit int) int {
	n, m := len(a), len(b)
	prev2 := make([]int, m+1)
	prev := make([]int, m+1)
	cur := make([]int, m+1)
	for j := range m + 1 {
		prev[j] = j
	}
	for i := 1; i <= n; i++ {
		cur[0] = i
		best := cur[0]
		for j := 1; j <= m; j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = v
			best = min(best, v)
		}
		if best > limit {
			return limit + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[m]
}
