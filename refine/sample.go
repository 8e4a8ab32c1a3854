package refine

import (
	"math"
	"math/rand/v2"
	"sort"
)

// dist is a log-probability distribution over the vocabulary at one position, computed from raw
// logits with the special tokens the position may not take removed (set to -Inf) first.
type dist []float32

// specials are the token ids a decoder must never emit, and the null id that only a null slot
// may take.
type specials struct {
	mask, pad, doc, null int
}

// logDist turns raw logits into log-probabilities in place-free fashion: it returns a new slice.
// <|mask|>, <|pad|> and <|doc|> are always removed; <|null|> is removed unless nullOK.
// A temperature t > 0 other than 1 divides the logits first.
func logDist(logits []float32, sp specials, nullOK bool, t float64) dist {
	out := make(dist, len(logits))
	inv := float32(1)
	if t > 0 && t != 1 {
		inv = float32(1 / t)
	}
	maxv := float32(math.Inf(-1))
	for i, v := range logits {
		switch {
		case i == sp.mask || i == sp.pad || i == sp.doc:
			out[i] = float32(math.Inf(-1))
			continue
		case i == sp.null && !nullOK:
			out[i] = float32(math.Inf(-1))
			continue
		}
		v *= inv
		if math.IsNaN(float64(v)) {
			v = float32(math.Inf(-1))
		}
		out[i] = v
		if v > maxv {
			maxv = v
		}
	}
	var sum float64
	for _, v := range out {
		if !math.IsInf(float64(v), -1) {
			sum += math.Exp(float64(v - maxv))
		}
	}
	lse := maxv + float32(math.Log(sum))
	for i, v := range out {
		if !math.IsInf(float64(v), -1) {
			out[i] = v - lse
		}
	}
	return out
}

// argmax returns the most likely id and its log-probability.
func (d dist) argmax() (int, float64) {
	best, bv := 0, float32(math.Inf(-1))
	for i, v := range d {
		if v > bv {
			best, bv = i, v
		}
	}
	return best, float64(bv)
}

// ranked is one (id, log-probability) pair.
type ranked struct {
	id int
	lp float64
}

// topK returns the k most likely ids, best first (ties by lower id, so the order is deterministic).
func (d dist) topK(k int) []ranked {
	if k <= 0 {
		return nil
	}
	out := make([]ranked, 0, k+1)
	for i, v := range d {
		if math.IsInf(float64(v), -1) {
			continue
		}
		if len(out) == k && float64(v) <= out[k-1].lp {
			continue
		}
		r := ranked{i, float64(v)}
		j := sort.Search(len(out), func(j int) bool { return out[j].lp < r.lp })
		out = append(out, ranked{})
		copy(out[j+1:], out[j:])
		out[j] = r
		if len(out) > k {
			out = out[:k]
		}
	}
	return out
}

// sample draws an id from d restricted to its top-p nucleus (p ≤ 0 or ≥ 1: the whole
// distribution). It returns the id and its log-probability under d. rng must not be nil.
func (d dist) sample(rng *rand.Rand, topP float64) (int, float64) {
	cands := d.topK(64)
	if len(cands) == 0 {
		return 0, math.Inf(-1)
	}
	if topP > 0 && topP < 1 {
		var c float64
		for i, r := range cands {
			c += math.Exp(r.lp)
			if c >= topP {
				cands = cands[:i+1]
				break
			}
		}
	}
	var total float64
	for _, r := range cands {
		total += math.Exp(r.lp)
	}
	u := rng.Float64() * total
	for _, r := range cands {
		u -= math.Exp(r.lp)
		if u <= 0 {
			return r.id, r.lp
		}
	}
	last := cands[len(cands)-1]
	return last.id, last.lp
}

// newRNG returns the deterministic generator for a seed and a stream number, so independent
// parts of one call draw from independent, reproducible streams.
func newRNG(seed int64, stream uint64) *rand.Rand {
	return rand.New(rand.NewPCG(uint64(seed), 0x9e3779b97f4a7c15^stream))
}
