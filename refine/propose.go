package refine

import (
	"context"
	"math"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// word is a run of body tokens [a,b) that forms one word (a pre-tokenizer piece: " ?letters",
// a number, punctuation, or whitespace).
type word struct {
	a, b    int
	letters bool // contains a letter
	prot    bool // any token is protected
}

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
		if strings.IndexFunc(s, unicode.IsLetter) >= 0 {
			w.letters = true
		}
		if i < len(prot) && prot[i] {
			w.prot = true
		}
	}
	return out
}

// proposal is one candidate body with how it was made.
type proposal struct {
	body []int
	kind string  // dedup, typo, sub, swap, ins (targeted) or denoise (re-noised and denoised)
	at   int     // first body token the edit touches (in the original body)
	pre  float64 // a cheap pre-score: log-probability of the new material where it was proposed
	orig float64 // the lowest original token log-probability among the tokens the edit touches
	p    pll     // its score, once scored
}

func splice(body []int, a, b int, repl ...int) []int {
	out := make([]int, 0, len(body)-(b-a)+len(repl))
	out = append(out, body[:a]...)
	out = append(out, repl...)
	return append(out, body[b:]...)
}

// wordText is the decoded text of a word.
func (c *core) wordText(body []int, w word) string {
	var sb strings.Builder
	for _, id := range body[w.a:w.b] {
		sb.WriteString(c.text[id])
	}
	return sb.String()
}

// hasLeadingSpace reports whether s starts with a space.
func hasLeadingSpace(s string) bool { return strings.HasPrefix(s, " ") }

// wordShaped reports whether a token can stand as a whole word where a word with (or without) a
// leading space stood: same leading-space shape, letters only after it.
func (c *core) wordShaped(id int, space bool) bool {
	if id >= len(c.text) {
		return false
	}
	s := c.text[id]
	if s == "" || hasLeadingSpace(s) != space {
		return false
	}
	s = strings.TrimPrefix(s, " ")
	if s == "" {
		return false
	}
	for _, r := range s {
		if !unicode.IsLetter(r) && r != '\'' && r != '-' {
			return false
		}
	}
	return true
}

// suspects returns the words most likely to be wrong: unprotected words with letters whose
// least likely token has log-probability below limit, worst first, at most max.
func (c *core) suspects(ws []word, lps []float64, limit float64, maxN int) []int {
	type s struct {
		w  int
		lp float64
	}
	var out []s
	for i, w := range ws {
		if !w.letters || w.prot {
			continue
		}
		m := math.Inf(1)
		for t := w.a; t < w.b; t++ {
			m = math.Min(m, lps[t])
		}
		if m < limit {
			out = append(out, s{i, m})
		}
	}
	sort.SliceStable(out, func(a, b int) bool { return out[a].lp < out[b].lp })
	if len(out) > maxN {
		out = out[:maxN]
	}
	idx := make([]int, len(out))
	for i, o := range out {
		idx[i] = o.w
	}
	return idx
}

// minLP is the lowest log-probability among lps[a:b].
func minLP(lps []float64, a, b int) float64 {
	m := math.Inf(1)
	for t := max(a, 0); t < min(b, len(lps)); t++ {
		m = math.Min(m, lps[t])
	}
	return m
}

// kind priorities: when more proposals pass the pre-filters than may be scored, the kinds the
// guard most often confirms go first.
var kindPriority = map[string]int{"dedup": 0, "typo": 1, "sub": 2, "swap": 3, "ins": 4}

// probeSlot is one masked slot of a probe body and the suspect it belongs to.
type probeSlot struct {
	sus  int    // index into the suspects list
	kind string // sub (the word replaced by a mask), insb / insa (a mask inserted before / after)
	pos  int    // index of the mask in the probe body
}

// buildProbe applies one kind of probe edit at each suspect of a group (ascending positions) and
// returns the probe body and where each mask landed.
func buildProbe(body []int, ws []word, sus []int, group []int, kind string, mask int) ([]int, []probeSlot) {
	out := make([]int, 0, len(body)+len(group))
	var slots []probeSlot
	prev := 0
	for _, si := range group {
		w := ws[sus[si]]
		switch kind {
		case "sub":
			out = append(out, body[prev:w.a]...)
			slots = append(slots, probeSlot{si, kind, len(out)})
			out = append(out, mask)
			prev = w.b
		case "insb":
			out = append(out, body[prev:w.a]...)
			slots = append(slots, probeSlot{si, kind, len(out)})
			out = append(out, mask)
			prev = w.a
		case "insa":
			out = append(out, body[prev:w.b]...)
			slots = append(slots, probeSlot{si, kind, len(out)})
			out = append(out, mask)
			prev = w.b
		}
	}
	return append(out, body[prev:]...), slots
}

