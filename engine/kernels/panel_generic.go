package kernels

import "math"

// panelWidth is the number of columns of W (rows of Wᵀ) in one panel of a packed matrix.
const panelWidth = 32

// Panel kernel function types: see panel_amd64.go for the contract.
type (
	panelF32Func func(k int, a *float32, lda int, b *float32, c *float32, ldc int, alpha, beta float32, flags int)
	panelF16Func func(k int, a *float32, lda int, b *uint16, c *float32, ldc int, alpha, beta float32, flags int)
)

// panelKernel is a set of micro-kernels for packed matrices: for 4, 8 and 12 rows of A
// (index rows/4−1), on float32 and on float16 panels, and the packer that transposes 32 rows
// of a float32 matrix into a panel.
type panelKernel struct {
	name string
	f32  [3]panelF32Func
	f16  [3]panelF16Func
	// packT writes 32 rows of src (stride ld), kb values each, as the panel dst[p*32+j].
	packT func(dst []float32, src []float32, ld, kb int)
}

// panelGo is the pure-Go panel kernel set: the specification of the SIMD ones (tests run
// both), never chosen for speed.
var panelGo = &panelKernel{
	name: "go",
	f32: [3]panelF32Func{
		func(k int, a *float32, lda int, b *float32, c *float32, ldc int, alpha, beta float32, flags int) {
			panelTileGo(4, k, a, lda, b, nil, c, ldc, alpha, beta, flags)
		},
		func(k int, a *float32, lda int, b *float32, c *float32, ldc int, alpha, beta float32, flags int) {
			panelTileGo(8, k, a, lda, b, nil, c, ldc, alpha, beta, flags)
		},
		func(k int, a *float32, lda int, b *float32, c *float32, ldc int, alpha, beta float32, flags int) {
			panelTileGo(12, k, a, lda, b, nil, c, ldc, alpha, beta, flags)
		},
	},
	f16: [3]panelF16Func{
		func(k int, a *float32, lda int, b *uint16, c *float32, ldc int, alpha, beta float32, flags int) {
			panelTileGo(4, k, a, lda, nil, b, c, ldc, alpha, beta, flags)
		},
		func(k int, a *float32, lda int, b *uint16, c *float32, ldc int, alpha, beta float32, flags int) {
			panelTileGo(8, k, a, lda, nil, b, c, ldc, alpha, beta, flags)
		},
		func(k int, a *float32, lda int, b *uint16, c *float32, ldc int, alpha, beta float32, flags int) {
			panelTileGo(12, k, a, lda, nil, b, c, ldc, alpha, beta, flags)
		},
	},
	packT: packT32Go,
}

// panelTileGo is what every panel kernel computes, for rows rows of A and a float32 panel b
// or (b nil) a float16 panel h:
//
//	C[i*ldc+j] = alpha·Σ_p A[i*lda+p]·W(p, j) (+ beta·C[i*ldc+j] unless flags&betaZero)
//
// for i < rows, j < 32, p < k, where W(p, j) is b[p*32+j] or the float16 h[p*32+j]. The
// sums run in order of p, in float32, as the SIMD kernels' FMAs do (up to rounding of the
// products, which FMAs skip).
func panelTileGo(rows, k int, a *float32, lda int, b *float32, h *uint16, c *float32, ldc int, alpha, beta float32, flags int) {
	as := unsafeSlice(a, (rows-1)*lda+k)
	cs := unsafeSlice(c, (rows-1)*ldc+panelWidth)
	var w []float32
	if b != nil {
		w = unsafeSlice(b, k*panelWidth)
	} else {
		hs := unsafeSlice(h, k*panelWidth)
		w = make([]float32, len(hs))
		for i, v := range hs {
			w[i] = HalfToFloat(v)
		}
	}
	for i := range rows {
		var acc [panelWidth]float32
		for p, x := range as[i*lda : i*lda+k] {
			for j, y := range w[p*panelWidth : (p+1)*panelWidth] {
				acc[j] += x * y
			}
		}
		row := cs[i*ldc : i*ldc+panelWidth]
		for j, s := range acc {
			if flags&betaZero != 0 {
				row[j] = alpha * s
			} else {
				row[j] = alpha*s + beta*row[j]
			}
		}
	}
}

// packT32Go is the pure-Go panel packer: dst[p*32+j] = src[j*ld+p] for j < 32, p < kb.
func packT32Go(dst []float32, src []float32, ld, kb int) {
	_ = dst[32*kb-1]
	for j := range panelWidth {
		for p, v := range src[j*ld : j*ld+kb] {
			dst[p*panelWidth+j] = v
		}
	}
}

// HalfToFloat converts an IEEE 754 half-precision value to float32 exactly (what VCVTPH2PS
// does).
func HalfToFloat(h uint16) float32 {
	sign := uint32(h>>15) << 31
	exp := uint32(h>>10) & 0x1f
	mant := uint32(h) & 0x3ff
	switch {
	case exp == 0x1f: // Inf or NaN
		return math.Float32frombits(sign | 0x7f800000 | mant<<13)
	case exp != 0: // normal
		return math.Float32frombits(sign | (exp+112)<<23 | mant<<13)
	default: // zero or subnormal: mant · 2^-24, exact in float32
		return math.Float32frombits(sign | math.Float32bits(float32(mant)*(1.0/(1<<24))))
	}
}
