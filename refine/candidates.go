package refine

import (
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	lex "github.com/redraft/redraft/refine/lexicon"
)

// Candidates: each round, generators propose single edits to the current text of a sentence,
// one generator per kind of error behind one small interface. Generators only propose; the
// model decides among the proposals in context (rank.go, then the guard). A generator never
// touches a protected token, a word the writer added to the dictionary, or a word the writer
// uses as a term.

// candidate is one proposed edit of a sentence body: tokens [a,b) replaced by repl.
type candidate struct {
	kind     Kind
	a, b     int
	repl     []int
	body     []int   // the body with the edit applied
	old, new string  // the words before and after (trimmed), for the reason
	pre      float64 // the model's view of the edit before scoring (rank.go), higher is better
	prior    float64 // nats the guard charges on top of the kind's cost (a spelling's edits)
	slot     float64 // what judging a spelling at its slot added to its gain (guard.judge)
	silent   bool    // the view at the word's slot says nothing of the new word (slotSilent)
	byWhole  bool    // a spelling judged by its whole word's view only (see doubtedSpelling)
	clear    bool    // the one spelling the dictionary clearly prefers for the word (clearSpelling)
}

// generator proposes one kind of edit for a sentence in its current state.
type generator interface {
	propose(v *view, add func(candidate))
}

// generators returns the generators a call runs. Missing and superfluous function words are
// proposed only at high strength: on the clean dev sets the model finds a function word
// inserted into correct text as likely as one restored where it was missing.
func (c *core) generators(p plan) []generator {
	gs := []generator{doubledWords{}, capitals{}, articles{}, agreements{}, nounAgreements{}, thereAgreements{}, plainVerbs{}, quantifierOfs{}, numbers{}, oneOfs{}, doubleComparatives{}, modalOf{}, spellings{}, joins{}, participles{}, inflections, swaps{}, confusions, modelWords{}, commas{}}
	if p.guard.bold {
		gs = append(gs, missingWords{}, extraWords{})
	}
	return gs
}

// word is a run of body tokens [a,b) that forms one word (a pre-tokenizer piece: " ?letters",
// a number, punctuation, or whitespace).
type word struct {
	a, b    int
	text    string // decoded, with its leading space if any
	letters bool   // contains a letter
	plain   bool   // only letters, apostrophes and hyphens after an optional leading space
	prot    bool   // a token is protected, or the writer uses the word as a term
}

// bare is the word without its leading space.
func (w word) bare() string { return strings.TrimPrefix(w.text, " ") }

// space reports whether the word carries a leading space.
func (w word) space() bool { return strings.HasPrefix(w.text, " ") }

// isLetterish reports whether a token boundary character continues a word: letters, and bytes
// of multi-byte characters that a token split.
func isLetterish(r rune) bool { return r == utf8.RuneError || unicode.IsLetter(r) }

// words splits a body into words: a token continues the previous word when it starts with a
// letter and the previous token ends with one.
func (c *core) words(body []int, prot []bool) []word {
	var out []word
	for i, id := range body {
		s := c.text[id]
		cont := false
		if i > 0 && s != "" {
			prev := c.text[body[i-1]]
			r1, _ := utf8.DecodeRuneInString(s)
			r0, _ := utf8.DecodeLastRuneInString(prev)
			cont = prev != "" && isLetterish(r1) && isLetterish(r0)
		}
		if !cont {
			out = append(out, word{a: i, b: i})
		}
		w := &out[len(out)-1]
		w.b = i + 1
		w.text += s
		if i < len(prot) && prot[i] {
			w.prot = true
		}
	}
	for i := range out {
		w := &out[i]
		w.letters = strings.IndexFunc(w.text, unicode.IsLetter) >= 0
		w.plain = isPlainWord(w.bare())
	}
	return out
}

// isPlainWord: letters, with inner apostrophes or hyphens.
func isPlainWord(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		if !unicode.IsLetter(r) && !((r == '\'' || r == '’' || r == '-') && i > 0) {
			return false
		}
	}
	return true
}

