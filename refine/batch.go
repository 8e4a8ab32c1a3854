package refine

import (
	"context"
	"errors"
	"sort"
)

// Sentences refined together. The sentences of a selection are refined a few at a time
// (sentencesInFlight), each on its own goroutine running exactly the steps it would run alone.
// Their model calls meet in a batch: once every sentence in flight waits on one, a single engine
// call serves them all (the rows of every sentence share the matmuls; each step attends to its
// own sentence's cache), and between calls the sentences' own work (distributions, candidates,
// ranking) runs on every core. The engine gives each row the same numbers in a batched pass as
// alone, so the result is that of refining the sentences one after another.

// sentencesInFlight bounds the sentences refined together: enough that one step of each fills
// a pass of a few hundred rows (a lone sentence's step is 30–150 rows, where a row costs about
// a third more than in a pass of 300), few enough that their caches (each the keys and values of
// a whole window, 32 KB a token: 13 MB at the default context) stay small.
const sentencesInFlight = 4

// cacheWindow is a window to build a context cache over, with its active region [lo, hi).
type cacheWindow struct {
	ids    []int
	lo, hi int
}

// cacheStep is one variant of a cache's active region to recompute, and the offsets within it
// whose logits are wanted.
type cacheStep struct {
	cache  stepper
	active []int
	outPos []int
}

// caller is how a canvas reaches the model: directly (direct), or through the batch it shares
// with the other sentences in flight (lane). Both check ctx before the model runs.
type caller interface {
	build(ctx context.Context, w cacheWindow) (stepper, error)
	step(ctx context.Context, cache stepper, actives, outPos [][]int) ([][][]float32, error)
}

// direct calls the model at once.
type direct struct{ be backend }

func (d direct) build(ctx context.Context, w cacheWindow) (stepper, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return d.be.newCaches([]cacheWindow{w})[0], nil
}

func (d direct) step(ctx context.Context, cache stepper, actives, outPos [][]int) ([][][]float32, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return d.be.stepCaches(stepsOn(cache, actives, outPos)), nil
}

// stepsOn lists the variants of one cache's active region as steps.
func stepsOn(cache stepper, actives, outPos [][]int) []cacheStep {
	steps := make([]cacheStep, len(actives))
	for i := range actives {
		steps[i] = cacheStep{cache: cache, active: actives[i], outPos: outPos[i]}
	}
	return steps
}

// modelCall is one call a sentence waits on: building its cache (w set) or steps on it.
type modelCall struct {
	sentence int // calls are served in sentence order
	w        *cacheWindow
	steps    []cacheStep
	reply    chan modelReply // buffered: the batch never blocks on a reply
}

type modelReply struct {
	cache  stepper
	logits [][][]float32
	err    error
}

// lane is one sentence's caller on a batch.
type lane struct {
	calls    chan<- *modelCall
	sentence int
}

func (l lane) build(_ context.Context, w cacheWindow) (stepper, error) {
	r := l.wait(&modelCall{w: &w})
	return r.cache, r.err
}

func (l lane) step(_ context.Context, cache stepper, actives, outPos [][]int) ([][][]float32, error) {
	r := l.wait(&modelCall{steps: stepsOn(cache, actives, outPos)})
	return r.logits, r.err
}

func (l lane) wait(c *modelCall) modelReply {
	c.sentence, c.reply = l.sentence, make(chan modelReply, 1)
	l.calls <- c
	return <-c.reply
}

