package refine

import "fmt"

// Kind names the kind of fix an Edit makes. Each kind has one row in kindTable: its name, its
// cost and priority for the guard, and how its reason reads.
type Kind uint8

const (
	KindRewrite    Kind = iota // a denoised rewrite of a word or two, no finer kind known
	KindDoubled                // a doubled word removed
	KindSpelling               // a misspelled word replaced by a dictionary word
	KindSwap                   // two neighbouring words swapped back
	KindWordChoice             // one real word replaced by a likelier one (a confusable word)
	KindInflection             // a word's form changed (agreement, tense, a/an)
	KindMissing                // a missing word inserted
	KindExtra                  // a superfluous word removed
	KindFill                   // a gap filled
)

// kindInfo is one row of kindTable.
type kindInfo struct {
	name string // short name, used in JSON and logs
	// cost is the guard's price, in nats, of assuming the writer made this kind of error: a
	// noisy-channel prior. A repeated word is a cheap mistake to assume; replacing one real word
	// by another an expensive one (the model likes blander words, so it must gain a lot before
	// the writer's choice goes).
	cost float64
	// priority orders candidates when more are generated than a round may score: the kinds the
	// guard most often confirms go first (lower is first).
	priority int
	// reason is the text shown to writers: a fmt format over the old and the new words, in
	// that order ("%[2]s" is the new word).
	reason string
}

var kindTable = [...]kindInfo{
	KindRewrite:    {name: "rewrite", cost: 12, priority: 8, reason: "a clearer wording: %[2]q"},
	KindDoubled:    {name: "doubled word", cost: 0, priority: 0, reason: "doubled word %[1]q"},
	KindSpelling:   {name: "spelling", cost: 2, priority: 1, reason: "possible misspelling of %[2]q"},
	KindSwap:       {name: "word order", cost: 8, priority: 4, reason: "words in the wrong order: %[2]q"},
	KindWordChoice: {name: "word choice", cost: 9, priority: 5, reason: "%[2]q fits here better than %[1]q"},
	KindInflection: {name: "word form", cost: 5, priority: 2, reason: "%[2]q agrees better than %[1]q"},
	KindMissing:    {name: "missing word", cost: 4, priority: 3, reason: "missing word %[2]q"},
	KindExtra:      {name: "extra word", cost: 5, priority: 6, reason: "superfluous word %[1]q"},
	KindFill:       {name: "fill", cost: 0, priority: 9, reason: "filled gap: %[2]q"},
}

// String returns the kind's short name.
func (k Kind) String() string {
	if int(k) < len(kindTable) {
		return kindTable[k].name
	}
	return "unknown"
}

// cost is the kind's guard cost (kindTable).
func (k Kind) cost() float64 { return kindTable[k].cost }

// priority is the kind's scoring priority (kindTable; lower first).
func (k Kind) priority() int { return kindTable[k].priority }

// reason is the text shown for an edit of this kind that turns old into new (trimmed words).
func (k Kind) reason(old, new string) string {
	if int(k) >= len(kindTable) {
		return ""
	}
	return fmt.Sprintf(kindTable[k].reason, old, new)
}
