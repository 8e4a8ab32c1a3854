//go:build amd64 && !noasm

package kernels

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