// refineTogether runs refine(i, caller) for every i in [0, n), sentencesInFlight at a time,
// serving their model calls in batches (see above), and tells p as each one finishes. It
// returns every result (the passes of those that failed too) and the error of the first
// sentence that failed; once ctx is done no model call is made and no sentence is started. A
// panic in a sentence or a model call is raised again here, once every sentence has stopped.
func (c *core) refineTogether(ctx context.Context, n int, refine func(i int, mc caller) (sentenceResult, error), p Progress) ([]sentenceResult, error) {
	type finished struct {
		i     int
		sr    sentenceResult
		err   error
		crash any
	}
	out := make([]sentenceResult, n)
	errs := make([]error, n)
	var crash any // the first panic
	calls := make(chan *modelCall)
	fin := make(chan finished)
	var waiting []*modelCall
	next, live, done := 0, 0, 0
	stop := false // a sentence failed or panicked: start no more
	for {
		for live < sentencesInFlight && next < n && ctx.Err() == nil && !stop {
			i := next
			next, live = next+1, live+1
			go func() {
				f := finished{i: i}
				defer func() {
					if f.crash = recover(); f.crash != nil {
						f.err = errPanicked
					}
					fin <- f
				}()
				f.sr, f.err = refine(i, lane{calls: calls, sentence: i})
			}()
		}
		if live == 0 {
			break
		}
		select {
		case mc := <-calls:
			waiting = append(waiting, mc)
		case f := <-fin:
			live--
			out[f.i], errs[f.i] = f.sr, f.err
			stop = stop || f.err != nil
			if crash == nil {
				crash = f.crash
			}
			if f.err == nil && ctx.Err() == nil {
				done++
				if p != nil {
					p(done, n)
				}
			}
		}
		if live > 0 && len(waiting) == live {
			if crash == nil {
				crash = c.serve(ctx, waiting)
				stop = stop || crash != nil
			} else {
				answer(waiting, modelReply{err: errPanicked})
			}
			waiting = waiting[:0]
		}
	}
	if crash != nil {
		panic(crash)
	}
	for _, err := range errs {
		if err != nil {
			return out, err
		}
	}
	if done < n {
		return out, ctx.Err()
	}
	return out, nil
}

// errPanicked answers the sentences still in flight when another one (or a model call) panicked.
var errPanicked = errors.New("refine: stopped by a panic")

func answer(waiting []*modelCall, r modelReply) {
	for _, mc := range waiting {
		mc.reply <- r
	}
}

// serve answers every waiting call: the cache builds, then the steps, each in sentence order
// and in engine calls of at most maxRowsPerCall rows (at least one window or step each), with
// ctx checked before each. A panic of the model is returned (and every call answered with
// errPanicked).
func (c *core) serve(ctx context.Context, waiting []*modelCall) (crash any) {
	defer func() {
		if crash = recover(); crash != nil {
			answer(waiting, modelReply{err: errPanicked})
		}
	}()
	sort.Slice(waiting, func(a, b int) bool { return waiting[a].sentence < waiting[b].sentence })
	replies := make([]modelReply, len(waiting))
	// cache builds
	var wins []cacheWindow
	var owners []int
	for k, mc := range waiting {
		if mc.w != nil {
			wins = append(wins, *mc.w)
			owners = append(owners, k)
		}
	}
	err := inCalls(ctx, len(wins), func(i int) int { return len(wins[i].ids) }, func(i, j int) error {
		for k, cache := range c.be.newCaches(wins[i:j]) {
			replies[owners[i+k]].cache = cache
		}
		return nil
	})
	// steps
	var steps []cacheStep
	owners = owners[:0]
	for k, mc := range waiting {
		for _, st := range mc.steps {
			steps = append(steps, st)
			owners = append(owners, k)
		}
	}
	if err == nil {
		err = inCalls(ctx, len(steps), func(i int) int { return len(steps[i].active) }, func(i, j int) error {
			for k, lg := range c.be.stepCaches(steps[i:j]) {
				r := &replies[owners[i+k]]
				r.logits = append(r.logits, lg)
			}
			return nil
		})
	}
	if err != nil {
		answer(waiting, modelReply{err: err})
		return nil
	}
	for k, mc := range waiting {
		mc.reply <- replies[k]
	}
	return nil
}

// inCalls cuts items [0, n) into runs of at most maxRowsPerCall rows (at least one item each;
// rows(i) is item i's) and calls do on each run in order, with ctx checked before each. It
// stops at the first error.
func inCalls(ctx context.Context, n int, rows func(i int) int, do func(i, j int) error) error {
	for i := 0; i < n; {
		j, r := i, 0
		for j < n && (j == i || r+rows(j) <= maxRowsPerCall) {
			r += rows(j)
			j++
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := do(i, j); err != nil {
			return err
		}
		i = j
	}
	return nil
}
