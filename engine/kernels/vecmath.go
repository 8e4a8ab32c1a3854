package kernels

import "math"

// Vector math for the rest of the forward pass: the exponentials of softmax rows and of SiLU.
// Each routine has a pure-Go twin here (the fallback, and the specification the SIMD version
// is tested against) and, on amd64 with AVX-512 or AVX2, assembly versions (vecmath_amd64.go).

// ExpSum sets x[i] = e^(x[i]−shift) for every i and returns the sum of the new values: the
// numerators and the denominator of a softmax row when shift is the row's maximum. Each
// exponential is within 3e-7 relative of math.Exp for arguments in [−87.3, 88.7]; below −87.3
// it is 0, above 88.7 +Inf, and NaN stays NaN. The sum is accumulated in float32 in an
// unspecified order.
func ExpSum(x []float32, shift float32) float32 {
	if len(x) == 0 {
		return 0
	}
	return expSum(x, shift)
}

// MaxOf returns the largest element of x (x must not be empty; NaNs give an unspecified result).
func MaxOf(x []float32) float32 {
	if len(x) == 0 {
		panic("kernels: MaxOf of an empty slice")
	}
	return maxOf(x)
}

// Softmax replaces x by softmax(x): e^(x[i]−max(x)) / Σ_j e^(x[j]−max(x)), the exponentials
// as in ExpSum. x must not be empty.
func Softmax(x []float32) {
	if len(x) == 0 {
		panic("kernels: Softmax of an empty slice")
	}
	softmax(x)
}

// SiLUMul sets out[i] = silu(gate[i])·up[i], where silu(z) = z/(1+e^−z): the SwiGLU
// activation. gate and up must be at least as long as out; out may alias either.
func SiLUMul(out, gate, up []float32) {
	if len(out) == 0 {
		return
	}
	_, _ = gate[len(out)-1], up[len(out)-1]
	siluMul(out, gate, up)
}

// RMSNorm sets out[i] = x[i]·(1/√(mean(x²)+eps))·w[i] for i < len(x): the RMS norm of one
// row. w and out must be at least as long as x; out may alias x.
func RMSNorm(out, x, w []float32, eps float32) {
	if len(x) == 0 {
		return
	}
	_, _ = out[len(x)-1], w[len(x)-1]
	ms := sumSquares(x) / float32(len(x))
	scaleMul(out, x, w, float32(1/math.Sqrt(float64(ms+eps))))
}

// RoPE rotates the heads lying back to back in x, each 2·len(cos) wide, in RoPE's "rotate
// half" layout: for each head and j < len(cos), with x1 = x[j] and x2 = x[j+len(cos)] of the
// head, x[j] = x1·cos[j] − x2·sin[j] and x[j+len(cos)] = x2·cos[j] + x1·sin[j]. len(x) must be
// a multiple of 2·len(cos) and sin as long as cos.
func RoPE(x, cos, sin []float32) {
	half := len(cos)
	if half == 0 || len(x)%(2*half) != 0 || len(sin) < half {
		panic("kernels: RoPE lengths do not fit")
	}
	rope(x, cos, sin[:half])
}

// expf is e^x in float32: x = k·ln2 + r with k an integer and |r| ≤ ln2/2, e^r by its Taylor
// polynomial to degree 6 (within 3e-7 relative), times 2^k made from bits. It is 0 below
// −87.3 (under the smallest normal float32, so no subnormals reach later sums) and +Inf
// where e^x overflows.
func expf(x float32) float32 {
	if x < -87.3 {
		return 0
	}
	x = min(x, 89) // e^89 overflows already; keeps k small (NaN passes through)
	const (
		log2e = 1.44269504088896341
		ln2hi = 0.693359375 // ln 2 = ln2hi + ln2lo, ln2hi exact in a few bits
		ln2lo = -2.12194440e-4
		magic = 12582912 // 1.5·2^23: x+magic rounds x to an integer held in the low mantissa bits
	)
	kf := x*log2e + magic
	k := kf - magic
	r := x - k*ln2hi - k*ln2lo
	p := 1 + r*(1+r*(1.0/2+r*(1.0/6+r*(1.0/24+r*(1.0/120+r*(1.0/720))))))
	ki := int32(math.Float32bits(kf) - 0x4b400000) // k as an integer, in [-126, 129]
	if ki > 127 {
		p *= 0x1p127
		ki -= 127
	}
	return p * math.Float32frombits(uint32(ki+127)<<23)
}

// expSumGo is the pure-Go ExpSum.
func expSumGo(x []float32, shift float32) float32 {
	var s0, s1, s2, s3 float32
	i := 0
	for ; i+4 <= len(x); i += 4 {
		e0, e1, e2, e3 := expf(x[i]-shift), expf(x[i+1]-shift), expf(x[i+2]-shift), expf(x[i+3]-shift)
		x[i], x[i+1], x[i+2], x[i+3] = e0, e1, e2, e3
		s0, s1, s2, s3 = s0+e0, s1+e1, s2+e2, s3+e3
	}
	for ; i < len(x); i++ {
		x[i] = expf(x[i] - shift)
		s0 += x[i]
	}
	return (s0 + s1) + (s2 + s3)
}

// maxOfGo is the pure-Go MaxOf.
func maxOfGo(x []float32) float32 {
	m := x[0]
	for _, v := range x[1:] {
		m = max(m, v)
	}
	return m
}

// siluMulGo is the pure-Go SiLUMul.
func siluMulGo(out, gate, up []float32) {
	gate, up = gate[:len(out)], up[:len(out)]
	for i, z := range gate {
		out[i] = z * up[i] / (1 + expf(-z))
	}
}

// sumSquaresGo is the pure-Go Σ x[i]², in four partial sums.
func sumSquaresGo(x []float32) float32 {
	var s0, s1, s2, s3 float32
	i := 0
	for ; i+4 <= len(x); i += 4 {
		s0 += x[i] * x[i]
		s1 += x[i+1] * x[i+1]
		s2 += x[i+2] * x[i+2]
		s3 += x[i+3] * x[i+3]
	}
	for ; i < len(x); i++ {
		s0 += x[i] * x[i]
	}
	return (s0 + s1) + (s2 + s3)
}

// scaleMulGo is the pure-Go out[i] = x[i]·s·w[i].
func scaleMulGo(out, x, w []float32, s float32) {
	out, w = out[:len(x)], w[:len(x)]
	for i, v := range x {
		out[i] = v * s * w[i]
	}
}

// ropeGo is the pure-Go RoPE.
func ropeGo(x, cos, sin []float32) {
	half := len(cos)
	for h := 0; h+2*half <= len(x); h += 2 * half {
		x1, x2 := x[h:h+half], x[h+half:h+2*half]
		for j, c := range cos {
			a, b := x1[j], x2[j]
			x1[j] = a*c - b*sin[j]
			x2[j] = b*c + a*sin[j]
		}
	}
}

// softmaxGo is the pure-Go Softmax: maximum, exponentials and their sum, then one scaling.
func softmaxGo(x []float32) {
	inv := 1 / expSumGo(x, maxOfGo(x))
	for i := range x {
		x[i] *= inv
	}
}
