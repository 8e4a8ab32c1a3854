package kernels

import (
	"fmt"
	"testing"
	"time"
)

// reportFlops reports GFLOP/s of wall time and, where CPU time is measured, GFLOP per
// CPU-second (per-core efficiency, steadier on a busy machine).
func reportFlops(b *testing.B, flopsPerOp float64, cpu0 time.Duration) {
	total := flopsPerOp * float64(b.N)
	b.ReportMetric(total/b.Elapsed().Seconds()/1e9, "GFLOP/s")
	if cpu := processCPU() - cpu0; cpu0 != 0 && cpu > 0 {
		b.ReportMetric(total/cpu.Seconds()/1e9, "GFLOP/cpu-s")
	}
}

// BenchmarkTile runs each micro-kernel on L1-resident operands: its peak speed.
func BenchmarkTile(b *testing.B) {
	for _, k := range []int{64, 512, 2048} {
		for _, kern := range kernelsForCPU() {
			b.Run(fmt.Sprintf("%s/k%d", kern.name, k), func(b *testing.B) {
				a := make([]float32, kern.mr*k)
				bb := make([]float32, kern.nr*k)
				c := make([]float32, kern.mr*kern.nr)
				cpu0 := processCPU()
				for b.Loop() {
					kern.tile(k, a, k, bb, k, c, kern.nr, 1, 0, betaZero)
				}
				reportFlops(b, 2*float64(kern.mr*kern.nr*k), cpu0)
			})
		}
	}
}
