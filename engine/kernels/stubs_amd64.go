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

// packPanel32AVX512 transposes 32 rows of src (stride ld, each at least k16 long) into a
// panel of k16 rows of 32, with 16×16 in-register transposes. k16 is a multiple of 16.
// Requires AVX512F. Equivalent Go:
//
//	for p := 0; p < k16; p++ {
//		for j := 0; j < 32; j++ {
//			dst[p*32+j] = src[j*ld+p]
//		}
//	}
//
//go:noescape
func packPanel32AVX512(dst *float32, src *float32, ld int, k16 int)

// sgemmOuter6x16AVX2 computes one 6×16 tile of C as k rank-1 updates on AVX2+FMA: A is 6
// rows at stride lda (contiguous along k), b a packed panel of 16 values per k (b[p*16+j] =
// Bᵀ's row j at p); 12 ymm accumulators. k ≥ 1; lda, ldc in elements. Equivalent Go:
//
//	for i := 0; i < 6; i++ {
//		for j := 0; j < 16; j++ {
//			var s float32
//			for p := 0; p < k; p++ {
//				s += a[i*lda+p] * b[p*16+j]
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
func sgemmOuter6x16AVX2(k int, a *float32, lda int, b *float32, c *float32, ldc int, alpha, beta float32, flags int)

// packPanel16AVX2 transposes 16 rows of src (stride ld, each at least k8 long) into a panel
// of k8 rows of 16, with 8×8 in-register transposes. k8 is a multiple of 8. Requires AVX.
// Equivalent Go:
//
//	for p := 0; p < k8; p++ {
//		for j := 0; j < 16; j++ {
//			dst[p*16+j] = src[j*ld+p]
//		}
//	}
//
//go:noescape
func packPanel16AVX2(dst *float32, src *float32, ld int, k8 int)
