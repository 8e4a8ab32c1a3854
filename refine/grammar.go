package refine

import (
	"strings"

	lex "github.com/redraft/redraft/refine/lexicon"
)

// Grammar: generators for the errors whose right form the words next to them decide —
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
		last, verb := v.verbAt(i + 1)
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

// nounAgreements makes a verb agree with the noun subject right before it: a determiner and its
// noun, or a bare plural noun, that open a clause ("because the defaults is good" → "are",
// "This policy help the poor" → "helps", "People is" → "are"; lexicon.NounAgreeing). Only a
// noun phrase that opens its clause is taken for the subject — at the start, after
// punctuation, a subordinating conjunction, a relative word or "that" — since in "the number of
// the users is" the subject stands further back. Nor after "and", "or" or "nor": the noun may
// be the last of several ("a cat and a dog are", "the division of costs and profits is").
type nounAgreements struct{}

func (nounAgreements) propose(v *view, add func(candidate)) {
	for i := 0; i+1 < len(v.words); i++ {
		if !v.words[i].plain || !v.opensClause(i) {
			continue
		}
		det, at := "", i // at: the noun; det: the determiner before it, if any
		if v.lex.classOf(v.words[i].bare()).Has(lex.Determiner) {
			det, at = v.words[i].bare(), i+1
		}
		if at+1 >= len(v.words) {
			continue
		}
		n, w := v.words[at], v.words[at+1]
		if !n.plain || n.prot || at > i && !n.space() || !w.space() || !v.editable(at+1) {
			continue
		}
		if v.afterJoin(i) {
			continue
		}
		last, verb := v.verbAt(at + 1)
		objectNext := last+1 < len(v.words) && v.words[last+1].space() && objectOpeners[strings.ToLower(v.words[last+1].bare())]
		if f, ok := v.lex.nounAgreeing(det, n.bare(), verb, objectNext); ok {
			if c, ok := v.replaceSpan(at+1, last, matchCase(w.bare(), f), KindAgreement); ok {
				add(c)
			}
		}
	}
}

// thereAgreements makes the verb after an existential "there" agree with the plural noun phrase
// after it ("There is many reasons" → "are", "I think there was two cars" → "were";
// lexicon.ThereAgreeing). "There" after a preposition or a particle is a place ("over there is
// the door", "out there are"), not the existential one.
type thereAgreements struct{}

func (thereAgreements) propose(v *view, add func(candidate)) {
	for i := 0; i+2 < len(v.words); i++ {
		if !strings.EqualFold(v.words[i].bare(), "there") || !v.editable(i+1) {
			continue
		}
		if i > 0 && v.words[i-1].letters && (v.lex.classOf(v.words[i-1].bare()).Has(lex.Preposition) || placeParticles[strings.ToLower(v.words[i-1].bare())]) {
			continue
		}
		last, verb := v.verbAt(i + 1)
		if last+1 >= len(v.words) || !v.words[last+1].space() {
			continue
		}
		after := ""
		if last+2 < len(v.words) {
			after = v.words[last+2].bare()
		}
		if f, ok := v.lex.thereAgreeing(verb, v.words[last+1].bare(), after); ok {
			if c, ok := v.replaceSpan(i+1, last, matchCase(v.words[i+1].bare(), f), KindAgreement); ok {
				add(c)
			}
		}
	}
}

// placeParticles make a following "there" a place: "out there", "up there".
var placeParticles = map[string]bool{"out": true, "up": true, "down": true, "back": true, "here": true,
	"in": true, "over": true, "get": true, "go": true, "went": true, "been": true, "live": true, "lived": true}

// opensClause reports whether word i may open a clause: it starts the sentence or follows
// punctuation, a conjunction, a relative word or "that".
func (v *view) opensClause(i int) bool {
	if i == 0 || !v.words[i-1].letters {
		return true
	}
	prev := v.words[i-1].bare()
	return v.lex.classOf(prev).Has(lex.Coordinator|lex.Subordinator|lex.Relative) || strings.EqualFold(prev, "that")
}

// afterJoin reports whether word i follows "and", "or" or "nor".
func (v *view) afterJoin(i int) bool {
	if i == 0 {
		return false
	}
	switch strings.ToLower(v.words[i-1].bare()) {
	case "and", "or", "nor":
		return true
	}
	return false
}

// objectOpeners start the object of a verb: after "this policy help" one of them shows "help"
// is the verb, not a noun ("the user guide").
var objectOpeners = map[string]bool{"the": true, "a": true, "an": true, "this": true, "these": true,
	"those": true, "my": true, "your": true, "his": true, "her": true, "its": true, "our": true,
	"their": true, "me": true, "us": true, "them": true, "him": true}

