package engine

import (
	_ "embed"
	"encoding/json"
	"math"
	"math/rand/v2"
	"strings"
)

// probeWindows are the realistic refine windows on which the cache's approximation is measured:
// 12 cases of shared/eval/repair.jsonl (every 25th), each about 600 bytes of context on either
// side of a sentence to revise. JSON Lines of {"left", "text", "right", "kind"}.
//
//go:embed testdata/windows.jsonl
var probeWindows string

// CacheProbe is how far Cache steps are from the exact pass on realistic refine windows.
type CacheProbe struct {
	Windows   int // windows probed
	Positions int // masked positions measured
	// KL is the mean KL(exact ‖ cached), in nats, at the masked positions of a step that
	// re-noises the span (30–50% of its tokens masked, the rest original), when the cache was
	// built with the whole span masked, as a denoising loop starts.
	KL float64
	// KLOriginal is the same when the cache was built over the original text of the span: the
	// context's keys and values then carry the original tokens, which leak into the step.
	KLOriginal float64
}

// MeasureCache measures the cache's approximation on the built-in probe windows (see
// CacheProbe), masking with the given seed. It runs about three full passes per window.
func (m *Model) MeasureCache(seed uint64) CacheProbe {
	return m.measureCache(-1, seed)
}

// measureCache is MeasureCache on the first n probe windows (all if n < 0).
func (m *Model) measureCache(n int, seed uint64) CacheProbe {
	rng := rand.New(rand.NewPCG(seed, 0x5eed))
	var res CacheProbe
	var sumKL, sumKLOriginal float64
	for line := range strings.Lines(probeWindows) {
		if n >= 0 && res.Windows >= n {
			break
		}
		var w struct{ Left, Text, Right string }
		if err := json.Unmarshal([]byte(line), &w); err != nil {
			panic("engine: bad probe window")
		}
		ids, start, end := m.probeWindow(w.Left, w.Text, w.Right, 192)
		span := ids[start:end]

		// Re-noise the span: mask 30–50% of its tokens, at least one.
		rate := 0.3 + 0.2*rng.Float64()
		noised := append([]int(nil), span...)
		var masked []int // offsets within the span
		for i := range noised {
			if rng.Float64() < rate {
				noised[i] = m.cfg.MaskID
				masked = append(masked, i)
			}
		}
		if len(masked) == 0 {
			i := rng.IntN(len(noised))
			noised[i] = m.cfg.MaskID
			masked = append(masked, i)
		}
		exactIDs := append(append(append([]int(nil), ids[:start]...), noised...), ids[end:]...)
		at := make([]int, len(masked))
		for i, o := range masked {
			at[i] = start + o
		}
		exact := m.Forward(exactIDs, at)

		allMasked := append([]int(nil), ids...)
		for i := start; i < end; i++ {
			allMasked[i] = m.cfg.MaskID
		}
		cached := m.NewCache(allMasked, start, end).Step(noised, masked)
		cachedOriginal := m.NewCache(ids, start, end).Step(noised, masked)
		for i := range masked {
			sumKL += klDivergence(exact[i], cached[i])
			sumKLOriginal += klDivergence(exact[i], cachedOriginal[i])
		}
		res.Windows++
		res.Positions += len(masked)
	}
	if res.Positions > 0 {
		res.KL = sumKL / float64(res.Positions)
		res.KLOriginal = sumKLOriginal / float64(res.Positions)
	}
	return res
}

// probeWindow tokenizes left+text+right together and returns at most ctx tokens of context on
// either side of the span: the tokens that overlap text (so the space before a word, which
// belongs to the word's token, comes with it).
func (m *Model) probeWindow(left, text, right string, ctx int) (ids []int, start, end int) {
	all := m.tok.Encode(left + text + right)
	lo, hi := len(left), len(left)+len(text)
	start, end = -1, -1
	off := 0
	for i, id := range all {
		next := off + len(m.tok.TokenBytes(id))
		if next > lo && start < 0 {
			start = i
		}
		if off < hi {
			end = i + 1
		}
		off = next
	}
	a, b := max(0, start-ctx), min(len(all), end+ctx)
	return all[a:b], start - a, end - a
}

// klDivergence is KL(softmax(p) ‖ softmax(q)) in nats, for raw logits p and q.
func klDivergence(p, q []float32) float64 {
	lp, lq := logSoftmax64(p), logSoftmax64(q)
	var kl float64
	for i := range lp {
		kl += math.Exp(lp[i]) * (lp[i] - lq[i])
	}
	return max(kl, 0)
}

func logSoftmax64(v []float32) []float64 {
	mx := math.Inf(-1)
	for _, x := range v {
		mx = math.Max(mx, float64(x))
	}
	var s float64
	for _, x := range v {
		s += math.Exp(float64(x) - mx)
	}
	lse := mx + math.Log(s)
	out := make([]float64, len(v))
	for i, x := range v {
		out[i] = float64(x) - lse
	}
	return out
}
