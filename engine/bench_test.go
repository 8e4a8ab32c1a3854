package engine

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/redraft/redraft/internal/cputime"
)

// reportCPU reports the CPU time per operation (all threads) since cpu0, in ms: on a shared
// machine it swings much less than the wall time, and it shows how well the cores are used.
func reportCPU(b *testing.B, cpu0 time.Duration) {
	if cpu := cputime.Process() - cpu0; cpu0 != 0 && cpu > 0 {
		b.ReportMetric(cpu.Seconds()*1e3/float64(b.N), "cpu-ms/op")
	}
}

// benchIDs returns n random non-special ids, the same for every benchmark.
func benchIDs(n int) []int {
	rng := rand.New(rand.NewPCG(11, 12))
	ids := make([]int, n)
	for i := range ids {
		ids[i] = rng.IntN(8188)
	}
	return ids
}

// forwardFLOPs counts a full pass with logits at every position the way
// shared/bench/torch_forward.py does: 2·L·(body + vocab·dim) + 4·layers·L²·dim.
func forwardFLOPs(c Config, L int) float64 {
	body := c.NLayers * (4*c.DModel*c.DModel + 3*c.DModel*c.DFF)
	return 2*float64(L)*float64(body+c.VocabSize*c.DModel) + 4*float64(c.NLayers)*float64(L)*float64(L)*float64(c.DModel)
}

func benchmarkForward(b *testing.B, m *Model, L int) {
	ids, outs := benchIDs(L), allPositions(L)
	m.Forward(ids, outs)
	cpu0 := cputime.Process()
	for b.Loop() {
		m.Forward(ids, outs)
	}
	reportCPU(b, cpu0)
	b.ReportMetric(forwardFLOPs(m.Config(), L)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
}

// BenchmarkForward64 and BenchmarkForward256: one window, logits at every position.
// Forward256Int8 is Forward256 with int8 arithmetic (the built-in model as int8-g64, int8arith.go).
func BenchmarkForward64(b *testing.B)      { benchmarkForward(b, testModel(b), 64) }
func BenchmarkForward256(b *testing.B)     { benchmarkForward(b, testModel(b), 256) }
func BenchmarkForward256Int8(b *testing.B) { _, m := int8Models(b); benchmarkForward(b, m, 256) }

// BenchmarkStep is one cached denoising step: 32 active positions between 128 cached on either
// side (256 cached), logits at all 32. StepInt8 is Step with int8 arithmetic.
func BenchmarkStep(b *testing.B)     { benchmarkStep(b, testModel(b)) }
func BenchmarkStepInt8(b *testing.B) { _, m := int8Models(b); benchmarkStep(b, m) }

func benchmarkStep(b *testing.B, m *Model) {
	ids := benchIDs(288)
	c := m.NewCache(ids, 128, 160)
	active, outs := ids[128:160], allPositions(32)
	c.Step(active, outs)
	cpu0 := cputime.Process()
	for b.Loop() {
		c.Step(active, outs)
	}
	reportCPU(b, cpu0)
}

// BenchmarkNewCache builds a cache over a 288-token window (one pass without the output head).
func BenchmarkNewCache(b *testing.B) {
	m := testModel(b)
	ids := benchIDs(288)
	cpu0 := cputime.Process()
	for b.Loop() {
		m.NewCache(ids, 128, 160)
	}
	reportCPU(b, cpu0)
}

// BenchmarkLoad loads the built-in model as Load("") does (with the arithmetic REDRAFT_INT8
// and the CPU choose): checks, then packing int8 codes or dequantizing to float16 panels.
func BenchmarkLoad(b *testing.B) {
	cpu0 := cputime.Process()
	for b.Loop() {
		if _, err := Load(""); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, cpu0)
}

// BenchmarkStepCaches is the shape of refine's batched scoring: four sentences' caches (36
// active positions between 192 cached on either side), four variants of each in one call,
// logits at every other active position.
func BenchmarkStepCaches(b *testing.B) {
	m := testModel(b)
	var steps []CacheStep
	for s := range 4 {
		ids := benchIDs(420 + s)
		c := m.NewCache(ids, 192, 228)
		for range 4 {
			var outs []int
			for i := 0; i < 36; i += 2 {
				outs = append(outs, i)
			}
			steps = append(steps, CacheStep{Cache: c, Active: ids[192:228], OutPos: outs})
		}
	}
	m.StepCaches(steps)
	cpu0 := cputime.Process()
	for b.Loop() {
		m.StepCaches(steps)
	}
	reportCPU(b, cpu0)
}
