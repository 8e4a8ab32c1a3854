package kernels

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// vecImpl is one implementation of the vector math: the Go twins, or assembly (vecImpls).
type vecImpl struct {
	name       string
	expSum     func(x []float32, shift float32) float32
	maxOf      func(x []float32) float32
	siluMul    func(out, gate, up []float32)
	sumSquares func(x []float32) float32
	scaleMul   func(out, x, w []float32, s float32)
	rope       func(x, cos, sin []float32)
	softmax    func(x []float32)
}

var goVec = vecImpl{"go", expSumGo, maxOfGo, siluMulGo, sumSquaresGo, scaleMulGo, ropeGo, softmaxGo}

// wantExp is e^x in float64 with expf's edges: 0 below −87.3.
func wantExp(x float32) float64 {
	if x < -87.3 {
		return 0
	}
	return math.Exp(float64(x))
}

// checkExp fails unless got is e^x to within rel relative error (exactly 0 below −87.3, +Inf
// where float32 overflows, NaN for NaN).
func checkExp(t *testing.T, what string, x, got float32, rel float64) {
	t.Helper()
	want := wantExp(x)
	switch {
	case math.IsNaN(float64(x)):
		if got == got {
			t.Fatalf("%s: e^NaN = %v, want NaN", what, got)
		}
	case math.IsInf(float64(float32(want)), 1):
		if !math.IsInf(float64(got), 1) {
			t.Fatalf("%s: e^%v = %v, want +Inf", what, x, got)
		}
	case want == 0:
		if got != 0 {
			t.Fatalf("%s: e^%v = %v, want 0", what, x, got)
		}
	default:
		if e := math.Abs(float64(got)-want) / want; e > rel {
			t.Fatalf("%s: e^%v = %v, want %v (relative error %.2g)", what, x, got, want, e)
		}
	}
}

func TestExpf(t *testing.T) {
	for x := float32(-90); x < 90; x += 0.0137 {
		checkExp(t, "expf", x, expf(x), 3e-7)
	}
	for _, x := range []float32{88.72, 88.7228, -87.29, -87.31, 0, -0.0, float32(math.Inf(1)),
		float32(math.Inf(-1)), float32(math.NaN()), 1e30, -1e30} {
		checkExp(t, "expf", x, expf(x), 3e-7)
	}
}

// specials are edge values every implementation must get right.
var specials = []float32{0, -0.0, 1, -1, 88.5, 88.72, 89, 100, -87.2, -87.4, -88, -100, -1e30, 1e30,
	float32(math.Inf(1)), float32(math.Inf(-1)), float32(math.NaN()), 1e-20, -1e-20}

func TestExpSum(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, im := range vecImpls() {
		for _, n := range []int{1, 2, 3, 15, 16, 17, 31, 32, 33, 100, 255, 256, 1000} {
			buf := make([]float32, n+20)
			for i := range buf {
				buf[i] = -7
			}
			x := buf[:n]
			for i := range x {
				x[i] = float32(rng.NormFloat64() * 20)
			}
			if n == len(specials) {
				copy(x, specials)
			}
			in := append([]float32(nil), x...)
			shift := float32(rng.NormFloat64())
			sum := im.expSum(x, shift)
			var want float64
			for i, v := range in {
				checkExp(t, fmt.Sprintf("%s n=%d [%d]", im.name, n, i), v-shift, x[i], 1e-6)
				want += float64(x[i])
			}
			if math.IsInf(want, 0) {
				if float64(sum) != want {
					t.Fatalf("%s n=%d: sum %v, want %v", im.name, n, sum, want)
				}
			} else if math.Abs(float64(sum)-want) > 1e-6*math.Abs(want) {
				t.Fatalf("%s n=%d: sum %v, want %v", im.name, n, sum, want)
			}
			for i, v := range buf[n:] {
				if v != -7 {
					t.Fatalf("%s n=%d: wrote past the end at %d", im.name, n, n+i)
				}
			}
		}
		x := append([]float32(nil), specials...)
		im.expSum(x, 0)
		for i, v := range specials {
			checkExp(t, im.name+" specials", v, x[i], 1e-6)
		}
	}
}

