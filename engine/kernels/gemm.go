package kernels

import (
	"sync"
)

// The dot path computes C = alpha*op(A)*op(B) + beta*C as dot products: every micro-kernel
// call takes mr rows of A and nr rows of Bᵀ, each contiguous along k, and writes one mr×nr
// tile of C. It serves calls with few rows of C (a cached denoising step) and kernels without
// an outer-product variant; outer.go has the path for the rest. A's block (the activations)
// is always copied into k-contiguous rows at a stride that does not alias in L1; a Trans B
// (the model's weights, X·Wᵀ) is read in place, and a NoTrans B is transposed a sliver at a
// time. The loops, outermost first:
//
//	p0: k in blocks of at most kcMax (first block applies beta, later ones accumulate)
//	i0: rows of C in blocks that keep A's block in L2
//	j0: nr rows of Bᵀ (an L1-resident sliver, reused by every row tile below)
//	ii: mr rows of A → one micro-kernel call
//
// Work is split across goroutines by columns of C (each worker reads its own part of B) or,
// when C is narrow, by rows.
const (
	kcMax        = 512       // k block: a 4-row Bᵀ sliver is 8 KiB, a 6-row A sliver 12 KiB
	aBlockFloats = 160 << 10 // 640 KiB of A per block, inside a 1 MiB L2
	// minWorkerFlops is the least work worth another goroutine: about 50-80 µs on one core.
	// Waking an idle thread costs tens of microseconds; one attention head's Q·Kᵀ at 256
	// tokens (8.4 MFLOP) ran slower on two threads than on one.
	minWorkerFlops = 8 << 20
	betaZero       = 1 // micro-kernel flag: overwrite C, do not read it
)

// microKernel is one register-blocked tile routine and its shape.
type microKernel struct {
	name   string
	mr, nr int
	// tile sets, for i < mr and j < nr,
	//	C[i*ldc+j] = alpha * Σ_p a[i*lda+p]*b[j*ldb+p] + beta*C[i*ldc+j]   (p < k, k ≥ 1)
	// where the beta term is dropped (C not read) when flags&betaZero != 0.
	tile func(k int, a []float32, lda int, b []float32, ldb int, c []float32, ldc int, alpha, beta float32, flags int)
	// outer, if set, is the outer-product kernel used for calls with at least outerMinRows
	// rows of C (outer.go); outerFrom, if positive, replaces that threshold (tests use 1).
	outer     *outerKernel
	outerFrom int
	// int8, if set, is the SIMD kernel of int8 Packed matrices (int8.go); without it they
	// use the portable int8Go.
	int8 *int8Kernel
	// panel, if set, is the kernel set for Packed matrices (packed.go); without it they use
	// Sgemm.
	panel *panelKernel
}

// gemm holds one validated Sgemm call; alpha != 0, k > 0, m, n > 0.
type gemm struct {
	kern           *microKernel
	aTrans, bTrans bool
	m, n, k        int
	alpha, beta    float32
	a              []float32
	lda            int
	b              []float32
	ldb            int
	c              []float32
	ldc            int
}

// workspace is one worker's scratch memory, recycled through wsPool.
type workspace struct {
	a   []float32 // packed block of A rows, zero-padded to whole tiles
	b   []float32 // packed Bᵀ sliver
	tmp []float32 // an edge tile before it is added to C
}

var wsPool = sync.Pool{New: func() any { return new(workspace) }}

func grow(s []float32, n int) []float32 {
	if cap(s) < n {
		return make([]float32, n)
	}
	return s[:n]
}

// parallel splits the call over at most procs goroutines, the calling one included.
func (g *gemm) parallel(procs int) {
	mr, nr := g.kern.mr, g.kern.nr
	run := g.run
	from := outerMinRows
	if g.kern.outerFrom > 0 {
		from = g.kern.outerFrom
	}
	if o := g.kern.outer; o != nil && g.m >= from {
		mr, nr = o.mr, o.nr
		run = g.runOuter
	}
	w := min(procs, max(1, 2*g.m*g.n*g.k/minWorkerFlops))
	colTiles := (g.n + nr - 1) / nr
	rowTiles := (g.m + mr - 1) / mr
	if w <= 1 {
		run(0, g.m, 0, g.n)
		return
	}
	if colTiles >= 2*w || colTiles >= rowTiles {
		w = min(w, colTiles)
		Parallel(w, w, func(_, i int) {
			run(0, g.m, min(g.n, colTiles*i/w*nr), min(g.n, colTiles*(i+1)/w*nr))
		})
		return
	}
	w = min(w, rowTiles)
	Parallel(w, w, func(_, i int) {
		run(min(g.m, rowTiles*i/w*mr), min(g.m, rowTiles*(i+1)/w*mr), 0, g.n)
	})
}

