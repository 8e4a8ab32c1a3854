package refine

import (
	"context"
	"math"
	"math/rand/v2"
	"sort"
)

// slotCount is the number of trailing null slots given to a span of n tokens: room for the
// passage to grow by a word or two, few enough that the model (trained with at most n/2 null
// slots after a span) still reads the span as a whole.
func slotCount(n int) int {
	return max(2, min(8, n/8))
}

// chooseNoise picks the positions of body to re-noise: round(strength × unprotected tokens) of
// them (at least one when strength > 0), drawn without replacement with weights growing with how
// unlikely the model finds each token (Gumbel top-k over beta × surprisal), so the model's doubts
// guide the choice and the seed varies it. Protected positions are never chosen. The result is
// sorted.
func chooseNoise(lps []float64, prot []bool, strength, beta float64, rng *rand.Rand) []int {
	var free []int
	for i := range lps {
		if i < len(prot) && prot[i] {
			continue
		}
		free = append(free, i)
	}
	if strength <= 0 || len(free) == 0 {
		return nil
	}
	k := int(math.Round(strength * float64(len(free))))
	k = max(1, min(k, len(free)))
	type kv struct {
		i int
		v float64
	}
	keys := make([]kv, len(free))
	for j, i := range free {
		u := rng.Float64()
		g := -math.Log(-math.Log(u*(1-1e-12) + 1e-12))
		keys[j] = kv{i, beta*(-lps[i]) + g}
	}
	sort.SliceStable(keys, func(a, b int) bool { return keys[a].v > keys[b].v })
	out := make([]int, k)
	for j := range k {
		out[j] = keys[j].i
	}
	sort.Ints(out)
	return out
}

// resample re-noises part of body (Options.Strength, guided by the original's token
// log-probabilities and the seed) n times and denoises the copies together on the canvas, with
// trailing null slots so the passage may grow or shrink. Copy 0 decodes greedily; the others
// sample (temperature and top-p) from their own random streams, for alternatives.
func (c *core) resample(ctx context.Context, cv *canvas, body []int, orig pll, prot []bool, opt Options, n int, prog *progress) ([]proposal, error) {
	var jobs []*job
	var at []int
	for a := range n {
		rng := newRNG(opt.Seed, uint64(a)+1)
		pos := chooseNoise(orig.body, prot, opt.Strength, c.prm.noiseBeta, rng)
		if len(pos) == 0 {
			return nil, nil
		}
		nb := make([]int, cv.size)
		copy(nb, body)
		for i := len(body); i < cv.size; i++ {
			nb[i] = c.sp.mask
		}
		for _, i := range pos {
			nb[i] = c.sp.mask
		}
		j := newJob(nb, c.sp, len(body))
		// masked span positions may also empty out, but most must stay words
		for _, i := range pos {
			j.nullOK[i] = true
		}
		j.minTok = len(pos) - len(pos)/4
		if a > 0 {
			j.temp, j.topP, j.rng = 0.8, 0.9, rng
		}
		jobs = append(jobs, j)
		at = append(at, pos[0])
	}
	if err := cv.denoise(ctx, jobs, c.prm.refineDecode, prog.step); err != nil {
		return nil, err
	}
	out := make([]proposal, len(jobs))
	for k, j := range jobs {
		out[k] = proposal{body: j.tokens(c.sp), kind: "denoise", at: at[k], orig: minLP(orig.body, at[k], at[k]+1)}
	}
	return out, nil
}
