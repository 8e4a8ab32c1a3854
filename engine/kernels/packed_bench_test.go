package kernels

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/blas"

	"github.com/redraft/redraft/internal/cputime"
)

// modelLayers are the weight shapes (n×k) of one transformer block, in the order a pass uses
// them, and the output head.
var (
	modelLayers = [][2]int{{1536, 512}, {512, 512}, {2816, 512}, {512, 1408}}
	modelHead   = [2]int{8192, 512}
)

// BenchmarkModelMatmuls runs the matmuls of a whole pass over 8 layers and the head, for
// rows rows (32: a cached denoising step; 256: a full window), with the weights as float16
// panels (Packed), as int8 panels (PackInt8) and as float32 through Sgemm. The weights (60 or 120 MB) do not fit in
// the caches, so every pass streams them from memory, as the model does:
//
//	go test -bench ModelMatmuls -run '^$' -count 6 ./engine/kernels/
func BenchmarkModelMatmuls(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	shapes := [][2]int{}
	for range 8 {
		shapes = append(shapes, modelLayers...)
	}
	shapes = append(shapes, modelHead)
	flops := 0.0
	for _, s := range shapes {
		flops += 2 * float64(s[0]*s[1])
	}
	for _, rows := range []int{32, 256} {
		x := make([]float32, rows*Stride(1408))
		y := make([]float32, rows*Stride(8192))
		for i := range x {
			x[i] = float32(rng.NormFloat64())
		}
		b.Run(fmt.Sprintf("rows%d/packed-f16", rows), func(b *testing.B) {
			ws := make([]*Packed, len(shapes))
			for i, s := range shapes {
				ws[i], _ = packCase(panelKernelInUse(), "f16", s[0], s[1], rng)
			}
			cpu0 := cputime.Process()
			for b.Loop() {
				for _, w := range ws {
					w.MulT(y, Stride(w.Rows()), x, Stride(w.Cols()), rows, 1, 0)
				}
			}
			reportFlops(b, flops*float64(rows), cpu0)
		})
		b.Run(fmt.Sprintf("rows%d/packed-int8", rows), func(b *testing.B) {
			ws := make([]*Packed, len(shapes))
			for i, s := range shapes {
				m := int8Case(s[0], s[1], rng)
				ws[i] = PackInt8(nil, m.codes, m.scales, s[0], s[1])
			}
			cpu0 := cputime.Process()
			for b.Loop() {
				for _, w := range ws {
					w.MulT(y, Stride(w.Rows()), x, Stride(w.Cols()), rows, 1, 0)
				}
			}
			reportFlops(b, flops*float64(rows), cpu0)
		})
		b.Run(fmt.Sprintf("rows%d/sgemm-f32", rows), func(b *testing.B) {
			ws := make([][]float32, len(shapes))
			for i, s := range shapes {
				ws[i] = make([]float32, s[0]*s[1])
				for j := range ws[i] {
					ws[i][j] = float32(rng.NormFloat64())
				}
			}
			cpu0 := cputime.Process()
			for b.Loop() {
				for i, w := range ws {
					n, k := shapes[i][0], shapes[i][1]
					Implementation().Sgemm(blas.NoTrans, blas.Trans, rows, n, k, 1, x, k, w, k, 0, y, n)
				}
			}
			reportFlops(b, flops*float64(rows), cpu0)
		})
	}
}
