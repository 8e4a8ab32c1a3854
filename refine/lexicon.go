package refine

import (
	"slices"
	"strings"

	lex "github.com/redraft/redraft/refine/lexicon"
)

// lexicon answers the generators' questions from the embedded lexical data (refine/lexicon) in
// the writer's dialect, with the writer's own dictionary on top.
type lexicon struct {
	lx    *lex.Lexicon
	d     lex.Dialect
	users map[string]bool // the writer's dictionary, lower case
}

// maxSpellings is how many dictionary spellings are asked for one unknown word.
const maxSpellings = 6

func newLexicon(lx *lex.Lexicon, opt Options) lexicon {
	d, err := lex.ParseDialect(dialectOrDefault(opt.Dialect))
	if err != nil {
		d = lex.US // Options.Validate has refused any other value
	}
	l := lexicon{lx: lx, d: d, users: map[string]bool{}}
	for _, w := range opt.UserWords {
		l.users[strings.ToLower(strings.TrimSpace(w))] = true
	}
	return l
}

func dialectOrDefault(d string) string {
	if d == "" {
		return "en-US"
	}
	return d
}

// known reports whether w (as written) is a right spelling in the dialect, or the writer's own.
func (l lexicon) known(w string) bool {
	return l.users[strings.ToLower(w)] || l.lx.Known(w, l.d)
}

// join returns the one word that two written words make ("There fore" → "Therefore"), if the
// dialect holds it and it is common (lexicon.Join).
func (l lexicon) join(a, b string) (string, bool) { return l.lx.Join(a, b, l.d) }

// logFreq is the natural log of w's relative frequency (lexicon.LogFreq).
func (l lexicon) logFreq(w string) float64 { return l.lx.LogFreq(w) }

// article returns "a" or "an" for the word next, by its sound (lexicon.IndefiniteArticle).
func (l lexicon) article(next string) string { return l.lx.IndefiniteArticle(next, l.d) }

// dictionary reports whether w is a lower-case word of the dialect's dictionary, not one known
// only from the training corpus ("systemd").
func (l lexicon) dictionary(w string) bool { return l.lx.Dictionary(w, l.d) }

// knownElsewhere reports whether w is a right spelling in some dialect other than the writer's
// ("axe" and "colour" for en-US).
func (l lexicon) knownElsewhere(w string) bool {
	for _, d := range []lex.Dialect{lex.US, lex.GB, lex.CA, lex.AU} {
		if d != l.d && l.lx.Known(w, d) {
			return true
		}
	}
	return false
}

// misspelling returns the correction of a common misspelling, in w's case.
func (l lexicon) misspelling(w string) (string, bool) {
	if l.users[strings.ToLower(w)] {
		return "", false
	}
	return l.lx.Misspelling(w)
}

// listedSlip reports whether w, or the word before its plural -s, is a listed common
// misspelling ("Goverments": "goverment" is listed): a capitalised one is a slip, not a name.
func (l lexicon) listedSlip(w string) bool {
	if _, ok := l.misspelling(w); ok {
		return true
	}
	stem, ok := strings.CutSuffix(w, "s")
	if !ok {
		return false
	}
	_, ok = l.misspelling(stem)
	return ok
}

// contraction returns the contraction w is without its apostrophe ("dont" → "don't").
func (l lexicon) contraction(w string) (string, bool) {
	if l.users[strings.ToLower(w)] {
		return "", false
	}
	return l.lx.Contraction(w)
}

// agreeing returns the form of verb that agrees with the pronoun subject before it
// (lexicon.Agreeing).
func (l lexicon) agreeing(pronoun, verb string) (string, bool) { return l.lx.Agreeing(pronoun, verb) }

// soundAlike reports whether a and b are words said alike (lexicon.SoundAlike).
func (l lexicon) soundAlike(a, b string) bool { return l.lx.SoundAlike(a, b) }

// nounNumber returns noun in the number its determiner asks (lexicon.NounNumber).
func (l lexicon) nounNumber(det, noun string) (string, bool) { return l.lx.NounNumber(det, noun) }

