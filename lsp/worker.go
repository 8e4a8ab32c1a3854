package lsp

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"slices"
	"sync"

	"go.uber.org/zap"
)

// errWorkerStopped is returned for jobs queued after the connection ended.
var errWorkerStopped = errors.New("the model worker has stopped (connection closed)")

// errPreempted ends a background job that an interactive job preempted (see enqueueBackground).
var errPreempted = errors.New("preempted by a user request")

// errSuperseded ends a queued job that a newer one with the same key replaced (see enqueueKeyed).
var errSuperseded = errors.New("superseded by a newer request for the same text")

// priority says how a job competes for the worker.
type priority int

const (
	// interactive jobs are what a user waits for. They run in the order they were queued, one step
	// at a time (see step), and queueing one preempts background work.
	interactive priority = iota
	// background jobs are work nobody waits for (diagnostics, hints). One runs only when no
	// interactive job waits, and when an interactive job is queued the running background job's
	// context is cancelled; it then ends with errPreempted. Background jobs still queued stay
	// queued behind the interactive ones.
	background
)

// step is one turn of a job on the worker: a single model call, typically. It returns done=false
// to be called again after every job queued meanwhile has had its turn; an error ends the job.
type step func(ctx context.Context) (done bool, err error)

// worker runs model work one step at a time on a single goroutine, so two denoising loops never
// compete for the cores. Interactive jobs take turns: a job of several steps (fill-all: one gap
// per step) goes to the back of the queue after each step, so a request queued meanwhile starts
// as soon as the running step ends. Background jobs run only when no interactive job waits and
// are preempted by one. A job whose context ends while it waits is dropped from the queue at once;
// a running step is cancelled through its context and the worker moves on when it returns.
type worker struct {
	logger *zap.Logger

	mu         sync.Mutex
	queue      []*job // interactive, in turn order
	backlog    []*job // background, in the order queued
	wake       chan struct{}
	running    *job
	stopped    bool
	stepsTaken int // steps run so far, for tests and benchmarks
}

type job struct {
	ctx    context.Context // the caller's
	cancel context.CancelCauseFunc
	run    step
	prio   priority
	key    string // non-empty: a newer queued job with the same key supersedes this one
	done   chan struct{}
	err    error

	// guarded by worker.mu
	stepCtx context.Context // ctx, cancellable with a cause by the worker
	started bool            // a step has run: the job can no longer be superseded
}

func newWorker(logger *zap.Logger) *worker {
	if logger == nil {
		logger = zap.NewNop()
	}
	return &worker{logger: logger, wake: make(chan struct{}, 1)}
}

// loop runs queued steps until ctx (the connection's context) is done; then it fails every job
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
		done, err := w.runStep(j)
		w.mu.Lock()
		w.running = nil
		w.stepsTaken++
		if !done && err == nil {
			if err = context.Cause(j.stepCtx); err == nil {
				w.queue = append(w.queue, j) // yield: its next step waits its turn
				w.mu.Unlock()
				continue
			}
		}
		w.mu.Unlock()
		j.finish(err)
	}
}

// next takes the first interactive job, else the first background one.
func (w *worker) next() *job {
	w.mu.Lock()
	defer w.mu.Unlock()
	var j *job
	switch {
	case len(w.queue) > 0:
		j, w.queue = w.queue[0], w.queue[1:]
	case len(w.backlog) > 0:
		j, w.backlog = w.backlog[0], w.backlog[1:]
	default:
		return nil
	}
	w.running = j
	j.started = true
	return j
}

// runStep runs one step of j, turning a panic into an error (logged with its stack) so that one
// bad input cannot take the server down, and a preempted or superseded step into its cause.
func (w *worker) runStep(j *job) (done bool, err error) {
	if err := context.Cause(j.stepCtx); err != nil {
		return true, err
	}
	defer func() {
		if p := recover(); p != nil {
			pe := &panicError{value: p, stack: debug.Stack()}
			w.logger.Error("panic in model work", zap.Any("panic", p), zap.ByteString("stack", pe.stack))
			done, err = true, pe
		}
	}()
	done, err = j.run(j.stepCtx)
	if err != nil {
		if cause := context.Cause(j.stepCtx); cause != nil && j.ctx.Err() == nil {
			err = cause // preempted: the step's own error is just "context canceled"
		}
	}
	return done, err
}

// panicError is a recovered panic; Error is short (it may reach the user), stack goes to the log.
type panicError struct {
	value any
	stack []byte
}

