package kernels

import (
	"fmt"
	"testing"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"

	"github.com/redraft/redraft/internal/cputime"
)

// benchShape is one matmul the model makes, with the strides the engine uses.
type benchShape struct {
	name          string
	tA, tB        blas.Transpose
	m, n, k       int
	lda, ldb, ldc int
}

// benchShapes are the model's matmuls for a 256-token window (and two from a 32-token cached
// step): X·Wᵀ for each weight, the output head, and one attention head's Q·Kᵀ and P·V on
// strided views into [L,512] buffers.
var benchShapes = []benchShape{
	{"qkv_256x1536x512", blas.NoTrans, blas.Trans, 256, 1536, 512, 512, 512, 1536},
	{"attnout_256x512x512", blas.NoTrans, blas.Trans, 256, 512, 512, 512, 512, 512},
	{"ffnup_256x1408x512", blas.NoTrans, blas.Trans, 256, 1408, 512, 512, 512, 1408},
	{"ffndown_256x512x1408", blas.NoTrans, blas.Trans, 256, 512, 1408, 1408, 1408, 512},
	{"head_256x8192x512", blas.NoTrans, blas.Trans, 256, 8192, 512, 512, 512, 8192},
	{"qk_256x256x64", blas.NoTrans, blas.Trans, 256, 256, 64, 512, 512, 256},
	{"pv_256x64x256", blas.NoTrans, blas.NoTrans, 256, 64, 256, 256, 512, 512},
	{"ffnup_32x1408x512", blas.NoTrans, blas.Trans, 32, 1408, 512, 512, 512, 1408},
	{"head_32x8192x512", blas.NoTrans, blas.Trans, 32, 8192, 512, 512, 512, 8192},
}

// BenchmarkSgemm reports GFLOP/s per shape for the default backend, each micro-kernel this
// CPU runs, and plain gonum, e.g.
//
//	go test -bench Sgemm -run '^$' -count 5 ./engine/kernels/
func BenchmarkSgemm(b *testing.B) {
	impls := []struct {
		name string
		impl blas.Float32
	}{{"default", Implementation()}}
	for _, k := range kernelsForCPU() {
		impls = append(impls, struct {
			name string
			impl blas.Float32
		}{"native-" + k.name, Native{kern: k}})
	}
	impls = append(impls, struct {
		name string
		impl blas.Float32
	}{"gonum", gonum.Implementation{}})
	for _, s := range benchShapes {
		ar := s.m
		if s.tA != blas.NoTrans {
			ar = s.k
		}
		br := s.k
		if s.tB != blas.NoTrans {
			br = s.n
		}
		a := make([]float32, ar*s.lda)
		bb := make([]float32, br*s.ldb)
		c := make([]float32, s.m*s.ldc)
		for i := range a {
			a[i] = float32(i%13) - 6
		}
		for i := range bb {
			bb[i] = float32(i%7) - 3
		}
		for _, im := range impls {
			b.Run(fmt.Sprintf("%s/%s", s.name, im.name), func(b *testing.B) {
				b.ReportAllocs()
				cpu0 := cputime.Process()
				for b.Loop() {
					im.impl.Sgemm(s.tA, s.tB, s.m, s.n, s.k, 1, a, s.lda, bb, s.ldb, 0, c, s.ldc)
				}
				reportFlops(b, 2*float64(s.m)*float64(s.n)*float64(s.k), cpu0)
			})
		}
	}
}