// view is what generators see of one sentence in one round.
type view struct {
	c     *core
	lex   lexicon
	opt   Options
	body  []int
	words []word
	cur   *scored         // the current body's score: pseudo-log-likelihoods and distributions
	sus   []int           // suspect words (indices into words), least likely first
	slot  map[int]dist    // word index → distribution at one mask in the word's place
	ins   map[int]dist    // word index → distribution at a mask inserted before the word
	gaps  []int           // word indices where a comma may be missing (insertionGaps)
	size  int             // canvas body slots: no candidate may be longer
	terms map[string]bool // lower-case words the writer uses as terms (see termsOf)
	log   *explainLog     // nil unless Options.Explain is set
	opens bool            // the sentence opens a prose paragraph (opensProse)
}

// wordLP is the least likely token of word i in the current body.
func (v *view) wordLP(i int) float64 {
	w := v.words[i]
	m := math.Inf(1)
	for t := w.a; t < w.b; t++ {
		m = math.Min(m, v.cur.body[t])
	}
	return m
}

// editable reports whether word i may change: a plain, unprotected word that is not a term.
func (v *view) editable(i int) bool {
	w := v.words[i]
	return w.plain && !w.prot && !v.terms[strings.ToLower(w.bare())]
}

// replace builds the candidate that replaces word i by text (same leading-space shape; case
// follows the original's first letter).
func (v *view) replace(i int, text string, k Kind) (candidate, bool) {
	w := v.words[i]
	text = matchCase(w.bare(), text)
	if text == w.bare() || text == "" {
		return candidate{}, false
	}
	return v.replaceSpan(i, i, text, k)
}

// replaceSpan builds the candidate that replaces words x..y (inclusive) by text, with word x's
// leading space.
func (v *view) replaceSpan(x, y int, text string, k Kind) (candidate, bool) {
	var old strings.Builder
	for _, w := range v.words[x : y+1] {
		old.WriteString(w.text)
	}
	s := text
	if v.words[x].space() {
		s = " " + text
	}
	return v.edit(v.words[x].a, v.words[y].b, v.c.tok.Encode(s), k, strings.TrimPrefix(old.String(), " "), text)
}

// edit builds a candidate replacing body[a:b] by repl, unless it would not fit the canvas.
func (v *view) edit(a, b int, repl []int, k Kind, old, new string) (candidate, bool) {
	body := splice(v.body, a, b, repl...)
	if len(body) > v.size || len(body) == 0 {
		return candidate{}, false
	}
	return candidate{kind: k, a: a, b: b, repl: repl, body: body, old: old, new: new}, true
}

func splice(body []int, a, b int, repl ...int) []int {
	out := make([]int, 0, len(body)-(b-a)+len(repl))
	out = append(out, body[:a]...)
	out = append(out, repl...)
	return append(out, body[b:]...)
}

// matchCase gives s the capitalisation of like's first letter.
func matchCase(like, s string) string {
	if unicode.IsUpper(firstRune(like)) && unicode.IsLower(firstRune(s)) {
		return capitalise(s)
	}
	return s
}

// capitalise upper-cases s's first letter.
func capitalise(s string) string {
	f, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(f)) + s[n:]
}

func firstRune(s string) rune {
	r, _ := utf8.DecodeRuneInString(s)
	return r
}

// ---- the generators, one per kind ----

// doubledWords deletes a word that repeats the word before it ("the the"), wherever it is.
type doubledWords struct{}

func (doubledWords) propose(v *view, add func(candidate)) {
	for i := 1; i < len(v.words); i++ {
		w, p := v.words[i], v.words[i-1]
		if !w.letters || w.prot || !p.letters || !strings.EqualFold(w.bare(), p.bare()) || !w.space() {
			continue
		}
		if c, ok := v.edit(w.a, w.b, nil, KindDoubled, w.bare(), ""); ok {
			add(c)
		}
	}
}

// spellings replaces a word the dictionary does not know (or a common misspelling) by the
// dictionary's close spellings, and, for a word the model's vocabulary holds whole, by the
// close one-token spellings the model finds likely. A word the model finds likely in its
// context is left alone: it is a name or a term, not a misspelling.
type spellings struct{}