// run computes the C block rows [m0,m1) × columns [n0,n1).
func (g *gemm) run(m0, m1, n0, n1 int) {
	ws := wsPool.Get().(*workspace)
	defer wsPool.Put(ws)
	kern := g.kern
	mr, nr := kern.mr, kern.nr
	ws.tmp = grow(ws.tmp, mr*nr)

	kc := splitK(g.k, kcMax)
	rows := m1 - m0
	mcMax := max(mr, aBlockFloats/kc/mr*mr)
	nmc := (rows + mcMax - 1) / mcMax
	mc := ((rows+nmc-1)/nmc + mr - 1) / mr * mr

	for p0 := 0; p0 < g.k; p0 += kc {
		kb := min(kc, g.k-p0)
		ld := packedStride(kb)
		beta, flags := g.blockBeta(p0)
		for i0 := m0; i0 < m1; i0 += mc {
			i1 := min(i0+mc, m1)
			// A's block, packed: rows i0..i1-1 contiguous along k, zero rows up to a whole tile.
			padded := (i1 - i0 + mr - 1) / mr * mr
			ws.a = grow(ws.a, padded*ld)
			if g.aTrans {
				packTransposed(ws.a, ld, g.a, g.lda, p0, kb, i0, i1-i0)
			} else {
				for r := i0; r < i1; r++ {
					copy(ws.a[(r-i0)*ld:(r-i0)*ld+kb], g.a[r*g.lda+p0:])
				}
			}
			clear(ws.a[(i1-i0)*ld:])
			for j0 := n0; j0 < n1; j0 += nr {
				jn := min(nr, n1-j0)
				// The Bᵀ sliver: nr rows contiguous along k. A Trans B is read in place (copying
				// slivers whose rows alias in L1, as 512-float rows do, measured slower on Zen 5
				// and on a Xeon alike); edges are copied and zero-padded, a NoTrans B transposed.
				var bb []float32
				bld := ld
				switch {
				case g.bTrans && jn == nr:
					bb = g.b[j0*g.ldb+p0:]
					bld = g.ldb
				case g.bTrans:
					ws.b = grow(ws.b, nr*ld)
					for r := 0; r < jn; r++ {
						copy(ws.b[r*ld:r*ld+kb], g.b[(j0+r)*g.ldb+p0:])
					}
					clear(ws.b[jn*ld:])
					bb = ws.b
				default:
					ws.b = grow(ws.b, nr*ld)
					packTransposed(ws.b, ld, g.b, g.ldb, p0, kb, j0, jn)
					clear(ws.b[jn*ld:])
					bb = ws.b
				}
				for ii := i0; ii < i1; ii += mr {
					aa := ws.a[(ii-i0)*ld:]
					im := min(mr, i1-ii)
					if im == mr && jn == nr {
						kern.tile(kb, aa, ld, bb, bld, g.c[ii*g.ldc+j0:], g.ldc, g.alpha, beta, flags)
						continue
					}
					kern.tile(kb, aa, ld, bb, bld, ws.tmp, nr, 1, 0, betaZero)
					g.addTile(ws.tmp, nr, ii, j0, im, jn, beta, flags)
				}
			}
		}
	}
}

// packedStride is the row stride of packed operands holding kb values per row: kb rounded up
// to a whole 64-byte line, plus one line, and never a multiple of 1 KiB.
func packedStride(kb int) int {
	ld := (kb+15)&^15 + 16
	if aliasing(ld) {
		ld += 16
	}
	return ld
}

// aliasing reports whether rows ld floats apart fall into few L1 sets: strides that are
// multiples of 1 KiB. Reading several such rows at once measured up to 25% slower on Zen 5.
func aliasing(ld int) bool { return ld*4%1024 == 0 }

// packTransposed writes the rows r0..r0+nr-1 of srcᵀ, restricted to columns p0..p0+kb-1, as nr
// k-contiguous rows of dst with stride ld: dst[r*ld+p] = src[(p0+p)*lds + r0 + r].
func packTransposed(dst []float32, ld int, src []float32, lds, p0, kb, r0, nr int) {
	const rb = 16 // rows of dst written together, so their cache lines stay in L1
	for rs := 0; rs < nr; rs += rb {
		re := min(rs+rb, nr)
		for p := 0; p < kb; p++ {
			s := src[(p0+p)*lds+r0+rs : (p0+p)*lds+r0+re]
			d := dst[rs*ld+p:]
			for r, v := range s {
				d[r*ld] = v
			}
		}
	}
}

// splitK returns the depth of one K block: k itself when it is at most kmax, else k split into
// the fewest equal blocks of at most about kmax, rounded up to a multiple of 16.
func splitK(k, kmax int) int {
	if k <= kmax {
		return k
	}
	nb := (k + kmax - 1) / kmax
	return ((k+nb-1)/nb + 15) &^ 15
}

// blockBeta is the beta (and kernel flags) for the K block starting at p0: the caller's beta
// for the first block, 1 for the rest, which add onto the first block's result.
func (g *gemm) blockBeta(p0 int) (float32, int) {
	if p0 > 0 {
		return 1, 0
	}
	if g.beta == 0 {
		return 0, betaZero
	}
	return g.beta, 0
}
