package kernels

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"gonum.org/v1/gonum/blas"
)

// refSgemm is the naive reference: float64 accumulation, gonum's beta == 0 and alpha == 0 rules.
func refSgemm(tA, tB blas.Transpose, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	for i := 0; i < m; i++ {
		for j := 0; j < n; j++ {
			var s float64
			if alpha != 0 {
				for p := 0; p < k; p++ {
					var x, y float32
					if tA == blas.NoTrans {
						x = a[i*lda+p]
					} else {
						x = a[p*lda+i]
					}
					if tB == blas.NoTrans {
						y = b[p*ldb+j]
					} else {
						y = b[j*ldb+p]
					}
					s += float64(x) * float64(y)
				}
			}
			v := float64(alpha) * s
			if beta != 0 {
				v += float64(beta) * float64(c[i*ldc+j])
			}
			c[i*ldc+j] = float32(v)
		}
	}
}

// sentinel fills every element of C that the call must not touch.
const sentinel = float32(-7.125e30)

// kernelCase is one way of running Sgemm: a backend (with a forced micro-kernel) and its name.
type kernelCase struct {
	name string
	impl blas.Float32
}

// testKernels returns every micro-kernel this machine can run, each as its own backend, plus
// the package default when it is not Native (OpenBLAS under the openblas tag). Kernels with
// an outer-product path come three times: as chosen by size, dot path only, outer path only.
func testKernels(t testing.TB) []kernelCase {
	var ks []kernelCase
	for _, k := range kernelsForCPU() {
		ks = append(ks, kernelCase{k.name, Native{kern: k}})
		if k.outer != nil {
			dot, outer := *k, *k
			dot.outer = nil
			outer.outerFrom = 1
			ks = append(ks, kernelCase{k.name + "-dot", Native{kern: &dot}}, kernelCase{k.name + "-outer", Native{kern: &outer}})
		}
	}
	if len(ks) < 2 {
		t.Logf("only the generic micro-kernel runs on this CPU")
	}
	if _, ok := Implementation().(Native); !ok {
		ks = append(ks, kernelCase{"default", Implementation()})
	}
	return ks
}

type gemmCase struct {
	tA, tB           blas.Transpose
	m, n, k          int
	alpha, beta      float32
	padA, padB, padC int // extra leading-dimension elements beyond the row
	offA, offB, offC int // misaligned start offsets into the backing slices
	nanC             bool
}

func (tc gemmCase) String() string {
	t := func(x blas.Transpose) string {
		if x == blas.NoTrans {
			return "N"
		}
		return "T"
	}
	return fmt.Sprintf("%s%s_m%d_n%d_k%d_a%g_b%g_ld%d.%d.%d_off%d.%d.%d_nan%v", t(tc.tA), t(tc.tB), tc.m, tc.n, tc.k,
		tc.alpha, tc.beta, tc.padA, tc.padB, tc.padC, tc.offA, tc.offB, tc.offC, tc.nanC)
}

// operands builds A, B and C (with guard regions and padding filled with sentinels) for tc.
func (tc gemmCase) operands(rng *rand.Rand) (a []float32, lda int, b []float32, ldb int, c []float32, ldc int) {
	ar, ac := tc.m, tc.k
	if tc.tA != blas.NoTrans {
		ar, ac = tc.k, tc.m
	}
	br, bc := tc.k, tc.n
	if tc.tB != blas.NoTrans {
		br, bc = tc.n, tc.k
	}
	lda, ldb, ldc = max(1, ac)+tc.padA, max(1, bc)+tc.padB, max(1, tc.n)+tc.padC
	const guard = 37
	mk := func(rows, cols, ld, off int, fill func(i, j int) float32) []float32 {
		s := make([]float32, off+rows*ld+guard)
		for i := range s {
			s[i] = sentinel
		}
		for i := 0; i < rows; i++ {
			for j := 0; j < cols; j++ {
				s[off+i*ld+j] = fill(i, j)
			}
		}
		return s[off : off+rows*ld+guard]
	}
	rnd := func(int, int) float32 { return float32(rng.NormFloat64()) }
	a = mk(ar, ac, lda, tc.offA, rnd)
	b = mk(br, bc, ldb, tc.offB, rnd)
	c = mk(tc.m, tc.n, ldc, tc.offC, func(i, j int) float32 {
		if tc.nanC && (i+j)%3 == 0 {
			return float32(math.NaN())
		}
		return float32(rng.NormFloat64())
	})
	return
}

