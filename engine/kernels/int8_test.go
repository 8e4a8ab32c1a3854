package kernels

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// int8Kernels lists the int8 kernels to test: the portable reference and every SIMD kernel
// this CPU runs.
func int8Kernels() []*int8Kernel {
	return append([]*int8Kernel{int8Go}, int8KernelsForCPU()...)
}

func kernelNames(iks []*int8Kernel) []string {
	var names []string
	for _, ik := range iks {
		names = append(names, ik.name)
	}
	return names
}

// int8W is a test int8 matrix: codes and scales as PackInt8 takes them, and as numbers.
type int8W struct {
	n, k          int
	codes, scales []byte
	q             []int8    // n×k
	s             []float32 // n×k/64
}

// int8Case makes random codes (all of [−127, 127]) and scales (one in 20 zero) for an n×k W.
func int8Case(n, k int, rng *rand.Rand) int8W {
	groups := k / int8Group
	m := int8W{n: n, k: k, codes: make([]byte, n*k), scales: make([]byte, 2*n*groups),
		q: make([]int8, n*k), s: make([]float32, n*groups)}
	for i := range n * groups {
		h := floatToHalf(float32(rng.Float64()*0.05 + 1e-3))
		if rng.IntN(20) == 0 {
			h = 0
		}
		binary.LittleEndian.PutUint16(m.scales[2*i:], h)
		m.s[i] = HalfToFloat(h)
	}
	for i := range m.q {
		m.q[i] = int8(rng.IntN(255) - 127)
		m.codes[i] = byte(m.q[i])
	}
	return m
}

// at is W[j][p] = q·s.
func (m int8W) at(j, p int) float64 {
	return float64(m.q[j*m.k+p]) * float64(m.s[j*(m.k/int8Group)+p/int8Group])
}

// checkInt8MulT checks MulT and MulTSerial of w (packed from m) against two references: to
// float rounding, the int8 formula on X quantized by quantizeRows; and loosely, the float
// product with X unquantized (each x is off by at most half a code).
func checkInt8MulT(t *testing.T, name string, w *Packed, m int8W, rows int, alpha, beta float32, rng *rand.Rand) {
	t.Helper()
	n, k, groups := m.n, m.k, m.k/int8Group
	ldx, ldy := k+5, n+3
	x := make([]float32, (rows-1)*ldx+k)
	for i := range x {
		x[i] = float32(rng.NormFloat64())
	}
	if rows > 1 {
		clear(x[ldx : ldx+k]) // a zero row: scale 0
	}
	wide := w.ik.wide
	qz := &quantized{lda: k, wide: wide, q: make([]int8, rows*k), s: make([]float32, rows*groups), bias: make([]int32, rows*groups)}
	if wide {
		qz.lda, qz.q = 2*k, make([]int8, rows*2*k)
	}
	quantizeRows(qz, x, ldx, k, 0, rows)
	code := func(r, p int) int64 { // X's code at row r, input p
		if wide {
			return int64(asInt16s(qz.q[r*qz.lda:])[p])
		}
		return int64(qz.q[r*k+p])
	}
	y0 := startY(rows, n, ldy, rng)
	for _, serial := range []bool{false, true} {
		y := runMulT(w, serial, y0, ldy, x, ldx, rows, alpha, beta)
		for i := range y {
			r, j := i/ldy, i%ldy
			if r >= rows || j >= n {
				if y[i] != sentinel {
					t.Fatalf("%s: wrote outside the view at row %d col %d", name, r, j)
				}
				continue
			}
			var exact, mag, float, bound float64
			for g := range groups {
				var isum int64
				for p := g * int8Group; p < (g+1)*int8Group; p++ {
					isum += code(r, p) * int64(m.q[j*k+p])
				}
				term := float64(isum) * float64(qz.s[r*groups+g]) * float64(m.s[j*groups+g])
				exact += term
				mag += math.Abs(term)
				for p := g * int8Group; p < (g+1)*int8Group; p++ {
					float += float64(x[r*ldx+p]) * m.at(j, p)
					bound += math.Abs(m.at(j, p)) * float64(qz.s[r*groups+g]) * 0.501
				}
			}
			b := float64(beta) * float64(y0[i])
			want := float64(alpha)*exact + b
			tol := 2e-6*(math.Abs(float64(alpha))*mag+math.Abs(b)) + 1e-30
			if d := math.Abs(float64(y[i]) - want); d > tol {
				t.Fatalf("%s serial=%v: y[%d][%d] = %v, integer formula %v", name, serial, r, j, y[i], want)
			}
			if d := math.Abs(exact - float); d > bound+1e-6 {
				t.Fatalf("%s: y[%d][%d]: int8 %v, float %v: more than X's quantization error", name, r, j, exact, float)
			}
		}
	}
}

