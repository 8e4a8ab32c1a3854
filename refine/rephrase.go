package refine

import (
	"context"
	"math"
	"slices"
	"strings"
	"unicode/utf8"
)

// Rephrasing, at high strength (plan.rephrase): two words around a suspect word are re-noised —
// their tokens masked, with room for one token fewer or one more — and the model denoises the
// span in place (canvas.denoise: commit the confident tokens, remask the least confident once,
// the Mask-Predict idea), choosing among the tokens of the writer's words, their other forms and
// the function words (rephraseTokens). What comes back is one more candidate, of KindRewrite,
// judged by the guard like every other: the model must find its words likelier than the
// writer's by the kind's minPre, and its gain must pay the rewrite's cost, so a rephrasing is
// admitted only when it clearly beats the writer's words, and only when it keeps their meaning
// (sameSense): the writer's words reordered, in other forms, or with a superfluous function
// word left out, two changes at once where each alone may not pay ("peoples is" → "people are").

// rephraseSuspects is how many suspect words per round have the spans around them rephrased:
// the least likely ones.
const rephraseSuspects = 2

// rephraseDecode denoises a rephrased span: as Fill does, one remask round.
var rephraseDecode = decodeCfg{threshold: 0.9, remaskRound: 1, remaskConf: 0.5, remaskFrac: 0.34}

// rephraseSpans returns the spans (word indices [a, b)) to rephrase: the two-word spans around
// each of the first rephraseSuspects suspects that is a known word (an unknown word is a
// spelling, or a name). A word alone is not rephrased: its other forms and the words it is
// confused with have their own generators.
func (v *view) rephraseSpans() [][2]int {
	var spans [][2]int
	n := 0
	for _, i := range v.sus {
		if n == rephraseSuspects {
			break
		}
		if !v.rephrasable(i) || !v.lex.known(v.words[i].bare()) {
			continue
		}
		n++
		if i > 0 && v.rephrasable(i-1) && v.joined(i-1) && !slices.Contains(spans, [2]int{i - 1, i + 1}) {
			spans = append(spans, [2]int{i - 1, i + 1})
		}
		if i+1 < len(v.words) && v.rephrasable(i+1) && v.joined(i) {
			spans = append(spans, [2]int{i, i + 2})
		}
	}
	return spans
}

// rephraseTokens are the tokens a rephrasing of words [a, b) may use: those of the words, of
// their other forms, and of the function words, each with a leading space or without, and
// capitalised where the span starts with a capital. The model denoises the span within them: it
// may reorder the writer's words, change their forms and the function words around them, but
// brings in no new content (sameSense then checks the words it made of the pieces).
func (v *view) rephraseTokens(a, b int) []bool {
	only := make([]bool, len(v.c.text))
	var words []string
	for i := a; i < b; i++ {
		w := v.words[i].bare()
		words = append(words, w)
		words = append(words, v.lex.inflections(w)...)
	}
	words = append(words, v.lex.functionWords()...)
	first := v.words[a].bare()
	for _, w := range words {
		for _, s := range []string{w, matchCase(first, w)} {
			for _, form := range []string{s, " " + s} {
				for _, id := range v.c.tok.Encode(form) {
					only[id] = true
				}
			}
		}
	}
	return only
}

// rephrasable reports whether word i may be rephrased: an editable word with letters.
func (v *view) rephrasable(i int) bool { return v.words[i].letters && v.editable(i) }

// joined reports whether words i and i+1 are neighbours separated by a space only.
func (v *view) joined(i int) bool {
	return i+1 < len(v.words) && v.words[i].b == v.words[i+1].a && v.words[i+1].space()
}

