package lexicon

import (
	"cmp"
	"slices"
)

// confusionSets are groups of words writers put for one another: closed-class words that do the
// same job (articles, determiners, prepositions, pronouns, auxiliaries and modals, conjunctions)
// and the frequent confusions of sound, look or meaning. Every member of a set is a candidate for
// every other; the model decides in context. Contractions are written with a straight apostrophe.
var confusionSets = [][]string{
	// Articles and determiners.
	{"a", "an", "the"},
	{"this", "that", "these", "those"},
	{"much", "many"},
	{"less", "fewer"},
	{"few", "little"},
	{"each", "every", "all"},
	{"some", "any"},
	{"other", "another", "others"},
	{"no", "not", "none"},
	{"either", "neither"},
	// Prepositions.
	{"in", "on", "at", "to", "for", "of", "with", "by", "from", "about", "into", "onto"},
	{"among", "between"},
	{"since", "for"},
	{"during", "while"},
	{"until", "till", "by"},
	{"toward", "towards"},
	{"besides", "beside"},
	{"despite", "although"},
	// Pronouns.
	{"I", "me", "my", "mine"},
	{"we", "us", "our", "ours"},
	{"you", "your", "yours"},
	{"he", "him", "his"},
	{"she", "her", "hers"},
	{"it", "its"},
	{"they", "them", "their", "theirs"},
	{"who", "whom", "whose", "which", "that"},
	{"itself", "themselves"},
	{"himself", "herself", "themselves"},
	// Auxiliaries and modals.
	{"is", "are", "was", "were", "be", "been", "being", "am"},
	{"has", "have", "had"},
	{"do", "does", "did"},
	{"can", "could"},
	{"will", "would"},
	{"shall", "should"},
	{"may", "might"},
	{"must", "should"},
	{"of", "have"}, // "could of"
	// Conjunctions.
	{"and", "or", "but"},
	{"if", "whether"},
	{"so", "such"},
	{"because", "since", "as"},
	{"although", "though"},
	{"than", "that"},
	// Frequent confusions.
	{"their", "there", "they're"},
	{"its", "it's"},
	{"your", "you're"},
	{"whose", "who's"},
	{"then", "than"},
	{"to", "too", "two"},
	{"affect", "effect"},
	{"affects", "effects"},
	{"affected", "effected"},
	{"lose", "loose"},
	{"loses", "looses"},
	{"accept", "except"},
	{"advice", "advise"},
	{"lead", "led"},
	{"weather", "whether"},
	{"were", "where", "we're"},
	{"of", "off"},
	{"quite", "quiet", "quit"},
	{"principal", "principle"},
	{"complement", "compliment"},
	{"stationary", "stationery"},
	{"peace", "piece"},
	{"brake", "break"},
	{"breath", "breathe"},
	{"choose", "chose"},
	{"desert", "dessert"},
	{"farther", "further"},
	{"hear", "here"},
	{"know", "no", "now"},
	{"knew", "new"},
	{"passed", "past"},
	{"form", "from"},
	{"though", "through", "thought", "tough"},
	{"does", "dose"},
	{"an", "and"},
	{"or", "our"},
	{"are", "our"},
	{"moral", "morale"},
	{"personal", "personnel"},
	{"ensure", "insure", "assure"},
	{"discreet", "discrete"},
	{"cite", "site", "sight"},
	{"council", "counsel"},
	{"precede", "proceed"},
	{"role", "roll"},
	{"wander", "wonder"},
	{"sense", "since"},
	{"say", "tell"},
	{"said", "told"},
	{"rise", "raise"},
	{"lie", "lay"},
	{"borrow", "lend"},
	{"fun", "funny"},
	{"economic", "economical"},
	{"historic", "historical"},
	{"sensible", "sensitive"},
	{"everyday", "every day"},
	{"maybe", "may be"},
	{"anyway", "any way"},
	{"apart", "a part"},
	{"alot", "a lot"},
	{"setup", "set up"},
	{"login", "log in"},
	{"its", "is"},
	{"the", "they", "then", "them"},
	{"want", "won't"},
	{"were", "was"},
	{"where", "wear", "ware"},
	{"write", "right", "rite"},
	{"which", "witch"},
	{"by", "buy", "bye"},
	{"for", "four", "fore"},
	{"one", "won"},
	{"allowed", "aloud"},
	{"bare", "bear"},
	{"fair", "fare"},
	{"hole", "whole"},
	{"plain", "plane"},
	{"threw", "through", "thru"},
	{"weak", "week"},
	{"cloths", "clothes"},
	{"envelop", "envelope"},
	{"device", "devise"},
	{"practice", "practise"},
	{"license", "licence"},
	{"later", "latter"},
	{"loose", "lose"},
	{"dependant", "dependent"},
	{"adverse", "averse"},
	{"imply", "infer"},
	{"comprise", "compose"},
}