// TestInt8MulT checks every int8 kernel, and every int16-activation one (PackInt8Wide) this
// CPU runs, against the integer formula on X quantized as the kernel's products quantize it.
func TestInt8MulT(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	shapes := [][2]int{{1, 64}, {5, 64}, {32, 128}, {33, 192}, {70, 512}, {40, 1408}}
	for _, ik := range append(int8Kernels(), int8WideKernelsForCPU()...) {
		for _, s := range shapes {
			m := int8Case(s[0], s[1], rng)
			w := packInt8(ik, nil, m.codes, m.scales, m.n, m.k)
			row := make([]float32, m.k)
			for j := range m.n {
				w.Row(j, row)
				for p, v := range row {
					if float64(v) != m.at(j, p) {
						t.Fatalf("%s %dx%d: Row(%d)[%d] = %v, want %v", ik.name, m.n, m.k, j, p, v, m.at(j, p))
					}
				}
			}
			for _, rows := range []int{1, 2, 3, 4, 5, 6, 7, 12, 13, 32, 41} {
				for _, ab := range [][2]float32{{1, 0}, {0.5, 1}, {-2, 0.25}} {
					checkInt8MulT(t, fmt.Sprintf("%s %dx%d rows=%d alpha=%v beta=%v", ik.name, m.n, m.k, rows, ab[0], ab[1]),
						w, m, rows, ab[0], ab[1], rng)
				}
			}
		}
	}
}

// TestInt8KernelsMatchReference runs each SIMD int8 kernel against the portable one on the
// same matrices and rows: the int32 sums are exact, so only the float scaling may differ.
func TestInt8KernelsMatchReference(t *testing.T) {
	iks := int8Kernels()[1:]
	if len(iks) == 0 {
		t.Skip("no SIMD int8 kernels on this CPU")
	}
	rng := rand.New(rand.NewPCG(23, 24))
	for _, ik := range iks {
		for _, s := range [][2]int{{32, 64}, {64, 512}, {100, 1408}} {
			m := int8Case(s[0], s[1], rng)
			ref := packInt8(int8Go, nil, m.codes, m.scales, m.n, m.k)
			w := packInt8(ik, nil, m.codes, m.scales, m.n, m.k)
			for _, rows := range []int{1, 6, 12, 29} {
				x := make([]float32, rows*m.k)
				for i := range x {
					x[i] = float32(rng.NormFloat64() * math.Exp(rng.NormFloat64()))
				}
				want, got := make([]float32, rows*m.n), make([]float32, rows*m.n)
				ref.MulT(want, m.n, x, m.k, rows, 1, 0)
				w.MulT(got, m.n, x, m.k, rows, 1, 0)
				for i := range want {
					var scale float64 // the row's largest value: the sums' magnitude
					for _, v := range want[i/m.n*m.n : (i/m.n+1)*m.n] {
						scale = max(scale, math.Abs(float64(v)))
					}
					if d := math.Abs(float64(got[i] - want[i])); d > 1e-5*scale {
						t.Fatalf("%s %dx%d rows=%d: y[%d] = %v, portable kernel %v", ik.name, m.n, m.k, rows, i, got[i], want[i])
					}
				}
			}
		}
	}
}

// FuzzInt8MulT checks int8 products of any small shape with every int8 kernel.
func FuzzInt8MulT(f *testing.F) {
	f.Add(uint8(5), uint8(33), uint8(1), uint64(1))
	f.Add(uint8(13), uint8(64), uint8(3), uint64(2))
	f.Fuzz(func(t *testing.T, rows, n, groups uint8, seed uint64) {
		if rows == 0 || n == 0 || groups == 0 || groups > 24 {
			return
		}
		rng := rand.New(rand.NewPCG(seed, 98))
		m := int8Case(int(n), int(groups)*int8Group, rng)
		for _, ik := range append(int8Kernels(), int8WideKernelsForCPU()...) {
			w := packInt8(ik, nil, m.codes, m.scales, m.n, m.k)
			checkInt8MulT(t, fmt.Sprintf("%s %dx%d rows=%d", ik.name, m.n, m.k, rows), w, m, int(rows), 1, 0.5, rng)
		}
	})
}