// check compares got with want element by element, guard regions and padding included.
// Each C element may differ by a relative 1e-4 of the sum of |terms| (float32 accumulation).
func (tc gemmCase) check(t testing.TB, name string, got, want []float32, ldc int, scale []float32) {
	t.Helper()
	bad := 0
	for idx := range want {
		g, w := got[idx], want[idx]
		i, j := idx/ldc, idx%ldc
		inside := i < tc.m && j < tc.n
		if !inside {
			if math.Float32bits(g) != math.Float32bits(sentinel) {
				t.Errorf("%s: %v: element %d (row %d col %d) outside C changed to %g", name, tc, idx, i, j, g)
				bad++
			}
		} else {
			wn, gn := math.IsNaN(float64(w)), math.IsNaN(float64(g))
			tol := 1e-4*float64(scale[idx]) + 1e-6
			if wn != gn || (!wn && math.Abs(float64(g-w)) > tol) {
				t.Errorf("%s: %v: C[%d,%d] = %g, want %g (tol %g)", name, tc, i, j, g, w, tol)
				bad++
			}
		}
		if bad > 5 {
			t.Fatalf("%s: %v: too many errors", name, tc)
		}
	}
}

// magnitude returns, per C element, |alpha|·Σ|a||b| + |beta·c|: the scale of its rounding error.
func (tc gemmCase) magnitude(a []float32, lda int, b []float32, ldb int, c []float32, ldc int) []float32 {
	abs := func(s []float32) []float32 {
		r := make([]float32, len(s))
		for i, v := range s {
			if v != sentinel {
				r[i] = float32(math.Abs(float64(v)))
			}
		}
		return r
	}
	mc := abs(c)
	for i := range mc {
		if math.IsNaN(float64(mc[i])) {
			mc[i] = 0
		}
	}
	aa, bb := abs(a), abs(b)
	refSgemm(tc.tA, tc.tB, tc.m, tc.n, tc.k, float32(math.Abs(float64(tc.alpha))), aa, lda, bb, ldb, float32(math.Abs(float64(tc.beta))), mc, ldc)
	return mc
}

func (tc gemmCase) run(t testing.TB, kc kernelCase, rng *rand.Rand) {
	t.Helper()
	a, lda, b, ldb, c, ldc := tc.operands(rng)
	want := append([]float32(nil), c...)
	refSgemm(tc.tA, tc.tB, tc.m, tc.n, tc.k, tc.alpha, a, lda, b, ldb, tc.beta, want, ldc)
	scale := tc.magnitude(a, lda, b, ldb, c, ldc)
	got := append([]float32(nil), c...)
	kc.impl.Sgemm(tc.tA, tc.tB, tc.m, tc.n, tc.k, tc.alpha, a, lda, b, ldb, tc.beta, got, ldc)
	tc.check(t, kc.name, got, want, ldc, scale)
}

var transposes = []blas.Transpose{blas.NoTrans, blas.Trans}

func TestSgemmSmall(t *testing.T) {
	for i, kc := range testKernels(t) {
		t.Run(kc.name, func(t *testing.T) {
			t.Parallel()
			rng := rand.New(rand.NewPCG(1, 2+uint64(i)))
			for _, tA := range transposes {
				for _, tB := range transposes {
					for m := 1; m <= 9; m++ {
						for n := 1; n <= 17; n++ {
							for _, k := range []int{1, 2, 7, 8, 9, 15, 16, 17, 31, 33} {
								tc := gemmCase{tA: tA, tB: tB, m: m, n: n, k: k, alpha: 1, beta: 0}
								tc.run(t, kc, rng)
							}
						}
					}
				}
			}
		})
	}
}

func TestSgemmAlphaBetaStrides(t *testing.T) {
	shapes := [][3]int{{1, 1, 1}, {3, 8, 16}, {5, 13, 29}, {13, 31, 70}, {24, 24, 64}, {37, 41, 53}, {70, 67, 61}, {64, 9, 130}}
	scalars := [][2]float32{{1, 0}, {1, 1}, {-0.5, 0}, {2.5, 1}, {1, -1.5}, {0.75, 0.25}, {0, 0}, {0, 2}, {0, 1}}
	for ki, kc := range testKernels(t) {
		t.Run(kc.name, func(t *testing.T) {
			t.Parallel()
			rng := rand.New(rand.NewPCG(3, 4+uint64(ki)))
			for _, tA := range transposes {
				for _, tB := range transposes {
					for si, s := range shapes {
						for ai, ab := range scalars {
							tc := gemmCase{tA: tA, tB: tB, m: s[0], n: s[1], k: s[2], alpha: ab[0], beta: ab[1],
								padA: (si + ai) % 5, padB: (2*si + ai) % 7, padC: (si + 2*ai) % 3,
								offA: ai % 3, offB: (ai + 1) % 4, offC: (si + ai) % 5, nanC: ab[1] == 0}
							tc.run(t, kc, rng)
						}
					}
				}
			}
		})
	}
}

