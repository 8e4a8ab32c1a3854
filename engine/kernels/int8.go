package kernels

import (
	"encoding/binary"
	"math"
	"os"
	"sync"
	"unsafe"
)

// Int8 arithmetic for packed matrices (model/MODEL.md, "Int8 weights"). W's codes q (int8,
// [n, k]) and its scales s (one per row and group of 64 inputs) stay int8 in 32-column
// panels; a product quantizes each row of X the same way at run time (per group of 64: scale
// max|x|/127, codes round(x/scale), ties to even) and computes
//
//	Y[r][j] = Σ_g float32(Σ_{i in g} qx[r][i]·q[j][i]) · sx[r][g] · s[j][g]
//
// with each group's sum of 64 products exact in int32, so the only rounding beyond float
// arithmetic's is X's quantization. The kernels: int8Go (the portable reference, any CPU),
// AVX2 (VPMADDUBSW/VPMADDWD on |x| and sign-adjusted codes), AVX-512 VNNI and AVX-VNNI
// (VPDPBUSD on codes stored +128 and signed x, the +128 taken back by a per-row bias) and
// arm64 SDOT (signed codes), chosen at run time.

// int8Group is the number of consecutive inputs that share a scale, in W and in X.
const int8Group = 64

// int8Kernel computes tiles of int8 products: rows rows of quantized X against one 32-column
// panel of int8 W.
type int8Kernel struct {
	name string
	rows int // rows of X per tile
	// unsigned: the panel holds q+128 (as bytes), and the bias of each row and group,
	// −128·Σ qx, makes the sums Σ qx·q again.
	unsigned bool
	// absCodes: each row of X's codes holds every step of 4 codes followed by their 4
	// absolute values (2k bytes a row), for the AVX2 tile, whose VPMADDUBSW multiplies |x|
	// (unsigned) by the panel's codes carrying x's signs: |x| read from memory instead of
	// a VPABSB per row and step (one op in nine, and 16% of the tile's time on Zen 5).
	absCodes bool
	// wide: X is quantized to int16 codes (scale max|x|/32767 per row and group, 2k bytes a
	// row), for the products whose inputs lose too much to 8-bit codes (PackInt8Wide).
	wide bool
	// tile sets t[r*32+j] (r < rows, j < 32) to Σ_g float32(isum)·sx[r][g]·s[j][g] over
	// groups groups: X's codes a (row r at a[r*lda:]), scales sa and biases bias (row r at
	// [r*lds:]), the panel's codes b (k/4 steps of 32 columns × 4 bytes) and scales ws
	// (ws[g*32+j]).
	tile func(groups int, a []int8, lda int, sa []float32, bias []int32, lds int, b []byte, ws []float32, t []float32)
}

// int8Go is the portable reference kernel: the specification of the SIMD ones (tests compare
// them), and the kernel of CPUs without one.
var int8Go = &int8Kernel{name: "go", rows: 4, tile: int8TileGo}

func int8TileGo(groups int, a []int8, lda int, sa []float32, bias []int32, lds int, b []byte, ws []float32, t []float32) {
	k := groups * int8Group
	for r := range 4 {
		x := a[r*lda : r*lda+k]
		for j := range panelWidth {
			var acc float32
			for g := range groups {
				var isum int32
				for i := g * int8Group; i < (g+1)*int8Group; i++ {
					isum += int32(x[i]) * int32(int8(b[(i/4)*128+j*4+i%4]))
				}
				acc += float32(isum) * sa[r*lds+g] * ws[g*panelWidth+j]
			}
			t[r*panelWidth+j] = acc
		}
	}
}

// checkInt8Tile checks the operands of a tile of rows rows over groups groups of 64 as the
// assembly kernels read them (bias whether or not the kernel uses it: it is as long as sa).
func checkInt8Tile(rows, groups int, a []int8, lda int, sa []float32, bias []int32, lds int, b []byte, ws []float32, t []float32) {
	k := groups * int8Group
	_ = a[(rows-1)*lda+k-1]
	_ = sa[(rows-1)*lds+groups-1]
	_ = bias[(rows-1)*lds+groups-1]
	_ = b[32*k-1]
	_ = ws[32*groups-1]
	_ = t[rows*panelWidth-1]
}

// int8KernelInUse is the int8 kernel of this CPU (and the backend in use), or the one
// $REDRAFT_INT8_KERNEL names ("avx512vnni", "avxvnni", "avx2", "sdot", "go") where this CPU runs
// it: REDRAFT_SGEMM_KERNEL=avx2 alone keeps AVX-VNNI on a CPU that has it, so measuring the
// VPMADDUBSW kernel an AVX2-only laptop runs needs REDRAFT_INT8_KERNEL=avx2 too.
func int8KernelInUse() *int8Kernel {
	if name := os.Getenv("REDRAFT_INT8_KERNEL"); name != "" {
		for _, ik := range append(int8KernelsForCPU(), int8Go) {
			if ik.name == name {
				return ik
			}
		}
	}
	if nat, ok := impl.(Native); ok {
		if ik := nat.kernel().int8; ik != nil {
			return ik
		}
	}
	return int8Go
}

