//go:build amd64 && !noasm

package kernels

// sgemmTile6x4AVX512 computes one 6×4 tile of C from six rows of A and four rows of Bᵀ,
// all contiguous along k, with 24 zmm accumulators (16 lanes of k each), a masked tail for
// k%16, and a horizontal reduction into one xmm per row. k ≥ 1; lda, ldb, ldc in elements.
// Requires AVX512F. Equivalent Go:
//
//	for i := 0; i < 6; i++ {
//		for j := 0; j < 4; j++ {
//			var s float32
//			for p := 0; p < k; p++ {
//				s += a[i*lda+p] * b[j*ldb+p]
//			}
//			if flags&betaZero != 0 {
//				c[i*ldc+j] = alpha * s
//			} else {
//				c[i*ldc+j] = alpha*s + beta*c[i*ldc+j]
//			}
//		}
//	}
//
//go:noescape
func sgemmTile6x4AVX512(k int, a *float32, lda int, b *float32, ldb int, c *float32, ldc int, alpha, beta float32, flags int)

// sgemmTile3x4AVX2 is sgemmTile6x4AVX512 for a 3×4 tile on AVX2+FMA: 12 ymm accumulators
// (8 lanes of k each), a masked tail for k%8. Equivalent Go:
//
//	for i := 0; i < 3; i++ {
//		for j := 0; j < 4; j++ {
//			var s float32
//			for p := 0; p < k; p++ {
//				s += a[i*lda+p] * b[j*ldb+p]
//			}
//			if flags&betaZero != 0 {
//				c[i*ldc+j] = alpha * s
//			} else {
//				c[i*ldc+j] = alpha*s + beta*c[i*ldc+j]
//			}
//		}
//	}
//
//go:noescape
func sgemmTile3x4AVX2(k int, a *float32, lda int, b *float32, ldb int, c *float32, ldc int, alpha, beta float32, flags int)
