package kernels

import (
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

// A pool of long-lived worker goroutines runs the parallel parts of every product (and, through
// Parallel, the engine's other parallel loops). Starting goroutines per call cost tens of
// microseconds a call in wake-ups, and a cached denoising step makes about fifty such calls:
// a pool worker instead spins for a short while after each job (poolSpin), so the next job of
// the same pass reaches a running thread, and parks only when work stops.

// poolSpin is how long an idle worker, or a caller waiting for its helpers, polls before it
// parks. Jobs of one forward pass follow each other within tens of microseconds.
const poolSpin = 100 * time.Microsecond

// job is one Parallel call: indices [0, n) claimed one at a time from next.
type job struct {
	fn      func(worker, i int)
	n       int64
	next    atomic.Int64
	pending atomic.Int32  // helpers that have not finished
	done    chan struct{} // the last helper to finish sends once
}

// work claims and runs indices until none are left.
func (j *job) work(worker int) {
	for {
		i := j.next.Add(1) - 1
		if i >= j.n {
			return
		}
		j.fn(worker, int(i))
	}
}

// poolWorker is one long-lived goroutine; it receives a job and its worker index on wake.
type poolWorker struct {
	wake chan task
}

type task struct {
	j      *job
	worker int
}

var pool struct {
	mu      sync.Mutex
	idle    []*poolWorker // workers waiting for a job
	started int           // workers started so far
}

var jobPool = sync.Pool{New: func() any { return &job{done: make(chan struct{}, 1)} }}

// Parallel calls fn(worker, i) for every i in [0, n), on the calling goroutine and up to w−1
// pool workers, each claiming the next index as it finishes the last (so a thread the OS
// preempts holds up at most one index). worker (0 ≤ worker < w) is distinct among the calls
// running at the same time, for per-worker scratch. When the pool's workers are busy (a
// nested or concurrent Parallel), the caller does the work itself. Parallel returns when
// every call has returned.
func Parallel(w, n int, fn func(worker, i int)) {
	w = min(w, n)
	if w <= 1 {
		for i := range n {
			fn(0, i)
		}
		return
	}
	var buf [maxHelpers]*poolWorker
	helpers := claimWorkers(buf[:0], w-1)
	if len(helpers) == 0 {
		for i := range n {
			fn(0, i)
		}
		return
	}
	j := jobPool.Get().(*job)
	j.fn, j.n = fn, int64(n)
	j.next.Store(0)
	j.pending.Store(int32(len(helpers)))
	for k, h := range helpers {
		h.wake <- task{j, k + 1}
	}
	j.work(0)
	waitHelpers(j)
	j.fn = nil
	jobPool.Put(j)
}

// waitHelpers returns once every helper of j has finished: polling for poolSpin, then parked.
func waitHelpers(j *job) {
	deadline := time.Now().Add(poolSpin)
	for spins := 0; j.pending.Load() != 0; spins++ {
		if spins%64 == 63 && time.Now().After(deadline) {
			break
		}
		runtime.Gosched()
	}
	<-j.done // sent by the last helper (already, or soon)
}

// maxHelpers bounds the pool workers one Parallel call enlists (so their list fits on the
// caller's stack).
const maxHelpers = 63

// claimWorkers appends up to n idle workers, taken off the pool, to got (within its
// capacity), starting workers until GOMAXPROCS−1 exist.
func claimWorkers(got []*poolWorker, n int) []*poolWorker {
	pool.mu.Lock()
	defer pool.mu.Unlock()
	for pool.started < runtime.GOMAXPROCS(0)-1 {
		pool.started++
		pw := &poolWorker{wake: make(chan task, 1)}
		go pw.run()
		pool.idle = append(pool.idle, pw)
	}
	n = min(n, len(pool.idle), cap(got)-len(got))
	got = append(got, pool.idle[len(pool.idle)-n:]...)
	pool.idle = pool.idle[:len(pool.idle)-n]
	return got
}

// run is a worker's loop: wait for a task (polling for poolSpin, then parked), do its share,
// return to the idle list, and tell the caller when it is the last helper to finish.
func (pw *poolWorker) run() {
	for {
		t := pw.next()
		t.j.work(t.worker)
		j := t.j
		pool.mu.Lock()
		pool.idle = append(pool.idle, pw)
		pool.mu.Unlock()
		if j.pending.Add(-1) == 0 {
			j.done <- struct{}{}
		}
	}
}

// next waits for the worker's next task.
func (pw *poolWorker) next() task {
	deadline := time.Now().Add(poolSpin)
	for spins := 0; ; spins++ {
		select {
		case t := <-pw.wake:
			return t
		default:
		}
		if spins%64 == 63 && time.Now().After(deadline) {
			return <-pw.wake
		}
		runtime.Gosched()
	}
}
