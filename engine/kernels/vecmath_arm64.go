//go:build arm64 && !noasm

package kernels

// The vector math follows Native's micro-kernel, as on amd64 (so REDRAFT_SGEMM_KERNEL=generic
// runs the pure-Go twins): NEON assembly (vecmath_arm64.s) with the neon kernel.
var hasASIMD = bestKernel == kernNEON

func expSum(x []float32, shift float32) float32 {
	if hasASIMD {
		return neonExpSum(x, shift)
	}
	return expSumGo(x, shift)
}

func maxOf(x []float32) float32 {
	if hasASIMD {
		return neonMaxOf(x)
	}
	return maxOfGo(x)
}

func siluMul(out, gate, up []float32) {
	if hasASIMD {
		neonSiLUMul(out, gate, up)
		return
	}
	siluMulGo(out, gate, up)
}

func sumSquares(x []float32) float32 {
	if hasASIMD {
		return neonSumSquares(x)
	}
	return sumSquaresGo(x)
}

func scaleMul(out, x, w []float32, s float32) {
	if hasASIMD {
		neonScaleMul(out, x, w, s)
		return
	}
	scaleMulGo(out, x, w, s)
}

func rope(x, cos, sin []float32) {
	if hasASIMD {
		neonRoPE(x, cos, sin)
		return
	}
	ropeGo(x, cos, sin)
}

func softmax(x []float32) {
	if hasASIMD {
		neonSoftmax(x)
		return
	}
	softmaxGo(x)
}

// The assembly takes whole vectors of four values. The neon functions below run it on the
// first len&^3 values and on a four-value copy of the rest (padded with a value of the row,
// or zero), so every value goes through the same arithmetic.

// pad4 returns the up to four values of r followed by pad.
func pad4(r []float32, pad float32) [4]float32 {
	t := [4]float32{pad, pad, pad, pad}
	copy(t[:], r)
	return t
}

func neonExpSum(x []float32, shift float32) float32 {
	n4 := len(x) &^ 3
	var s float32
	if n4 > 0 {
		s = expSumNEON(&x[0], n4, shift)
	}
	if r := x[n4:]; len(r) > 0 {
		t := pad4(r, r[0])
		expSumNEON(&t[0], 4, shift)
		for i := range r {
			r[i] = t[i]
			s += t[i]
		}
	}
	return s
}

func neonMaxOf(x []float32) float32 {
	n4 := len(x) &^ 3
	if n4 == len(x) {
		return maxOfNEON(&x[0], n4)
	}
	t := pad4(x[n4:], x[n4])
	m := maxOfNEON(&t[0], 4)
	if n4 > 0 {
		m = max(m, maxOfNEON(&x[0], n4))
	}
	return m
}

func neonSoftmax(x []float32) {
	s := neonExpSum(x, neonMaxOf(x))
	inv := 1 / s
	n4 := len(x) &^ 3
	if n4 > 0 {
		scaleNEON(&x[0], n4, inv)
	}
	for i := n4; i < len(x); i++ {
		x[i] *= inv
	}
}

func neonSiLUMul(out, gate, up []float32) {
	n4 := len(out) &^ 3
	if n4 > 0 {
		siluMulNEON(&out[0], &gate[0], &up[0], n4)
	}
	if r := out[n4:]; len(r) > 0 {
		g, u := pad4(gate[n4:len(out)], 0), pad4(up[n4:len(out)], 0)
		siluMulNEON(&g[0], &g[0], &u[0], 4)
		copy(r, g[:])
	}
}

func neonSumSquares(x []float32) float32 {
	n4 := len(x) &^ 3
	var s float32
	if n4 > 0 {
		s = sumSquaresNEON(&x[0], n4)
	}
	if r := x[n4:]; len(r) > 0 {
		t := pad4(r, 0)
		s += sumSquaresNEON(&t[0], 4)
	}
	return s
}

func neonScaleMul(out, x, w []float32, s float32) {
	n4 := len(x) &^ 3
	if n4 > 0 {
		scaleMulNEON(&out[0], &x[0], &w[0], n4, s)
	}
	if r := x[n4:]; len(r) > 0 {
		t, tw := pad4(r, 0), pad4(w[n4:len(x)], 0)
		scaleMulNEON(&t[0], &t[0], &tw[0], 4, s)
		copy(out[n4:len(x)], t[:])
	}
}

func neonRoPE(x, cos, sin []float32) {
	if len(cos)%4 != 0 || len(x) == 0 {
		ropeGo(x, cos, sin) // the assembly takes whole vectors of pairs only
		return
	}
	ropeNEON(&x[0], len(x), &cos[0], &sin[0], len(cos))
}

// expSumNEON is expSumGo on n values at x (n a positive multiple of 4): the same reduction
// and polynomial as expf, evaluated with FMAs. Requires ASIMD.
//
//go:noescape
func expSumNEON(x *float32, n int, shift float32) float32

// maxOfNEON is maxOfGo on n values (a positive multiple of 4). Requires ASIMD.
//
//go:noescape
func maxOfNEON(x *float32, n int) float32

// scaleNEON sets x[i] *= s for n values (a positive multiple of 4). Requires ASIMD.
//
//go:noescape
func scaleNEON(x *float32, n int, s float32)

// siluMulNEON is siluMulGo on n values (a positive multiple of 4): out[i] =
// gate[i]·up[i]/(1+e^−gate[i]), the exponential as in expSumNEON. Requires ASIMD.
//
//go:noescape
func siluMulNEON(out, gate, up *float32, n int)

// sumSquaresNEON is sumSquaresGo on n values (a positive multiple of 4), in four partial
// sums added as sumSquaresGo adds them. Requires ASIMD.
//
//go:noescape
func sumSquaresNEON(x *float32, n int) float32

// scaleMulNEON is scaleMulGo on n values (a positive multiple of 4), in the same order of
// operations (so the same results). Requires ASIMD.
//
//go:noescape
func scaleMulNEON(out, x, w *float32, n int, s float32)

// ropeNEON is ropeGo for half a multiple of 4 and n a positive multiple of 2·half, with
// FMAs. Requires ASIMD.
//
//go:noescape
func ropeNEON(x *float32, n int, cos, sin *float32, half int)