// TestSgemmLarge crosses the k-block, row-block and goroutine split boundaries.
func TestSgemmLarge(t *testing.T) {
	shapes := [][3]int{{256, 96, 512}, {67, 130, 1031}, {331, 45, 600}, {2, 700, 520}, {130, 8, 1408}, {97, 64, 97}}
	for ki, kc := range testKernels(t) {
		t.Run(kc.name, func(t *testing.T) {
			t.Parallel()
			rng := rand.New(rand.NewPCG(5, 6+uint64(ki)))
			for _, tA := range transposes {
				for _, tB := range transposes {
					for i, s := range shapes {
						tc := gemmCase{tA: tA, tB: tB, m: s[0], n: s[1], k: s[2], alpha: 1, beta: float32(i % 2),
							padA: i, padB: 2 * i, padC: 3 * i, offA: 1, offB: 2, offC: 3}
						tc.run(t, kc, rng)
					}
				}
			}
		})
	}
}

// TestSgemmModelShapes runs the model's attention shapes (strided views into [L,512] buffers)
// and a reduced linear layer, as the engine calls them.
func TestSgemmModelShapes(t *testing.T) {
	for i, kc := range testKernels(t) {
		t.Run(kc.name, func(t *testing.T) {
			t.Parallel()
			rng := rand.New(rand.NewPCG(7, 8+uint64(i)))
			for _, L := range []int{1, 5, 32, 77} {
				// Q·Kᵀ per head: [L,64] × [64,L] with lda = ldb = 512.
				qk := gemmCase{tA: blas.NoTrans, tB: blas.Trans, m: L, n: L, k: 64, alpha: 0.125, beta: 0, padA: 448, padB: 448, offA: 64, offB: 128}
				qk.run(t, kc, rng)
				// P·V: [L,L] × [L,64] with ldb = ldc = 512.
				pv := gemmCase{tA: blas.NoTrans, tB: blas.NoTrans, m: L, n: 64, k: L, alpha: 1, beta: 0, padB: 448, padC: 448, offB: 192, offC: 320}
				pv.run(t, kc, rng)
				// X·Wᵀ.
				xw := gemmCase{tA: blas.NoTrans, tB: blas.Trans, m: L, n: 200, k: 512, alpha: 1, beta: 0}
				xw.run(t, kc, rng)
			}
		})
	}
}

// TestSgemmNaNInf checks that NaN and Inf in A or B propagate to exactly the C elements they feed.
func TestSgemmNaNInf(t *testing.T) {
	for _, kc := range testKernels(t) {
		for _, v := range []float32{float32(math.NaN()), float32(math.Inf(1))} {
			m, n, k := 7, 11, 37
			a := make([]float32, m*k)
			b := make([]float32, n*k)
			for i := range a {
				a[i] = 1
			}
			for i := range b {
				b[i] = 1
			}
			a[4*k+33] = v // row 4, in the k tail of the 16-wide loop
			c := make([]float32, m*n)
			kc.impl.Sgemm(blas.NoTrans, blas.Trans, m, n, k, 1, a, k, b, k, 0, c, n)
			for i := 0; i < m; i++ {
				for j := 0; j < n; j++ {
					got := c[i*n+j]
					if i == 4 {
						if !math.IsNaN(float64(got)) && !math.IsInf(float64(got), 0) {
							t.Errorf("%s: C[%d,%d] = %g, want %g", kc.name, i, j, got, v)
						}
					} else if got != float32(k) {
						t.Errorf("%s: C[%d,%d] = %g, want %d", kc.name, i, j, got, k)
					}
				}
			}
		}
	}
}

