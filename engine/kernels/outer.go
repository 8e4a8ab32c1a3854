package kernels

// The outer-product path, for calls with enough rows of C to repay packing B. Each
// micro-kernel call is kb rank-1 updates of an mr×nr tile: nr values of a packed B panel (one
// vector load per 16) times a broadcast A value. Only two full-width loads feed 24 FMAs, so
// these kernels run near the FMA peak where the dot kernels are bound by loads. B (both
// transposes) is packed once per k block into panels of kb rows of nr values, A's block is
// copied into rows at a non-aliasing stride as in the dot path. Loops, outermost first:
//
//	p0: k in blocks of at most kcOuter
//	j0: nc columns of C: their B panels (kb×nc floats) stay in L2
//	ii: mr rows of A: kept in L1 while every panel of the block passes
//	jj: one nr-wide panel → one micro-kernel call
const (
	// kcOuter is the k block: a 12-row A sliver is 24 KiB (L1), a 32-wide panel 64 KiB.
	kcOuter = 512
	// ncOuter is the number of columns per packed B block: 512 KiB at kcOuter, inside L2.
	// (Swept on Zen 5 over 256/512 for both: this pair was best or tied on every shape.)
	ncOuter = 256
	// outerMinRows is the least number of rows of C for the outer path; below it the dot path,
	// which reads B in place, wins because packing B is not repaid.
	outerMinRows = 48
)

// outerKernel is an outer-product micro-kernel and the packer for its B panels.
type outerKernel struct {
	mr, nr int
	// tile sets C's mr×nr tile to alpha*Σ_p a[i*lda+p]*b[p*nr+j] (+ beta*C unless betaZero).
	tile func(k int, a []float32, lda int, b []float32, c []float32, ldc int, alpha, beta float32, flags int)
	// packT writes nr rows of src (stride ld), kb values each, as the panel dst[p*nr+j];
	// only full panels (nr rows) come here.
	packT func(dst []float32, src []float32, ld, kb int)
}

// runOuter computes the C block rows [m0,m1) × columns [n0,n1) on the outer-product path.
func (g *gemm) runOuter(m0, m1, n0, n1 int) {
	ws := wsPool.Get().(*workspace)
	defer wsPool.Put(ws)
	ok := g.kern.outer
	mr, nr := ok.mr, ok.nr
	ws.tmp = grow(ws.tmp, mr*nr)

	kc := splitK(g.k, kcOuter)
	rows := m1 - m0
	padded := (rows + mr - 1) / mr * mr
	for p0 := 0; p0 < g.k; p0 += kc {
		kb := min(kc, g.k-p0)
		ld := packedStride(kb)
		beta, flags := g.blockBeta(p0)
		ws.a = grow(ws.a, padded*ld)
		if g.aTrans {
			packTransposed(ws.a, ld, g.a, g.lda, p0, kb, m0, rows)
		} else {
			for r := m0; r < m1; r++ {
				copy(ws.a[(r-m0)*ld:(r-m0)*ld+kb], g.a[r*g.lda+p0:])
			}
		}
		clear(ws.a[rows*ld:])

		for j0 := n0; j0 < n1; j0 += ncOuter {
			j1 := min(j0+ncOuter, n1)
			panels := (j1 - j0 + nr - 1) / nr
			ws.b = grow(ws.b, panels*kb*nr)
			for q := 0; q < panels; q++ {
				g.packPanel(ws.b[q*kb*nr:(q+1)*kb*nr], ok, p0, kb, j0+q*nr, min(nr, j1-j0-q*nr))
			}
			for ii := m0; ii < m1; ii += mr {
				aa := ws.a[(ii-m0)*ld:]
				im := min(mr, m1-ii)
				for q := 0; q < panels; q++ {
					jj := j0 + q*nr
					jn := min(nr, j1-jj)
					panel := ws.b[q*kb*nr : (q+1)*kb*nr]
					if im == mr && jn == nr {
						ok.tile(kb, aa, ld, panel, g.c[ii*g.ldc+jj:], g.ldc, g.alpha, beta, flags)
						continue
					}
					ok.tile(kb, aa, ld, panel, ws.tmp, nr, 1, 0, betaZero)
					g.addTile(ws.tmp, nr, ii, jj, im, jn, beta, flags)
				}
			}
		}
	}
}

// packPanel writes columns j0..j0+jn-1 of op(B), k rows p0..p0+kb-1, as the panel
// dst[p*nr+j], zero-padded to nr columns.
func (g *gemm) packPanel(dst []float32, ok *outerKernel, p0, kb, j0, jn int) {
	nr := ok.nr
	if !g.bTrans {
		// B is k×n row-major: each panel row is a piece of one row of B.
		for p := 0; p < kb; p++ {
			row := dst[p*nr : (p+1)*nr]
			copy(row, g.b[(p0+p)*g.ldb+j0:][:jn])
			clear(row[jn:])
		}
		return
	}
	if jn == nr {
		ok.packT(dst, g.b[j0*g.ldb+p0:], g.ldb, kb)
		return
	}
	clear(dst)
	for j := 0; j < jn; j++ {
		src := g.b[(j0+j)*g.ldb+p0:][:kb]
		for p, v := range src {
			dst[p*nr+j] = v
		}
	}
}

// addTile sets C's im×jn block at (i0, j0) to alpha*tmp (+ beta*C unless betaZero).
func (g *gemm) addTile(tmp []float32, ldt, i0, j0, im, jn int, beta float32, flags int) {
	for i := 0; i < im; i++ {
		crow := g.c[(i0+i)*g.ldc+j0:][:jn]
		trow := tmp[i*ldt:][:jn]
		if flags&betaZero != 0 {
			for j, t := range trow {
				crow[j] = g.alpha * t
			}
		} else {
			for j, t := range trow {
				crow[j] = g.alpha*t + beta*crow[j]
			}
		}
	}
}
