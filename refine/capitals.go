package refine

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Capitals: the two capital letters English always writes, whatever the writer's style — the
// pronoun "I" ("i think", "i'm") and the first letter of a sentence that follows another one's
// end in the same paragraph ("It works. then it stops"), or that opens a prose paragraph and
// ends with a full stop, question or exclamation mark. Other case is the writer's choice and is
// never changed (caseOnly): a list item, a heading, a title or a commit subject may start in
// lower case, and "npm", "systemd", "iOS" or "eBay" are written as their owners write them (only
// a word of the dictionary, in lower case, is capitalised).

// capitals proposes those capitals, all of a sentence's in one candidate (one round, not one
// each); the guard takes it only where the model does not prefer the writer's lower case (a
// certain slip, certainSlip).
type capitals struct{}

func (capitals) propose(v *view, add func(candidate)) {
	first, last := -1, -1
	fixed := map[int]string{}
	for i, w := range v.words {
		if !v.editable(i) {
			continue
		}
		bare := w.bare()
		switch {
		case pronounI(bare) && !v.initialism(i):
			fixed[i] = "I" + bare[1:]
		case v.startsSentence(i) && lowerWord(bare) && v.lex.dictionary(bare):
			fixed[i] = capitalise(bare)
		default:
			continue
		}
		if first < 0 {
			first = i
		}
		last = i
	}
	if first < 0 {
		return
	}
	var neu strings.Builder
	for i := first; i <= last; i++ {
		w := v.words[i]
		if f, ok := fixed[i]; ok {
			neu.WriteString(strings.TrimSuffix(w.text, w.bare()) + f)
		} else {
			neu.WriteString(w.text)
		}
	}
	if c, ok := v.replaceSpan(first, last, strings.TrimPrefix(neu.String(), " "), KindCapital); ok {
		add(c)
	}
}

// pronounI reports whether w is the pronoun "i" written in lower case, alone or contracted
// ("i'm", "i’ve", "i'll", "i'd").
func pronounI(w string) bool {
	if w == "i" {
		return true
	}
	rest, ok := strings.CutPrefix(w, "i'")
	if !ok {
		rest, ok = strings.CutPrefix(w, "i’")
	}
	return ok && (rest == "m" || rest == "ve" || rest == "ll" || rest == "d")
}

// initialism reports whether word i, a lone "i", is part of "i.e." or another dotted
// abbreviation: a dot follows it with no space, then a letter.
func (v *view) initialism(i int) bool {
	return i+2 < len(v.words) && v.words[i+1].bare() == "." && !v.words[i+1].space() &&
		v.words[i+2].letters && !v.words[i+2].space()
}

// lowerWord reports whether w is all lower case (a word a capital only starts).
func lowerWord(w string) bool {
	return w != "" && strings.IndexFunc(w, unicode.IsUpper) < 0 && unicode.IsLower(firstRune(w))
}

// startsSentence reports whether word i starts a sentence: it follows a full stop, question or
// exclamation mark (not an abbreviation's or an initial's dot, not an ellipsis) and a space, or
// it is the first word of a sentence that opens a prose paragraph (view.opens).
func (v *view) startsSentence(i int) bool {
	if i == v.firstWord() {
		return v.opens
	}
	if i < 2 || !v.words[i].space() {
		return false
	}
	p := v.words[i-1].bare()
	if p != "." && p != "!" && p != "?" {
		return false
	}
	before := v.words[i-2]
	if p == "." && (!before.letters || abbreviations[strings.ToLower(before.bare())] || utf8.RuneCountInString(before.bare()) == 1) {
		return false // "3. then", "e.g. this", "J. then": no sentence ends there
	}
	return true
}

// opensProse reports whether the unit doc[a:b] opens a prose paragraph and ends as a sentence
// does: nothing but space before it since the paragraph's start (no list marker, heading or
// quote), and a full stop, question or exclamation mark at its end.
func opensProse(doc string, a, b int) bool {
	if strings.TrimSpace(doc[paragraphStartBefore(doc, a):a]) != "" {
		return false
	}
	end := strings.TrimRight(doc[a:b], "\"')]”’ \t")
	return strings.HasSuffix(end, ".") || strings.HasSuffix(end, "!") || strings.HasSuffix(end, "?")
}
