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
	kind string  // sub, typo, ins, del, swap, denoise
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

// propose makes targeted edit proposals around the least likely words of body: substitute the
// word (the model's choices at a masked slot, and close spellings), delete it, insert a word
// before or after it, swap it with a neighbour. One batched pass probes every masked slot.
func (c *core) propose(ctx context.Context, cv *canvas, body []int, orig pll, prot []bool) ([]proposal, error) {
	pr := c.prm
	ws := c.words(body, prot)
	sus := c.suspects(ws, orig.body, pr.suspectLP, pr.maxSuspects)
	if len(sus) == 0 {
		return nil, nil
	}
	// probes: per suspect, the word replaced by one mask, a mask inserted before, and after it
	type probe struct {
		w    int
		kind string
		at   int // index of the mask in the probe body
		body []int
	}
	var probes []probe
	for _, wi := range sus {
		w := ws[wi]
		if len(body)-(w.b-w.a)+1 <= cv.size {
			probes = append(probes, probe{wi, "sub", w.a, splice(body, w.a, w.b, c.sp.mask)})
		}
		if len(body)+1 <= cv.size {
			probes = append(probes, probe{wi, "insb", w.a, splice(body, w.a, w.a, c.sp.mask)})
			probes = append(probes, probe{wi, "insa", w.b, splice(body, w.b, w.b, c.sp.mask)})
		}
	}
	actives := make([][]int, len(probes))
	outPos := make([][]int, len(probes))
	for i, p := range probes {
		actives[i] = cv.active(p.body)
		outPos[i] = []int{cv.bodyOff() + p.at}
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
	for i, p := range probes {
		w := ws[p.w]
		d := logDist(logits[i][0], c.sp, false, 1)
		wt := c.wordText(body, w)
		space := hasLeadingSpace(wt)
		olp := minLP(orig.body, w.a, w.b)
		switch p.kind {
		case "sub":
			n := 0
			for _, r := range d.topK(pr.subTop + 4) {
				if n >= pr.subTop {
					break
				}
				if !c.wordShaped(r.id, space) || c.text[r.id] == wt {
					continue
				}
				n++
				add(proposal{body: splice(body, w.a, w.b, r.id), kind: "sub", at: w.a, pre: r.lp, orig: olp})
			}
			for _, r := range c.closeSpellings(d, wt, space, pr.typoTop) {
				add(proposal{body: splice(body, w.a, w.b, r.id), kind: "typo", at: w.a, pre: r.lp, orig: olp})
			}
		case "insb", "insa":
			n := 0
			for _, r := range d.topK(pr.insTop + 4) {
				if n >= pr.insTop {
					break
				}
				if !c.wordShaped(r.id, true) {
					continue
				}
				n++
				nb := splice(body, p.at, p.at, r.id)
				// a word inserted before the span's first word takes over its leading space
				add(proposal{body: nb, kind: "ins", at: p.at, pre: r.lp, orig: olp})
			}
		}
	}
	for _, wi := range sus {
		w := ws[wi]
		olp := minLP(orig.body, w.a, w.b)
		// delete the word (a word with a leading space, or the first word before one)
		if len(body)-(w.b-w.a) > 0 {
			add(proposal{body: splice(body, w.a, w.b), kind: "del", at: w.a, orig: olp})
		}
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
			nb := make([]int, 0, len(body))
			nb = append(nb, body[:x.a]...)
			nb = append(nb, body[y.a:y.b]...)
			nb = append(nb, body[x.a:x.b]...)
			nb = append(nb, body[y.b:]...)
			add(proposal{body: nb, kind: "swap", at: x.a, orig: math.Min(olp, minLP(orig.body, ws[nj].a, ws[nj].b))})
		}
	}
	return out, nil
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
	maxD := 1
	if utf8.RuneCountInString(w) >= 5 {
		maxD = 2
	}
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