// rephrase denoises every span of rephraseSpans at each length, all in one batched denoising,
// and returns the rephrasings worth ranking.
func (v *view) rephrase(ctx context.Context, cv *canvas) ([]candidate, error) {
	type origin struct{ a, b, m int } // the span's tokens [a, b) of v.body, re-noised as m masks
	var jobs []*job
	var from []origin
	for _, sp := range v.rephraseSpans() {
		a, b := v.words[sp[0]].a, v.words[sp[1]-1].b
		only := v.rephraseTokens(sp[0], sp[1])
		for m := b - a - 1; m <= b-a+1; m++ {
			if m < 1 || len(v.body)-(b-a)+m > cv.size {
				continue
			}
			masks := make([]int, m)
			for i := range masks {
				masks[i] = v.c.sp.mask
			}
			body := splice(v.body, a, b, masks...)
			j := newJob(body, v.c.sp, len(body)) // no null slot: the span has m tokens
			j.only = only
			if v.words[sp[0]].space() {
				j.banAt, j.ban = a, v.c.glue // the span starts a word, as the writer's did
			}
			jobs = append(jobs, j)
			from = append(from, origin{a, b, m})
		}
	}
	if len(jobs) == 0 {
		return nil, nil
	}
	if err := cv.denoise(ctx, jobs, rephraseDecode, nil); err != nil {
		return nil, err
	}
	var out []candidate
	for k, j := range jobs {
		o := from[k]
		repl := append([]int(nil), j.body[o.a:o.a+o.m]...)
		old := strings.TrimSpace(v.c.tok.Decode(v.body[o.a:o.b]))
		neu := strings.TrimSpace(v.c.tok.Decode(repl))
		if !utf8.ValidString(neu) || wordsKey(neu) == wordsKey(old) || !v.sameSense(old, neu) {
			continue
		}
		c, ok := v.edit(o.a, o.b, repl, KindRewrite, old, neu)
		if !ok {
			continue
		}
		// the model's view at the span's first slot, as for a word replaced (rank.go): the first
		// token it chose, as likely as it was when committed, against the writer's first token's
		// term; the guard then compares the rest of the span term by term (wordPre)
		c.pre = math.Log(j.conf[o.a]) - v.cur.body[o.a]
		out = append(out, c)
	}
	return out, nil
}

// sameSense reports whether a rephrasing keeps the writer's meaning: plain words only, each one of
// the writer's words as written or in another of its forms, in any order, with at most one of
// the writer's function words left out (never a content word, nor a negation). A rephrasing may
// mend the grammar of the writer's words — order, agreement, a superfluous function word — but
// never says less or other: the model's pseudo-log-likelihood prefers bland text to the
// writer's ("slabtop refreshes" → "the filter can be used to", "numbers also" → "number that
// will"), so new content is its taste, not a fix; and it adds no word, which the length bonus
// and the model's taste for function words would favour ("was in released" → "was also
// released in"), and which a missing word's own cost must pay for.
func (v *view) sameSense(old, neu string) bool {
	was, now := strings.Fields(old), strings.Fields(neu)
	if slices.ContainsFunc(now, func(w string) bool { return !isPlainWord(w) }) {
		return false
	}
	content := func(w string) bool { return !v.lex.functionWord(w) || negations[strings.ToLower(w)] }
	used := make([]bool, len(now))
	dropped := 0 // function words left out
	for _, w := range was {
		j := -1 // the first word of now, not matched yet, that is w or a form of it
		for k, x := range now {
			if !used[k] && v.sameWord(w, x) {
				j = k
				break
			}
		}
		switch {
		case j >= 0:
			used[j] = true
		case content(w):
			return false // a content word lost
		default:
			dropped++
		}
	}
	return dropped <= 1 && !slices.Contains(used, false) // no word added
}

// negations turn a sentence's meaning around: a rephrasing never adds or drops one.
var negations = map[string]bool{"not": true, "no": true, "never": true}

// sameWord reports whether x is w as written or another of its forms (any case).
func (v *view) sameWord(w, x string) bool {
	return strings.EqualFold(w, x) || slices.ContainsFunc(v.lex.inflections(w), func(f string) bool { return strings.EqualFold(f, x) })
}