// Int8Kernel names the int8 kernel of this CPU: "go" for the portable one, else its
// instruction set ("avx2", "avx512vnni", ...).
func Int8Kernel() string { return int8KernelInUse().name }

// Int8Fast reports whether this CPU has SIMD int8 kernels (REDRAFT_SGEMM_KERNEL counts):
// without them an int8 product runs the portable Go kernel, far slower than float16 panels.
func Int8Fast() bool { return int8KernelInUse() != int8Go }

// PackedSizeInt8 is the number of bytes PackInt8 needs for an n×k matrix: a multiple of 64.
func PackedSizeInt8(n, k int) int {
	codes := panels(n) * panelWidth * k
	return (codes + 4*panels(n)*panelWidth*(k/int8Group) + 63) &^ 63
}

// PackInt8 packs W (n×k, k a multiple of 64) from its int8 codes (n·k bytes, row-major) and
// scales (n·k/64 little-endian float16 values, row-major [n, k/64]) into mem (at least
// PackedSizeInt8(n, k) bytes; nil allocates), for int8 products. It does not check the values.
func PackInt8(mem, codes, scales []byte, n, k int) *Packed {
	return packInt8(int8KernelInUse(), mem, codes, scales, n, k)
}

// PackInt8Wide is PackInt8 for products that quantize X to int16 codes instead of int8, where
// Int8Wide: a W whose inputs are too heavy-tailed for 8-bit codes (the model's wo, w2 and
// output head) keeps nearly float accuracy (X's error 1/32767 of its group's largest value)
// and int8 panels, with products faster than float16 panels (int8WideKernel). PackedSizeInt8
// bytes.
func PackInt8Wide(mem, codes, scales []byte, n, k int) *Packed {
	return PackInt8WideStacked(mem, [][]byte{codes}, [][]byte{scales}, n, k)
}

// PackInt8WideStacked is PackInt8Stacked for PackInt8Wide.
func PackInt8WideStacked(mem []byte, codes, scales [][]byte, n, k int) *Packed {
	ik := int8WideKernel()
	if ik == nil {
		panic("kernels: PackInt8Wide without Int8Wide")
	}
	return packInt8Stacked(ik, mem, codes, scales, n, k)
}

// Int8Wide reports whether PackInt8Wide's products run here, faster than float16 panels:
// beside AVX-512 panels on CPUs with AVX-512 VNNI, beside AVX2 panels (CPUs without AVX-512)
// everywhere; REDRAFT_SGEMM_KERNEL counts.
func Int8Wide() bool { return int8WideKernel() != nil }

// Int8WideKernel names PackInt8Wide's kernel here ("avx2-int16", "avx512vnni-int16"), or ""
// where Int8Wide is false.
func Int8WideKernel() string {
	if ik := int8WideKernel(); ik != nil {
		return ik.name
	}
	return ""
}

// PackInt8Stacked is PackInt8 for a W whose rows come in parts (a model file's w1 and w3 for
// one product): part i's codes and scales, whole rows of each, follow part i−1's. The parts
// are read in place, not copied together first.
func PackInt8Stacked(mem []byte, codes, scales [][]byte, n, k int) *Packed {
	return packInt8Stacked(int8KernelInUse(), mem, codes, scales, n, k)
}

func packInt8(ik *int8Kernel, mem, codes, scales []byte, n, k int) *Packed {
	return packInt8Stacked(ik, mem, [][]byte{codes}, [][]byte{scales}, n, k)
}