func (spellings) propose(v *view, add func(candidate)) {
	for i, w := range v.words {
		if !v.editable(i) {
			continue
		}
		bare := w.bare()
		if fix, ok := v.lex.contraction(bare); ok {
			// an apostrophe left out ("dont", "im"): as sure a slip as a listed misspelling
			if c, ok := v.replace(i, fix, KindMisspelling); ok {
				c.prior = listedPrior
				add(c)
			}
			continue
		}
		if utf8.RuneCountInString(bare) < 3 {
			continue
		}
		if fix, ok := v.lex.misspelling(bare); ok && !strings.ContainsRune(fix, ' ') {
			k := KindSpelling
			if !v.lex.known(bare) {
				k = KindMisspelling
			}
			if c, ok := v.replace(i, fix, k); ok {
				c.prior = listedPrior
				add(c)
			}
			if k == KindSpelling {
				continue // a real word the table lists: only its correction
			}
		}
		if !v.unknown(i) {
			continue
		}
		// an irregular verb given the regular -ed ("dealed", "buyed"): as sure a slip as a
		// listed misspelling
		for _, f := range v.lex.regularized(bare) {
			if c, ok := v.replace(i, f, KindMisspelling); ok {
				c.prior = listedPrior
				add(c)
			}
		}
		if alt, ok := v.lex.dialectVariant(bare); ok {
			// another dialect's spelling: the writer knows the word, only its spelling differs
			if c, ok := v.replace(i, alt, KindSpelling); ok {
				c.prior = spellEditNats * dialectEdits
				add(c)
			}
			continue
		}
		sugs := v.lex.spellings(bare)
		if slices.ContainsFunc(sugs, func(s lex.Suggestion) bool { return strings.EqualFold(s.Word, bare) }) {
			continue // a known word in the writer's case ("imo", "paris"): case is theirs, not a slip
		}
		closest, compound, runOn := math.Inf(1), math.Inf(1), math.Inf(1)
		for _, s := range sugs {
			switch {
			case !strings.ContainsRune(s.Word, ' '):
				closest = math.Min(closest, s.Edit)
			case v.runTogether(s.Word):
				runOn = math.Min(runOn, s.Edit)
			default:
				compound = math.Min(compound, s.Edit)
			}
		}
		if compound < min(closest, runOn) {
			continue // two content words run together: a compound the dictionary lacks ("goroutine")
		}
		onlySplits := runOn <= closest // two words run together, if a slip at all ("alot")
		closest = min(closest, runOn)
		clear := clearSpelling(bare, sugs)
		for _, s := range sugs {
			split := strings.ContainsRune(s.Word, ' ')
			if split && !v.runTogether(s.Word) || onlySplits && !split || dropsStart(bare, s.Word) {
				continue
			}
			if c, ok := v.replace(i, s.Word, KindSpelling); ok {
				c.prior = spellingPrior(bare, s, closest)
				c.byWhole = s.Edit == closest && sameFirstLetter(bare, s.Word)
				if c.clear = s.Word == clear; c.clear {
					// priced as a listed misspelling: the dictionary leaves no other word in doubt
					c.prior = listedPrior - KindSpelling.cost(v.opt.Strength >= boldStrength)
				}
				add(c)
			}
		}
	}
}

// clearSpelling is the spelling the dictionary clearly prefers for the unknown word written, or
// "": the first suggestion, when it is one word, keeps the written word's first letter, and
// ranks at least clearNats ahead of every other word offered (the suggestions' ranking cost:
// edits against frequency, lexicon.Suggestion.Cost). Such a word is all but certainly the one
// the writer meant ("grobal" → "global", "carful" → "careful", "useing" → "using"); where
// another word is close behind ("totaly": "totally" or "total"; "thife": "the", "this",
// "thief"), the model must choose by the margin the default asks.
func clearSpelling(written string, sugs []lex.Suggestion) string {
	if len(sugs) == 0 || strings.ContainsRune(sugs[0].Word, ' ') || !sameFirstLetter(written, sugs[0].Word) {
		return ""
	}
	for _, s := range sugs[1:] {
		if strings.EqualFold(s.Word, sugs[0].Word) {
			continue // the same word in other capitals
		}
		if s.Cost-sugs[0].Cost < clearNats {
			return ""
		}
		break
	}
	return sugs[0].Word
}

// clearNats is how far ahead (ranking cost, nats) the dictionary's first spelling must be of the
// next for the word to count as clear: about one edit's worth (lexicon.EditNats is 6) less a
// little, so a commoner word one edit further away does not come close.
const clearNats = 4.0