// plainVerbs puts a verb's plain form where the word before it asks for one ("need to changes"
// → "change", "he can plays" → "play", "it doesn't works" → "work", "we didn't went" → "go";
// lexicon.PlainVerb): after "to" that follows a word taking an infinitive (not "due to
// changes"), after a modal that no determiner makes a noun ("the can opens"), and after "do
// not" ("they do things" is the verb do with an object).
type plainVerbs struct{}

func (plainVerbs) propose(v *view, add func(candidate)) {
	for i := 1; i < len(v.words); i++ {
		w := v.words[i]
		if !w.space() || !v.editable(i) || !v.asksPlainVerb(i) {
			continue
		}
		if f, ok := v.lex.plainVerb(w.bare()); ok {
			if c, ok := v.replace(i, f, KindPlainVerb); ok {
				add(c)
			}
		}
	}
}

// asksPlainVerb reports whether the words before word i ask a plain verb there (plainVerbs).
func (v *view) asksPlainVerb(i int) bool {
	prev := strings.ToLower(v.words[i-1].bare())
	switch {
	case prev == "to":
		return i >= 2 && v.words[i-1].space() && v.lex.takesInfinitive(v.words[i-2].bare())
	case plainModals[prev]:
		return i < 2 || !v.lex.classOf(v.words[i-2].bare()).Has(lex.Determiner)
	case prev == "not" || isNegation(v.words[i-1].text):
		if i < 2 {
			return false
		}
		aux := strings.ToLower(v.words[i-2].bare())
		if isNegation(v.words[i-1].text) { // "doesn|'t": the auxiliary lost its "n"
			aux = strings.TrimSuffix(aux, "n")
		}
		return aux == "do" || aux == "does" || aux == "did" || plainModals[aux] || aux == "ca" || aux == "wo"
	}
	return false
}

// plainModals are the modals a plain verb follows.
var plainModals = map[string]bool{"can": true, "could": true, "will": true, "would": true, "shall": true,
	"should": true, "may": true, "might": true, "must": true}

// quantifierOfs takes "of" out between a quantifier and a bare plural noun ("Most of users"
// → "Most users"; lexicon.SuperfluousOf); "most of the users" and "many of them" keep it.
type quantifierOfs struct{}

func (quantifierOfs) propose(v *view, add func(candidate)) {
	for i := 0; i+2 < len(v.words); i++ {
		q, of, n := v.words[i], v.words[i+1], v.words[i+2]
		if !strings.EqualFold(of.bare(), "of") || !of.space() || !n.space() || n.prot || !v.editable(i) || !v.editable(i+1) {
			continue
		}
		if v.lex.superfluousOf(q.bare(), n.bare()) {
			if c, ok := v.replaceSpan(i, i+1, q.bare(), KindQuantifier); ok {
				add(c)
			}
		}
	}
}

// oneOfs puts the noun after "one of the" in the plural ("one of the most important reason
// for" → "reasons"; lexicon.OneOfPlural): the noun is the word that ends the noun phrase, at
// most oneOfReach words after the determiner.
type oneOfs struct{}

// oneOfReach is how many words after "one of the" oneOfs looks for the phrase's end: the noun
// and up to three words before it ("the most widely used tool").
const oneOfReach = 4

func (oneOfs) propose(v *view, add func(candidate)) {
	for i := 0; i+3 < len(v.words); i++ {
		if !strings.EqualFold(v.words[i].bare(), "one") || !strings.EqualFold(v.words[i+1].bare(), "of") ||
			!v.lex.classOf(v.words[i+2].bare()).Has(lex.Determiner) {
			continue
		}
		for j := i + 3; j < min(len(v.words), i+3+oneOfReach); j++ {
			if !v.words[j].plain || !v.words[j].space() {
				break
			}
			if !v.endsPhrase(j + 1) {
				continue
			}
			if f, ok := v.lex.oneOfPlural(v.words[j].bare()); ok && v.editable(j) {
				if c, ok := v.replace(j, f, KindNumber); ok {
					add(c)
				}
			}
			break
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

// verbAt is the verb that starts at word j and the index of its last word: a negated
// auxiliary's "'t" belongs to it ("doesn|'t" is one verb, "doesn't").
func (v *view) verbAt(j int) (last int, verb string) {
	verb = v.words[j].bare()
	if j+1 < len(v.words) && isNegation(v.words[j+1].text) && v.words[j].b == v.words[j+1].a {
		return j + 1, verb + "'t"
	}
	return j, verb
}

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
