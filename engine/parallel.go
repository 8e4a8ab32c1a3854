package engine

import (
	"runtime"

	"github.com/redraft/redraft/engine/kernels"
)

// parallelFor calls fn(worker, i) for every i in [0, n) on up to GOMAXPROCS goroutines.
func parallelFor(n int, fn func(worker, i int)) { parallelForOn(workers(n), n, fn) }

// parallelForOn calls fn(worker, i) for every i in [0, n) on at most w goroutines (the caller
// and kernels' long-lived pool workers); worker (0 ≤ worker < w) tells a call which
// per-worker scratch it may use.
func parallelForOn(w, n int, fn func(worker, i int)) { kernels.Parallel(w, n, fn) }

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