func TestSgemmPanics(t *testing.T) {
	impl := Native{}
	a := make([]float32, 100)
	cases := []struct {
		want string
		f    func()
	}{
		{badTranspose, func() { impl.Sgemm('x', blas.NoTrans, 2, 2, 2, 1, a, 2, a, 2, 0, a, 2) }},
		{badTranspose, func() { impl.Sgemm(blas.NoTrans, 'x', 2, 2, 2, 1, a, 2, a, 2, 0, a, 2) }},
		{mLT0, func() { impl.Sgemm(blas.NoTrans, blas.NoTrans, -1, 2, 2, 1, a, 2, a, 2, 0, a, 2) }},
		{nLT0, func() { impl.Sgemm(blas.NoTrans, blas.NoTrans, 2, -1, 2, 1, a, 2, a, 2, 0, a, 2) }},
		{kLT0, func() { impl.Sgemm(blas.NoTrans, blas.NoTrans, 2, 2, -1, 1, a, 2, a, 2, 0, a, 2) }},
		{badLdA, func() { impl.Sgemm(blas.NoTrans, blas.NoTrans, 2, 2, 3, 1, a, 2, a, 2, 0, a, 2) }},
		{badLdA, func() { impl.Sgemm(blas.Trans, blas.NoTrans, 3, 2, 2, 1, a, 2, a, 2, 0, a, 2) }},
		{badLdB, func() { impl.Sgemm(blas.NoTrans, blas.NoTrans, 2, 3, 2, 1, a, 2, a, 2, 0, a, 3) }},
		{badLdB, func() { impl.Sgemm(blas.NoTrans, blas.Trans, 2, 2, 3, 1, a, 3, a, 2, 0, a, 2) }},
		{badLdC, func() { impl.Sgemm(blas.NoTrans, blas.NoTrans, 2, 3, 2, 1, a, 2, a, 3, 0, a, 2) }},
		{shortA, func() { impl.Sgemm(blas.NoTrans, blas.NoTrans, 20, 2, 9, 1, a, 9, a, 2, 0, a, 2) }},
		{shortB, func() { impl.Sgemm(blas.NoTrans, blas.Trans, 2, 20, 9, 1, a, 9, a, 9, 0, a, 20) }},
		{shortC, func() { impl.Sgemm(blas.NoTrans, blas.NoTrans, 11, 10, 2, 1, a, 2, a, 10, 0, a, 10) }},
	}
	for i, tc := range cases {
		func() {
			defer func() {
				if r := recover(); r != tc.want {
					t.Errorf("case %d: panic %v, want %q", i, r, tc.want)
				}
			}()
			tc.f()
		}()
	}
	// Empty problems with valid arguments do nothing.
	impl.Sgemm(blas.NoTrans, blas.NoTrans, 0, 0, 0, 1, nil, 1, nil, 1, 0, nil, 1)
}

func FuzzSgemm(f *testing.F) {
	f.Add(uint8(0), uint8(3), uint8(8), uint8(16), uint8(0), uint8(0), uint8(0), int8(4), int8(0), uint64(1))
	f.Add(uint8(1), uint8(17), uint8(9), uint8(33), uint8(1), uint8(2), uint8(3), int8(-3), int8(2), uint64(2))
	f.Add(uint8(3), uint8(64), uint8(64), uint8(70), uint8(5), uint8(0), uint8(7), int8(1), int8(1), uint64(3))
	kernels := testKernels(f)
	f.Fuzz(func(t *testing.T, tr, m, n, k, padA, padB, padC uint8, alpha, beta int8, seed uint64) {
		tc := gemmCase{
			tA: transposes[tr&1], tB: transposes[tr>>1&1],
			m: int(m)%96 + 1, n: int(n)%96 + 1, k: int(k)%160 + 1,
			alpha: float32(alpha) / 4, beta: float32(beta) / 4,
			padA: int(padA) % 9, padB: int(padB) % 9, padC: int(padC) % 9,
			offA: int(tr>>2) % 4, offB: int(tr>>4) % 4, offC: int(tr>>6) % 4,
		}
		for _, kc := range kernels {
			tc.run(t, kc, rand.New(rand.NewPCG(seed, 9)))
		}
	})
}

// TestImplementation checks the seam: the default backend is in use and Use swaps it.
func TestImplementation(t *testing.T) {
	orig := Implementation()
	defer Use(orig)
	if Describe() == "" {
		t.Fatal("empty Describe")
	}
	n := Native{kern: kernGeneric}
	Use(n)
	if Implementation() != n {
		t.Fatal("Use did not take effect")
	}
	// Level 1 routines come from the embedded gonum implementation.
	if got := n.Sdot(3, []float32{1, 2, 3}, 1, []float32{4, 5, 6}, 1); got != 32 {
		t.Fatalf("Sdot = %g, want 32", got)
	}
}

func TestDescribe(t *testing.T) {
	got := Native{kern: kernGeneric}.String()
	if !strings.HasPrefix(got, "native generic (4x4 dot), ") {
		t.Errorf("String() = %q", got)
	}
	if k := bestKernel; k.panel != nil {
		if got := (Native{kern: k}).String(); !strings.Contains(got, "12x32 packed f16/f32") {
			t.Errorf("String() = %q, want the packed kernels named", got)
		}
	}
}
