// Package cpupeak measures the CPU's float32 FMA peak on this machine, now: a loop of
// independent vector FMAs on registers only (no memory traffic, enough accumulators to cover
// the FMA latency), timed by the CPU time of its own thread. Benchmarks report their GFLOP/s
// against it; on a VM, whose clock and boost are unknown, it is the only honest yardstick.
package cpupeak

import (
	"math"
	"runtime"
	"time"

	"github.com/redraft/redraft/internal/cputime"
)

// Peak is one measurement.
type Peak struct {
	// GFLOPSPerCore is float32 GFLOP/s of one core (an FMA counts as two FLOPs), per second of
	// that core's CPU time: other load on the machine slows the wall clock, not this.
	GFLOPSPerCore float64 `json:"gflops_per_core"`
	// Loop names the loop that ran: "avx512", "avx2-fma", "neon" or "go" (scalar, portable).
	Loop string `json:"loop"`
}

// Measure runs the best FMA loop for this CPU on one locked OS thread for about d of CPU time
// and returns its rate.
func Measure(d time.Duration) Peak {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	l := bestLoop()
	l.run(1000) // warm up: wake the vector unit and the clock
	iters := 1000
	var flops float64
	var used time.Duration
	for used < d {
		t0, w0 := cputime.Thread(), time.Now()
		l.run(iters)
		dt := cputime.Thread() - t0
		if dt <= 0 { // no per-thread clock here: the wall clock instead
			dt = time.Since(w0)
		}
		used += dt
		flops += float64(iters) * float64(l.flopsPerIter)
		if dt < d/20 {
			iters *= 2
		}
	}
	return Peak{GFLOPSPerCore: math.Round(flops/used.Seconds()/1e8) / 10, Loop: l.name}
}

// loop is an FMA loop: run(n) (n ≥ 1) does n iterations of flopsPerIter FLOPs on registers and returns
// lane 0 of its first accumulator, which starts at 0 and gains step·1 per iteration (so tests
// can check that the loop ran n iterations).
type loop struct {
	name         string
	flopsPerIter int
	run          func(n int) float32
}

// step is what each FMA adds: small enough that n·step stays exact in float32 for any n a
// test uses, and a normal number (no denormal slow paths).
const step = 1.0 / (1 << 20)

// goLoop is the portable loop: eight independent scalar multiply-adds per iteration (fused
// where the compiler fuses them, as on arm64).
var goLoop = loop{name: "go", flopsPerIter: 16, run: func(n int) float32 {
	var a0, a1, a2, a3, a4, a5, a6, a7 float32
	one, s := float32(1), float32(step)
	for range n {
		a0 = a0 + one*s
		a1 = a1 + one*s
		a2 = a2 + one*s
		a3 = a3 + one*s
		a4 = a4 + one*s
		a5 = a5 + one*s
		a6 = a6 + one*s
		a7 = a7 + one*s
	}
	sink = a1 + a2 + a3 + a4 + a5 + a6 + a7
	return a0
}}

// sink keeps the other accumulators of goLoop alive.
var sink float32

// bestLoop is the first loop this CPU runs.
func bestLoop() loop { return loops()[0] }
