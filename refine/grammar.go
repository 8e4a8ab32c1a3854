package refine

import (
	"strings"

	lex "github.com/redraft/redraft/refine/lexicon"
)

// Grammar: generators for the agreement errors whose right form the words next to them decide —
// a verb and its pronoun subject, a noun and its determiner, "more" before a comparative, "of"
// after a modal — so the model need only confirm, not find, the fix.

// agreements makes a present-tense verb agree with the personal pronoun right before it, where
// the pronoun is the verb's subject ("he enjoy it" → "enjoys", "they needs" → "need", "we was"
// → "were"; lexicon.Agreeing): "I", "we", "they", "he" and "she" always are; "it" and "you"
// only where a clause starts ("make it work" and "give you things" are objects). A pronoun after
// an auxiliary is no subject before its verb ("does he know"), nor one after "and" or "or" that
// joins it to another subject ("he and she know"), nor a capital I after a name ("World War I
// is").
type agreements struct{}

func (agreements) propose(v *view, add func(candidate)) {
	for i := 0; i+1 < len(v.words); i++ {
		p, w := v.words[i], v.words[i+1]
		if !p.plain || p.prot || !v.editable(i+1) || !w.space() || p.b != w.a || !v.subjectAt(i) {
			continue
		}
		last, verb := i+1, w.bare()
		if i+2 < len(v.words) && isNegation(v.words[i+2].text) && w.b == v.words[i+2].a {
			last, verb = i+2, verb+"'t" // "doesn|'t" is one verb
		}
		if f, ok := v.lex.agreeing(p.bare(), verb); ok {
			if c, ok := v.replaceSpan(i+1, last, matchCase(w.bare(), f), KindAgreement); ok {
				add(c)
			}
		}
	}
}

// numbers puts a noun in the number its determiner asks ("many subject" → "subjects", "another
// examples" → "example"; lexicon.NounNumber), where the noun ends its noun phrase: the word after
// it is a function word or punctuation, or there is none ("many academic subjects" is an
// adjective before its noun).
type numbers struct{}

func (numbers) propose(v *view, add func(candidate)) {
	for i := 0; i+1 < len(v.words); i++ {
		d, n := v.words[i], v.words[i+1]
		if !d.plain || d.prot || !v.editable(i+1) || !n.space() || d.b != n.a {
			continue
		}
		if !v.endsPhrase(i + 2) {
			continue
		}
		if f, ok := v.lex.nounNumber(d.bare(), n.bare()); ok {
			if c, ok := v.replace(i+1, f, KindNumber); ok {
				add(c)
			}
		}
	}
}

// endsPhrase reports whether a noun phrase may end before word j: there is none, or it is
// punctuation, a function word or a wh-word, not an open-class word the phrase would go on to.
func (v *view) endsPhrase(j int) bool {
	if j >= len(v.words) || !v.words[j].letters || !v.words[j].space() {
		return true
	}
	w := v.words[j].bare()
	return v.lex.functionWord(w) || v.lex.classOf(w) != 0 || whWords[strings.ToLower(w)]
}

// whWords open a clause after a noun ("several reasons why", "the people who").
var whWords = map[string]bool{"why": true, "how": true, "who": true, "whom": true, "what": true}

// isNegation reports whether a word is the "'t" of a negated auxiliary, either apostrophe.
func isNegation(s string) bool { return s == "'t" || s == "’t" }

// subjectAt reports whether the personal pronoun at word i stands as a subject (agreements).
func (v *view) subjectAt(i int) bool {
	pr := strings.ToLower(v.words[i].bare())
	c := v.lex.classOf(pr)
	if !c.Has(lex.Subject) || pr == "there" {
		return false
	}
	if i == 0 || !v.words[i-1].letters {
		return true // a sentence or a clause after punctuation starts here
	}
	prev := v.words[i-1].bare()
	pc := v.lex.classOf(prev)
	switch lp := strings.ToLower(prev); {
	case pc.Has(lex.Auxiliary):
		return false
	case lp == "and" || lp == "or" || lp == "nor":
		return i < 2 || !v.lex.classOf(v.words[i-2].bare()).Has(lex.Subject) && !isCapitalised(v.words[i-2].bare())
	case pr == "i" && isCapitalised(prev):
		return false
	case pr == "it" || pr == "you":
		return pc.Has(lex.Coordinator | lex.Subordinator)
	}
	return true
}

// doubleComparatives removes "more" or "most" before a comparative or superlative ("more
// stronger" → "stronger", "the most worst" → "the worst"; lexicon.Compared), where the compared
// form ends its phrase: "more older people" is more of the older people.
type doubleComparatives struct{}

func (doubleComparatives) propose(v *view, add func(candidate)) {
	for i := 0; i+1 < len(v.words); i++ {
		w, next := v.words[i], v.words[i+1]
		more := strings.ToLower(w.bare())
		if more != "more" && more != "most" || !v.editable(i) || !v.editable(i+1) || !next.space() || !v.lex.compared(next.bare()) || !v.endsPhrase(i+2) {
			continue
		}
		if c, ok := v.replaceSpan(i, i+1, matchCase(w.bare(), next.bare()), KindComparative); ok {
			add(c)
		}
	}
}

// modalOf writes "have" for the "of" a writer hears in "could've" ("could of been" → "could
// have been"), after a modal; "could of course" is left alone.
type modalOf struct{}

var modals = map[string]bool{"could": true, "would": true, "should": true, "must": true, "might": true, "may": true}

func (modalOf) propose(v *view, add func(candidate)) {
	for i := 1; i < len(v.words); i++ {
		w, prev := v.words[i], v.words[i-1]
		if !strings.EqualFold(w.bare(), "of") || !modals[strings.ToLower(prev.bare())] || !v.editable(i) || !w.space() {
			continue
		}
		if i+1 < len(v.words) && strings.EqualFold(v.words[i+1].bare(), "course") {
			continue
		}
		if c, ok := v.replace(i, "have", KindSoundAlike); ok {
			add(c)
		}
	}
}
