package lexicon

import (
	"slices"
	"strings"
)

// Agreement with a noun subject, the plain verb after "to", and "of" after a quantifier: the
// grammar a determiner, a head word or a quantifier decides (refine's grammar generators ask;
// the model confirms).

// PluralNoun reports whether noun is the plural of a countable noun the dictionary holds
// ("defaults", "policies", "people"), not a word that only looks like one ("news", "series",
// "bus").
func (l *Lexicon) PluralNoun(noun string) bool {
	n := foldLower(noun)
	if irregularSingular[n] != "" {
		return true
	}
	if len(n) < 3 || isFunctionWord(n) || wordClasses[n] != 0 || uncountable[n] || agreeNever[n] ||
		singularInS[n] || strings.HasSuffix(n, "ss") || !l.Dictionary(n, US) {
		return false
	}
	return l.singularOf(n) != ""
}

// singularOf is the singular the plural noun n comes from: an irregular one ("men" → "man"),
// else the countable dictionary word whose -s form n is ("policies" → "policy"); "" if none.
func (l *Lexicon) singularOf(n string) string {
	if s := irregularSingular[n]; s != "" {
		return s
	}
	for _, b := range sBases(n) {
		if !uncountable[b] && l.Dictionary(b, US) {
			return b
		}
	}
	return ""
}

// singularInS are singular nouns whose -s makes them look like the plural of another word.
var singularInS = map[string]bool{"lens": true, "gas": true, "bus": true, "bias": true, "alias": true,
	"canvas": true, "atlas": true, "chaos": true, "thesis": true, "basis": true, "crisis": true,
	"analysis": true, "status": true, "focus": true, "bonus": true, "virus": true, "campus": true,
	"census": true, "corpus": true, "apparatus": true, "plus": true, "minus": true, "yes": true,
	"always": true, "perhaps": true, "headquarters": true, "whereabouts": true, "tennis": true}

// NounAgreeing returns the form of verb that agrees with the subject det+noun right before it
// ("the defaults is" → "are", "this policy are" → "is", "these tools needs the" → "need"), when
// det and noun agree with each other and verb is a present-tense form (or was) of the other
// number; ok is false otherwise. A plural subject is a plural noun after no determiner or any
// that does not ask a singular. The forms of be, have and do come from the tables; another verb
// only where objectNext (a determiner or an object pronoun follows it: "this policy help the
// government"), since after a noun the same word is often a noun ("the user guide"). A singular
// subject needs a determiner that asks one ("this", "each", "a"): "the team are" is the British
// plural of a group, and a group noun is left alone after any determiner ("a couple are").
// Whether det+noun is the verb's subject the caller decides.
func (l *Lexicon) NounAgreeing(det, noun, verb string, objectNext bool) (string, bool) {
	d, n, v := foldLower(det), foldLower(noun), foldLower(straightApostrophes(verb))
	if agreeNever[v] {
		return "", false
	}
	var f string
	switch plural := l.PluralNoun(n); {
	case plural && !singularSubjectDets[d]:
		if f = agreePlural[v]; f == "" && objectNext {
			f = l.baseOf(v)
		}
	case !plural && singularSubjectDets[d] && l.singularNoun(n):
		if f = agreeThird[v]; f == "" && objectNext && l.verbBase(v) {
			f = thirdPerson(v)
		}
	}
	if f == "" || v == "am" || !l.Dictionary(f, US) {
		return "", false
	}
	return applyCase(verb, f), true
}

// ThereAgreeing returns the plural of the verb after an existential "there" ("there is many
// reasons" → "are", "there was two cars" → "were") when the words after it, next and then
// after, begin a plural noun phrase: a determiner that asks a plural, or a plural noun alone or
// after "some", "no", "more" or "other"; ok is false otherwise ("there is a lot of cars" and
// "there is more water" stay).
func (l *Lexicon) ThereAgreeing(verb, next, after string) (string, bool) {
	v, n := foldLower(straightApostrophes(verb)), foldLower(next)
	f := thereVerbs[v]
	if f == "" {
		return "", false
	}
	plural := pluralDeterminers[n] || l.PluralNoun(n) || thereQuantifiers[n] && l.PluralNoun(after)
	if !plural {
		return "", false
	}
	return applyCase(verb, f), true
}

var (
	// thereVerbs: the singular verbs of an existential "there" and their plurals.
	thereVerbs = map[string]string{"is": "are", "was": "were", "isn't": "aren't", "wasn't": "weren't"}
	// thereQuantifiers take either number: the noun after them decides.
	thereQuantifiers = map[string]bool{"some": true, "no": true, "more": true, "other": true, "any": true}
)

// singularNoun reports whether n can be a singular noun's head: a dictionary word, open-class,
// and no group noun (whose verb may be plural).
func (l *Lexicon) singularNoun(n string) bool {
	return len(n) >= 3 && !isFunctionWord(n) && wordClasses[n] == 0 && !groupNouns[n] && !agreeNever[n] &&
		!strings.HasSuffix(n, "s") && l.Dictionary(n, US)
}

