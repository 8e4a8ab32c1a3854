package lsp

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"
)

// startWorker runs a worker until the test ends.
func startWorker(t *testing.T) *worker {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	w := newWorker(nil)
	done := make(chan struct{})
	go func() { w.loop(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
	return w
}

// trace records the order in which steps ran.
type trace struct {
	mu  sync.Mutex
	log []string
}

func (tr *trace) add(s string) {
	tr.mu.Lock()
	tr.log = append(tr.log, s)
	tr.mu.Unlock()
}

func (tr *trace) String() string {
	tr.mu.Lock()
	defer tr.mu.Unlock()
	return strings.Join(tr.log, " ")
}

// blocker is a job that runs until released, to build a queue behind it.
func blocker(t *testing.T, w *worker) (release func()) {
	t.Helper()
	started, hold := make(chan struct{}), make(chan struct{})
	j := w.enqueue(context.Background(), func(context.Context) error {
		close(started)
		<-hold
		return nil
	})
	<-started
	return func() {
		close(hold)
		if err := w.wait(j); err != nil {
			t.Error(err)
		}
	}
}

// A job of several steps yields after each one: a request queued meanwhile runs before its next
// step, not after all of them.
func TestWorkerStepsTakeTurns(t *testing.T) {
	w := startWorker(t)
	var tr trace
	release := blocker(t, w)
	n := 0
	long := w.enqueueSteps(context.Background(), "", func(context.Context) (bool, error) {
		n++
		tr.add("fill" + string(rune('0'+n)))
		return n == 3, nil
	})
	short := w.enqueue(context.Background(), func(context.Context) error {
		tr.add("refine")
		return nil
	})
	release()
	if err := w.wait(long); err != nil {
		t.Fatal(err)
	}
	if err := w.wait(short); err != nil {
		t.Fatal(err)
	}
	if got, want := tr.String(), "fill1 refine fill2 fill3"; got != want {
		t.Errorf("order %q, want %q", got, want)
	}
}

// Background work runs only when nothing interactive waits, and an interactive job queued while
// it runs cancels it with errPreempted.
func TestWorkerBackgroundPreempted(t *testing.T) {
	w := startWorker(t)
	var tr trace
	release := blocker(t, w)
	bg := w.enqueueBackground(context.Background(), func(context.Context) error {
		tr.add("bg")
		return nil
	})
	fg := w.enqueue(context.Background(), func(context.Context) error {
		tr.add("fg")
		return nil
	})
	release()
	if err := errors.Join(w.wait(bg), w.wait(fg)); err != nil {
		t.Fatal(err)
	}
	if got := tr.String(); got != "fg bg" {
		t.Errorf("order %q, want the interactive job first", got)
	}

	running := make(chan struct{})
	bg = w.enqueueBackground(context.Background(), func(ctx context.Context) error {
		close(running)
		<-ctx.Done()
		return ctx.Err()
	})
	<-running
	fg = w.enqueue(context.Background(), func(context.Context) error { return nil })
	if err := w.wait(bg); !errors.Is(err, errPreempted) {
		t.Errorf("background job: %v, want errPreempted", err)
	}
	if err := w.wait(fg); err != nil {
		t.Error(err)
	}
}

// A newer request with the same key replaces one still queued; a started one is not replaced.
func TestWorkerSupersedes(t *testing.T) {
	w := startWorker(t)
	release := blocker(t, w)
	ran := 0
	oneStep := func(context.Context) (bool, error) { ran++; return true, nil }
	old := w.enqueueSteps(context.Background(), "refine a 0 5", oneStep)
	other := w.enqueueSteps(context.Background(), "refine a 6 9", oneStep)
	newer := w.enqueueSteps(context.Background(), "refine a 0 5", oneStep)
	release()
	if err := w.wait(old); !errors.Is(err, errSuperseded) {
		t.Errorf("old: %v, want errSuperseded", err)
	}
	if err := errors.Join(w.wait(other), w.wait(newer)); err != nil {
		t.Error(err)
	}
	if ran != 2 {
		t.Errorf("%d steps ran, want 2", ran)
	}
}

// A step that panics ends its job with a panicError; the worker goes on.
func TestWorkerPanicContained(t *testing.T) {
	w := startWorker(t)
	err := w.do(context.Background(), func(context.Context) error { panic("boom") })
	var pe *panicError
	if !errors.As(err, &pe) || !strings.Contains(err.Error(), "boom") || len(pe.stack) == 0 {
		t.Fatalf("err = %v, want a panicError with a stack", err)
	}
	if err := w.do(context.Background(), func(context.Context) error { return nil }); err != nil {
		t.Errorf("after the panic: %v", err)
	}
}

// Cancelling a job between its steps ends it with the context's error.
func TestWorkerCancelBetweenSteps(t *testing.T) {
	w := startWorker(t)
	ctx, cancel := context.WithCancel(context.Background())
	n := 0
	j := w.enqueueSteps(ctx, "", func(context.Context) (bool, error) {
		n++
		if n == 2 {
			cancel()
		}
		return false, nil
	})
	select {
	case <-j.done:
	case <-time.After(hangGuard):
		t.Fatal("hang")
	}
	if !errors.Is(j.err, context.Canceled) || n != 2 {
		t.Errorf("err %v after %d steps, want Canceled after 2", j.err, n)
	}
}

// hangGuard only stops a broken test from hanging.
const hangGuard = time.Minute