func packInt8Stacked(ik *int8Kernel, mem []byte, codes, scales [][]byte, n, k int) *Packed {
	checkDims(n, k)
	groups := k / int8Group
	if k%int8Group != 0 {
		panic("kernels: PackInt8 needs whole groups of 64 inputs")
	}
	if len(codes) != len(scales) {
		panic("kernels: PackInt8 codes and scales in different parts")
	}
	// row returns the codes and scales of row i, nil past n.
	row := func(i int) (c, s []byte) {
		for p := range codes {
			rows := len(codes[p]) / max(1, k)
			if i >= rows {
				i -= rows
				continue
			}
			if len(scales[p]) < 2*rows*groups {
				panic("kernels: PackInt8 source too short")
			}
			return codes[p][i*k : (i+1)*k], scales[p][2*i*groups : 2*(i+1)*groups]
		}
		panic("kernels: PackInt8 source too short")
	}
	mem = memory(mem, PackedSizeInt8(n, k))
	np := panels(n)
	w := &Packed{n: n, k: k, ik: ik, i8: mem[:np*panelWidth*k]}
	w.i8s = asFloats(mem[np*panelWidth*k:])[:np*panelWidth*groups]
	flip := uint32(0)
	if ik.unsigned {
		flip = 0x80808080 // q+128 as bytes
	}
	for q := range np {
		// Panel q: for each step of 4 inputs, the 4 codes of its 32 rows side by side. Each
		// row's 4-byte words go to every 128th byte.
		dst := w.i8[q*panelWidth*k : (q+1)*panelWidth*k]
		ws := w.i8s[q*panelWidth*groups : (q+1)*panelWidth*groups]
		for j := range panelWidth {
			if q*panelWidth+j >= n {
				for p := 0; p < k; p += 4 {
					binary.LittleEndian.PutUint32(dst[p*panelWidth+4*j:], flip)
				}
				for g := range groups {
					ws[g*panelWidth+j] = 0
				}
				continue
			}
			c, s := row(q*panelWidth + j)
			for p := 0; p+4 <= len(c); p += 4 {
				binary.LittleEndian.PutUint32(dst[p*panelWidth+4*j:], binary.LittleEndian.Uint32(c[p:])^flip)
			}
			for g := range groups {
				ws[g*panelWidth+j] = HalfToFloat(binary.LittleEndian.Uint16(s[2*g:]))
			}
		}
	}
	return w
}

// int8Row sets dst[:k] to row i of an int8 W: q·s in float32.
func (w *Packed) int8Row(i int, dst []float32) {
	q, j := i/panelWidth, i%panelWidth
	groups := w.k / int8Group
	codes := w.i8[q*panelWidth*w.k:]
	ws := w.i8s[q*panelWidth*groups:]
	flip := byte(0)
	if w.ik.unsigned {
		flip = 0x80
	}
	for p := range dst[:w.k] {
		dst[p] = float32(int8(codes[(p/4)*128+j*4+p%4]^flip)) * ws[(p/int8Group)*panelWidth+j]
	}
}

// quantized is X quantized for int8 products: rows (padded to whole tiles with zero rows)
// of k codes (row r at q[r*lda:]; with lda = 2k, each 4 codes followed by their absolute
// values: int8Kernel.absCodes, or wide, k int16 codes), and per row and group a scale and a
// bias (−128·Σ codes; not with int16 codes).
type quantized struct {
	lda  int
	wide bool // int16 codes, little-endian (int8Kernel.wide)
	q    []int8
	s    []float32
	bias []int32
}

var quantPool = sync.Pool{New: func() any { return new(quantized) }}

// quantizeRows quantizes rows [r0, r1) of X (row r at x[r*ldx:], k values) into qz, whose
// rows are qz.lda (k or 2k) bytes of codes and k/64 scales and biases long.
func quantizeRows(qz *quantized, x []float32, ldx, k, r0, r1 int) {
	if quantizeFast(qz, x, ldx, k, r0, r1) {
		return
	}
	quantizeRowsGo(qz, x, ldx, k, r0, r1)
}

// quantizeRowsGo is the pure-Go quantizeRows: the specification of the assembly one.
func quantizeRowsGo(qz *quantized, x []float32, ldx, k, r0, r1 int) {
	groups, abs := k/int8Group, qz.lda == 2*k
	if qz.wide {
		quantizeRowsWideGo(qz, x, ldx, k, r0, r1)
		return
	}
	var codes [int8Group]int8
	for r := r0; r < r1; r++ {
		row := x[r*ldx : r*ldx+k]
		for g := range groups {
			xs := row[g*int8Group : (g+1)*int8Group]
			var m float32
			for _, v := range xs {
				m = max(m, abs32(v))
			}
			var sum int32
			if m > 0 && m <= math.MaxFloat32 {
				inv := 127 / m
				for i, v := range xs {
					c := int8(max(-127, min(127, math.RoundToEven(float64(v*inv)))))
					codes[i] = c
					sum += int32(c)
				}
			} else {
				clear(codes[:])
				m = 0
			}
			qz.s[r*groups+g] = m / 127
			qz.bias[r*groups+g] = -128 * sum
			dst := qz.q[r*qz.lda:]
			for i, c := range codes {
				if !abs {
					dst[g*int8Group+i] = c
					continue
				}
				at := 2*(g*int8Group+i) - i%4 // step i/4 of the group at 8 bytes a step
				dst[at], dst[at+4] = c, max(c, -c)
			}
		}
	}
}