// TestExpSumMatchesTwin checks the SIMD exponentials against the Go twin on a dense sweep.
func TestExpSumMatchesTwin(t *testing.T) {
	var xs []float32
	for x := float32(-95); x < 95; x += 0.00731 {
		xs = append(xs, x)
	}
	want := append([]float32(nil), xs...)
	expSumGo(want, 0)
	for _, im := range vecImpls() {
		got := append([]float32(nil), xs...)
		im.expSum(got, 0)
		for i := range xs {
			if d := math.Abs(float64(got[i]) - float64(want[i])); d > 4e-7*float64(want[i]) && !(math.IsInf(float64(got[i]), 1) && math.IsInf(float64(want[i]), 1)) {
				t.Fatalf("%s: e^%v = %v, Go twin %v", im.name, xs[i], got[i], want[i])
			}
		}
	}
}

func TestMaxOf(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, im := range vecImpls() {
		for n := 1; n < 70; n++ {
			x := make([]float32, n)
			for i := range x {
				x[i] = -1000 + float32(rng.NormFloat64())
			}
			at := rng.IntN(n)
			x[at] = -900
			if got := im.maxOf(x); got != -900 {
				t.Fatalf("%s n=%d: max %v at %d, want -900", im.name, n, got, at)
			}
		}
	}
}

func TestSiLUMul(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, im := range vecImpls() {
		for _, n := range []int{1, 7, 16, 17, 40, len(specials), 1408} {
			gate, up := make([]float32, n), make([]float32, n)
			for i := range gate {
				gate[i] = float32(rng.NormFloat64() * 4)
				up[i] = float32(rng.NormFloat64())
			}
			if n == len(specials) {
				copy(gate, specials)
			}
			out := make([]float32, n+5)
			im.siluMul(out[:n], gate, up)
			for i, z := range gate {
				want := float64(z) * float64(up[i]) / (1 + math.Exp(-float64(z)))
				got := float64(out[i])
				switch {
				case math.IsNaN(float64(z)) || math.IsInf(float64(z), 0):
					continue // inf·0 cases: either NaN or a signed zero/inf is acceptable
				case math.Abs(got-want) > 1e-6*math.Abs(want)+1e-37:
					t.Fatalf("%s n=%d: silu(%v)·%v = %v, want %v", im.name, n, z, up[i], got, want)
				}
			}
			for _, v := range out[n:] {
				if v != 0 {
					t.Fatalf("%s n=%d: wrote past the end", im.name, n)
				}
			}
			// In place (out aliases gate).
			g2 := append([]float32(nil), gate...)
			im.siluMul(g2, g2, up)
			for i := range g2 {
				if g2[i] != out[i] && !(g2[i] != g2[i] && out[i] != out[i]) {
					t.Fatalf("%s n=%d: in place %v, out of place %v", im.name, n, g2[i], out[i])
				}
			}
		}
	}
}

func TestSoftmax(t *testing.T) {
	rng := rand.New(rand.NewPCG(17, 18))
	for _, im := range vecImpls() {
		for _, n := range []int{1, 2, 15, 16, 17, 32, 100, 288} {
			buf := make([]float32, n+3)
			x := buf[:n]
			for i := range x {
				x[i] = float32(rng.NormFloat64() * 10)
			}
			in := append([]float32(nil), x...)
			im.softmax(x)
			mx := in[0]
			for _, v := range in {
				mx = max(mx, v)
			}
			var sum float64 // of the exponentials of the float32 arguments x−max, as computed
			for _, v := range in {
				sum += wantExp(v - mx)
			}
			for i, v := range in {
				want := wantExp(v-mx) / sum
				if math.Abs(float64(x[i])-want) > 2e-6*want+1e-30 { // e^x to 3e-7, sum and scaling a few ulps
					t.Fatalf("%s n=%d: softmax[%d] = %v, want %v", im.name, n, i, x[i], want)
				}
			}
			for _, v := range buf[n:] {
				if v != 0 {
					t.Fatalf("%s n=%d: wrote past the end", im.name, n)
				}
			}
		}
	}
}