// propose makes targeted edit proposals around the least likely words of body: substitute the
// word (the model's first choice at a masked slot, or the closest spelling it finds likely),
// delete it where it repeats its neighbour, insert a word before or after it, swap it with a
// neighbour. Probing the masked slots takes one batched pass: suspects far enough apart share a
// probe body. Proposals must pass cheap pre-filters (the model's confidence in the new word, how
// unlikely the original is) and at most maxScored of them, by kind priority, go on to be scored.
func (c *core) propose(ctx context.Context, cv *canvas, body []int, orig pll, prot []bool) ([]proposal, error) {
	pr := c.prm
	ws := c.words(body, prot)
	sus := c.suspects(ws, orig.body, pr.suspectLP, pr.maxSuspects)
	if len(sus) == 0 {
		return nil, nil
	}
	// group suspects (in body order) so that masks in one probe body are at least 3 tokens apart
	order := make([]int, len(sus))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return ws[sus[order[a]]].a < ws[sus[order[b]]].a })
	var groups [][]int
	for _, si := range order {
		placed := false
		for g := range groups {
			last := ws[sus[groups[g][len(groups[g])-1]]]
			if ws[sus[si]].a-last.b >= 3 && len(groups[g]) < cv.size-len(body) {
				groups[g] = append(groups[g], si)
				placed = true
				break
			}
		}
		if !placed {
			groups = append(groups, []int{si})
		}
	}
	var actives [][]int
	var outPos [][]int
	var slotsOf [][]probeSlot
	// which probes a suspect needs: a masked slot in its place when a substitution or a spelling
	// could pass the pre-filters, masks beside it when an insertion could
	needs := func(si int, kind string) bool {
		w := ws[sus[si]]
		olp := minLP(orig.body, w.a, w.b)
		if kind == "sub" {
			return (w.b-w.a == 1 && body[w.a] < pr.subMaxID) || (w.b-w.a > 1 && olp <= pr.typoOrig)
		}
		return pr.insTop > 0 && olp <= pr.insOrig
	}
	for _, g0 := range groups {
		for _, kind := range []string{"sub", "insb", "insa"} {
			var g []int
			for _, si := range g0 {
				if needs(si, kind) {
					g = append(g, si)
				}
			}
			if len(g) == 0 {
				continue
			}
			pb, slots := buildProbe(body, ws, sus, g, kind, c.sp.mask)
			if len(pb) > cv.size {
				continue
			}
			op := make([]int, len(slots))
			for i, s := range slots {
				op[i] = cv.bodyOff() + s.pos
			}
			actives = append(actives, cv.active(pb))
			outPos = append(outPos, op)
			slotsOf = append(slotsOf, slots)
		}
	}
	logits, err := cv.run(ctx, actives, outPos)
	if err != nil {
		return nil, err
	}
	var out []proposal
	seen := map[string]bool{key(body): true}
	add := func(p proposal) {
		if len(p.body) > cv.size || len(p.body) == 0 {
			return
		}
		k := key(p.body)
		if seen[k] {
			return
		}
		seen[k] = true
		out = append(out, p)
	}
	for v, slots := range slotsOf {
		for i, s := range slots {
			w := ws[sus[s.sus]]
			d := logDist(logits[v][i], c.sp, false, 1)
			wt := c.wordText(body, w)
			space := hasLeadingSpace(wt)
			olp := minLP(orig.body, w.a, w.b)
			switch s.kind {
			case "sub":
				// the model's first choice, if it is clearly confident and not the word itself
				if top, lp := d.argmax(); lp >= pr.subPre && w.b-w.a == 1 && body[w.a] < pr.subMaxID && c.wordShaped(top, space) && c.text[top] != wt {
					add(proposal{body: splice(body, w.a, w.b, top), kind: "sub", at: w.a, pre: lp, orig: olp})
				}
				if olp <= pr.typoOrig && w.b-w.a > 1 && !nameLike(wt) {
					for _, r := range c.closeSpellings(d, wt, space, 1) {
						if r.lp >= pr.typoPre {
							add(proposal{body: splice(body, w.a, w.b, r.id), kind: "typo", at: w.a, pre: r.lp, orig: olp})
						}
					}
				}
			case "insb", "insa":
				at := w.a
				if s.kind == "insa" {
					at = w.b
				}
				if top, lp := d.argmax(); lp >= pr.insPre && c.wordShaped(top, true) {
					add(proposal{body: splice(body, at, at, top), kind: "ins", at: at, pre: lp, orig: olp})
				}
			}
		}
	}
	// delete a word that repeats the word before it ("the the"), wherever it is
	for wi := 1; wi < len(ws); wi++ {
		w := ws[wi]
		if w.letters && !w.prot && c.repeats(body, ws, wi) {
			add(proposal{body: splice(body, w.a, w.b), kind: "dedup", at: w.a, orig: minLP(orig.body, w.a, w.b)})
		}
	}
	for _, wi := range sus {
		w := ws[wi]
		olp := minLP(orig.body, w.a, w.b)
		// swap with a neighbour: both plain words with a leading space, unprotected
		for _, nj := range []int{wi - 1, wi + 1} {
			if nj < 0 || nj >= len(ws) {
				continue
			}
			x, y := ws[min(wi, nj)], ws[max(wi, nj)]
			if x.prot || y.prot || !x.letters || !y.letters || x.b != y.a {
				continue
			}
			if !hasLeadingSpace(c.wordText(body, x)) || !hasLeadingSpace(c.wordText(body, y)) {
				continue
			}
			o2 := minLP(orig.body, ws[nj].a, ws[nj].b)
			o := math.Min(olp, o2)
			if o > pr.swapOrig {
				continue
			}
			nb := make([]int, 0, len(body))
			nb = append(nb, body[:x.a]...)
			nb = append(nb, body[y.a:y.b]...)
			nb = append(nb, body[x.a:x.b]...)
			nb = append(nb, body[y.b:]...)
			add(proposal{body: nb, kind: "swap", at: x.a, orig: o})
		}
	}
	sort.SliceStable(out, func(a, b int) bool {
		pa, pb := kindPriority[out[a].kind], kindPriority[out[b].kind]
		if pa != pb {
			return pa < pb
		}
		return out[a].orig < out[b].orig
	})
	if len(out) > pr.maxScored {
		out = out[:pr.maxScored]
	}
	return out, nil
}

