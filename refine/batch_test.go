package refine

import (
	"context"
	"errors"
	"math"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"
)

// batchDoc has more sentences than sentencesInFlight, with mistakes the fake model knows.
const batchDoc = "The quick brown fox jumps over the the lazy dog. It was a bright cold day in in April. " +
	"The clocks were striking thirteen. The quick brown fox jumps over the lazy lazy dog.\n\n" +
	"It was a a bright cold day in April, and the clocks were striking thirteen. The quick fox. " +
	"It was a bright cold day. The lazy dog was over the fox. The brown fox jumps jumps."

// countingLM is the fake model counting its calls and the caches each step call serves.
type countingLM struct {
	*fakeLM
	calls, maxCaches int
}

func (c *countingLM) newCaches(wins []cacheWindow) []stepper {
	c.calls++
	return c.fakeLM.newCaches(wins)
}

func (c *countingLM) stepCaches(steps []cacheStep) [][][]float32 {
	c.calls++
	caches := map[stepper]bool{}
	for _, s := range steps {
		caches[s.cache] = true
	}
	c.maxCaches = max(c.maxCaches, len(caches))
	return stepEach(steps)
}

// TestRefineTogetherEqualsAlone: refining a selection's sentences together (their model calls
// batched) gives the edits, scores and passes of refining each sentence as a selection of its
// own, and serves several sentences per model call.
func TestRefineTogetherEqualsAlone(t *testing.T) {
	tok := tokenizer(t)
	sp := testSpecials(tok)
	lm := &countingLM{fakeLM: newFakeLM(tok, sp, fakeRef)}
	r := &Refiner{core: newCore(tok, sp, 2048, lm)}
	ctx := context.Background()
	whole, err := r.Refine(ctx, batchDoc, 0, len(batchDoc), DefaultOptions(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if whole.Sentences <= sentencesInFlight {
		t.Fatalf("%d sentences: the test needs more than %d", whole.Sentences, sentencesInFlight)
	}
	if lm.maxCaches < 2 || lm.calls >= whole.Passes {
		t.Errorf("%d model calls for %d passes, at most %d sentences in one call: not batched", lm.calls, whole.Passes, lm.maxCaches)
	}
	edits, passes, orig := refineAlone(t, r, batchDoc, DefaultOptions())
	if len(whole.Candidates) == 0 || len(edits) == 0 {
		t.Fatalf("no revision (together: %d candidates; alone: %d edits)", len(whole.Candidates), len(edits))
	}
	if !reflect.DeepEqual(whole.Candidates[0].Edits, edits) {
		t.Errorf("together: %+v\nalone: %+v", whole.Candidates[0].Edits, edits)
	}
	if whole.Passes != passes || whole.OriginalScore != orig {
		t.Errorf("together: %d passes, original score %v; alone: %d, %v", whole.Passes, whole.OriginalScore, passes, orig)
	}
}

// refineAlone refines each sentence of doc as a selection of its own and returns the edits of
// their best revisions, their passes and the sum of their original scores.
func refineAlone(t *testing.T, r *Refiner, doc string, opt Options) (edits []Edit, passes int, orig float64) {
	t.Helper()
	for _, u := range sentences(doc, 0, len(doc)) {
		res, err := r.Refine(context.Background(), doc, u[0], u[1], opt, nil)
		if err != nil {
			t.Fatal(err)
		}
		passes += res.Passes
		orig += res.OriginalScore
		if len(res.Candidates) > 0 {
			edits = append(edits, res.Candidates[0].Edits...)
		}
	}
	return edits, passes, orig
}

// TestRefineTogetherCancellation: cancelled at any model call of a selection refined together,
// Refine returns the context's error, no model call follows, progress stops, and no
// goroutine is left behind.
func TestRefineTogetherCancellation(t *testing.T) {
	tok := tokenizer(t)
	sp := testSpecials(tok)
	before := runtime.NumGoroutine()
	for n := 1; n <= 12; n++ {
		ctx, cancel := context.WithCancel(context.Background())
		lm := &cancellingLM{fakeLM: newFakeLM(tok, sp, fakeRef), n: n, cancel: cancel}
		r := &Refiner{core: newCore(tok, sp, 2048, lm)}
		var progress []int
		_, err := r.Refine(ctx, batchDoc, 0, len(batchDoc), DefaultOptions(), func(done, total int) {
			if ctx.Err() != nil {
				t.Errorf("cancelled at model call %d: progress %d/%d told after it", n, done, total)
			}
			progress = append(progress, done)
		})
		if !errors.Is(err, context.Canceled) {
			t.Errorf("cancelled at model call %d: err = %v", n, err)
		}
		if lm.after != 0 {
			t.Errorf("cancelled at model call %d: %d more calls", n, lm.after)
		}
		cancel()
	}
	waitGoroutines(t, before)
}

// panickingLM panics at its n-th step call.
type panickingLM struct {
	*fakeLM
	n int
}

func (p *panickingLM) stepCaches(steps []cacheStep) [][][]float32 {
	if p.n--; p.n == 0 {
		panic("model failure")
	}
	return stepEach(steps)
}

// TestRefineTogetherPanic: a panic in a batched model call reaches Refine's caller (the language
// server turns it into an error reply) once every sentence has stopped.
func TestRefineTogetherPanic(t *testing.T) {
	tok := tokenizer(t)
	sp := testSpecials(tok)
	before := runtime.NumGoroutine()
	r := &Refiner{core: newCore(tok, sp, 2048, &panickingLM{fakeLM: newFakeLM(tok, sp, fakeRef), n: 3})}
	func() {
		defer func() {
			if v := recover(); v == nil || !strings.Contains(v.(string), "model failure") {
				t.Errorf("recovered %v, want the model's panic", v)
			}
		}()
		r.Refine(context.Background(), batchDoc, 0, len(batchDoc), DefaultOptions(), nil)
		t.Error("Refine returned")
	}()
	waitGoroutines(t, before)
}

// waitGoroutines fails unless the goroutine count falls back to n within a second.
func waitGoroutines(t *testing.T, n int) {
	t.Helper()
	for range 100 {
		if runtime.NumGoroutine() <= n {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Errorf("%d goroutines, %d before: sentences left running", runtime.NumGoroutine(), n)
}

// TestFastExp: fastExp is within 1e-7 of exp over its range.
func TestFastExp(t *testing.T) {
	for x := -80.0; x <= 0; x += 0.0137 {
		got := fastExp(x)
		if d := math.Abs(got-math.Exp(x)) / math.Exp(x); d > 1e-7 {
			t.Fatalf("fastExp(%v) = %v, exp %v (relative error %.2g)", x, got, math.Exp(x), d)
		}
	}
	if fastExp(-81) != 0 {
		t.Error("fastExp below -80 is not 0")
	}
}
