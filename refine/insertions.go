package refine

import (
	lex "github.com/redraft/redraft/refine/lexicon"
)

// Commas at the places where English grammar marks a clause's boundary: where an introductory
// phrase or a fronted clause ends, before a conjunction that opens a new clause. The lexicon's
// word classes name the places (a connective, a subject after a fronted clause, a conjunction
// and its subject); the model's view of a mask inserted there (probeSuspects) says whether a
// comma belongs, and the guard decides on the scored sentence. No place is a rule: a list only
// asks. (Articles were tried the same way, before a noun after no determiner: on this model the
// sentence's likelihood rose as much for an article inserted into correct text as for one the
// human corrections restore, so none is proposed.)

// maxGaps is the most places per sentence and round where a comma is probed.
const maxGaps = 8

// commaLP is how likely (log-probability at a mask inserted at the place) the model must find
// a comma for it to be proposed.
const commaLP = -2.5

// introWords is how far into a sentence an introductory phrase may end ("In my opinion,").
const introWords = 5

// insertionGaps returns the word indices before which a comma may be missing, at most maxGaps,
// in sentence order.
func (v *view) insertionGaps() []int {
	var gaps []int
	for j := range v.words {
		if len(gaps) < maxGaps && v.commaPlace(j) {
			gaps = append(gaps, j)
		}
	}
	return gaps
}

// commaPlace reports whether a comma may be missing before word j:
//   - after a sentence's opening connective ("However I");
//   - where a fronted subordinate clause ends, before the main clause's subject ("If you want
//     it I will"), or an introductory phrase, at the first noun phrase after it ("In my
//     opinion the", "For example we");
//   - before a conjunction that opens a new clause with its own subject ("and they");
//   - before a relative or appended phrase ("which", "especially").
//
// The fronted part ends at the first such place, and only where no mark ends it already.
func (v *view) commaPlace(j int) bool {
	first := v.firstWord()
	if j <= first || j >= len(v.words) {
		return false
	}
	w, p := v.words[j], v.words[j-1]
	if !w.plain || !w.space() || !p.letters || p.b != w.a || w.prot && p.prot {
		return false
	}
	c := v.lex.classOf(w.bare())
	opener := v.lex.classOf(v.words[first].bare())
	switch {
	case j == first+1:
		return opener.Has(lex.Connective)
	case c.Has(lex.Coordinator):
		return j+1 < len(v.words) && v.lex.classOf(v.words[j+1].bare()).Has(lex.Subject)
	case c.Has(lex.Relative):
		return true
	}
	return v.frontEnd(first, opener) == j
}

// frontEnd is the word where a sentence's fronted subordinate clause or introductory phrase
// ends (the first word of its main clause), or -1: after a subordinator, the first pronoun
// that can only be a subject; after a preposition, the first pronoun or determiner after an
// open-class word, within introWords. A mark before it (a comma already there) gives -1.
func (v *view) frontEnd(first int, opener lex.Class) int {
	sub := opener.Has(lex.Subordinator)
	prep := opener.Has(lex.Preposition) && !sub
	if !sub && !prep {
		return -1
	}
	for j := first + 2; j < len(v.words); j++ {
		w := v.words[j]
		if !w.letters {
			return -1
		}
		c := v.lex.classOf(w.bare())
		switch {
		case sub && c.Has(lex.Nominative):
			return j
		case prep && j-first > introWords:
			return -1
		case prep && c.Has(lex.Subject|lex.Determiner) && v.lex.classOf(v.words[j-1].bare()) == 0:
			return j
		}
	}
	return -1
}

// commas inserts a comma at a place insertionGaps names, where the model expects one.
type commas struct{}

func (commas) propose(v *view, add func(candidate)) {
	comma := v.c.tok.Encode(",")
	if len(comma) != 1 {
		return
	}
	for _, j := range v.gaps {
		d, ok := v.ins[j]
		if !ok || float64(d[comma[0]]) < commaLP {
			continue
		}
		at := v.words[j].a
		if c, ok := v.edit(at, at, comma, KindComma, "", ","); ok {
			add(c)
		}
	}
}
