package kernels

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// panelKernels lists the panel kernel sets to test: nil (the plain layout through Sgemm), the
// Go twin, and every SIMD set this CPU runs.
func panelKernels() []*panelKernel {
	return append([]*panelKernel{nil, panelGo}, simdPanelKernels()...)
}

// simdPanelKernels lists the SIMD panel kernel sets this CPU runs (AVX-512, AVX2).
func simdPanelKernels() []*panelKernel {
	var pks []*panelKernel
	for _, k := range kernelsForCPU() {
		if k.panel != nil {
			pks = append(pks, k.panel)
		}
	}
	return pks
}

func pkName(pk *panelKernel) string {
	if pk == nil {
		return "plain"
	}
	return pk.name
}

// floatToHalf rounds v to a float16: to nearest in the normal range, to zero below it (tests
// only; |v| < 65504).
func floatToHalf(v float32) uint16 {
	b := math.Float32bits(v)
	sign := uint16(b>>16) & 0x8000
	if math.Abs(float64(v)) < 0x1p-14 {
		return sign
	}
	exp := int((b>>23)&0xff) - 127 + 15
	mant := b & 0x7fffff
	// Round to nearest even on the 13 dropped bits.
	m := mant >> 13
	rest := mant & 0x1fff
	if rest > 0x1000 || (rest == 0x1000 && m&1 == 1) {
		m++
		if m == 0x400 {
			m = 0
			exp++
		}
	}
	return sign | uint16(exp)<<10 | uint16(m)
}

// packCase makes W (n×k) in one of four ways and returns it with its float32 values
// (row-major n×k) as the product should see them.
func packCase(pk *panelKernel, how string, n, k int, rng *rand.Rand) (*Packed, []float32) {
	want := make([]float32, n*k)
	for i := range want {
		want[i] = float32(rng.NormFloat64())
	}
	switch how {
	case "f16":
		src := make([]byte, 2*n*k)
		for i, v := range want {
			h := floatToHalf(v)
			src[2*i], src[2*i+1] = byte(h), byte(h>>8)
			want[i] = HalfToFloat(h)
		}
		// The rows come a panel at a time in one reused buffer, as PackF16Rows hands them
		// over: a packer that kept an earlier panel's bytes would read the wrong rows.
		buf := make([]byte, 2*PackRows*k)
		return packF16(pk, nil, n, k, func(i, r int) []byte {
			return buf[:copy(buf, src[2*i*k:2*(i+r)*k])]
		}), want
	case "f32", "rows":
		ld := k + 3
		src := make([]float32, n*ld)
		for i := range n {
			copy(src[i*ld:], want[i*k:(i+1)*k])
		}
		w := new(Packed)
		if how == "rows" { // repack over a bigger previous matrix: memory reuse
			w.setRows(pk, nil, make([]float32, (n+40)*(k+40)), k+40, n+40, k+40)
		}
		w.setRows(pk, nil, src, ld, n, k)
		return w, want
	default: // "cols": W = Vᵀ, V k×n
		ld := n + 5
		src := make([]float32, k*ld)
		for i := range n {
			for p := range k {
				src[p*ld+i] = want[i*k+p]
			}
		}
		w := new(Packed)
		w.setCols(pk, src, ld, n, k)
		return w, want
	}
}

func TestPackedMulT(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	shapes := [][2]int{{1, 1}, {5, 3}, {32, 16}, {33, 17}, {64, 64}, {70, 130}, {96, 1408 / 4}}
	rowCounts := []int{1, 2, 3, 4, 5, 7, 8, 9, 11, 12, 13, 20, 24, 25, 32, 36, 50}
	for _, pk := range panelKernels() {
		for _, how := range []string{"f16", "f32", "rows", "cols"} {
			for _, s := range shapes {
				n, k := s[0], s[1]
				w, dense := packCase(pk, how, n, k, rng)
				if w.Rows() != n || w.Cols() != k {
					t.Fatalf("%s %s: dims %dx%d, want %dx%d", pkName(pk), how, w.Rows(), w.Cols(), n, k)
				}
				for i, v := range w.Dense() {
					if v != dense[i] {
						t.Fatalf("%s %s %dx%d: Dense()[%d] = %v, want %v", pkName(pk), how, n, k, i, v, dense[i])
					}
				}
				for _, rows := range rowCounts {
					for _, ab := range [][2]float32{{1, 0}, {0.5, 1}, {-2, 0.25}} {
						checkMulT(t, fmt.Sprintf("%s %s %dx%d rows=%d alpha=%v beta=%v", pkName(pk), how, n, k, rows, ab[0], ab[1]),
							w, dense, rows, ab[0], ab[1], rng)
					}
				}
			}
		}
	}
}

