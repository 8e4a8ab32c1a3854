//go:build amd64 && !noasm

package kernels

import "golang.org/x/sys/cpu"

// vecImpls lists the vector-math implementations this machine runs: the Go twins, and the
// AVX-512 and AVX2 assembly where the CPU has them.
func vecImpls() []vecImpl {
	ims := []vecImpl{goVec}
	if cpu.X86.HasAVX512F {
		ims = append(ims, vecImpl{"avx512",
			func(x []float32, shift float32) float32 { return expSumAVX512(&x[0], len(x), shift) },
			func(x []float32) float32 { return maxOfAVX512(&x[0], len(x)) },
			func(out, gate, up []float32) { siluMulAVX512(&out[0], &gate[0], &up[0], len(out)) },
			func(x []float32) float32 { return sumSquaresAVX512(&x[0], len(x)) },
			func(out, x, w []float32, s float32) { scaleMulAVX512(&out[0], &x[0], &w[0], len(x), s) },
			func(x, cos, sin []float32) {
				if len(cos)%16 != 0 {
					ropeGo(x, cos, sin) // the assembly takes whole vectors of pairs only
					return
				}
				ropeAVX512(&x[0], len(x), &cos[0], &sin[0], len(cos))
			},
			func(x []float32) { softmaxAVX512(&x[0], len(x)) }})
	}
	if cpu.X86.HasAVX2 && cpu.X86.HasFMA {
		ims = append(ims, vecImpl{"avx2",
			func(x []float32, shift float32) float32 { return expSumAVX2(&x[0], len(x), shift) },
			func(x []float32) float32 { return maxOfAVX2(&x[0], len(x)) },
			func(out, gate, up []float32) { siluMulAVX2(&out[0], &gate[0], &up[0], len(out)) },
			func(x []float32) float32 { return sumSquaresAVX2(&x[0], len(x)) },
			func(out, x, w []float32, s float32) { scaleMulAVX2(&out[0], &x[0], &w[0], len(x), s) },
			func(x, cos, sin []float32) {
				if len(cos)%8 != 0 {
					ropeGo(x, cos, sin) // the assembly takes whole vectors of pairs only
					return
				}
				ropeAVX2(&x[0], len(x), &cos[0], &sin[0], len(cos))
			},
			func(x []float32) { softmaxAVX2(&x[0], len(x)) }})
	}
	return ims
}
