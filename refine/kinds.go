package refine

// Kind names the kind of fix an Edit makes. Each kind has one row in kindTable: the name shown to
// writers and its reason text.
type Kind uint8

const (
	KindRewrite    Kind = iota // a denoised rewrite of several words, no finer kind known
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
}

var kindTable = [...]kindInfo{
	KindRewrite:    {"rewrite"},
	KindDoubled:    {"doubled word"},
	KindSpelling:   {"spelling"},
	KindSwap:       {"word order"},
	KindWordChoice: {"word choice"},
	KindInflection: {"word form"},
	KindMissing:    {"missing word"},
	KindExtra:      {"extra word"},
	KindFill:       {"fill"},
}

// String returns the kind's short name.
func (k Kind) String() string {
	if int(k) < len(kindTable) {
		return kindTable[k].name
	}
	return "unknown"
}
