package refine

import (
	"math"
	"sort"
)

// job is one body being denoised on a canvas. Positions with free set start masked (or are
// masked by the caller) and are filled; the others never change. A free position with nullOK may
// end up empty (<|null|>): it then stays masked in the model's input, as null slots always were
// in training, and is dropped from the text.
type job struct {
	body   []int  // len canvas.size; sp.mask at free positions not yet filled
	free   []bool // positions the denoiser fills
	nullOK []bool // free positions that may become <|null|>
	minTok int    // at least this many free positions must end up as real tokens
	banAt  int    // with ban: the body position ...
	ban    []bool // ... that may not take these tokens (by id; optional)
	only   []bool // optional, by id: the only tokens any free position may take

	pending []bool    // free positions still masked
	isNull  []bool    // committed as <|null|>
	conf    []float64 // probability of the committed token when it was chosen
}

// decodeCfg sets how the denoiser commits tokens.
type decodeCfg struct {
	threshold   float64 // commit every position whose choice has at least this probability
	remaskRound int     // Mask-Predict rounds after the first pass
	remaskConf  float64 // remask committed tokens below this probability ...
	remaskFrac  float64 // ... at most this share of the free positions per round
}

// fillDecode is how Fill denoises a gap.
var fillDecode = decodeCfg{
	threshold:   0.9,
	remaskRound: 1,
	remaskConf:  0.5,
	remaskFrac:  0.34,
}

// newJob prepares a job: positions where body is <|mask|> are free; slots at or after nullFrom
// may become <|null|>.
func newJob(body []int, sp specials, nullFrom int) *job {
	n := len(body)
	j := &job{
		body:    append([]int(nil), body...),
		free:    make([]bool, n),
		nullOK:  make([]bool, n),
		pending: make([]bool, n),
		isNull:  make([]bool, n),
		conf:    make([]float64, n),
	}
	for i, id := range body {
		if id == sp.mask {
			j.free[i] = true
			j.pending[i] = true
			j.nullOK[i] = i >= nullFrom
		}
	}
	return j
}

// tokens returns the body without its null slots and still-masked positions.
func (j *job) tokens(sp specials) []int {
	out := make([]int, 0, len(j.body))
	for i, id := range j.body {
		if j.isNull[i] || id == sp.mask {
			continue
		}
		out = append(out, id)
	}
	return out
}

// realCount is the number of free positions committed as real tokens.
func (j *job) realCount() int {
	n := 0
	for i := range j.body {
		if j.free[i] && !j.pending[i] && !j.isNull[i] {
			n++
		}
	}
	return n
}

func (j *job) pendingCount() int {
	n := 0
	for _, p := range j.pending {
		if p {
			n++
		}
	}
	return n
}

// commit chooses tokens at the pending positions from their logits and commits the confident ones.
func (j *job) commit(logits [][]float32, pos []int, off int, sp specials, cfg decodeCfg) {
	type choice struct {
		i    int
		id   int
		conf float64
	}
	// collapse control: once the remaining pending positions are all needed as real tokens,
	// none of them may become null.
	need := j.minTok - j.realCount()
	noNull := need >= j.pendingCount()
	cs := make([]choice, 0, len(pos))
	for k, p := range pos {
		i := p - off
		nullOK := j.nullOK[i] && !noNull
		if (i == j.banAt && j.ban != nil) || j.only != nil {
			lg := append([]float32(nil), logits[k]...)
			for id := range lg {
				if (i == j.banAt && id < len(j.ban) && j.ban[id]) || (j.only != nil && (id >= len(j.only) || !j.only[id])) {
					lg[id] = float32(math.Inf(-1))
				}
			}
			logits[k] = lg
		}
		d := logDist(logits[k], sp, nullOK, 1)
		id, lp := d.argmax()
		cs = append(cs, choice{i, id, math.Exp(lp)})
	}
	sort.SliceStable(cs, func(a, b int) bool { return cs[a].conf > cs[b].conf })
	for k, ch := range cs {
		if k > 0 && ch.conf < cfg.threshold {
			break
		}
		if ch.id == sp.null {
			// a null may not take a position the remaining real tokens need
			if j.minTok-j.realCount() >= j.pendingCount() {
				continue
			}
			j.isNull[ch.i] = true
		} else {
			j.body[ch.i] = ch.id
		}
		j.pending[ch.i] = false
		j.conf[ch.i] = ch.conf
	}
}

// remask reopens the least confident committed free positions for another pass (Mask-Predict);
// it reports whether it reopened any.
func (j *job) remask(cfg decodeCfg, sp specials) bool {
	var idx []int
	nFree := 0
	for i := range j.body {
		if !j.free[i] {
			continue
		}
		nFree++
		if !j.pending[i] && j.conf[i] < cfg.remaskConf {
			idx = append(idx, i)
		}
	}
	if len(idx) == 0 || nFree < 2 {
		return false
	}
	sort.SliceStable(idx, func(a, b int) bool { return j.conf[idx[a]] < j.conf[idx[b]] })
	limit := max(1, int(math.Ceil(cfg.remaskFrac*float64(nFree))))
	if len(idx) > limit {
		idx = idx[:limit]
	}
	for _, i := range idx {
		j.body[i] = sp.mask
		j.isNull[i] = false
		j.pending[i] = true
	}
	return true
}
