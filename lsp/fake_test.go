package lsp_test

import (
	"context"
	"fmt"
	"regexp"
	"sync"
	"sync/atomic"
	"time"

	"github.com/redraft/redraft/refine"
)

// fakeRefiner is a deterministic stand-in for the model. Refine swaps known words for synonyms
// (candidate k uses synonyms[k]); Fill writes "filled" into each gap. Each call reports `steps`
// progress steps. Tests can hold a call mid-run (after its first step) and watch concurrency.
type fakeRefiner struct {
	steps int
	delay time.Duration // slept at every step

	mu      sync.Mutex
	calls   []fakeCall
	holdN   int           // hold this many more calls at step 1
	hold    chan struct{} // held calls wait for a receive from (or close of) hold, or their ctx
	started chan string   // if set, each call sends its kind here once it has reported step 1
	err     error         // returned by every call if set
	panics  bool          // panic in every call

	active, maxActive atomic.Int32
	cancelled         atomic.Int32
}

type fakeCall struct {
	kind         string // "refine" or "fill"
	doc          string
	start, end   int
	gaps         []refine.Gap
	opt          refine.Options
	began, ended time.Time // when the call started and returned
}

var synonyms = []map[string]string{
	{"quick": "swift", "big": "large", "happy": "glad"},
	{"quick": "fast", "big": "huge", "happy": "cheerful"},
	{"quick": "rapid", "big": "vast", "happy": "joyful"},
	{"quick": "speedy", "big": "great", "happy": "merry"},
}

var word = regexp.MustCompile(`\p{L}+`)

func newFake() *fakeRefiner { return &fakeRefiner{steps: 4} }

// record notes a call as it starts; the returned func notes its end.
func (f *fakeRefiner) record(c fakeCall) (done func()) {
	f.mu.Lock()
	defer f.mu.Unlock()
	c.began = time.Now()
	i := len(f.calls)
	f.calls = append(f.calls, c)
	return func() {
		f.mu.Lock()
		f.calls[i].ended = time.Now()
		f.mu.Unlock()
	}
}

func (f *fakeRefiner) Calls() []fakeCall {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]fakeCall(nil), f.calls...)
}

// run simulates the denoising loop.
func (f *fakeRefiner) run(ctx context.Context, kind string, p refine.Progress) error {
	n := f.active.Add(1)
	defer f.active.Add(-1)
	for {
		m := f.maxActive.Load()
		if n <= m || f.maxActive.CompareAndSwap(m, n) {
			break
		}
	}
	f.mu.Lock()
	held := f.holdN > 0
	if held {
		f.holdN--
	}
	hold, started, err, panics := f.hold, f.started, f.err, f.panics
	f.mu.Unlock()
	if panics {
		panic("fake refiner exploded")
	}
	for i := 1; i <= f.steps; i++ {
		if err := ctx.Err(); err != nil {
			f.cancelled.Add(1)
			return err
		}
		if p != nil {
			p(i, f.steps)
		}
		if f.delay > 0 {
			time.Sleep(f.delay)
		}
		if i == 1 {
			if started != nil {
				started <- kind
			}
			if held {
				select {
				case <-hold:
				case <-ctx.Done():
					f.cancelled.Add(1)
					return ctx.Err()
				}
			}
		}
	}
	return err
}

func (f *fakeRefiner) Refine(ctx context.Context, doc string, start, end int, opt refine.Options, p refine.Progress) (*refine.Result, error) {
	defer f.record(fakeCall{kind: "refine", doc: doc, start: start, end: end, opt: opt})()
	if start < 0 || end > len(doc) || start > end {
		return nil, fmt.Errorf("%w: %d:%d", refine.ErrInvalidRange, start, end)
	}
	if end-start > 2000 {
		return nil, fmt.Errorf("%w: %d tokens (max %d)", refine.ErrTooLong, (end-start)/4, refine.MaxSelectionTokens)
	}
	if err := f.run(ctx, "refine", p); err != nil {
		return nil, err
	}
	res := &refine.Result{Start: start, End: end}
	for k := 0; k < opt.Alternatives && k < len(synonyms); k++ {
		var edits []refine.Edit
		text := doc[:start]
		last := start
		for _, m := range word.FindAllStringIndex(doc[start:end], -1) {
			a, b := start+m[0], start+m[1]
			if w, ok := synonyms[k][doc[a:b]]; ok {
				edits = append(edits, refine.Edit{Start: a, End: b, Text: w})
				text += doc[last:a] + w
				last = b
			}
		}
		if len(edits) == 0 {
			break
		}
		text += doc[last:end]
		res.Candidates = append(res.Candidates, refine.Candidate{Text: text[start:], Edits: edits, Score: float64(-k)})
	}
	return res, nil
}

func (f *fakeRefiner) Fill(ctx context.Context, doc string, gaps []refine.Gap, opt refine.Options, p refine.Progress) (*refine.FillResult, error) {
	defer f.record(fakeCall{kind: "fill", doc: doc, gaps: gaps, opt: opt})()
	if err := f.run(ctx, "fill", p); err != nil {
		return nil, err
	}
	res := &refine.FillResult{}
	for _, g := range gaps {
		res.Fills = append(res.Fills, refine.Fill{Gap: g, Text: "filled",
			Edits: []refine.Edit{{Start: g.Start, End: g.End, Text: "filled"}}})
	}
	return res, nil
}
