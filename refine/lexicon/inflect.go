package lexicon

import (
	"cmp"
	"slices"
	"strings"
	"unicode"
)

// irregularVerbs lists English irregular verbs: base, past, past participle; "/" separates
// accepted alternatives (the word list later keeps the ones each dialect has).
const irregularVerbs = `
arise arose arisen
awake awoke awoken
bear bore borne/born
beat beat beaten
become became become
begin began begun
bend bent bent
bet bet bet
bind bound bound
bite bit bitten
bleed bled bled
blow blew blown
break broke broken
breed bred bred
bring brought brought
broadcast broadcast broadcast
build built built
burn burnt/burned burnt/burned
burst burst burst
buy bought bought
catch caught caught
choose chose chosen
cling clung clung
come came come
cost cost cost
creep crept crept
cut cut cut
deal dealt dealt
dig dug dug
dive dove/dived dived
draw drew drawn
dream dreamt/dreamed dreamt/dreamed
drink drank drunk
drive drove driven
eat ate eaten
fall fell fallen
feed fed fed
feel felt felt
fight fought fought
find found found
flee fled fled
fling flung flung
fly flew flown
forbid forbade forbidden
forecast forecast forecast
forget forgot forgotten
forgive forgave forgiven
freeze froze frozen
get got got/gotten
give gave given
go went gone
grind ground ground
grow grew grown
hang hung hung
hear heard heard
hide hid hidden
hit hit hit
hold held held
hurt hurt hurt
keep kept kept
kneel knelt knelt
know knew known
lay laid laid
lead led led
lean leant/leaned leant/leaned
leap leapt/leaped leapt/leaped
learn learnt/learned learnt/learned
leave left left
lend lent lent
let let let
lie lay lain
light lit/lighted lit/lighted
lose lost lost
make made made
mean meant meant
meet met met
mislead misled misled
mistake mistook mistaken
overcome overcame overcome
override overrode overridden
overtake overtook overtaken
overwrite overwrote overwritten
pay paid paid
prove proved proven/proved
put put put
quit quit quit
read read read
rebuild rebuilt rebuilt
rewrite rewrote rewritten
rid rid rid
ride rode ridden
ring rang rung
rise rose risen
run ran run
say said said
see saw seen
seek sought sought
sell sold sold
send sent sent
set set set
sew sewed sewn/sewed
shake shook shaken
shed shed shed
shine shone shone
shoot shot shot
show showed shown
shrink shrank shrunk
shut shut shut
sing sang sung
sink sank sunk
sit sat sat
sleep slept slept
slide slid slid
sling slung slung
speak spoke spoken
speed sped sped
spell spelt/spelled spelt/spelled
spend spent spent
spill spilt/spilled spilt/spilled
spin spun spun
spit spat spat
split split split
spoil spoilt/spoiled spoilt/spoiled
spread spread spread
spring sprang sprung
stand stood stood
steal stole stolen
stick stuck stuck
sting stung stung
stink stank stunk
strike struck struck
string strung strung
strive strove striven
swear swore sworn
sweep swept swept
swell swelled swollen
swim swam swum
swing swung swung
take took taken
teach taught taught
tear tore torn
tell told told
think thought thought
throw threw thrown
thrust thrust thrust
tread trod trodden
undergo underwent undergone
understand understood understood
undertake undertook undertaken
undo undid undone
upset upset upset
wake woke woken
wear wore worn
weave wove woven
weep wept wept
win won won
wind wound wound
withdraw withdrew withdrawn
withhold withheld withheld
withstand withstood withstood
write wrote written
`

// irregularNouns lists singular and plural(s) of nouns that do not take -s/-es.
const irregularNouns = `
analysis analyses
appendix appendices/appendixes
axis axes
basis bases
child children
crisis crises
criterion criteria
datum data
diagnosis diagnoses
die dice
foot feet
goose geese
half halves
hypothesis hypotheses
index indices/indexes
knife knives
leaf leaves
life lives
loaf loaves
man men
matrix matrices
medium media
mouse mice
ox oxen
parenthesis parentheses
person people
phenomenon phenomena
self selves
shelf shelves
thesis theses
thief thieves
tooth teeth
vertex vertices
wife wives
wolf wolves
woman women
`