// runTogether reports whether a spelling that cuts a word in two ("alot" → "a lot") cuts off a
// leading article, preposition or conjunction: writers run one into the next word ("alot",
// "infact", "aswell", "ofcourse", "inorder"), while two content words run together are most often a compound the
// dictionary lacks, a term that is no slip at all ("goroutine", "livestocks"): such a word is
// left alone, and so is an identifier ("refresh or doupdate is called": not "do update"). Where a
// cut is the nearest spelling, only cuts are offered: the word is two words run together, never
// a farther word that drops letters.
func (v *view) runTogether(split string) bool {
	a, _, _ := strings.Cut(split, " ")
	return v.lex.classOf(a).Has(lex.Preposition | lex.Determiner | lex.Coordinator | lex.Subordinator)
}

// The noisy channel of a spelling: what the guard charges a dictionary spelling s of the unknown
// word written, beyond the kind's cost, when the nearest spelling offered is closest (weighted
// edits, lexicon.Suggestion.Edit). The model's pseudo-log-likelihood is the other factor, the
// word's likelihood in context, so the word's frequency is not counted again here: the model
// already likes a frequent short word, and with frequency in the channel too it took
// misspellings two edits away from the word meant ("modren" → "more" over "modern", "requre" →
// "return" over "require").
//
//   - spellEditNats per edit of the nearest spelling: the price of assuming a slip at all.
//   - channelEditNats per edit beyond the nearest: a writer who misspells a word is several
//     times likelier to be one edit from it than two (most misspellings are one edit away).
//   - firstLetterNats where the first letters differ: writers seldom get a word's first letter
//     wrong ("douts" is "doubts", not "outs").
func spellingPrior(written string, s lex.Suggestion, closest float64) float64 {
	p := spellEditNats*closest + channelEditNats*(s.Edit-closest)
	if !sameFirstLetter(written, s.Word) {
		p += firstLetterNats
	}
	return p
}

const (
	spellEditNats   = 2.0
	channelEditNats = 8.0
	firstLetterNats = 4.0
)

// dropsStart reports whether spelling s is the written word with its first letters cut off
// ("unability" → "ability", "douts" → "outs", "adiction" → "diction"). Writers slip inside a
// word, seldom before it: such a "fix" takes away what the writer meant the word to start with
// (often a prefix that reverses its sense, "un-", "in-", "dis-"), and the model, which reads the
// shorter word as a common one, favoured it by more than firstLetterNats could outweigh. A
// first letter struck twice ("tthe", "aand") is a slip and stays a spelling.
func dropsStart(written, s string) bool {
	w, s := strings.ToLower(written), strings.ToLower(s)
	if len(s) == 0 || len(s) >= len(w) || !strings.HasSuffix(w, s) {
		return false
	}
	return strings.Trim(w[:len(w)-len(s)], s[:1]) != ""
}

// sameFirstLetter reports whether a and b begin with the same letter, case aside.
func sameFirstLetter(a, b string) bool {
	return unicode.ToLower(firstRune(a)) == unicode.ToLower(firstRune(b))
}

// dialectEdits is the edit weight of another dialect's spelling of the same word: as much as a
// real slip, so that a word the model reads equally well either way keeps the writer's spelling
// (the clean dev text has British spellings; en-US is the default).
const dialectEdits = 1.0

// misspellingEdits is the edit weight of a correction from the table of common misspellings.
const misspellingEdits = 0.3

// listedPrior is what the guard charges a correction from the table of common misspellings
// beyond its kind's cost, and the other slips as sure as one (an apostrophe left out, a regular
// -ed on an irregular verb, a clear spelling).
const listedPrior = spellEditNats * misspellingEdits

// unknown reports whether word i is a spelling suspect: editable, not a right spelling, and not
// likely in its context (the model's least likely token of it is below suspectLP) — an unknown
// word the model expects there is a name or a term.
func (v *view) unknown(i int) bool {
	w := v.words[i]
	return v.editable(i) && utf8.RuneCountInString(w.bare()) >= 3 && !v.lex.known(w.bare()) && v.wordLP(i) < suspectLP
}

// relatedWords offers, in a suspect word's place, the words the lexicon relates to it: its other
// forms (is/are, has/have, -s, -ed, -ing, a/an; KindInflection) or the words it is often
// confused with (their/there, then/than, articles, prepositions, pronouns; KindWordChoice).
type relatedWords struct {
	kind    Kind
	related func(l lexicon, w string) []string
}