func TestRMSNorm(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 14))
	for _, im := range vecImpls() {
		for _, n := range []int{1, 3, 16, 17, 100, 512} {
			x, w := make([]float32, n), make([]float32, n)
			for i := range x {
				x[i], w[i] = float32(rng.NormFloat64()*3), float32(rng.NormFloat64())
			}
			var ss float64
			for _, v := range x {
				ss += float64(v) * float64(v)
			}
			if got := float64(im.sumSquares(x)); math.Abs(got-ss) > 1e-6*ss {
				t.Fatalf("%s n=%d: sum of squares %v, want %v", im.name, n, got, ss)
			}
			out := make([]float32, n+3)
			im.scaleMul(out, x, w, 0.75)
			for i := range x {
				if want := x[i] * 0.75 * w[i]; out[i] != want {
					t.Fatalf("%s n=%d: scaleMul[%d] = %v, want %v", im.name, n, i, out[i], want)
				}
			}
			if out[n] != 0 {
				t.Fatalf("%s n=%d: scaleMul wrote past the end", im.name, n)
			}
		}
	}
	x, w := []float32{3, -4, 0}, []float32{1, 2, 3}
	RMSNorm(x, x, w, 0) // rms = 5/√3
	for i, want := range []float64{3 * math.Sqrt(3) / 5, -8 * math.Sqrt(3) / 5, 0} {
		if math.Abs(float64(x[i])-want) > 1e-6 {
			t.Fatalf("RMSNorm in place: %v", x)
		}
	}
}

func TestRoPE(t *testing.T) {
	rng := rand.New(rand.NewPCG(15, 16))
	for _, im := range vecImpls() {
		for _, half := range []int{1, 2, 16, 32, 48} {
			for _, heads := range []int{1, 3, 16} {
				cos, sin := make([]float32, half), make([]float32, half)
				for j := range cos {
					a := rng.Float64() * 6
					cos[j], sin[j] = float32(math.Cos(a)), float32(math.Sin(a))
				}
				x := make([]float32, 2*half*heads+4)
				for i := range x {
					x[i] = float32(rng.NormFloat64())
				}
				in := append([]float32(nil), x...)
				im.rope(x[:2*half*heads], cos, sin)
				for h := range heads {
					for j := range half {
						i1, i2 := h*2*half+j, h*2*half+half+j
						a, b := float64(in[i1]), float64(in[i2])
						w1 := a*float64(cos[j]) - b*float64(sin[j])
						w2 := b*float64(cos[j]) + a*float64(sin[j])
						if math.Abs(float64(x[i1])-w1) > 1e-6*(1+math.Abs(a)+math.Abs(b)) ||
							math.Abs(float64(x[i2])-w2) > 1e-6*(1+math.Abs(a)+math.Abs(b)) {
							t.Fatalf("%s half=%d heads=%d: head %d pair %d = (%v, %v), want (%v, %v)", im.name, half, heads, h, j, x[i1], x[i2], w1, w2)
						}
					}
				}
				for i := 2 * half * heads; i < len(x); i++ {
					if x[i] != in[i] {
						t.Fatalf("%s half=%d heads=%d: wrote past the end", im.name, half, heads)
					}
				}
			}
		}
	}
}

func BenchmarkExpSum(b *testing.B) {
	x := make([]float32, 288)
	for _, im := range vecImpls() {
		b.Run(im.name, func(b *testing.B) {
			for b.Loop() {
				for i := range x {
					x[i] = -float32(i%200) * 0.07
				}
				im.expSum(x, 0)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(x)), "ns/exp")
		})
	}
}

func BenchmarkSiLUMul(b *testing.B) {
	g, u, out := make([]float32, 1408), make([]float32, 1408), make([]float32, 1408)
	for i := range g {
		g[i], u[i] = float32(i%17)-8, 1
	}
	for _, im := range vecImpls() {
		b.Run(im.name, func(b *testing.B) {
			for b.Loop() {
				im.siluMul(out, g, u)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(g)), "ns/value")
		})
	}
}
