//go:build amd64 && !noasm

package kernels

// vecImpls lists the vector-math implementations this machine runs: the Go twins, and the
// AVX-512 assembly where the CPU has it.
func vecImpls() []vecImpl {
	ims := []vecImpl{goVec}
	if hasAVX512 {
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
	return ims
}