var (
	inflections = relatedWords{KindInflection, lexicon.inflections}
	confusions  = relatedWords{KindWordChoice, lexicon.confusables}
)

// Every editable word is tried, not only the suspects: a form that does not agree is often a
// word the model finds likely on its own ("the defaults is": "defaults" is the suspect, "is"
// the error). The model's view at each word's slot ranks the forms (rank.go), so a word whose
// other form the model does not prefer costs no model pass.
func (g relatedWords) propose(v *view, add func(candidate)) {
	for i := range v.words {
		if !v.words[i].letters || !v.editable(i) {
			continue
		}
		for _, f := range g.related(v.lex, v.words[i].bare()) {
			k := g.kind
			if k == KindWordChoice && v.lex.soundAlike(v.words[i].bare(), f) {
				k = KindSoundAlike
			}
			if c, ok := v.replace(i, f, k); ok {
				add(c)
			}
		}
	}
}

// missingWords inserts a function word before or after a suspect word, where the model expects
// one: the function words the model likes best at a mask inserted there.
type missingWords struct{}

// missingPerSlot is how many function words are tried at one insertion slot.
const missingPerSlot = 2

// opensClause are the function words that join or open a clause. One of them inserted changes
// the sentence's structure ("researchers will open" → "researchers that will open", "to use
// pick up" → "to use and pick up"), which the model's view of a few words around the slot
// cannot judge; the words a writer drops within a clause (articles, prepositions, "to", "than",
// auxiliaries) it can.
var opensClause = map[string]bool{
	"and": true, "or": true, "but": true, "if": true, "so": true, "that": true, "which": true, "who": true,
}

func (missingWords) propose(v *view, add func(candidate)) {
	for wi, d := range v.ins {
		at := len(v.body)
		if wi < len(v.words) {
			at = v.words[wi].a
			if !v.words[wi].space() {
				continue // inside a word, or before punctuation
			}
		}
		if wi > 0 && wi <= len(v.words) && v.words[wi-1].prot && wi < len(v.words) && v.words[wi].prot {
			continue // between two protected words
		}
		n := 0
		for _, r := range d.topK(24) {
			if n == missingPerSlot {
				break
			}
			s := v.c.text[r.id]
			if !strings.HasPrefix(s, " ") || !v.lex.functionWord(s[1:]) || opensClause[strings.ToLower(s[1:])] {
				continue
			}
			if c, ok := v.edit(at, at, []int{r.id}, KindMissing, "", s[1:]); ok {
				add(c)
				n++
			}
		}
	}
}

// extraWords deletes a suspect function word.
type extraWords struct{}

func (extraWords) propose(v *view, add func(candidate)) {
	for _, i := range v.sus {
		w := v.words[i]
		if !v.editable(i) || !w.space() || !v.lex.functionWord(w.bare()) {
			continue
		}
		if c, ok := v.edit(w.a, w.b, nil, KindExtra, w.bare(), ""); ok {
			add(c)
		}
	}
}

// swaps exchanges two neighbouring plain words; the first may follow an opening bracket or
// quote ("(or one more" → "(one or more"). Every pair is proposed but one that moves a
// sentence's capitalised first word: the writer who capitalised it meant it to come first.
// The model's view of each word at the other's place ranks them (swapPre).
type swaps struct{}

func (swaps) propose(v *view, add func(candidate)) {
	opener := v.firstWord()
	for x := 0; x+1 < len(v.words); x++ {
		y := x + 1
		wx, wy := v.words[x], v.words[y]
		if !v.editable(x) || !v.editable(y) || !wy.space() || wx.b != wy.a || strings.EqualFold(wx.bare(), wy.bare()) {
			continue
		}
		if x == opener && isCapitalised(wx.bare()) {
			continue
		}
		lead := ""
		if wx.space() {
			lead = " "
		}
		first := v.c.tok.Encode(lead + wy.bare())
		second := v.c.tok.Encode(" " + wx.bare())
		repl := append(append([]int(nil), first...), second...)
		if c, ok := v.edit(wx.a, wy.b, repl, KindSwap, wx.bare()+" "+wy.bare(), wy.bare()+" "+wx.bare()); ok {
			c.pre = v.swapPre(wx, wy, first[0], second[0])
			add(c)
		}
	}
}