// repeats reports whether word wi repeats the word just before it (same letters, ignoring case
// and the leading space): "the the".
func (c *core) repeats(body []int, ws []word, wi int) bool {
	if wi < 1 || !ws[wi-1].letters {
		return false
	}
	norm := func(w word) string { return strings.ToLower(strings.TrimSpace(c.wordText(body, w))) }
	return norm(ws[wi]) == norm(ws[wi-1])
}

// nameLike reports whether a word looks like a name or an identifier rather than a misspelling:
// a capital letter or a digit after its first letter (CLisp, iPhone, utf8).
func nameLike(w string) bool {
	w = strings.TrimSpace(w)
	for i, r := range w {
		if i > 0 && (unicode.IsUpper(r) || unicode.IsDigit(r)) {
			return true
		}
	}
	return false
}

// key is a map key for a token sequence.
func key(ids []int) string {
	var sb strings.Builder
	for _, id := range ids {
		sb.WriteRune(rune(id + 1))
	}
	return sb.String()
}

// closeSpellings returns the single tokens spelled within a small edit distance of word (same
// leading-space shape, at least 3 letters), ranked by d, best first, at most n: the spelling
// corrections the model finds likely at the word's slot.
func (c *core) closeSpellings(d dist, word string, space bool, n int) []ranked {
	w := strings.ToLower(strings.TrimPrefix(word, " "))
	if utf8.RuneCountInString(w) < 3 || n <= 0 {
		return nil
	}
	const maxD = 1 // most misspellings are one edit away; two-edit "corrections" mostly change words
	var out []ranked
	for id, s := range c.text {
		if !c.wordShaped(id, space) {
			continue
		}
		t := strings.ToLower(strings.TrimPrefix(s, " "))
		if t == w || abs(len(t)-len(w)) > maxD {
			continue
		}
		if osaDistance(w, t, maxD) <= maxD {
			out = append(out, ranked{id, float64(d[id])})
		}
	}
	sort.SliceStable(out, func(a, b int) bool { return out[a].lp > out[b].lp })
	if len(out) > n {
		out = out[:n]
	}
	return out
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// osaDistance is the optimal-string-alignment distance (Levenshtein plus adjacent
// transpositions) between a and b, by bytes; it returns limit+1 as soon as the distance must
// exceed limit.
func osaDistance(a, b string, limit int) int {
	n, m := len(a), len(b)
	prev2 := make([]int, m+1)
	prev := make([]int, m+1)
	cur := make([]int, m+1)
	for j := range m + 1 {
		prev[j] = j
	}
	for i := 1; i <= n; i++ {
		cur[0] = i
		best := cur[0]
		for j := 1; j <= m; j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = v
			best = min(best, v)
		}
		if best > limit {
			return limit + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[m]
}
