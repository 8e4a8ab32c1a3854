//go:build arm64 && !noasm

package kernels

// panelNEON runs the NEON panel kernels (panel_arm64.s); packing stays in Go.
var panelNEON = &panelKernel{
	name:  "neon",
	f32:   [3]panelF32Func{neonF32(4), neonF32(8), neonF32(12)},
	f16:   [3]panelF16Func{neonF16(4), neonF16(8), neonF16(12)},
	packT: packT32Go,
}

func neonF32(rows int) panelF32Func {
	return func(k int, a *float32, lda int, b *float32, c *float32, ldc int, alpha, beta float32, flags int) {
		panelF32NEON(rows, k, a, lda, b, c, ldc, alpha, beta, flags)
	}
}

func neonF16(rows int) panelF16Func {
	return func(k int, a *float32, lda int, b *uint16, c *float32, ldc int, alpha, beta float32, flags int) {
		panelF16NEON(rows, k, a, lda, b, c, ldc, alpha, beta, flags)
	}
}

// panelF32NEON and panelF16NEON are the panel kernels of panel_amd64.go for rows (4, 8 or 12)
// rows of A, on a float32 or a float16 panel (widened by FCVTL as it is read): C (rows×32,
// stride ldc) = alpha·A·Wᵀ (+ beta·C unless flags&betaZero). They read exactly rows rows of
// A, k·32 panel values, and write rows×32 values of C. k ≥ 1; lda, ldc in elements. Require
// ASIMD. Equivalent Go: panelTileGo.
//
//go:noescape
func panelF32NEON(rows, k int, a *float32, lda int, b *float32, c *float32, ldc int, alpha, beta float32, flags int)

//go:noescape
func panelF16NEON(rows, k int, a *float32, lda int, b *uint16, c *float32, ldc int, alpha, beta float32, flags int)