// articles puts "a" or "an" as the next word sounds ("a important" → "an important", "an
// university" → "a university"; lexicon.IndefiniteArticle), before any word but protected text.
type articles struct{}

func (articles) propose(v *view, add func(candidate)) {
	for i := 0; i+1 < len(v.words); i++ {
		w, next := v.words[i], v.words[i+1]
		a := strings.ToLower(w.bare())
		if a != "a" && a != "an" || !v.editable(i) || next.prot || !next.space() || !next.letters && !startsWithDigit(next.bare()) {
			continue
		}
		if want := v.lex.article(next.bare()); want != a {
			if c, ok := v.replace(i, want, KindArticle); ok {
				add(c)
			}
		}
	}
}

func startsWithDigit(s string) bool { return s != "" && s[0] >= '0' && s[0] <= '9' }

// joins writes as one word two neighbouring words that the dictionary holds as one common word,
// where one of them alone is rarer than the compound ("There fore" → "Therefore": "fore" is rarer
// than "therefore"): learners split compounds at their parts. Where both parts are commoner
// than the compound, the two words are a phrase or an open compound in their own right ("it
// may be true", "log in to", "key words", "every day") and are left alone. The model decides.
type joins struct{}

func (joins) propose(v *view, add func(candidate)) {
	for x := 0; x+1 < len(v.words); x++ {
		y := x + 1
		wx, wy := v.words[x], v.words[y]
		if !v.editable(x) || !v.editable(y) || !wy.space() || wx.b != wy.a {
			continue
		}
		joined, ok := v.lex.join(wx.bare(), wy.bare())
		if !ok || v.lex.logFreq(joined) <= min(v.lex.logFreq(wx.bare()), v.lex.logFreq(wy.bare())) {
			continue
		}
		if c, ok := v.replaceSpan(x, y, joined, KindJoin); ok {
			add(c)
		}
	}
}

// firstWord is the index of the sentence's first word with letters (len(words) if none).
func (v *view) firstWord() int {
	for i, w := range v.words {
		if w.letters {
			return i
		}
	}
	return len(v.words)
}

// swapPre is how much likelier the model finds each word's first token at the other's place
// than the tokens there now, from the current body's scoring pass.
func (v *view) swapPre(wx, wy word, newX, newY int) float64 {
	d := v.cur.dists
	if len(d) <= wy.a || d[wx.a] == nil || d[wy.a] == nil {
		return 0 // no scoring pass distributions (a body scored without them)
	}
	return float64(d[wx.a][newX]) + float64(d[wy.a][newY]) - v.cur.body[wx.a] - v.cur.body[wy.a]
}

// modelWords proposes the model's own first choice in a suspect word's place, when the model
// is confident of it; the lexicon then tells what kind of fix it is. Only a choice related to
// the word is proposed: a spelling, another form, or one function word for another. An
// unrelated word is the model's taste, not a fix: at 0.7, where such one-word rewrites were
// proposed, none of them on the dev sets' first 100 repairs, 100 clean sentences and 100 JFLEG
// sentences fixed an error, and they were most of the changes made to clean text ("sends" →
// "at", "invalid" → "in", "complies" → "No").
type modelWords struct{}

// modelWordLP is how confident (log-probability at the masked slot) the model must be of its
// first choice for it to be proposed.
const modelWordLP = -2.5

func (g modelWords) propose(v *view, add func(candidate)) {
	for _, i := range v.sus {
		d, ok := v.slot[i]
		if !ok || !v.editable(i) {
			continue
		}
		top, lp := d.argmax()
		s := v.c.text[top]
		if lp < modelWordLP || strings.HasPrefix(s, " ") != v.words[i].space() {
			continue
		}
		t := strings.TrimPrefix(s, " ")
		if !isPlainWord(t) || strings.EqualFold(t, v.words[i].bare()) {
			continue
		}
		from, to := v.words[i].bare(), t
		k := v.lex.kindOf(from, to)
		if k == KindSpelling {
			continue // spellings come from the dictionary, each with its edit distance
		}
		if k == KindWordChoice && !(v.lex.functionWord(from) && v.lex.functionWord(to)) {
			continue
		}
		if c, ok := v.replace(i, t, k); ok {
			add(c)
		}
	}
}
