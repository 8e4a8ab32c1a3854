package kernels

import (
	"encoding/binary"
	"runtime"
	"unsafe"

	"gonum.org/v1/gonum/blas"
)

// Packed is a matrix W, n×k, stored once for many products Y = X·Wᵀ: a linear layer's
// weight [out, in], or attention's keys (Q·Kᵀ) and transposed values (P·V).
//
// With an AVX-512 or AVX2+F16C Native backend W is laid out in panels of 32 columns of Wᵀ:
// panel q holds, for each p < k, the 32 values W[32q+j][p] side by side (zero past row n),
// so a product streams each panel once from memory, reads X in place and needs no packing
// per call;
// float16 weights stay float16 (half the memory traffic), widened as the kernel loads them.
// Otherwise (other CPUs, other backends) W is kept row-major in float32 and products go
// through Implementation().Sgemm. The layout is chosen when W is packed: pack after any Use.
//
// A Packed is read-only once packed (safe for concurrent products); the Set methods repack
// it in place, reusing its memory.
type Packed struct {
	n, k int
	pk   *panelKernel // nil: plain layout
	half []uint16     // float16 panels (pk != nil)
	full []float32    // float32 panels (pk != nil), or plain: W (n×k), or Wᵀ (k×n) if trans
	// trans (plain layout only) says full holds Wᵀ row-major.
	trans bool
	// An int8 W (PackInt8, int8.go): codes in 32-column panels, k/4 steps of 32 columns × 4
	// bytes each, and the scales of each panel, ws[g*32+j]; ik runs its products.
	ik  *int8Kernel
	i8  []byte
	i8s []float32
}

// Rows and Cols return n and k: W is n×k.
func (w *Packed) Rows() int { return w.n }
func (w *Packed) Cols() int { return w.k }

// panelKernelInUse is the panel kernel set of the backend in use, nil when products should
// go through its Sgemm.
func panelKernelInUse() *panelKernel {
	if nat, ok := impl.(Native); ok {
		return nat.kernel().panel
	}
	return nil
}

// panels is the number of 32-column panels of an n-row W.
func panels(n int) int { return (n + panelWidth - 1) / panelWidth }

// PackedSize is the number of bytes PackF16 (half) or PackF32 needs in mem for an n×k matrix
// with the backend in use: a multiple of 64.
func PackedSize(n, k int, half bool) int { return packedSize(panelKernelInUse(), n, k, half) }

func packedSize(pk *panelKernel, n, k int, half bool) int {
	size := 4 * n * k
	if pk != nil {
		size = 4 * panels(n) * panelWidth * k
		if half {
			size /= 2
		}
	}
	return (size + 63) &^ 63
}

// PackF16 packs W (n×k) from src, its n·k IEEE float16 values in little-endian byte order,
// row by row, into mem (at least PackedSize(n, k, true) bytes; nil allocates). It does not
// check the values: NaNs and infinities are copied.
func PackF16(mem, src []byte, n, k int) *Packed {
	if len(src) < 2*n*k {
		panic("kernels: PackF16 source too short")
	}
	return packF16(panelKernelInUse(), mem, n, k, func(i, rows int) []byte { return src[2*i*k : 2*(i+rows)*k] })
}

// PackF16Rows is PackF16 with the source handed over PackRows rows at a time: rows(i, r)
// returns the r·k float16 values of rows i..i+r-1, and the bytes need stay valid only until
// the next call. It lets a caller make float16 rows (dequantize them, say) into a small
// buffer that stays in cache instead of the whole matrix.
func PackF16Rows(mem []byte, n, k int, rows func(i, r int) []byte) *Packed {
	return packF16(panelKernelInUse(), mem, n, k, rows)
}

// PackRows is how many rows PackF16Rows asks for at a time (fewer at the end): one panel.
const PackRows = panelWidth

// PackF32 packs W (n×k) from the rows src[i*ld : i*ld+k] into mem (at least
// PackedSize(n, k, false) bytes; nil allocates).
func PackF32(mem []byte, src []float32, ld, n, k int) *Packed {
	w := new(Packed)
	w.setRows(panelKernelInUse(), mem, src, ld, n, k)
	return w
}