// compared reports whether w is a comparative or superlative form (lexicon.Compared).
func (l lexicon) compared(w string) bool { return l.lx.Compared(w) }

// plainSlip reports whether the unknown word w is a plain slip of a dictionary word: a common
// misspelling, or a dictionary word at most plainSlipEdits away ("preffer", "yaer").
func (l lexicon) plainSlip(w string) bool {
	if _, ok := l.misspelling(w); ok {
		return true
	}
	sugs := l.lx.Spellings(w, l.d, 1)
	return len(sugs) == 1 && !strings.ContainsRune(sugs[0].Word, ' ') && sugs[0].Edit <= plainSlipEdits
}

// plainSlipEdits is the farthest (weighted) edit of a plain slip: a doubled or dropped double
// letter, or a transposition ("preffer", "yaer"); a term a writer coins is seldom that close to
// a dictionary word.
const plainSlipEdits = 0.7

// spellings returns the dictionary's close spellings of w in the dialect, best first.
func (l lexicon) spellings(w string) []lex.Suggestion { return l.lx.Spellings(w, l.d, maxSpellings) }

// dialectVariant returns w's spelling in the dialect when w is another dialect's spelling.
func (l lexicon) dialectVariant(w string) (string, bool) { return l.lx.DialectVariant(w, l.d) }

func (l lexicon) inflections(w string) []string { return l.lx.Inflections(w) }

func (l lexicon) confusables(w string) []string { return l.lx.Confusables(w) }

func (l lexicon) functionWord(w string) bool { return l.lx.IsFunctionWord(w) }

func (l lexicon) classOf(w string) lex.Class { return l.lx.ClassOf(w) }

// regularized returns an irregular verb's past and participle for a word that is no word but
// the verb's regular -ed form ("dealed" → "dealt"), unless the writer added the word.
func (l lexicon) regularized(w string) []string {
	if l.users[strings.ToLower(w)] {
		return nil
	}
	return l.lx.Regularized(w)
}

// functionWords are the function words, most frequent first.
func (l lexicon) functionWords() []string { return l.lx.FunctionWords() }

// kindOf names the kind of a one-word replacement from to: another form when to is an
// inflection of from, a spelling when from is not a word and to is close to it, else a word
// choice.
func (l lexicon) kindOf(from, to string) Kind {
	switch {
	case slices.ContainsFunc(l.inflections(from), func(s string) bool { return strings.EqualFold(s, to) }):
		return KindInflection
	case !l.known(from) && osaDistance(strings.ToLower(from), strings.ToLower(to), 2) <= 2:
		return KindSpelling
	}
	return KindWordChoice
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

// nounAgreeing returns the form of verb that agrees with the subject det+noun before it
// (lexicon.NounAgreeing).
func (l lexicon) nounAgreeing(det, noun, verb string, objectNext bool) (string, bool) {
	return l.lx.NounAgreeing(det, noun, verb, objectNext)
}

// plainVerb returns the plain form of a verb's other present or past form (lexicon.PlainVerb).
func (l lexicon) plainVerb(verb string) (string, bool) { return l.lx.PlainVerb(verb) }

// takesInfinitive reports whether "to" after word begins an infinitive (lexicon.TakesInfinitive).
func (l lexicon) takesInfinitive(word string) bool { return l.lx.TakesInfinitive(word) }

// superfluousOf reports whether "of" between a quantifier and a noun is one too many
// (lexicon.SuperfluousOf).
func (l lexicon) superfluousOf(q, noun string) bool { return l.lx.SuperfluousOf(q, noun) }

// thereAgreeing returns the plural of the verb after an existential "there" (lexicon.ThereAgreeing).
func (l lexicon) thereAgreeing(verb, next, after string) (string, bool) {
	return l.lx.ThereAgreeing(verb, next, after)
}

// oneOfPlural returns the plural a noun takes after "one of the" (lexicon.OneOfPlural).
func (l lexicon) oneOfPlural(noun string) (string, bool) { return l.lx.OneOfPlural(noun) }
