package kernels

import (
	"fmt"
	"testing"

	"github.com/redraft/redraft/internal/cputime"
)

// BenchmarkPath compares, for the model's X·Wᵀ at several row counts, the dot path and the
// outer-product path, single-threaded: the data behind outerMinRows.
func BenchmarkPath(b *testing.B) {
	for _, kern := range kernelsForCPU() {
		if kern.outer == nil {
			continue
		}
		for _, n := range []int{1408, 8192} {
			for _, m := range []int{16, 32, 48, 64, 96, 128, 256} {
				a := make([]float32, m*512)
				bb := make([]float32, n*512)
				c := make([]float32, m*n)
				for _, path := range []string{"dot", "outer"} {
					b.Run(fmt.Sprintf("%s/n%d/m%d/%s", kern.name, n, m, path), func(b *testing.B) {
						g := gemm{kern: kern, bTrans: true, m: m, n: n, k: 512, alpha: 1, a: a, lda: 512, b: bb, ldb: 512, c: c, ldc: n}
						run := g.run
						if path == "outer" {
							run = g.runOuter
						}
						cpu0 := cputime.Process()
						for b.Loop() {
							run(0, m, 0, n)
						}
						reportFlops(b, 2*float64(m*n*512), cpu0)
					})
				}
			}
		}
	}
}