func packF16(pk *panelKernel, mem []byte, n, k int, source func(i, r int) []byte) *Packed {
	checkDims(n, k)
	w := &Packed{n: n, k: k, pk: pk}
	mem = memory(mem, packedSize(pk, n, k, true))
	if pk == nil {
		w.full = asFloats(mem)[:n*k]
		for i := 0; i < n; i += PackRows {
			r := min(PackRows, n-i)
			src, dst := source(i, r)[:2*r*k], w.full[i*k:(i+r)*k]
			for j := range dst {
				dst[j] = HalfToFloat(binary.LittleEndian.Uint16(src[2*j:]))
			}
		}
		return w
	}
	w.half = asHalves(mem)[:panels(n)*panelWidth*k]
	const step = 16 // inputs per block: each row's 32 bytes, the block's 1 KiB of dst in L1
	for q := range panels(n) {
		dst := w.half[q*panelWidth*k : (q+1)*panelWidth*k]
		rows := min(panelWidth, n-q*panelWidth)
		src := source(q*panelWidth, rows)[:2*rows*k]
		for p0 := 0; p0 < k; p0 += step {
			ps := min(step, k-p0)
			for j := range rows {
				row := src[2*(j*k+p0):][:2*ps]
				for p := range ps {
					dst[(p0+p)*panelWidth+j] = binary.LittleEndian.Uint16(row[2*p:])
				}
			}
			for j := rows; j < panelWidth; j++ {
				for p := range ps {
					dst[(p0+p)*panelWidth+j] = 0
				}
			}
		}
	}
	return w
}

// SetRows repacks w as the n×k matrix whose row i is src[i*ld : i*ld+k] (attention's keys,
// for Q·Kᵀ), reusing w's memory where it is large enough.
func (w *Packed) SetRows(src []float32, ld, n, k int) {
	w.setRows(panelKernelInUse(), nil, src, ld, n, k)
}

func (w *Packed) setRows(pk *panelKernel, mem []byte, src []float32, ld, n, k int) {
	checkDims(n, k)
	if n > 0 && (ld < k || len(src) < (n-1)*ld+k) {
		panic("kernels: Packed source too short")
	}
	w.n, w.k, w.pk, w.half, w.trans = n, k, pk, nil, false
	w.ik, w.i8, w.i8s = nil, nil, nil
	if w.pk == nil {
		w.full = w.floats(mem, n*k)
		for i := range n {
			copy(w.full[i*k:(i+1)*k], src[i*ld:])
		}
		return
	}
	w.full = w.floats(mem, panels(n)*panelWidth*k)
	for q := range panels(n) {
		dst := w.full[q*panelWidth*k : (q+1)*panelWidth*k]
		rows := min(panelWidth, n-q*panelWidth)
		if rows == panelWidth {
			w.pk.packT(dst, src[q*panelWidth*ld:], ld, k)
			continue
		}
		clear(dst)
		for j := range rows {
			for p, v := range src[(q*panelWidth+j)*ld:][:k] {
				dst[p*panelWidth+j] = v
			}
		}
	}
}

// SetCols repacks w as the n×k matrix Vᵀ, where V is k×n with rows src[p*ld : p*ld+n]
// (attention's values, for P·V), reusing w's memory where it is large enough.
func (w *Packed) SetCols(src []float32, ld, n, k int) {
	w.setCols(panelKernelInUse(), src, ld, n, k)
}

func (w *Packed) setCols(pk *panelKernel, src []float32, ld, n, k int) {
	checkDims(n, k)
	if k > 0 && (ld < n || len(src) < (k-1)*ld+n) {
		panic("kernels: Packed source too short")
	}
	w.n, w.k, w.half, w.pk = n, k, nil, pk
	w.ik, w.i8, w.i8s = nil, nil, nil
	if w.pk == nil {
		w.trans = true
		w.full = w.floats(nil, n*k)
		for p := range k {
			copy(w.full[p*n:(p+1)*n], src[p*ld:])
		}
		return
	}
	w.trans = false
	w.full = w.floats(nil, panels(n)*panelWidth*k)
	for q := range panels(n) {
		dst := w.full[q*panelWidth*k : (q+1)*panelWidth*k]
		cols := min(panelWidth, n-q*panelWidth)
		for p := range k {
			row := dst[p*panelWidth : (p+1)*panelWidth]
			copy(row, src[p*ld+q*panelWidth:][:cols])
			clear(row[cols:])
		}
	}
}

// floats returns size float32s: from mem if given, else w.full's memory if large enough,
// else a new allocation.
func (w *Packed) floats(mem []byte, size int) []float32 {
	if mem != nil {
		return asFloats(memory(mem, 4*size))[:size]
	}
	if cap(w.full) >= size {
		return w.full[:size]
	}
	return make([]float32, size)
}

