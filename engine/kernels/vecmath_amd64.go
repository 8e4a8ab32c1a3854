//go:build amd64 && !noasm

package kernels

// The vector math follows Native's micro-kernel (so REDRAFT_SGEMM_KERNEL=avx2 runs a whole
// AVX2 machine's code): AVX-512 or AVX2+FMA assembly, else the pure-Go twins.
var (
	hasAVX512 = bestKernel == kernAVX512
	hasAVX2   = bestKernel == kernAVX2
)

func expSum(x []float32, shift float32) float32 {
	if hasAVX512 {
		return expSumAVX512(&x[0], len(x), shift)
	}
	if hasAVX2 {
		return expSumAVX2(&x[0], len(x), shift)
	}
	return expSumGo(x, shift)
}

func maxOf(x []float32) float32 {
	if hasAVX512 {
		return maxOfAVX512(&x[0], len(x))
	}
	if hasAVX2 {
		return maxOfAVX2(&x[0], len(x))
	}
	return maxOfGo(x)
}

func siluMul(out, gate, up []float32) {
	if hasAVX512 {
		siluMulAVX512(&out[0], &gate[0], &up[0], len(out))
		return
	}
	if hasAVX2 {
		siluMulAVX2(&out[0], &gate[0], &up[0], len(out))
		return
	}
	siluMulGo(out, gate, up)
}

func sumSquares(x []float32) float32 {
	if hasAVX512 {
		return sumSquaresAVX512(&x[0], len(x))
	}
	if hasAVX2 {
		return sumSquaresAVX2(&x[0], len(x))
	}
	return sumSquaresGo(x)
}

func scaleMul(out, x, w []float32, s float32) {
	if hasAVX512 {
		scaleMulAVX512(&out[0], &x[0], &w[0], len(x), s)
		return
	}
	if hasAVX2 {
		scaleMulAVX2(&out[0], &x[0], &w[0], len(x), s)
		return
	}
	scaleMulGo(out, x, w, s)
}

func rope(x, cos, sin []float32) {
	if hasAVX512 && len(cos)%16 == 0 {
		ropeAVX512(&x[0], len(x), &cos[0], &sin[0], len(cos))
		return
	}
	if hasAVX2 && len(cos)%8 == 0 {
		ropeAVX2(&x[0], len(x), &cos[0], &sin[0], len(cos))
		return
	}
	ropeGo(x, cos, sin)
}

func softmax(x []float32) {
	if hasAVX512 {
		softmaxAVX512(&x[0], len(x))
		return
	}
	if hasAVX2 {
		softmaxAVX2(&x[0], len(x))
		return
	}
	softmaxGo(x)
}

// expSumAVX512 is expSumGo on n ≥ 1 values at x, 16 lanes at a time with a masked tail; the
// same reduction and polynomial as expf, evaluated with FMAs, 2^k applied by VSCALEFPS.
// Requires AVX512F.
//
//go:noescape
func expSumAVX512(x *float32, n int, shift float32) float32

// maxOfAVX512 is maxOfGo on n ≥ 1 values at x. Requires AVX512F.
//
//go:noescape
func maxOfAVX512(x *float32, n int) float32

// siluMulAVX512 is siluMulGo on n ≥ 1 values: out[i] = gate[i]·up[i]/(1+e^−gate[i]), the
// exponential as in expSumAVX512. Requires AVX512F.
//
//go:noescape
func siluMulAVX512(out, gate, up *float32, n int)

// sumSquaresAVX512 is sumSquaresGo on n ≥ 1 values (16 partial sums). Requires AVX512F.
//
//go:noescape
func sumSquaresAVX512(x *float32, n int) float32

// scaleMulAVX512 is scaleMulGo on n ≥ 1 values, in the same order of operations (so the same
// results). Requires AVX512F.
//
//go:noescape
func scaleMulAVX512(out, x, w *float32, n int, s float32)

// ropeAVX512 is ropeGo for half a multiple of 16 and n a multiple of 2·half, with FMAs.
// Requires AVX512F.
//
//go:noescape
func ropeAVX512(x *float32, n int, cos, sin *float32, half int)

// softmaxAVX512 is softmaxGo on n ≥ 1 values at x: a pass for the maximum, one for the
// exponentials (as in expSumAVX512) and their sum, one scaling by the reciprocal of the sum.
// Requires AVX512F.
//
//go:noescape
func softmaxAVX512(x *float32, n int)

// The AVX2+FMA twins of the AVX-512 routines above (vecmath_avx2_amd64.s): the same
// contracts, 8 lanes at a time with masked tails; ropeAVX2 takes half a multiple of 8.
// Require AVX2 and FMA.

//go:noescape
func expSumAVX2(x *float32, n int, shift float32) float32

//go:noescape
func maxOfAVX2(x *float32, n int) float32

//go:noescape
func siluMulAVX2(out, gate, up *float32, n int)

//go:noescape
func sumSquaresAVX2(x *float32, n int) float32

//go:noescape
func scaleMulAVX2(out, x, w *float32, n int, s float32)

//go:noescape
func ropeAVX2(x *float32, n int, cos, sin *float32, half int)

//go:noescape
func softmaxAVX2(x *float32, n int)
