package kernels

import (
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestParallel checks that every index runs exactly once and that the worker numbers of calls
// running at the same time are distinct and below w.
func TestParallel(t *testing.T) {
	for _, w := range []int{1, 2, 3, 8} {
		for _, n := range []int{0, 1, 2, 5, 100, 1000} {
			counts := make([]atomic.Int32, n)
			var busy [8]atomic.Int32
			var bad atomic.Value
			Parallel(w, n, func(worker, i int) {
				if worker < 0 || worker >= w {
					bad.Store(fmt.Sprintf("worker %d outside [0, %d)", worker, w))
					return
				}
				if busy[worker].Add(1) != 1 {
					bad.Store(fmt.Sprintf("worker %d runs twice at once", worker))
				}
				counts[i].Add(1)
				if i%7 == 0 {
					time.Sleep(10 * time.Microsecond)
				}
				busy[worker].Add(-1)
			})
			if b := bad.Load(); b != nil {
				t.Fatalf("w=%d n=%d: %s", w, n, b)
			}
			for i := range counts {
				if c := counts[i].Load(); c != 1 {
					t.Fatalf("w=%d n=%d: index %d ran %d times", w, n, i, c)
				}
			}
		}
	}
}

// TestParallelNestedAndConcurrent runs Parallel inside Parallel and from several goroutines at
// once: busy pool workers make callers do the work themselves, never wait for each other.
func TestParallelNestedAndConcurrent(t *testing.T) {
	var wg sync.WaitGroup
	var total atomic.Int64
	for range 4 {
		wg.Go(func() {
			for range 50 {
				Parallel(runtime.GOMAXPROCS(0), 6, func(_, i int) {
					Parallel(3, 10, func(_, j int) { total.Add(int64(i*10 + j)) })
				})
			}
		})
	}
	wg.Wait()
	// Each outer call adds Σ_{i<6, j<10} (10i + j) = 10·10·15 + 6·45 = 1770.
	if got, want := total.Load(), int64(4*50*1770); got != want {
		t.Fatalf("total %d, want %d", got, want)
	}
}

// BenchmarkForkJoin measures one Parallel call on two workers with a little work per index
// (1 µs), against spawning goroutines per call as the kernels did before the pool.
func BenchmarkForkJoin(b *testing.B) {
	spin := func() {
		t0 := time.Now()
		for time.Since(t0) < time.Microsecond {
		}
	}
	b.Run("pool", func(b *testing.B) {
		for b.Loop() {
			Parallel(2, 8, func(_, _ int) { spin() })
		}
	})
	b.Run("goroutines", func(b *testing.B) {
		for b.Loop() {
			var next atomic.Int64
			var wg sync.WaitGroup
			for range 2 {
				wg.Go(func() {
					for next.Add(1) <= 8 {
						spin()
					}
				})
			}
			wg.Wait()
		}
	})
}