// familyGroups are closed inflection families: every member is an inflection of every other.
var familyGroups = [][]string{
	{"be", "am", "is", "are", "was", "were", "been", "being"},
	{"have", "has", "had", "having"},
	{"do", "does", "did", "done", "doing"},
	{"a", "an"},
	{"good", "better", "best"},
	{"bad", "worse", "worst"},
	{"many", "more", "most"},
	{"much", "more", "most"},
	{"little", "less", "least"},
	{"far", "farther", "further", "farthest", "furthest"},
}

// inflectionTables maps each form of an irregular word or closed family to its family.
var inflectionTables = func() map[string][]string {
	m := map[string][]string{}
	addFamily := func(forms []string) {
		for _, f := range forms {
			m[f] = append(m[f], forms...)
		}
	}
	for _, g := range familyGroups {
		addFamily(g)
	}
	for _, line := range strings.Split(strings.TrimSpace(irregularVerbs), "\n") {
		f := strings.Fields(line)
		base := f[0]
		forms := []string{base, thirdPerson(base), presentParticiple(base)}
		for _, alts := range f[1:] {
			forms = append(forms, strings.Split(alts, "/")...)
		}
		addFamily(forms)
	}
	for _, line := range strings.Split(strings.TrimSpace(irregularNouns), "\n") {
		f := strings.Fields(line)
		addFamily(append([]string{f[0]}, strings.Split(f[1], "/")...))
	}
	for k, v := range m {
		slices.Sort(v)
		m[k] = slices.Compact(v)
	}
	return m
}()

// Inflections returns the other inflected forms of word that the lexicon holds: is/are/was/were,
// has/have, do/does, a/an, singular/plural (-s, -es, -ies and irregular plurals), verb forms (-s,
// -ed, -ing, irregular pasts) and irregular comparatives, in word's case, most frequent first.
// Regular forms are made by rule from every possible stem and kept only when they are real words;
// closed-class words take none ("the" is no verb with a form "thing", "and" none with "anded").
func (l *Lexicon) Inflections(word string) []string {
	w := foldLower(straightApostrophes(word))
	var forms []string
	for _, stem := range l.stems(w) {
		forms = append(forms, stem)
		forms = append(forms, inflectionTables[stem]...)
		if len(stem) >= minStem && !isFunctionWord(stem) {
			for _, f := range regularForms(stem) {
				if !l.belongsToSilentE(stem, f) {
					forms = append(forms, f)
				}
			}
		}
	}
	forms = append(forms, inflectionTables[w]...)
	seen := map[string]bool{w: true}
	var out []string
	for _, f := range forms {
		if seen[f] || !l.anyDialect(f) {
			continue
		}
		seen[f] = true
		out = append(out, f)
	}
	slices.SortStableFunc(out, func(a, b string) int { return cmp.Compare(l.LogFreq(b), l.LogFreq(a)) })
	for i, f := range out {
		out[i] = applyCase(word, f)
	}
	return out
}

// belongsToSilentE reports whether f, made by rule from stem, is instead a form of stem+"e":
// -ed and -ing on a stem whose e-word exists belong to that word (cared and caring are care's,
// not car's; hoped is hope's, and hop's is hopped).
func (l *Lexicon) belongsToSilentE(stem, f string) bool {
	if strings.HasSuffix(stem, "e") || !l.anyDialect(stem+"e") {
		return false
	}
	return f == stem+"ed" || f == stem+"ing"
}

// silentEStem reports whether a stem cut from -ed or -ing with nothing put back belongs instead
// to the word with a silent e (stor+ed is store's "stored"), so that it is no stem of its own
// (the lexicon holds stray words such as "stor" and "caus").
func (l *Lexicon) silentEStem(stem, suffix, repl string) bool {
	return repl == "" && (suffix == "ed" || suffix == "ing") && !strings.HasSuffix(stem, "e") && l.anyDialect(stem+"e")
}