// checkMulT runs MulT and MulTSerial on random x (with a padded stride) and y (with sentinels
// outside its view) and compares with a float64 product.
func checkMulT(t *testing.T, name string, w *Packed, dense []float32, rows int, alpha, beta float32, rng *rand.Rand) {
	t.Helper()
	n, k := w.Rows(), w.Cols()
	ldx, ldy := k+7, n+3
	x := make([]float32, (rows-1)*ldx+k)
	for i := range x {
		x[i] = float32(rng.NormFloat64())
	}
	y0 := startY(rows, n, ldy, rng)
	for _, serial := range []bool{false, true} {
		y := runMulT(w, serial, y0, ldy, x, ldx, rows, alpha, beta)
		for i := range len(y) {
			r, j := i/ldy, i%ldy
			if r >= rows || j >= n {
				if y[i] != sentinel {
					t.Fatalf("%s: wrote outside the view at row %d col %d", name, r, j)
				}
				continue
			}
			var s, mag float64
			for p := range k {
				prod := float64(x[r*ldx+p]) * float64(dense[j*k+p])
				s += prod
				mag += math.Abs(prod)
			}
			want := float64(alpha)*s + float64(beta)*float64(y0[i])
			tol := 1e-5 * (math.Abs(float64(alpha))*mag + math.Abs(float64(beta)*float64(y0[i])) + 1e-30)
			if d := math.Abs(float64(y[i]) - want); d > tol {
				t.Fatalf("%s serial=%v: y[%d][%d] = %v, want %v", name, serial, r, j, y[i], want)
			}
		}
	}
}

// startY returns y for a product's output: rows×n random values at stride ldy, every other
// element (and a few past the end) a sentinel that must stay.
func startY(rows, n, ldy int, rng *rand.Rand) []float32 {
	y0 := make([]float32, rows*ldy+5)
	for i := range y0 {
		y0[i] = sentinel
	}
	for i := range rows {
		for j := range n {
			y0[i*ldy+j] = float32(rng.NormFloat64())
		}
	}
	return y0
}

// runMulT returns a copy of y0 after w.MulT (or MulTSerial) on it.
func runMulT(w *Packed, serial bool, y0 []float32, ldy int, x []float32, ldx, rows int, alpha, beta float32) []float32 {
	y := append([]float32(nil), y0...)
	if serial {
		w.MulTSerial(y, ldy, x, ldx, rows, alpha, beta)
	} else {
		w.MulT(y, ldy, x, ldx, rows, alpha, beta)
	}
	return y
}

// TestPanelKernelsMatchTwin runs each SIMD panel kernel against the Go twin on random tiles.
func TestPanelKernelsMatchTwin(t *testing.T) {
	pks := simdPanelKernels()
	if len(pks) == 0 {
		t.Skip("no SIMD panel kernels on this machine")
	}
	for _, pk := range pks {
		t.Run(pk.name, func(t *testing.T) { checkPanelKernel(t, pk) })
	}
}