// functionWords are the words most often missing from or superfluous in a sentence: articles,
// prepositions, auxiliaries, pronouns, conjunctions and a few adverbs.
var functionWords = []string{
	"the", "a", "an", "to", "of", "in", "on", "at", "for", "with", "by", "from", "as", "about", "into",
	"is", "are", "was", "were", "be", "been", "being", "has", "have", "had", "do", "does", "did",
	"will", "would", "can", "could", "should", "may", "might", "must",
	"that", "which", "who", "it", "there", "this", "these", "those", "its", "their", "his", "her",
	"and", "or", "but", "if", "than", "so", "not", "also", "just", "very", "too", "more", "most",
	"some", "any", "all", "each", "other", "then", "up", "out",
}

// confusables maps each word (as written in the sets) to the other members of its sets.
var confusables = func() map[string][]string {
	m := map[string][]string{}
	for _, set := range confusionSets {
		for _, w := range set {
			for _, o := range set {
				if o != w && !slices.Contains(m[w], o) {
					m[w] = append(m[w], o)
				}
			}
		}
	}
	return m
}()

// Confusables returns the words writers confuse with word (their/there/they're, a/an/the,
// in/on/at, then/than, affect/effect, …), in word's case, most frequent first. Some are two
// words ("a lot" for "alot", "every day" for "everyday").
func (l *Lexicon) Confusables(word string) []string {
	w := straightApostrophes(word)
	set := confusables[w]
	if set == nil {
		set = confusables[foldLower(w)]
	}
	if set == nil && w != "I" && foldLower(w) == "i" {
		set = confusables["I"]
	}
	out := slices.Clone(set)
	slices.SortStableFunc(out, func(a, b string) int { return cmp.Compare(l.phraseLogFreq(b), l.phraseLogFreq(a)) })
	for i, c := range out {
		out[i] = applyCase(word, c)
	}
	return out
}

// FunctionWords returns the words most often missing or superfluous (articles, prepositions,
// auxiliaries, pronouns, conjunctions), most frequent first: the candidates for inserting a
// missing word or deleting an extra one. The slice is the caller's.
func (l *Lexicon) FunctionWords() []string {
	out := slices.Clone(functionWords)
	slices.SortStableFunc(out, func(a, b string) int { return cmp.Compare(l.LogFreq(b), l.LogFreq(a)) })
	return out
}

// IsFunctionWord reports whether word (any case) is one of FunctionWords.
func (l *Lexicon) IsFunctionWord(word string) bool { return isFunctionWord(word) }

func isFunctionWord(word string) bool {
	return slices.Contains(functionWords, foldLower(straightApostrophes(word)))
}

// Contraction returns the contraction a writer meant by word written without its apostrophe
// ("dont" → "don't", "im" → "I'm"), in word's case. Only spellings that are no English word of
// their own are listed ("cant" and "wont" are words, but rare ones, far likelier slips in prose);
// "its", "lets", "ill", "id", "were", "well", "wed", "hell" and "shell" are words in their own
// right and left to the model (its/it's is a confusion set).
func (l *Lexicon) Contraction(word string) (string, bool) {
	c, ok := contractions[foldLower(word)]
	if !ok {
		return "", false
	}
	return applyCase(word, c), true // "I'm" keeps its capital
}

var contractions = map[string]string{
	"dont": "don't", "doesnt": "doesn't", "didnt": "didn't", "isnt": "isn't", "arent": "aren't",
	"wasnt": "wasn't", "werent": "weren't", "hasnt": "hasn't", "havent": "haven't", "hadnt": "hadn't",
	"cant": "can't", "couldnt": "couldn't", "wont": "won't", "wouldnt": "wouldn't",
	"shouldnt": "shouldn't", "mustnt": "mustn't", "neednt": "needn't", "mightnt": "mightn't",
	"im": "I'm", "ive": "I've", "youre": "you're", "youve": "you've", "youll": "you'll",
	"theyre": "they're", "theyve": "they've", "theyll": "they'll", "weve": "we've",
	"thats": "that's", "whats": "what's", "theres": "there's", "heres": "here's",
	"shes": "she's", "hes": "he's", "itll": "it'll", "wouldve": "would've", "couldve": "could've",
	"shouldve": "should've", "arnt": "aren't", "doesent": "doesn't", "dosent": "doesn't",
	"wasent": "wasn't", "didint": "didn't",
}

// SoundAlike reports whether a and b (any case) are words English spells differently but says
// alike, that writers are known to put for one another: their/there/they're, its/it's,
// your/you're, then/than, to/too, affect/effect, lose/loose, …. One is as easy a slip as a
// misspelling, so the model needs less evidence for it than for another word of the writer's.
func (l *Lexicon) SoundAlike(a, b string) bool {
	a, b = foldLower(straightApostrophes(a)), foldLower(straightApostrophes(b))
	for _, set := range soundAlike {
		if a != b && slices.Contains(set, a) && slices.Contains(set, b) {
			return true
		}
	}
	return false
}

var soundAlike = [][]string{
	{"their", "there", "they're"}, {"its", "it's"}, {"your", "you're"}, {"whose", "who's"},
	{"then", "than"}, {"to", "too"}, {"affect", "effect"}, {"affects", "effects"},
	{"lose", "loose"}, {"accept", "except"}, {"weather", "whether"}, {"hear", "here"},
	{"knew", "new"}, {"passed", "past"}, {"peace", "piece"}, {"brake", "break"},
}
