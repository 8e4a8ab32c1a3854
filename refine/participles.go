package refine

import (
	"strings"
)

// participles puts the past participle where a perfect or a passive needs one and the writer
// wrote another form: an irregular past after a form of have or be ("has went" → "has gone",
// "was broke" → "was broken"), and a regular verb's base after a form of have ("has finish" →
// "has finished"). One adverb may stand between ("has already went"). The model decides in
// context: "was broke" (no money) stays where the model reads it so.
type participles struct{}

// between are the adverbs that may stand between an auxiliary and its participle.
var between = map[string]bool{"not": true, "never": true, "already": true, "just": true, "also": true,
	"ever": true, "always": true, "recently": true, "been": false}

func (participles) propose(v *view, add func(candidate)) {
	for i := 1; i < len(v.words); i++ {
		if !v.words[i].letters || !v.editable(i) {
			continue
		}
		aux := v.auxBefore(i)
		if aux == "" {
			continue
		}
		bare := v.words[i].bare()
		p, ok := v.lex.lx.IrregularParticiple(bare)
		if !ok && isHave(aux) {
			p, ok = v.lex.lx.RegularParticiple(bare)
		}
		if !ok {
			continue
		}
		if c, ok := v.replace(i, p, KindParticiple); ok {
			add(c)
		}
	}
}

// auxBefore is the form of have or be (lower case) that word i follows, with at most one
// adverb between, or "".
func (v *view) auxBefore(i int) string {
	for k := i - 1; k >= 0 && k >= i-2; k-- {
		w := v.words[k]
		if !w.letters || !w.plain {
			return ""
		}
		b := strings.ToLower(w.bare())
		if isHave(b) || isBe(b) {
			return b
		}
		if !between[b] {
			return ""
		}
	}
	return ""
}

func isHave(w string) bool { return w == "have" || w == "has" || w == "had" || w == "having" }

func isBe(w string) bool {
	switch w {
	case "am", "is", "are", "was", "were", "be", "been", "being":
		return true
	}
	return false
}