func checkPanelKernel(t *testing.T, pk *panelKernel) {
	rng := rand.New(rand.NewPCG(9, 10))
	for _, k := range []int{1, 2, 3, 4, 5, 7, 64, 513} {
		for r := range 3 {
			rows := 4 * (r + 1)
			lda, ldc := k+3, panelWidth+5
			a := make([]float32, rows*lda)
			b := make([]float32, k*panelWidth)
			h := make([]uint16, k*panelWidth)
			for i := range a {
				a[i] = float32(rng.NormFloat64())
			}
			for i := range b {
				h[i] = floatToHalf(float32(rng.NormFloat64()))
				b[i] = HalfToFloat(h[i])
			}
			for _, flags := range []int{0, betaZero} {
				c0 := make([]float32, rows*ldc)
				for i := range c0 {
					c0[i] = float32(rng.NormFloat64())
				}
				if flags != 0 {
					for i := range rows {
						c0[i*ldc] = float32(math.NaN()) // must not be read
					}
				}
				want := append([]float32(nil), c0...)
				got32 := append([]float32(nil), c0...)
				got16 := append([]float32(nil), c0...)
				panelGo.f32[r](k, &a[0], lda, &b[0], &want[0], ldc, 1.5, -0.5, flags)
				pk.f32[r](k, &a[0], lda, &b[0], &got32[0], ldc, 1.5, -0.5, flags)
				pk.f16[r](k, &a[0], lda, &h[0], &got16[0], ldc, 1.5, -0.5, flags)
				for i := range want {
					tol := 1e-5 * (1 + math.Abs(float64(want[i]))) * math.Sqrt(float64(k))
					if math.Abs(float64(got32[i]-want[i])) > tol || math.Abs(float64(got16[i]-want[i])) > tol {
						t.Fatalf("k=%d rows=%d flags=%d: c[%d] = %v (f32), %v (f16), Go twin %v", k, rows, flags, i, got32[i], got16[i], want[i])
					}
				}
			}
		}
	}
}

// TestPackedParallelMatchesSerial: splitting the panels over goroutines changes nothing.
func TestPackedParallelMatchesSerial(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	for _, pk := range panelKernels() {
		w, _ := packCase(pk, "f16", 1408, 512, rng)
		rows := 40
		x := make([]float32, rows*520)
		for i := range x {
			x[i] = float32(rng.NormFloat64())
		}
		a, b := make([]float32, rows*1408), make([]float32, rows*1408)
		w.mulT(a, 1408, x, 520, rows, 1, 0, 4)
		w.mulT(b, 1408, x, 520, rows, 1, 0, 1)
		for i := range a {
			if a[i] != b[i] {
				t.Fatalf("%s: parallel %v, serial %v at %d", pkName(pk), a[i], b[i], i)
			}
		}
	}
}

func TestPackedPanics(t *testing.T) {
	w := PackF32(nil, make([]float32, 6), 3, 2, 3) // 2×3
	for _, c := range []struct {
		name string
		f    func()
	}{
		{"short x", func() { w.MulT(make([]float32, 6), 3, make([]float32, 5), 3, 2, 1, 0) }},
		{"short y", func() { w.MulT(make([]float32, 3), 2, make([]float32, 6), 3, 2, 1, 0) }},
		{"ldx", func() { w.MulT(make([]float32, 4), 2, make([]float32, 6), 2, 2, 1, 0) }},
		{"row", func() { w.Row(2, make([]float32, 3)) }},
		{"source", func() { PackF32(nil, make([]float32, 5), 3, 2, 3) }},
		{"memory", func() { PackF16(make([]byte, 2), make([]byte, 12), 2, 3) }},
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic", c.name)
				}
			}()
			c.f()
		}()
	}
}

func TestStride(t *testing.T) {
	for _, c := range [][2]int{{1, 16}, {16, 16}, {64, 64}, {256, 272}, {512, 528}, {1408, 1408}, {1536, 1552}} {
		if got := Stride(c[0]); got != c[1] {
			t.Errorf("Stride(%d) = %d, want %d", c[0], got, c[1])
		}
	}
}

// FuzzPackedMulT checks products of packed matrices of any small shape, every layout and
// source kind, against the float64 product.
func FuzzPackedMulT(f *testing.F) {
	f.Add(uint8(5), uint8(33), uint8(17), uint8(0), uint64(1))
	f.Add(uint8(32), uint8(64), uint8(64), uint8(3), uint64(2))
	f.Add(uint8(1), uint8(1), uint8(1), uint8(1), uint64(3))
	f.Fuzz(func(t *testing.T, rows, n, k, how uint8, seed uint64) {
		if rows == 0 || n == 0 || k == 0 {
			return
		}
		rng := rand.New(rand.NewPCG(seed, 99))
		kind := []string{"f16", "f32", "rows", "cols"}[how%4]
		for _, pk := range panelKernels() {
			w, dense := packCase(pk, kind, int(n), int(k), rng)
			checkMulT(t, fmt.Sprintf("%s %s %dx%d rows=%d", pkName(pk), kind, n, k, rows), w, dense, int(rows), 1, 0.5, rng)
		}
	})
}