// TestQuantizeRows checks the quantization in use (assembly where there is one) against the
// Go loop, code for code, on rows with zero, tiny, huge and infinite groups.
func TestQuantizeRows(t *testing.T) {
	rng := rand.New(rand.NewPCG(25, 26))
	const rows, k = 9, 512
	x := make([]float32, rows*(k+3))
	for i := range x {
		x[i] = float32(rng.NormFloat64() * math.Exp(3*rng.NormFloat64()))
	}
	clear(x[0:64])                     // a zero group
	x[(k+3)+70] = float32(math.Inf(1)) // an infinite group
	x[2*(k+3)+5] = 1e-30               // a tiny group
	for i := 3*(k+3) + 128; i < 3*(k+3)+192; i++ {
		x[i] = float32(i%5-2) * (127.0 / 254) // codes ±63.5 and ±127 (max 2·127/254 = 1): ties
	}
	var codes *quantized
	for _, lda := range []int{k, 2 * k} { // codes alone, and each 4 followed by their absolute values
		want := &quantized{lda: lda, q: make([]int8, rows*lda), s: make([]float32, rows*k/64), bias: make([]int32, rows*k/64)}
		got := &quantized{lda: lda, q: make([]int8, rows*lda), s: make([]float32, rows*k/64), bias: make([]int32, rows*k/64)}
		quantizeRowsGo(want, x, k+3, k, 0, rows)
		quantizeRows(got, x, k+3, k, 0, rows)
		for i := range want.q {
			if got.q[i] != want.q[i] {
				t.Fatalf("lda %d: byte %d (row %d): %d, Go %d", lda, i, i/lda, got.q[i], want.q[i])
			}
		}
		for g := range want.s {
			if got.s[g] != want.s[g] || got.bias[g] != want.bias[g] {
				t.Fatalf("lda %d: group %d: scale %v bias %d, Go %v %d", lda, g, got.s[g], got.bias[g], want.s[g], want.bias[g])
			}
		}
		if lda == 2*k {
			for i, c := range want.q {
				if i%8 < 4 && (want.q[i+4] != max(c, -c) || c != codes.q[i/lda*k+i%lda/8*4+i%4]) {
					t.Fatalf("byte %d (row %d): code %d, absolute value %d; codes alone %d", i, i/lda, c, want.q[i+4], codes.q[i/lda*k+i%lda/8*4+i%4])
				}
			}
		}
		codes = want
	}
	want := codes
	// int16 codes (quantized.wide)
	w16 := &quantized{lda: 2 * k, wide: true, q: make([]int8, rows*2*k), s: make([]float32, rows*k/64), bias: make([]int32, rows*k/64)}
	g16 := &quantized{lda: 2 * k, wide: true, q: make([]int8, rows*2*k), s: make([]float32, rows*k/64), bias: make([]int32, rows*k/64)}
	quantizeRowsGo(w16, x, k+3, k, 0, rows)
	quantizeRows(g16, x, k+3, k, 0, rows)
	c16, gc16 := asInt16s(w16.q), asInt16s(g16.q)
	for i := range c16 {
		if gc16[i] != c16[i] {
			t.Fatalf("int16 code %d (row %d): %d, Go %d (x %v)", i, i/k, gc16[i], c16[i], x[i/k*(k+3)+i%k])
		}
	}
	for g := range w16.s {
		if g16.s[g] != w16.s[g] {
			t.Fatalf("int16 codes, group %d: scale %v, Go %v", g, g16.s[g], w16.s[g])
		}
		if x := float64(want.s[g]) * 127 / 32767; math.Abs(float64(w16.s[g])-x) > 1e-6*x {
			t.Fatalf("int16 codes, group %d: scale %v, want the int8 scale·127/32767 %v", g, w16.s[g], x)
		}
	}
	if want.s[0] != 0 || want.s[k/64+1] != 0 {
		t.Fatalf("zero group scale %v, infinite group scale %v", want.s[0], want.s[k/64+1])
	}
}

// TestPackInt8Stacked packs W from its rows in two parts (as w1 and w3 come) and checks the
// panels equal those packed from the rows in one piece, for a cut inside a panel and on one.
func TestPackInt8Stacked(t *testing.T) {
	rng := rand.New(rand.NewPCG(23, 24))
	for _, ik := range int8Kernels() {
		for _, s := range [][3]int{{70, 128, 33}, {64, 192, 32}, {5, 64, 0}} {
			n, k, cut := s[0], s[1], s[2]
			m := int8Case(n, k, rng)
			g := k / int8Group
			whole := packInt8(ik, nil, m.codes, m.scales, n, k)
			parts := packInt8Stacked(ik, nil, [][]byte{m.codes[:cut*k], m.codes[cut*k:]},
				[][]byte{m.scales[:2*cut*g], m.scales[2*cut*g:]}, n, k)
			if !bytes.Equal(whole.i8, parts.i8) || !slices.Equal(whole.i8s, parts.i8s) {
				t.Errorf("%s %dx%d cut at row %d: the stacked packing differs", ik.name, n, k, cut)
			}
		}
	}
}

// TestInt8KernelForced checks that REDRAFT_INT8_KERNEL picks each int8 kernel this CPU runs by
// name, and that a name it cannot run leaves the CPU's choice.
func TestInt8KernelForced(t *testing.T) {
	t.Setenv("REDRAFT_INT8_KERNEL", "")
	def := int8KernelInUse()
	for _, ik := range append(int8KernelsForCPU(), int8Go) {
		t.Setenv("REDRAFT_INT8_KERNEL", ik.name)
		if got := int8KernelInUse(); got != ik {
			t.Errorf("REDRAFT_INT8_KERNEL=%s: got %s", ik.name, got.name)
		}
	}
	t.Setenv("REDRAFT_INT8_KERNEL", "no-such-kernel")
	if got := int8KernelInUse(); got != def {
		t.Errorf("unknown name: got %s, want the CPU's %s", got.name, def.name)
	}
}
