//go:build amd64 && !noasm

package kernels

import "unsafe"

// panelAVX512 runs the AVX-512 panel kernels (panel_avx512_amd64.s).
var panelAVX512 = &panelKernel{
	name:  "avx512",
	f32:   [3]panelF32Func{panelF32x4, panelF32x8, panelF32x12},
	f16:   [3]panelF16Func{panelF16x4, panelF16x8, panelF16x12},
	packT: packT32AVX512,
}

// The panel kernels: C (R×32, stride ldc) = alpha·A·Wᵀ (+ beta·C unless flags&betaZero) for R
// rows of A (stride lda) and one 32-column panel b of a packed W (k steps of 32 values). They
// read exactly R rows of A, k·32 panel values and write R×32 values of C. k ≥ 1; lda, ldc in
// elements. Require AVX512F. Equivalent Go: panelTileGo.

//go:noescape
func panelF32x12(k int, a *float32, lda int, b *float32, c *float32, ldc int, alpha, beta float32, flags int)

//go:noescape
func panelF32x8(k int, a *float32, lda int, b *float32, c *float32, ldc int, alpha, beta float32, flags int)

//go:noescape
func panelF32x4(k int, a *float32, lda int, b *float32, c *float32, ldc int, alpha, beta float32, flags int)

//go:noescape
func panelF16x12(k int, a *float32, lda int, b *uint16, c *float32, ldc int, alpha, beta float32, flags int)

//go:noescape
func panelF16x8(k int, a *float32, lda int, b *uint16, c *float32, ldc int, alpha, beta float32, flags int)

//go:noescape
func panelF16x4(k int, a *float32, lda int, b *uint16, c *float32, ldc int, alpha, beta float32, flags int)

// panelAVX2 runs the AVX2+F16C panel kernels (panel_avx2_amd64.s): 16 ymm registers hold a
// 6×16 tile at most, so each tile is made of 6- and 4-row kernels on the two 16-column
// halves of the panel.
var panelAVX2 = &panelKernel{
	name: "avx2",
	f32: [3]panelF32Func{
		avx2Tile(4, panelF32R6AVX2, panelF32R4AVX2),
		avx2Tile(8, panelF32R6AVX2, panelF32R4AVX2),
		avx2Tile(12, panelF32R6AVX2, panelF32R4AVX2),
	},
	f16: [3]panelF16Func{
		avx2Tile(4, panelF16R6AVX2, panelF16R4AVX2),
		avx2Tile(8, panelF16R6AVX2, panelF16R4AVX2),
		avx2Tile(12, panelF16R6AVX2, panelF16R4AVX2),
	},
	packT: packT32Go,
}

// avx2Tile makes the rows-row panel kernel (rows 4, 8 or 12) from the 6- and 4-row AVX2
// kernels of one half panel: for each half, rows 0-5 and 6-11 (12) or 0-3 and 4-7 (8) or
// 0-3 (4).
func avx2Tile[T float32 | uint16](rows int, r6, r4 func(k int, a *float32, lda int, b *T, c *float32, ldc int, alpha, beta float32, flags int)) func(k int, a *float32, lda int, b *T, c *float32, ldc int, alpha, beta float32, flags int) {
	kern, step := r4, 4
	if rows == 12 {
		kern, step = r6, 6
	}
	return func(k int, a *float32, lda int, b *T, c *float32, ldc int, alpha, beta float32, flags int) {
		for half := range 2 {
			bh := (*T)(unsafe.Add(unsafe.Pointer(b), half*16*int(unsafe.Sizeof(*b))))
			ch := (*float32)(unsafe.Add(unsafe.Pointer(c), half*16*4))
			for r := 0; r < rows; r += step {
				kern(k, (*float32)(unsafe.Add(unsafe.Pointer(a), r*lda*4)), lda, bh,
					(*float32)(unsafe.Add(unsafe.Pointer(ch), r*ldc*4)), ldc, alpha, beta, flags)
			}
		}
	}
}

// The AVX2 half-panel kernels: C (R×16, stride ldc) = alpha·A·Wᵀ (+ beta·C unless
// flags&betaZero) for R rows of A (stride lda) and the 16 columns of a 32-column panel that
// start at b (k steps of 32 values). They read exactly R rows of A, k·16 panel values and
// write R×16 values of C. k ≥ 1; lda, ldc in elements. Require AVX2, FMA and (F16) F16C.

//go:noescape
func panelF32R6AVX2(k int, a *float32, lda int, b *float32, c *float32, ldc int, alpha, beta float32, flags int)

//go:noescape
func panelF32R4AVX2(k int, a *float32, lda int, b *float32, c *float32, ldc int, alpha, beta float32, flags int)

//go:noescape
func panelF16R6AVX2(k int, a *float32, lda int, b *uint16, c *float32, ldc int, alpha, beta float32, flags int)

//go:noescape
func panelF16R4AVX2(k int, a *float32, lda int, b *uint16, c *float32, ldc int, alpha, beta float32, flags int)