func (e *panicError) Error() string { return fmt.Sprintf("internal error: %v", e.value) }

func (w *worker) drain(err error) {
	w.mu.Lock()
	q := append(w.queue, w.backlog...)
	w.queue, w.backlog = nil, nil
	w.stopped = true
	w.mu.Unlock()
	for _, j := range q {
		j.finish(err)
	}
}

func (j *job) finish(err error) {
	j.err = err
	j.cancel(nil)
	close(j.done)
}

// enqueue queues fn as an interactive job of one step. It returns at once; wait for the result
// with wait.
func (w *worker) enqueue(ctx context.Context, fn func(context.Context) error) *job {
	return w.submit(ctx, interactive, "", once(fn))
}

// enqueueSteps queues an interactive job of several steps (see step). A non-empty key makes it
// supersede a job with the same key that is queued and has not started: that one ends with
// errSuperseded.
func (w *worker) enqueueSteps(ctx context.Context, key string, run step) *job {
	return w.submit(ctx, interactive, key, run)
}

// enqueueBackground queues fn as background work: it runs when no interactive job waits, and its
// context is cancelled (wait then returns errPreempted) if an interactive job is queued while it
// runs. The caller decides whether to queue it again later.
func (w *worker) enqueueBackground(ctx context.Context, fn func(context.Context) error) *job {
	return w.submit(ctx, background, "", once(fn))
}

func once(fn func(context.Context) error) step {
	return func(ctx context.Context) (bool, error) { return true, fn(ctx) }
}

func (w *worker) submit(ctx context.Context, prio priority, key string, run step) *job {
	stepCtx, cancel := context.WithCancelCause(ctx)
	j := &job{ctx: ctx, cancel: cancel, run: run, prio: prio, key: key, done: make(chan struct{}), stepCtx: stepCtx}
	var superseded []*job
	w.mu.Lock()
	if w.stopped {
		w.mu.Unlock()
		j.finish(errWorkerStopped)
		return j
	}
	if prio == background {
		w.backlog = append(w.backlog, j)
	} else {
		if key != "" {
			w.queue = slices.DeleteFunc(w.queue, func(q *job) bool {
				if q.key == key && !q.started {
					superseded = append(superseded, q)
					return true
				}
				return false
			})
		}
		w.queue = append(w.queue, j)
		if r := w.running; r != nil && r.prio == background {
			r.cancel(errPreempted)
		}
	}
	w.mu.Unlock()
	for _, q := range superseded {
		q.finish(errSuperseded)
	}
	select {
	case w.wake <- struct{}{}:
	default:
	}
	return j
}

// wait returns the job's error once it has finished. If the job's context ends while it is still
// queued, wait removes it and returns at once; if a step is running, wait lets it return first, so
// the caller never overlaps with model work it started.
func (w *worker) wait(j *job) error {
	select {
	case <-j.done:
		return j.err
	case <-j.ctx.Done():
		if w.remove(j) {
			return j.err
		}
		<-j.done
		return j.err
	}
}

// position is how many jobs run or wait ahead of j (0 when j runs or is done).
func (w *worker) position(j *job) int {
	w.mu.Lock()
	defer w.mu.Unlock()
	ahead := 0
	if w.running != nil && w.running != j {
		ahead = 1
	}
	if i := slices.Index(w.queue, j); i >= 0 {
		return ahead + i
	}
	if i := slices.Index(w.backlog, j); i >= 0 {
		return ahead + len(w.queue) + i
	}
	return 0
}

// remove drops a waiting job (finishing it with its context's error); false if it is running or
// done.
func (w *worker) remove(j *job) bool {
	w.mu.Lock()
	n := len(w.queue) + len(w.backlog)
	w.queue = slices.DeleteFunc(w.queue, func(q *job) bool { return q == j })
	w.backlog = slices.DeleteFunc(w.backlog, func(q *job) bool { return q == j })
	removed := len(w.queue)+len(w.backlog) < n
	w.mu.Unlock()
	if removed {
		j.finish(j.ctx.Err())
	}
	return removed
}

// do runs fn on the worker as an interactive job and waits for it.
func (w *worker) do(ctx context.Context, fn func(context.Context) error) error {
	return w.wait(w.enqueue(ctx, fn))
}

// steps is how many steps the worker has run (for tests and benchmarks).
func (w *worker) steps() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.stepsTaken
}