// Row sets dst[:k] to row i of W.
func (w *Packed) Row(i int, dst []float32) {
	if i < 0 || i >= w.n {
		panic("kernels: Packed row out of range")
	}
	dst = dst[:w.k]
	switch {
	case w.ik != nil:
		w.int8Row(i, dst)
	case w.pk == nil && w.trans:
		for p := range dst {
			dst[p] = w.full[p*w.n+i]
		}
	case w.pk == nil:
		copy(dst, w.full[i*w.k:])
	default:
		q, j := i/panelWidth, i%panelWidth
		base := q*panelWidth*w.k + j
		for p := range dst {
			if w.half != nil {
				dst[p] = HalfToFloat(w.half[base+p*panelWidth])
			} else {
				dst[p] = w.full[base+p*panelWidth]
			}
		}
	}
}

// Dense returns W as a new n×k row-major slice.
func (w *Packed) Dense() []float32 {
	d := make([]float32, w.n*w.k)
	for i := range w.n {
		w.Row(i, d[i*w.k:])
	}
	return d
}

// MulT sets y = alpha·x·Wᵀ + beta·y for x (rows×k, row i at x[i*ldx:]) and y (rows×n, row i
// at y[i*ldy:]), on all cores when the product is large enough. With beta 0, y is not read.
// Only y's rows×n view is written.
func (w *Packed) MulT(y []float32, ldy int, x []float32, ldx int, rows int, alpha, beta float32) {
	w.mulT(y, ldy, x, ldx, rows, alpha, beta, runtime.GOMAXPROCS(0))
}

// MulTSerial is MulT on the calling goroutine only, for callers that are already one of
// several parallel tasks.
func (w *Packed) MulTSerial(y []float32, ldy int, x []float32, ldx int, rows int, alpha, beta float32) {
	w.mulT(y, ldy, x, ldx, rows, alpha, beta, 1)
}

func (w *Packed) mulT(y []float32, ldy int, x []float32, ldx int, rows int, alpha, beta float32, procs int) {
	if rows < 0 {
		panic(mLT0)
	}
	if ldx < max(1, w.k) {
		panic(badLdA)
	}
	if ldy < max(1, w.n) {
		panic(badLdC)
	}
	if rows == 0 || w.n == 0 {
		return
	}
	if len(x) < (rows-1)*ldx+w.k {
		panic(shortA)
	}
	if len(y) < (rows-1)*ldy+w.n {
		panic(shortC)
	}
	if w.k == 0 || alpha == 0 {
		scaleC(rows, w.n, beta, y, ldy)
		return
	}
	if w.ik != nil {
		w.mulInt8(y, ldy, x, ldx, rows, alpha, beta, procs)
		return
	}
	if w.pk == nil {
		tB, ldb := blas.Trans, w.k
		if w.trans {
			tB, ldb = blas.NoTrans, w.n
		}
		Implementation().Sgemm(blas.NoTrans, tB, rows, w.n, w.k, alpha, x, ldx, w.full, ldb, beta, y, ldy)
		return
	}
	nq := panels(w.n)
	workers := min(procs, nq, max(1, 2*rows*w.n*w.k/minWorkerFlops))
	if workers <= 1 {
		w.mulPanels(y, ldy, x, ldx, rows, 0, nq, alpha, beta)
		return
	}
	// A few chunks of panels per worker, claimed as they finish: a thread the OS preempts
	// delays one chunk, not half the product.
	chunks := min(nq, 4*workers)
	Parallel(workers, chunks, func(_, c int) {
		w.mulPanels(y, ldy, x, ldx, rows, nq*c/chunks, nq*(c+1)/chunks, alpha, beta)
	})
}

// panelRowBytes bounds the rows of X one sweep over the panels keeps in L2: 384 KiB of X.
const panelRowBytes = 384 << 10