// quantizeRowsWideGo is quantizeRowsGo for int16 codes (quantized.wide): scale m/32767, codes
// round(x·(32767/m)), little-endian, 2k bytes a row; no biases.
func quantizeRowsWideGo(qz *quantized, x []float32, ldx, k, r0, r1 int) {
	groups := k / int8Group
	for r := r0; r < r1; r++ {
		row := x[r*ldx : r*ldx+k]
		codes := asInt16s(qz.q[r*qz.lda : r*qz.lda+2*k])
		for g := range groups {
			xs, cs := row[g*int8Group:(g+1)*int8Group], codes[g*int8Group:(g+1)*int8Group]
			var m float32
			for _, v := range xs {
				m = max(m, abs32(v))
			}
			if m > 0 && m <= math.MaxFloat32 {
				inv := 32767 / m
				for i, v := range xs {
					cs[i] = int16(max(-32767, min(32767, math.RoundToEven(float64(v*inv)))))
				}
			} else {
				clear(cs)
				m = 0
			}
			qz.s[r*groups+g] = m / 32767
		}
	}
}

// asInt16s views b (even length, 2-byte aligned) as int16s in the machine's byte order
// (little-endian on every architecture with kernels).
func asInt16s(b []int8) []int16 {
	return unsafe.Slice((*int16)(unsafe.Pointer(unsafe.SliceData(b))), len(b)/2)
}

func abs32(v float32) float32 { return math.Float32frombits(math.Float32bits(v) &^ (1 << 31)) }

// mulInt8 is mulT for an int8 W: quantize X's rows, then tiles of rows against each panel, on
// up to procs goroutines.
func (w *Packed) mulInt8(y []float32, ldy int, x []float32, ldx int, rows int, alpha, beta float32, procs int) {
	ik, k := w.ik, w.k
	groups := k / int8Group
	padded := (rows + ik.rows - 1) / ik.rows * ik.rows
	qz := quantPool.Get().(*quantized)
	defer quantPool.Put(qz)
	qz.lda, qz.wide = k, ik.wide
	if ik.absCodes || ik.wide {
		qz.lda = 2 * k
	}
	qz.q = growT(qz.q, padded*qz.lda)
	qz.s = growT(qz.s, padded*groups)
	qz.bias = growT(qz.bias, padded*groups)
	clear(qz.q[rows*qz.lda:])
	clear(qz.s[rows*groups:])
	clear(qz.bias[rows*groups:])

	nq := panels(w.n)
	workers := min(procs, max(1, 2*rows*w.n*k/minWorkerFlops))
	if workers <= 1 {
		quantizeRows(qz, x, ldx, k, 0, rows)
		w.int8Panels(qz, y, ldy, rows, 0, nq, alpha, beta)
		return
	}
	Parallel(workers, workers, func(_, c int) {
		quantizeRows(qz, x, ldx, k, rows*c/workers, rows*(c+1)/workers)
	})
	chunks := min(nq, 4*workers)
	Parallel(min(workers, nq), chunks, func(_, c int) {
		w.int8Panels(qz, y, ldy, rows, nq*c/chunks, nq*(c+1)/chunks, alpha, beta)
	})
}

// int8Panels computes the columns of panels [q0, q1) of y, every row, from quantized X.
func (w *Packed) int8Panels(qz *quantized, y []float32, ldy, rows, q0, q1 int, alpha, beta float32) {
	ik, k := w.ik, w.k
	groups := k / int8Group
	ws := wsPool.Get().(*workspace)
	defer wsPool.Put(ws)
	ws.tmp = grow(ws.tmp, ik.rows*panelWidth)
	for q := q0; q < q1; q++ {
		b := w.i8[q*panelWidth*k : (q+1)*panelWidth*k]
		scales := w.i8s[q*panelWidth*groups : (q+1)*panelWidth*groups]
		j0 := q * panelWidth
		jn := min(panelWidth, w.n-j0)
		for i := 0; i < rows; i += ik.rows {
			ik.tile(groups, qz.q[i*qz.lda:], qz.lda, qz.s[i*groups:], qz.bias[i*groups:], groups, b, scales, ws.tmp)
			for r := range min(ik.rows, rows-i) {
				storeRow(y[(i+r)*ldy+j0:][:jn], ws.tmp[r*panelWidth:][:jn], alpha, beta)
			}
		}
	}
}

// storeRow sets out = alpha·t + beta·out (out not read when beta is 0), with the engine's
// cases (alpha 1, beta 0 or 1) as plain loops.
func storeRow(out, t []float32, alpha, beta float32) {
	t = t[:len(out)]
	switch {
	case alpha == 1 && beta == 0:
		copy(out, t)
	case alpha == 1 && beta == 1:
		for j, v := range t {
			out[j] += v
		}
	case beta == 0:
		for j, v := range t {
			out[j] = alpha * v
		}
	default:
		for j, v := range t {
			out[j] = alpha*v + beta*out[j]
		}
	}
}

func growT[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	return s[:n]
}

// Int8 reports whether w is an int8 matrix (PackInt8).
func (w *Packed) Int8() bool { return w.ik != nil }
