package engine

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// parallelFor calls fn(worker, i) for every i in [0, n) on up to GOMAXPROCS goroutines.
func parallelFor(n int, fn func(worker, i int)) { parallelForOn(workers(n), n, fn) }

// parallelForOn calls fn(worker, i) for every i in [0, n) on at most w goroutines; worker
// (0 ≤ worker < w) tells a call which per-worker scratch it may use.
func parallelForOn(w, n int, fn func(worker, i int)) {
	w = min(w, n)
	if w <= 1 {
		for i := range n {
			fn(0, i)
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for worker := range w {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				fn(worker, i)
			}
		})
	}
	wg.Wait()
}

// workers is how many goroutines parallelFor(n, ...) uses.
func workers(n int) int { return max(1, min(n, runtime.GOMAXPROCS(0))) }

// parallelRows calls fn(lo, hi) over [0, rows) cut into one range per core, or once when
// rows·cost (cost: rough work per row) is too small to be worth a goroutine.
func parallelRows(rows, cost int, fn func(lo, hi int)) {
	const minWork = 1 << 15
	w := workers(rows)
	if w <= 1 || rows*cost < minWork {
		fn(0, rows)
		return
	}
	per := (rows + w - 1) / w
	parallelFor(w, func(_, i int) {
		if lo := i * per; lo < rows {
			fn(lo, min(rows, lo+per))
		}
	})
}
