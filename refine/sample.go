package refine

import (
	"math"
	"sort"
)

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