// mulPanels computes the columns of panels [q0, q1) of y, every row: for each block of rows
// of X that fits in L2, every panel in turn (streamed from memory once per block) against
// tiles of 12, 8 or 4 rows.
func (w *Packed) mulPanels(y []float32, ldy int, x []float32, ldx int, rows, q0, q1 int, alpha, beta float32) {
	ws := wsPool.Get().(*workspace)
	defer wsPool.Put(ws)
	flags := 0
	if beta == 0 {
		flags = betaZero
	}
	block := max(12, panelRowBytes/(4*ldx)/12*12)
	for r0 := 0; r0 < rows; r0 += block {
		r1 := min(rows, r0+block)
		for q := q0; q < q1; q++ {
			for i := r0; i < r1; {
				mr := tileRows(r1 - i)
				w.tile(ws, y, ldy, x, ldx, i, min(mr, r1-i), mr, q, alpha, beta, flags)
				i += mr
			}
		}
	}
}

// tileRows is the height of the tile for the next left rows: 12 while at least 12 are left,
// then 8 or 4 (a last tile of 1-3 rows is padded to 4).
func tileRows(left int) int {
	switch {
	case left >= 12:
		return 12
	case left >= 8:
		return 8
	default:
		return 4
	}
}

// tile computes rows [i, i+im) of y in panel q's columns with the mr-row kernel (im ≤ mr):
// directly into y when the tile is whole, else through ws.tmp (and, when fewer than mr rows
// of x are left, from a zero-padded copy of them).
func (w *Packed) tile(ws *workspace, y []float32, ldy int, x []float32, ldx, i, im, mr, q int, alpha, beta float32, flags int) {
	j0 := q * panelWidth
	jn := min(panelWidth, w.n-j0)
	a, lda := x[i*ldx:], ldx
	if im < mr {
		ws.a = grow(ws.a, mr*w.k)
		for r := range im {
			copy(ws.a[r*w.k:(r+1)*w.k], x[(i+r)*ldx:])
		}
		clear(ws.a[im*w.k:])
		a, lda = ws.a, w.k
	}
	if im == mr && jn == panelWidth {
		w.kernel(mr, a, lda, q, y[i*ldy+j0:], ldy, alpha, beta, flags)
		return
	}
	ws.tmp = grow(ws.tmp, mr*panelWidth)
	w.kernel(mr, a, lda, q, ws.tmp, panelWidth, 1, 0, betaZero)
	for r := range im {
		row := y[(i+r)*ldy+j0:][:jn]
		t := ws.tmp[r*panelWidth:][:jn]
		for j, v := range t {
			if flags&betaZero != 0 {
				row[j] = alpha * v
			} else {
				row[j] = alpha*v + beta*row[j]
			}
		}
	}
}

// kernel runs the mr-row panel kernel on panel q after checking the operands' bounds.
func (w *Packed) kernel(mr int, a []float32, lda, q int, c []float32, ldc int, alpha, beta float32, flags int) {
	k := w.k
	_ = a[(mr-1)*lda+k-1]
	_ = c[(mr-1)*ldc+panelWidth-1]
	size := panelWidth * k
	if w.half != nil {
		b := w.half[q*size : (q+1)*size]
		w.pk.f16[mr/4-1](k, &a[0], lda, &b[0], &c[0], ldc, alpha, beta, flags)
		return
	}
	b := w.full[q*size : (q+1)*size]
	w.pk.f32[mr/4-1](k, &a[0], lda, &b[0], &c[0], ldc, alpha, beta, flags)
}

// Stride is a good row stride (leading dimension) for a buffer of rows of n float32s that
// products read: n rounded up to a whole 64-byte line, plus a line when that would be a
// multiple of 1 KiB (rows that far apart share L1 sets, and reading 12 of them at once
// thrashes them).
func Stride(n int) int {
	ld := (n + 15) &^ 15
	if aliasing(ld) {
		ld += 16
	}
	return ld
}

func checkDims(n, k int) {
	if n < 0 || k < 0 {
		panic("kernels: negative matrix dimension")
	}
}

// memory checks that mem holds size bytes, allocating them if mem is nil.
func memory(mem []byte, size int) []byte {
	if mem == nil {
		// Allocated as float32s, so the memory is aligned for them.
		f := make([]float32, (size+3)/4)
		return unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(f))), len(f)*4)[:size]
	}
	if len(mem) < size {
		panic("kernels: packing memory too small")
	}
	return mem[:size]
}

func asFloats(b []byte) []float32 {
	return unsafe.Slice((*float32)(unsafe.Pointer(unsafe.SliceData(b))), len(b)/4)
}

func asHalves(b []byte) []uint16 {
	return unsafe.Slice((*uint16)(unsafe.Pointer(unsafe.SliceData(b))), len(b)/2)
}

func unsafeSlice[T any](p *T, n int) []T { return unsafe.Slice(p, n) }
