package refine

import "fmt"

// Kind names the kind of fix an Edit makes. Each kind has one row in kindTable: its name, its
// cost and priority for the guard, and how its reason reads.
type Kind uint8

const (
	KindRewrite     Kind = iota // a denoised rewrite of a word or two, no finer kind known
	KindDoubled                 // a doubled word removed
	KindSpelling                // a misspelled word replaced by a dictionary word
	KindSwap                    // two neighbouring words swapped back
	KindWordChoice              // one real word replaced by a likelier one (a confusable word)
	KindInflection              // a word's form changed (agreement, tense, a/an)
	KindMissing                 // a missing word inserted
	KindExtra                   // a superfluous word removed
	KindFill                    // a gap filled
	KindMisspelling             // a common misspelling (a table's entry) replaced by its correction
	KindComma                   // a missing comma inserted where a clause or an introductory phrase ends
	KindParticiple              // a past participle where a perfect or a passive needs one
	KindCapital                 // a capital English always writes: "I", a sentence's first letter
	KindJoin                    // one word written as two ("There fore", "home work")
	KindArticle                 // "a" or "an" as the next word sounds ("a important" → "an")
	KindAgreement               // a verb made to agree with the pronoun before it ("he enjoy" → "enjoys")
	KindSoundAlike              // a word put for one that sounds the same ("there" → "their")
	KindNumber                  // a noun's number made to agree with its determiner ("many subject")
	KindComparative             // "more" or "most" before a form that compares already ("more stronger")
	KindPlainVerb               // a verb's plain form after "to", a modal or "do not" ("need to changes")
	KindQuantifier              // "of" taken out between a quantifier and a bare noun ("most of users")

	numKinds // the number of kinds: kindTable's length
)

// kindInfo is one row of kindTable.
type kindInfo struct {
	name string // short name, used in JSON and logs
	// cost is the guard's price, in nats, of assuming the writer made this kind of error: a
	// noisy-channel prior. A repeated word is a cheap mistake to assume; a missing or extra
	// function word an expensive one (the model likes inserting them into correct text). Costs
	// were set on the clean dev sets first: correct text must stay untouched. Real writers
	// (JFLEG) rarely swap two words or write one real word for another: on its first 80
	// sentences no word-choice fix the guard took at cost 6 agreed with the human corrections,
	// and swaps changed correct clean text; both cost more than the dev sets' injected errors
	// alone would ask.
	cost float64
	// boldCost replaces cost at high strength (plan.bold): the kinds too risky for the default.
	boldCost float64
	// minPre is, for a word replaced by another real word, how much likelier (log-probability
	// at the word's masked slot) the model must find the new word than the writer's: the model's
	// own view in context, which the sentence's pseudo-log-likelihood alone blurs. 0: no bound.
	minPre float64
	// backed marks the kinds whose bold cost is so much below their cost that, at high
	// strength, an edit pays the bold cost only where the model's own view at its slots (pre)
	// does not oppose it, else the full cost: a swap whose words the model expects in their
	// written places ("tour guide" → "guide tour", "additionally skills" → "skills
	// additionally") is the pseudo-log-likelihood's taste unless it gains as much as the
	// default strength asks.
	backed bool
	// priority orders candidates when more are generated than a round may score: the kinds the
	// guard most often confirms go first (lower is first).
	priority int
	// reason is the text shown to writers: a fmt format over the old and the new words, in
	// that order ("%[2]s" is the new word).
	reason string
}

