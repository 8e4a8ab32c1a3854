package lexicon

// Word classes of the closed-class words that mark where a clause or a noun phrase starts. They
// tell the generators where a comma or an article may be missing; the model decides whether one
// is.

// Class is a set of word classes.
type Class uint16

const (
	// Coordinator joins two clauses or phrases: and, but, or, so, yet, nor.
	Coordinator Class = 1 << iota
	// Subordinator opens a subordinate clause: if, when, because, although, while, ….
	Subordinator
	// Relative opens a relative or an appended clause or phrase: which, especially, including.
	Relative
	// Preposition opens a prepositional phrase.
	Preposition
	// Determiner opens a noun phrase: articles, demonstratives, possessives, quantifiers.
	Determiner
	// Subject is a personal pronoun that opens a clause as its subject: I, we, they, there, ….
	Subject
	// Nominative is a pronoun that can only be a subject: I, we, they, he, she.
	Nominative
	// Connective is a sentence adverb that opens a sentence and is set off by a comma: however,
	// therefore, moreover, nowadays, ….
	Connective
	// Auxiliary is a form of be, have or do, or a modal.
	Auxiliary
)

var wordClasses = func() map[string]Class {
	m := map[string]Class{}
	add := func(c Class, words ...string) {
		for _, w := range words {
			m[w] |= c
		}
	}
	add(Coordinator, "and", "but", "or", "so", "yet", "nor")
	add(Subordinator, "if", "when", "whenever", "because", "although", "though", "while", "whereas",
		"since", "as", "after", "before", "once", "unless", "until", "where", "wherever")
	add(Relative, "which", "whose", "especially", "including", "except")
	add(Preposition, "of", "in", "on", "at", "for", "with", "by", "from", "about", "into", "onto",
		"to", "through", "during", "without", "within", "among", "between", "under", "over", "after",
		"before", "since", "like", "despite", "against", "toward", "towards", "upon", "across",
		"behind", "beyond", "near", "than")
	add(Determiner, "the", "a", "an", "this", "that", "these", "those", "my", "your", "his", "her",
		"its", "our", "their", "some", "any", "no", "every", "each", "all", "both", "many", "much",
		"more", "most", "few", "fewer", "little", "less", "several", "such", "another", "other",
		"either", "neither", "what", "which", "whose", "one", "two", "three", "first", "last", "next",
		"own", "same")
	add(Subject, "i", "we", "they", "he", "she", "it", "you", "there")
	add(Nominative, "i", "we", "they", "he", "she")
	add(Connective, "however", "therefore", "moreover", "furthermore", "besides", "thus", "hence",
		"nevertheless", "nonetheless", "meanwhile", "otherwise", "consequently", "finally", "firstly",
		"secondly", "thirdly", "lastly", "first", "second", "third", "also", "then", "nowadays",
		"today", "now", "unfortunately", "fortunately", "actually", "personally", "instead",
		"still", "indeed", "overall", "additionally", "similarly", "ultimately", "generally", "anyway",
		"briefly", "clearly", "obviously", "surely", "sometimes", "yesterday", "recently")
	add(Auxiliary, "be", "am", "is", "are", "was", "were", "been", "being", "have", "has", "had",
		"do", "does", "did", "will", "would", "can", "could", "shall", "should", "may", "might", "must")
	return m
}()

// ClassOf returns the word classes of word (any case; none for an open-class word).
func (l *Lexicon) ClassOf(word string) Class {
	return wordClasses[foldLower(straightApostrophes(word))]
}

// Has reports whether the set holds any class of k.
func (c Class) Has(k Class) bool { return c&k != 0 }
