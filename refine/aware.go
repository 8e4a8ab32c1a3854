package refine

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"github.com/redraft/redraft/engine"
)

// Error-aware models (engine.Config.ErrorAware, model/MODEL.md "Error-aware objective") were
// trained with visible writing errors as well as masks, and learned to predict the original
// token at every position. So one forward pass over the unmasked text is a detector and a
// corrector: where the model gives the token that stands there a low probability and another
// token a much higher one, the token is a suspect and the other tokens are its likely fixes.
// Models without the objective only copy what they see at unmasked positions; for them refine
// keeps probing with masks.
//
// How the objective aligns errors, and so what a fix means:
//   - a misspelled, confusable or wrongly inflected word: its tokens' fixes are the right word's
//     tokens in order; tokens it has beyond the right word's get <|null|> (delete the token);
//   - a doubled or inserted word: its tokens get <|null|>;
//   - two swapped words: each position's fix is the token the original had there;
//   - a dropped word: the token right after the hole gets the dropped word's first token, though
//     that token is right where it stands, so a fix may also mean "insert this before the
//     token". The caller tries both and lets the guard judge.

// awareSuspect is a token of the window that an error-aware model finds out of place.
type awareSuspect struct {
	pos     int        // index in the window
	id      int        // the token there
	logProb float64    // log p(id) at pos
	fixes   []awareFix // the tokens the model prefers there, most likely first
}

// awareFix is a token an error-aware model would put at a suspect's position; id is the
// model's <|null|> for "delete the token".
type awareFix struct {
	id      int
	logProb float64
}

// awareLimits decide which tokens are suspects and which fixes are kept.
type awareLimits struct {
	maxLogProb float64 // a suspect's own token has log p ≤ maxLogProb,
	minGain    float64 // and its best fix beats it by at least minGain nats
	fixes      int     // at most this many fixes per suspect,
	minFixLP   float64 // each with log p ≥ minFixLP
}

// defaultAwareLimits are starting points, not yet calibrated on a trained error-aware model:
// the token has at most 10% probability, the best fix is e^2 ≈ 7 times likelier, and fixes
// have at least 5%. Calibrate them on clean text first (most of it must yield no suspect).
func defaultAwareLimits() awareLimits {
	return awareLimits{maxLogProb: math.Log(0.1), minGain: 2, fixes: 4, minFixLP: math.Log(0.05)}
}

// awareSuspects reads the logits of one forward pass of an error-aware model over an unmasked
// window ids: logits[i] are the logits at position pos[i] of ids (engine.Model.Forward(ids,
// pos)). It returns the suspects among those positions, the most convincing first (largest
// gain of the best fix over the token). Special tokens (<|mask|>, <|pad|>, <|doc|>, <|null|>)
// are never suspects; <|mask|>, <|pad|> and <|doc|> are never fixes.
func awareSuspects(ids, pos []int, logits [][]float32, cfg engine.Config, lim awareLimits) []awareSuspect {
	if len(pos) != len(logits) {
		panic(fmt.Sprintf("refine: awareSuspects: %d positions, %d rows of logits", len(pos), len(logits)))
	}
	never := func(id int) bool { return id == cfg.MaskID || id == cfg.PadID || id == cfg.DocID }
	var out []awareSuspect
	for i, p := range pos {
		id, lg := ids[p], logits[i]
		if never(id) || id == cfg.NullID {
			continue
		}
		lse := awareLogSumExp(lg, never)
		lp := float64(lg[id]) - lse
		if lp > lim.maxLogProb {
			continue
		}
		s := awareSuspect{pos: p, id: id, logProb: lp}
		for v, x := range lg { // the best fixes, kept sorted by insertion
			flp := float64(x) - lse
			if v == id || never(v) || flp < lim.minFixLP {
				continue
			}
			if len(s.fixes) == lim.fixes && flp <= s.fixes[len(s.fixes)-1].logProb {
				continue
			}
			at, _ := slices.BinarySearchFunc(s.fixes, flp, func(f awareFix, t float64) int { return cmp.Compare(t, f.logProb) })
			s.fixes = slices.Insert(s.fixes, at, awareFix{v, flp})
			if len(s.fixes) > lim.fixes {
				s.fixes = s.fixes[:lim.fixes]
			}
		}
		if len(s.fixes) == 0 || s.fixes[0].logProb-lp < lim.minGain {
			continue
		}
		out = append(out, s)
	}
	slices.SortStableFunc(out, func(a, b awareSuspect) int {
		return cmp.Compare(b.fixes[0].logProb-b.logProb, a.fixes[0].logProb-a.logProb)
	})
	return out
}

// awareLogSumExp is log Σ exp(logits) over the ids that skip does not exclude.
func awareLogSumExp(logits []float32, skip func(int) bool) float64 {
	mx := math.Inf(-1)
	for v, x := range logits {
		if !skip(v) {
			mx = max(mx, float64(x))
		}
	}
	var sum float64
	for v, x := range logits {
		if !skip(v) {
			sum += math.Exp(float64(x) - mx)
		}
	}
	return mx + math.Log(sum)
}