var kindTable = [numKinds]kindInfo{
	KindRewrite:    {name: "rewrite", cost: 12, boldCost: 14, minPre: 8, priority: 8, reason: "a clearer wording: %[2]q"},
	KindDoubled:    {name: "doubled word", cost: 0, boldCost: 0, priority: 0, reason: "doubled word %[1]q"},
	KindSpelling:   {name: "spelling", cost: 2, boldCost: 1, priority: 1, reason: "possible misspelling of %[2]q"},
	KindSwap:       {name: "word order", cost: 12, boldCost: 7, backed: true, priority: 3, reason: "words in the wrong order: %[2]q"},
	KindWordChoice: {name: "word choice", cost: 10, boldCost: 4, minPre: 8, priority: 4, reason: "%[2]q fits here better than %[1]q"},
	KindInflection: {name: "word form", cost: 5, boldCost: 3, minPre: 5, priority: 2, reason: "%[2]q agrees better than %[1]q"},
	KindMissing:    {name: "missing word", cost: 20, boldCost: 14, priority: 5, reason: "missing word %[2]q"},
	KindExtra:      {name: "extra word", cost: 16, boldCost: 12, priority: 6, reason: "superfluous word %[1]q"},
	KindFill:       {name: "fill", priority: 9, reason: "filled gap: %[2]q"},
	// A word no dictionary knows that the table of common misspellings lists is a slip for
	// certain: only the model's view of the correction in context decides, at no cost.
	KindMisspelling: {name: "misspelling", cost: 0, boldCost: 0, priority: 1, reason: "common misspelling of %[2]q"},
	KindComma:       {name: "comma", cost: 6.75, boldCost: 4.5, priority: 5, reason: "missing comma after %[1]q"},
	KindParticiple:  {name: "participle", cost: 0.5, boldCost: 0.5, priority: 2, reason: "%[2]q is the participle here"},
	// Orthography, not a guess at what the writer meant: the model need only not prefer the
	// lower case (certainSlip).
	KindCapital: {name: "capital", cost: 0, boldCost: 0, priority: 0, reason: "capital letter: %[2]q"},
	// A slip of one space, priced as a spelling's one edit (kind cost and prior together).
	KindJoin: {name: "split word", cost: 4, boldCost: 3, priority: 1, reason: "one word: %[2]q"},
	// Orthography too: the next word's sound decides, the model need only not oppose it.
	KindArticle: {name: "a/an", cost: 0, boldCost: 0, priority: 0, reason: "%[2]q, as the next word sounds"},
	// A slip of the ear, as common as a misspelling of a real word: cheaper than another word
	// choice, and the model's view at the slot must still single the new word out.
	KindSoundAlike: {name: "sound-alike", cost: 4, boldCost: 3, minPre: 3, priority: 2, reason: "%[2]q, not %[1]q, which sounds the same"},
	// Grammar too, but the noun's number is a guess where the writer may have meant another
	// determiner ("these problem": "this problem" or "these problems"): the margin stays.
	KindNumber: {name: "noun number", cost: 1.5, boldCost: 1, priority: 1, reason: "%[2]q, in the number the words before it ask"},
	// Grammar that the form itself decides, like a doubled article: the model need only not
	// prefer the writer's text.
	KindComparative: {name: "double comparative", cost: 0, boldCost: 0, priority: 0, reason: "%[2]q compares on its own"},
	// Grammar, not a guess at another word: the pronoun says which form agrees, so the price is
	// well below another form's (KindInflection), and the model need not single the form out
	// at its slot (the pronoun next to it is the evidence).
	KindAgreement: {name: "agreement", cost: 1, boldCost: 0.5, priority: 0, reason: "%[2]q agrees with its subject"},
	// Grammar the words before the verb decide, as a pronoun decides agreement.
	KindPlainVerb: {name: "plain verb", cost: 1, boldCost: 0.5, priority: 0, reason: "the plain verb %[2]q, as the word before it asks"},
	// Grammar the quantifier and the bare noun decide ("most of the users" keeps its "of").
	KindQuantifier: {name: "quantifier", cost: 1, boldCost: 0.5, priority: 0, reason: "no \"of\" after %[2]q before a noun without a determiner"},
}

// preTooLow reports whether a candidate's pre-score (rank.go) is below its kind's minPre.
func (k Kind) preTooLow(pre float64) bool {
	m := kindTable[k].minPre
	return m != 0 && pre < m
}

// opposed reports whether the model's view of an edit (its pre-score) opposes an edit of a kind
// that must be backed (kindInfo.backed).
func (k Kind) opposed(pre float64) bool { return kindTable[k].backed && pre < 0 }

// choosesWord reports whether the kind puts another, unrelated real word in the writer's place
// (not another form of the writer's word): a choice the model's taste alone can favour.
func (k Kind) choosesWord() bool {
	return k == KindWordChoice || k == KindRewrite || k == KindSoundAlike
}

// spelling reports whether the kind replaces a word no dictionary knows.
func (k Kind) spelling() bool { return k == KindSpelling || k == KindMisspelling }

// String returns the kind's short name.
func (k Kind) String() string {
	if int(k) < len(kindTable) {
		return kindTable[k].name
	}
	return "unknown"
}

// cost is the kind's guard cost (kindTable), bold or not.
func (k Kind) cost(bold bool) float64 {
	if bold {
		return kindTable[k].boldCost
	}
	return kindTable[k].cost
}

// priority is the kind's scoring priority (kindTable; lower first).
func (k Kind) priority() int { return kindTable[k].priority }

// reason is the text shown for an edit of this kind that turns old into new (trimmed words).
func (k Kind) reason(old, new string) string {
	if int(k) >= len(kindTable) {
		return ""
	}
	return fmt.Sprintf(kindTable[k].reason, old, new)
}
