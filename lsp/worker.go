package lsp

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"sync"
)

// errWorkerStopped is returned for jobs queued after the connection ended.
var errWorkerStopped = errors.New("the model worker has stopped (connection closed)")

// worker runs model work one job at a time, in the order jobs were queued, on a single goroutine:
// two denoising loops never compete for the cores. A job whose context is cancelled while it waits
// is dropped from the queue at once; a running job is cancelled through its context and the worker
// moves on when it returns.
type worker struct {
	mu      sync.Mutex
	queue   []*job
	wake    chan struct{} // buffered(1): something was queued
	running *job
	stopped bool
	// preempt is called when a foreground job is queued; it cancels background work (diagnostics.go).
	preempt func()
}

type job struct {
	ctx  context.Context
	run  func(context.Context) error
	done chan struct{}
	err  error
}

func newWorker() *worker {
	return &worker{wake: make(chan struct{}, 1)}
}

// loop runs queued jobs until ctx (the connection's context) is done; then it fails every job
// still queued.
func (w *worker) loop(ctx context.Context) {
	for {
		j := w.next()
		if j == nil {
			select {
			case <-w.wake:
				continue
			case <-ctx.Done():
				w.drain(ctx.Err())
				return
			}
		}
		if err := j.ctx.Err(); err != nil {
			j.finish(err)
		} else {
			j.finish(runSafely(j))
		}
		w.mu.Lock()
		w.running = nil
		w.mu.Unlock()
	}
}

func (w *worker) next() *job {
	w.mu.Lock()
	defer w.mu.Unlock()
	if len(w.queue) == 0 {
		return nil
	}
	j := w.queue[0]
	w.queue = w.queue[1:]
	w.running = j
	return j
}

// panicError is a recovered panic; Error is short (it may reach the user), stack goes to the log.
type panicError struct {
	value any
	stack []byte
}

func (e *panicError) Error() string { return fmt.Sprintf("internal error: %v", e.value) }

// runSafely runs a job, turning a panic into an error so one bad input cannot take the server down.
func runSafely(j *job) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = &panicError{value: p, stack: debug.Stack()}
		}
	}()
	return j.run(j.ctx)
}

func (w *worker) drain(err error) {
	w.mu.Lock()
	q := w.queue
	w.queue = nil
	w.stopped = true
	w.mu.Unlock()
	for _, j := range q {
		j.finish(err)
	}
}

func (j *job) finish(err error) {
	j.err = err
	close(j.done)
}

// enqueue queues fn to run with ctx. It returns at once; wait for the result with job.wait.
// Queueing it preempts background work.
func (w *worker) enqueue(ctx context.Context, fn func(context.Context) error) *job {
	j := w.enqueueBackground(ctx, fn)
	if w.preempt != nil {
		w.preempt() // after queueing: background work re-queued now lands behind j
	}
	return j
}

// enqueueBackground queues fn without preempting background work; background jobs cancel their
// own context when preempted.
func (w *worker) enqueueBackground(ctx context.Context, fn func(context.Context) error) *job {
	j := &job{ctx: ctx, run: fn, done: make(chan struct{})}
	w.mu.Lock()
	if w.stopped {
		w.mu.Unlock()
		j.finish(errWorkerStopped)
		return j
	}
	w.queue = append(w.queue, j)
	w.mu.Unlock()
	select {
	case w.wake <- struct{}{}:
	default:
	}
	return j
}

// wait returns the job's error once it has run. If the job's context ends while it is still queued,
// wait removes it and returns at once; if it is running, wait lets it return first, so the caller
// never overlaps with model work it started.
func (w *worker) wait(j *job) error {
	select {
	case <-j.done:
		return j.err
	case <-j.ctx.Done():
		if w.remove(j) {
			return j.ctx.Err()
		}
		<-j.done
		return j.err
	}
}

// position is how many jobs run or wait ahead of j (0 when j runs or is done).
func (w *worker) position(j *job) int {
	w.mu.Lock()
	defer w.mu.Unlock()
	for i, q := range w.queue {
		if q == j {
			if w.running != nil {
				return i + 1
			}
			return i
		}
	}
	return 0
}

func (w *worker) remove(j *job) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	for i, q := range w.queue {
		if q == j {
			w.queue = append(w.queue[:i:i], w.queue[i+1:]...)
			j.finish(j.ctx.Err())
			return true
		}
	}
	return false
}

// do runs fn on the worker and waits for it.
func (w *worker) do(ctx context.Context, fn func(context.Context) error) error {
	return w.wait(w.enqueue(ctx, fn))
}
