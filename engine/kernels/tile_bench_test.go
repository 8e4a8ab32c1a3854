package kernels

import (
	"fmt"
	"testing"
	"time"

	"github.com/redraft/redraft/internal/cputime"
)

// reportFlops reports GFLOP/s of wall time and, where CPU time is measured, GFLOP per
// CPU-second (per-core efficiency, steadier on a busy machine).
func reportFlops(b *testing.B, flopsPerOp float64, cpu0 time.Duration) {
	total := flopsPerOp * float64(b.N)
	b.ReportMetric(total/b.Elapsed().Seconds()/1e9, "GFLOP/s")
	if cpu := cputime.Process() - cpu0; cpu0 != 0 && cpu > 0 {
		b.ReportMetric(total/cpu.Seconds()/1e9, "GFLOP/cpu-s")
	}
}

// BenchmarkTile runs each micro-kernel on L1-resident operands: its peak speed.
func BenchmarkTile(b *testing.B) {
	for _, k := range []int{64, 512, 2048} {
		for _, kern := range kernelsForCPU() {
			b.Run(fmt.Sprintf("%s/k%d", kern.name, k), func(b *testing.B) {
				ld := packedStride(k)
				a := make([]float32, kern.mr*ld)
				bb := make([]float32, kern.nr*ld)
				c := make([]float32, kern.mr*kern.nr)
				cpu0 := cputime.Process()
				for b.Loop() {
					kern.tile(k, a, ld, bb, ld, c, kern.nr, 1, 0, betaZero)
				}
				reportFlops(b, 2*float64(kern.mr*kern.nr*k), cpu0)
			})
		}
	}
}

// BenchmarkOuterTile runs each outer-product kernel on L1/L2-resident operands.
func BenchmarkOuterTile(b *testing.B) {
	for _, k := range []int{64, 256, 512} {
		for _, kern := range kernelsForCPU() {
			o := kern.outer
			if o == nil {
				continue
			}
			b.Run(fmt.Sprintf("%s/k%d", kern.name, k), func(b *testing.B) {
				ld := packedStride(k)
				a := make([]float32, o.mr*ld)
				bb := make([]float32, o.nr*k)
				c := make([]float32, o.mr*o.nr)
				cpu0 := cputime.Process()
				for b.Loop() {
					o.tile(k, a, ld, bb, c, o.nr, 1, 0, betaZero)
				}
				reportFlops(b, 2*float64(o.mr*o.nr*k), cpu0)
			})
		}
	}
}

// BenchmarkOuterLoop runs the outer kernel over a packed 256-row A block and a packed B block
// as runOuter does, without the packing: the loop's cache behaviour alone.
func BenchmarkOuterLoop(b *testing.B) {
	for _, kern := range kernelsForCPU() {
		o := kern.outer
		if o == nil {
			continue
		}
		for _, kb := range []int{128, 256, 512} {
			for _, nc := range []int{128, 256, 512, 1024} {
				b.Run(fmt.Sprintf("%s/kb%d/nc%d", kern.name, kb, nc), func(b *testing.B) {
					const m = 252
					ld := packedStride(kb)
					a := make([]float32, m*ld)
					panels := nc / o.nr
					bp := make([]float32, panels*kb*o.nr)
					c := make([]float32, m*nc)
					cpu0 := cputime.Process()
					for b.Loop() {
						for ii := 0; ii < m; ii += o.mr {
							for q := 0; q < panels; q++ {
								o.tile(kb, a[ii*ld:], ld, bp[q*kb*o.nr:], c[ii*nc+q*o.nr:], nc, 1, 0, betaZero)
							}
						}
					}
					reportFlops(b, 2*float64(m*nc*kb), cpu0)
				})
			}
		}
	}
}

// BenchmarkPanelTile runs each panel kernel on L1/L2-resident operands, float32 and float16
// panels: the kernels' peak, and what widening float16 costs.
func BenchmarkPanelTile(b *testing.B) {
	pk := bestKernel.panel
	if pk == nil {
		b.Skip("no SIMD panel kernels")
	}
	for _, k := range []int{64, 512} {
		for r := range 3 {
			rows := 4 * (r + 1)
			ld := Stride(k)
			a := make([]float32, rows*ld)
			bf := make([]float32, k*panelWidth)
			bh := make([]uint16, k*panelWidth)
			c := make([]float32, rows*panelWidth)
			b.Run(fmt.Sprintf("f32/k%d/rows%d", k, rows), func(b *testing.B) {
				cpu0 := cputime.Process()
				for b.Loop() {
					pk.f32[r](k, &a[0], ld, &bf[0], &c[0], panelWidth, 1, 0, betaZero)
				}
				reportFlops(b, 2*float64(rows*panelWidth*k), cpu0)
			})
			b.Run(fmt.Sprintf("f16/k%d/rows%d", k, rows), func(b *testing.B) {
				cpu0 := cputime.Process()
				for b.Loop() {
					pk.f16[r](k, &a[0], ld, &bh[0], &c[0], panelWidth, 1, 0, betaZero)
				}
				reportFlops(b, 2*float64(rows*panelWidth*k), cpu0)
			})
		}
	}
}

// BenchmarkInt8Tile runs each int8 kernel's tile (and each int16-activation one's) on
// L1/L2-resident operands (one panel of 32 columns, k = 512): the kernels' peak, in integer
// multiply-adds counted as 2 operations.
func BenchmarkInt8Tile(b *testing.B) {
	const k = 512
	groups := k / int8Group
	for _, ik := range append(append(int8KernelsForCPU(), int8WideKernelsForCPU()...), int8Go) {
		b.Run(ik.name, func(b *testing.B) {
			lda := k
			if ik.absCodes || ik.wide {
				lda = 2 * k
			}
			a := make([]int8, ik.rows*lda)
			sa := make([]float32, ik.rows*groups)
			bias := make([]int32, ik.rows*groups)
			bb := make([]byte, panelWidth*k)
			ws := make([]float32, panelWidth*groups)
			t := make([]float32, ik.rows*panelWidth)
			cpu0 := cputime.Process()
			for b.Loop() {
				ik.tile(groups, a, lda, sa, bias, groups, bb, ws, t)
			}
			reportFlops(b, 2*float64(ik.rows*panelWidth*k), cpu0)
		})
	}
}