var (
	// singularSubjectDets ask a singular noun after them.
	singularSubjectDets = map[string]bool{"this": true, "that": true, "each": true, "every": true,
		"another": true, "a": true, "an": true}
	// groupNouns name a group: British English gives them a plural verb ("the team are").
	groupNouns = map[string]bool{"team": true, "staff": true, "family": true, "government": true,
		"committee": true, "group": true, "crew": true, "audience": true, "public": true,
		"police": true, "class": true, "board": true, "company": true, "couple": true, "majority": true,
		"minority": true, "jury": true, "band": true, "crowd": true, "army": true, "council": true,
		"party": true, "management": true, "lot": true, "number": true, "variety": true, "range": true,
		"bunch": true, "dozen": true, "half": true, "part": true, "rest": true, "percent": true,
		"total": true, "pair": true, "set": true, "series": true, "species": true, "kind": true,
		"sort": true, "type": true, "ton": true, "host": true}
)

// PlainVerb returns the plain form of verb when verb is another present or past form of a verb:
// an -s form ("changes" → "change"), a regular past ("tried" → "try") or an irregular one ("went"
// → "go"); ok is false otherwise ("news", "change"). The caller knows that the place asks a
// plain verb: after "to" that follows a word taking an infinitive, a modal, "do not".
func (l *Lexicon) PlainVerb(verb string) (string, bool) {
	v := foldLower(verb)
	if agreeNever[v] || uncountable[v] || isFunctionWord(v) || wordClasses[v] != 0 {
		return "", false
	}
	f := l.baseOf(v)
	if f == "" {
		f = l.regularPastBase(v)
	}
	if f == "" {
		f = irregularPastBases[v]
	}
	if f == "" || !l.Dictionary(f, US) {
		return "", false
	}
	return applyCase(verb, f), true
}

// regularPastBase is the verb whose regular past is v ("tried" → "try", "stopped" → "stop",
// "changed" → "change"), or "".
func (l *Lexicon) regularPastBase(v string) string {
	if !strings.HasSuffix(v, "ed") {
		return ""
	}
	for _, b := range l.stems(v) {
		if b != v && l.verbBase(b) && slices.Contains(regularForms(b), v) && !l.belongsToSilentE(b, v) {
			return b
		}
	}
	return ""
}

// TakesInfinitive reports whether "to" after word begins an infinitive: "need to", "able to",
// "in order to"; not "due to" or "used to" ("get used to changes").
func (l *Lexicon) TakesInfinitive(word string) bool { return infinitiveHeads[foldLower(word)] }

// infinitiveHeads take "to" and a verb's plain form after them.
var infinitiveHeads = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`need needs needed want wants wanted have has had going able
		unable try tries tried trying decide decides decided plan plans planned hope hopes hoped
		like likes liked love loves loved begin begins began start starts started continue
		continues continued allowed asked told learn learns learned learnt forgot forget remember
		seem seems seemed appear appears appeared tend tends tended manage managed fail fails
		failed expected supposed required refuse refused agree agreed promise promised afford
		choose chose prefer prefers preferred easy easier hard harder difficult
		important possible impossible necessary how order`) {
		m[w] = true
	}
	return m
}()

// SuperfluousOf reports whether "of" between the quantifier q and noun is one too many: a
// quantifier takes "of" before a determiner or a pronoun ("most of the users", "many of
// them") but not before a bare plural noun ("most of users" → "most users").
func (l *Lexicon) SuperfluousOf(q, noun string) bool {
	return ofQuantifiers[foldLower(q)] && noun == strings.ToLower(noun) && l.PluralNoun(noun)
}

// ofQuantifiers are the quantifiers that take a bare plural noun without "of".
var ofQuantifiers = map[string]bool{"most": true, "many": true, "some": true, "few": true,
	"several": true, "all": true, "both": true}

// OneOfPlural returns the plural of noun where it ends the noun phrase after "one of the"
// ("one of the best thing" → "things"), when noun is a singular count noun with a plural the
// dictionary holds; ok is false for a comparative or superlative ("one of the best"), an
// uncountable noun, or a word with no plural ("one of the most important").
func (l *Lexicon) OneOfPlural(noun string) (string, bool) {
	n := foldLower(noun)
	if len(n) < 3 || isFunctionWord(n) || wordClasses[n] != 0 || uncountable[n] || agreeNever[n] ||
		strings.HasSuffix(n, "s") && !strings.HasSuffix(n, "ss") || l.PluralNoun(n) || l.Compared(n) || !l.Dictionary(n, US) {
		return "", false
	}
	f := irregularPlural[n]
	if f == "" {
		f = thirdPerson(n)
	}
	if !l.Dictionary(f, US) {
		return "", false
	}
	return applyCase(noun, f), true
}