// anyDialect reports whether the lower-case form w is a word in some dialect.
func (l *Lexicon) anyDialect(w string) bool {
	for _, id := range l.trie.find(w) {
		if l.word(id) == w {
			return true
		}
	}
	return false
}

// minStem is the shortest stem the regular rules apply to: the short words that inflect (be, do,
// go, a) are in the tables, and "as" is no plural of "a".
const minStem = 3

// stems returns the real words that w may be an inflection of, w itself included when it is one.
func (l *Lexicon) stems(w string) []string {
	cands := []string{w}
	for _, r := range [...]struct{ suffix, repl string }{
		{"s", ""}, {"es", ""}, {"ies", "y"}, {"ves", "f"}, {"ves", "fe"},
		{"ed", ""}, {"ed", "e"}, {"d", ""}, {"ied", "y"},
		{"ing", ""}, {"ing", "e"}, {"ying", "ie"},
	} {
		if stem, ok := strings.CutSuffix(w, r.suffix); ok && len(stem+r.repl) >= minStem {
			if l.silentEStem(stem, r.suffix, r.repl) {
				continue // stored is store's, not "stor"'s; hoped is hope's, not hop's
			}
			cands = append(cands, stem+r.repl)
			// A doubled final consonant: stopped → stop, running → run.
			if r.repl == "" && (r.suffix == "ed" || r.suffix == "ing") && len(stem) >= 3 &&
				stem[len(stem)-1] == stem[len(stem)-2] && !isVowel(stem[len(stem)-1]) {
				cands = append(cands, stem[:len(stem)-1])
			}
		}
	}
	var out []string
	for _, c := range cands {
		if l.anyDialect(c) && !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	return out
}

// regularForms makes the regular inflections of a stem by rule: -s/-es/-ies, -ed/-d/-ied with
// and without a doubled final consonant, -ing with e dropped, ie → y and a doubled consonant.
// Several spellings come out where the rules are ambiguous; the word list picks the real ones.
func regularForms(stem string) []string {
	out := []string{thirdPerson(stem), presentParticiple(stem)}
	n := len(stem)
	last := stem[n-1]
	switch {
	case last == 'e':
		out = append(out, stem+"d")
	case last == 'y' && n >= 2 && !isVowel(stem[n-2]):
		out = append(out, stem[:n-1]+"ied")
	default:
		out = append(out, stem+"ed")
	}
	if doubles(stem) {
		out = append(out, stem+string(last)+"ed", stem+string(last)+"ing")
	}
	return out
}

// thirdPerson is the -s form: -es after s, x, z, ch, sh and o; -ies after a consonant and y.
func thirdPerson(stem string) string {
	n := len(stem)
	switch {
	case strings.HasSuffix(stem, "s") || strings.HasSuffix(stem, "x") || strings.HasSuffix(stem, "z") ||
		strings.HasSuffix(stem, "ch") || strings.HasSuffix(stem, "sh") || strings.HasSuffix(stem, "o"):
		return stem + "es"
	case stem[n-1] == 'y' && n >= 2 && !isVowel(stem[n-2]):
		return stem[:n-1] + "ies"
	}
	return stem + "s"
}

// presentParticiple is the -ing form: ie → ying, a silent e dropped (not ee, oe, ye).
func presentParticiple(stem string) string {
	n := len(stem)
	switch {
	case strings.HasSuffix(stem, "ie"):
		return stem[:n-2] + "ying"
	case stem[n-1] == 'e' && n >= 3 && !strings.HasSuffix(stem, "ee") && !strings.HasSuffix(stem, "oe") && !strings.HasSuffix(stem, "ye"):
		return stem[:n-1] + "ing"
	}
	return stem + "ing"
}

// doubles reports whether a stem may double its final consonant (stop → stopped): it ends in
// consonant-vowel-consonant, the last not w, x or y.
func doubles(stem string) bool {
	n := len(stem)
	if n < 3 {
		return false
	}
	a, b, c := stem[n-3], stem[n-2], stem[n-1]
	return !isVowel(a) && isVowel(b) && b != 'y' && !isVowel(c) && c != 'w' && c != 'x' && c != 'y'
}

// Exceptions to the letter rule for a/an: words spelt with a vowel that start with a consonant
// sound, and words spelt with a consonant that start with a vowel sound.
var (
	consonantSoundPrefixes = []string{"uni", "use", "usu", "uti", "ura", "ure", "uro", "eu", "ewe", "one-", "ouija", "ubiq", "uku", "ufo"}
	consonantSoundWords    = []string{"one", "ones", "oneself", "once"}
	// un- + in/im/id stays a vowel: an uninformed, an unimportant, an unidentified.
	vowelSoundUni      = []string{"unin", "unim", "unid"}
	vowelSoundPrefixes = []string{"hour", "honest", "honor", "honour", "heir", "herb"} // herb: American
)

// letterNamesWithVowelSound are the letters whose names start with a vowel sound (an FBI agent,
// an SQL query, an X-ray).
const letterNamesWithVowelSound = "AEFHILMNORSX"

// spelledOut guesses whether an acronym is said letter by letter (FBI, HTML) rather than as a
// word (NASA, JSON): three letters or fewer, or no vowel.
func spelledOut(acronym string) bool {
	letters := strings.TrimRightFunc(acronym, func(r rune) bool { return !unicode.IsLetter(r) })
	return len(letters) <= 3 || !strings.ContainsAny(letters, "AEIOUY")
}

// IndefiniteArticle returns "a" or "an" for the word that follows it, by its sound: an hour, a
// university, an FBI agent, a NASA probe, a one-off, an 8-bit value, a 1-bit value. Outside
// en-US, "herb" takes "a". The result is lower case.
func (l *Lexicon) IndefiniteArticle(next string, d Dialect) string {
	w := strings.TrimLeft(next, "\"'“‘([")
	if w == "" {
		return "a"
	}
	c := w[0]
	switch {
	case c >= '0' && c <= '9':
		// Numbers by their spoken start: 8, 11, 18, 80, 800 … start with a vowel sound.
		digits := strings.TrimLeft(w, "0123456789")
		num := w[:len(w)-len(digits)]
		if c == '8' || num == "11" || num == "18" || strings.HasPrefix(num, "11") && (len(num) == 5 || len(num) == 8) ||
			strings.HasPrefix(num, "18") && (len(num) == 5 || len(num) == 8) {
			return "an"
		}
		return "a"
	case len(w) == 1 || w[1] == '-' || w[1] == '.' || allCaps(w) && spelledOut(w):
		// A letter, or an acronym said letter by letter.
		if strings.IndexByte(letterNamesWithVowelSound, c&^0x20) >= 0 {
			return "an"
		}
		return "a"
	}
	lw := foldLower(w)
	for _, p := range vowelSoundPrefixes {
		if strings.HasPrefix(lw, p) && !(p == "herb" && d != US) {
			return "an"
		}
	}
	word := strings.TrimRightFunc(lw, func(r rune) bool { return !unicode.IsLetter(r) })
	if slices.Contains(consonantSoundWords, word) {
		return "a"
	}
	for _, p := range consonantSoundPrefixes {
		if strings.HasPrefix(lw, p) && !slices.ContainsFunc(vowelSoundUni, func(v string) bool { return strings.HasPrefix(lw, v) }) {
			return "a"
		}
	}
	if isVowel(lw[0]) && lw[0] != 'y' {
		return "an"
	}
	return "a"
}

// irregularPasts maps each irregular verb's past that differs from its past participle to the
// participle (went → gone, broke → broken, wrote → written); regularized maps a regular -ed
// form of an irregular verb to the verb's past and participle forms (dealed → dealt, buyed →
// bought, goed → went, gone). Forms that are also another verb's base or participle ("lay",
// "found") are left out: they are not slips.
var irregularPasts, regularized = func() (map[string]string, map[string][]string) {
	pasts, reg := map[string]string{}, map[string][]string{}
	other := map[string]bool{} // every base and participle
	type verb struct {
		base          string
		past, partics []string
	}
	var verbs []verb
	for _, line := range strings.Split(strings.TrimSpace(irregularVerbs), "\n") {
		f := strings.Fields(line)
		v := verb{base: f[0], past: strings.Split(f[1], "/"), partics: strings.Split(f[2], "/")}
		verbs = append(verbs, v)
		other[v.base] = true
		for _, p := range v.partics {
			other[p] = true
		}
	}
	for _, v := range verbs {
		for _, p := range v.past {
			if !other[p] && !slices.Contains(v.partics, p) {
				pasts[p] = v.partics[0]
			}
		}
		for _, f := range regularForms(v.base) {
			if strings.HasSuffix(f, "ed") && !slices.Contains(v.past, f) && !slices.Contains(v.partics, f) {
				reg[f] = slices.Compact(append(slices.Clone(v.past[:1]), v.partics[0]))
			}
		}
	}
	return pasts, reg
}()

// irregularPastBases maps each irregular verb's past to its base (went → go, wrote → write),
// but for a past that is also another verb's base or participle ("found", "saw", "lay").
var irregularPastBases = func() map[string]string {
	m, other := map[string]string{}, map[string]bool{}
	lines := strings.Split(strings.TrimSpace(irregularVerbs), "\n")
	for _, line := range lines {
		f := strings.Fields(line)
		other[f[0]] = true
		for _, p := range strings.Split(f[2], "/") {
			other[p] = true
		}
	}
	for _, line := range lines {
		f := strings.Fields(line)
		for _, p := range strings.Split(f[1], "/") {
			if !other[p] && m[p] == "" {
				m[p] = f[0]
			}
		}
	}
	return m
}()

// IrregularParticiple returns the past participle of word when word is an irregular verb's
// past that is not also its participle ("went" → "gone", "broke" → "broken"), in word's case.
func (l *Lexicon) IrregularParticiple(word string) (string, bool) {
	p, ok := irregularPasts[foldLower(word)]
	return applyCase(word, p), ok
}

// Regularized returns an irregular verb's past and participle when word is no word but the
// verb's regular -ed form ("dealed" → "dealt"; "goed" → "went", "gone"), in word's case.
func (l *Lexicon) Regularized(word string) []string {
	w := foldLower(word)
	forms := regularized[w]
	if len(forms) == 0 || l.anyDialect(w) {
		return nil
	}
	out := make([]string, len(forms))
	for i, f := range forms {
		out[i] = applyCase(word, f)
	}
	return out
}

// nounLikeRarity is how much rarer (in natural-log frequency) a word's -ed form may be than the
// word itself before the word counts as mostly a noun: "job" → "jobbed" (6.5, about 650 times
// rarer), "time" → "timed" (5.25), "class" → "classed" (6.5) are objects after "have"; "finish",
// "save", "help", "access" (at most 2.25) are verbs whose participle a perfect may have lost.
const nounLikeRarity = 3.0

// RegularParticiple returns the -ed participle of word when word is the base of a regular verb
// ("finish" → "finished", "save" → "saved"), in word's case. A word used mostly as a noun, whose
// -ed form is far rarer than it (nounLikeRarity: "have job", "have time"), gets none.
func (l *Lexicon) RegularParticiple(word string) (string, bool) {
	w := foldLower(word)
	if len(w) < minStem || isFunctionWord(w) || inflectionTables[w] != nil || !l.anyDialect(w) {
		return "", false
	}
	if st := l.stems(w); len(st) != 1 || st[0] != w {
		return "", false // itself a form of another word ("needs", "used")
	}
	for _, f := range regularForms(w) {
		if strings.HasSuffix(f, "ed") && l.anyDialect(f) && !l.belongsToSilentE(w, f) {
			if l.LogFreq(w)-l.LogFreq(f) > nounLikeRarity {
				return "", false
			}
			return applyCase(word, f), true
		}
	}
	return "", false
}

// Agreeing returns the form of verb that agrees with the personal pronoun subject right before it
// ("he enjoy" → "enjoys", "they needs" → "need", "we was" → "were", "I is" → "am"), when verb is a
// present-tense form (or was/were) that disagrees with it; ok is false otherwise. The forms of be,
// have and do come from a table; another verb agrees by its -s form, made by rule and known to
// the dictionary. "were" after he, she or it is left alone (the subjunctive "if he were"), and
// so is a verb whose past is its base ("he put", "it cost"). Whether the pronoun is the verb's
// subject the caller decides.
func (l *Lexicon) Agreeing(pronoun, verb string) (string, bool) {
	p, v := foldLower(pronoun), foldLower(straightApostrophes(verb))
	var f string
	switch {
	case p == "i":
		f = agreeI[v]
		if f == "" {
			f = l.baseOf(v)
		}
	case p == "he" || p == "she" || p == "it":
		f = agreeThird[v]
		if f == "" && l.verbBase(v) {
			f = thirdPerson(v)
		}
	case p == "we" || p == "they" || p == "you":
		f = agreePlural[v]
		if f == "" {
			f = l.baseOf(v)
		}
	}
	if f == "" || !l.Dictionary(f, US) {
		return "", false
	}
	return applyCase(verb, f), true
}

// verbBase reports whether v can be a verb's base form whose -s form the dictionary holds: an
// open-class word that is no -s form or participle, whose -s form is a word (so no past: "he
// used" has no "useds"), not one whose past is its base, and not one of the adverbs that follow
// a subject and take an -s as another word ("he still" is no "stills").
func (l *Lexicon) verbBase(v string) bool {
	if len(v) < 2 || isFunctionWord(v) || agreeNever[v] || wordClasses[v] != 0 {
		return false
	}
	if strings.HasSuffix(v, "s") || strings.HasSuffix(v, "ing") {
		return false // already an -s form, or a participle ("he going" is no "goings")
	}
	return l.Dictionary(v, US) && l.Dictionary(thirdPerson(v), US)
}

// baseOf is the base form of the -s form v ("needs" → "need", "tries" → "try"), or "".
func (l *Lexicon) baseOf(v string) string {
	if agreeNever[v] {
		return ""
	}
	for _, b := range sBases(v) {
		if l.verbBase(b) {
			return b
		}
	}
	return ""
}

// sBases are the words whose -s form (thirdPerson: a verb's -s, a noun's regular plural) is w
// ("needs" → "need", "processes" → "process", "tries" → "try"); the caller asks which are words.
func sBases(w string) []string {
	var out []string
	for _, b := range []string{strings.TrimSuffix(w, "s"), strings.TrimSuffix(w, "es"), strings.TrimSuffix(w, "ies") + "y"} {
		if b != w && len(b) >= 2 && thirdPerson(b) == w {
			out = append(out, b)
		}
	}
	return out
}

var (
	agreeI     = map[string]string{"is": "am", "are": "am", "has": "have", "does": "do", "doesn't": "don't"}
	agreeThird = map[string]string{"have": "has", "do": "does", "don't": "doesn't", "are": "is", "am": "is",
		"haven't": "hasn't", "aren't": "isn't"}
	agreePlural = map[string]string{"has": "have", "does": "do", "doesn't": "don't", "is": "are", "am": "are",
		"isn't": "aren't", "hasn't": "haven't", "was": "were", "wasn't": "weren't"}
	// agreeNever: verbs whose past is their base, and words that follow a subject as adverbs
	// but look like verb forms.
	agreeNever = map[string]bool{
		"put": true, "let": true, "set": true, "cost": true, "hit": true, "cut": true, "hurt": true,
		"read": true, "shut": true, "quit": true, "spread": true, "bet": true, "cast": true,
		"burst": true, "split": true, "beat": true, "fit": true, "upset": true, "broadcast": true,
		"still": true, "even": true, "first": true, "last": true, "once": true, "well": true,
		"sometimes": true, "always": true, "perhaps": true, "afterwards": true, "nowadays": true,
		"besides": true, "towards": true, "guys": true, "ones": true, "yes": true, "thus": true,
	}
)

// NounNumber returns the form of noun that agrees in number with the determiner right before it
// ("many subject" → "subjects", "several reason" → "reasons", "another examples" → "example"),
// when noun is a count noun of the other number; ok is false otherwise ("a" and "an" only take a
// plural that PluralNoun knows: "a users" → "user"). Only determiners that always ask one number
// are used (not "this" or "that", which also open clauses: "this shows"),
// and nouns known to be uncountable ("these evidence", "many research") get no plural.
func (l *Lexicon) NounNumber(det, noun string) (string, bool) {
	d, n := foldLower(det), foldLower(noun)
	if len(n) < 3 || isFunctionWord(n) || wordClasses[n] != 0 || uncountable[n] || !l.Dictionary(n, US) {
		return "", false
	}
	var f string
	switch {
	case pluralDeterminers[d] && (!strings.HasSuffix(n, "s") || strings.HasSuffix(n, "ss")):
		if f = irregularPlural[n]; f == "" && irregularSingular[n] == "" {
			f = thirdPerson(n) // a noun's regular plural is spelt as a verb's -s form
		}
	case singularDeterminers[d] && !strings.HasSuffix(n, "ss"),
		(d == "a" || d == "an") && n != "people" && l.PluralNoun(n): // "a people" is a nation
		f = l.singularOf(n)
	}
	if f == "" || !l.Dictionary(f, US) {
		return "", false
	}
	return applyCase(noun, f), true
}

var (
	pluralDeterminers = map[string]bool{"many": true, "several": true, "these": true, "those": true,
		"various": true, "numerous": true, "both": true, "multiple": true, "two": true, "three": true,
		"four": true, "five": true, "six": true, "seven": true, "eight": true, "nine": true, "ten": true}
	singularDeterminers = map[string]bool{"another": true, "every": true, "each": true}
	irregularPlural     = map[string]string{"man": "men", "woman": "women", "child": "children",
		"person": "people", "tooth": "teeth", "foot": "feet", "mouse": "mice"}
	irregularSingular = func() map[string]string { // irregularPlural the other way
		m := map[string]string{}
		for s, p := range irregularPlural {
			m[p] = s
		}
		return m
	}()
	uncountable = map[string]bool{"information": true, "research": true, "advice": true, "knowledge": true,
		"equipment": true, "evidence": true, "furniture": true, "homework": true, "news": true,
		"money": true, "traffic": true, "luggage": true, "baggage": true, "software": true,
		"hardware": true, "feedback": true, "stuff": true, "music": true, "progress": true,
		"weather": true, "health": true, "education": true, "data": true, "series": true,
		"species": true, "means": true, "physics": true, "mathematics": true, "economics": true,
		"politics": true, "ethics": true, "statistics": true}
)

// Compared reports whether word is an adjective's comparative or superlative form ("stronger",
// "easiest", "better", "worst"): a regular one whose base and both forms the dictionary holds
// ("strong", "stronger", "strongest"; "proper" is no comparative of "prop", which has no
// "propest"), or an irregular one. "more" or "most" before it is superfluous.
func (l *Lexicon) Compared(word string) bool {
	w := foldLower(word)
	switch w {
	case "better", "best", "worse", "worst":
		return true
	}
	var stem, other string
	switch {
	case strings.HasSuffix(w, "est"):
		stem, other = strings.TrimSuffix(w, "est"), "er"
	case strings.HasSuffix(w, "er"):
		stem, other = strings.TrimSuffix(w, "er"), "est"
	default:
		return false
	}
	for _, base := range adjectiveBases(stem) {
		if len(base) >= 2 && l.Dictionary(base, US) && l.Dictionary(w, US) && l.Dictionary(stem+other, US) {
			return true
		}
	}
	return false
}

// adjectiveBases are the bases a comparative's stem can come from: itself ("strong"), with a
// silent e ("larg" → "large"), with a doubled consonant undone ("bigg" → "big"), with y for i
// ("easi" → "easy").
func adjectiveBases(stem string) []string {
	out := []string{stem, stem + "e"}
	if n := len(stem); n >= 3 && stem[n-1] == stem[n-2] && !isVowel(stem[n-1]) {
		out = append(out, stem[:n-1])
	}
	if s, ok := strings.CutSuffix(stem, "i"); ok {
		out = append(out, s+"y")
	}
	return out
}
