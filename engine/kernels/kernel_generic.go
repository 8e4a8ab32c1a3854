package kernels

// kernGeneric is the portable micro-kernel: plain Go, 4×4 dot products with sixteen scalar
// accumulators. It is always built; it is the fast path on non-amd64 or noasm builds and the
// reference the SIMD kernels are tested against.
var kernGeneric = &microKernel{name: "generic", mr: 4, nr: 4, tile: tileGeneric}

func tileGeneric(k int, a []float32, lda int, b []float32, ldb int, c []float32, ldc int, alpha, beta float32, flags int) {
	a0, a1, a2, a3 := a[:k], a[lda:lda+k], a[2*lda:2*lda+k], a[3*lda:3*lda+k]
	b0, b1, b2, b3 := b[:k], b[ldb:ldb+k], b[2*ldb:2*ldb+k], b[3*ldb:3*ldb+k]
	var s00, s01, s02, s03, s10, s11, s12, s13 float32
	var s20, s21, s22, s23, s30, s31, s32, s33 float32
	for p := range a0 {
		x0, x1, x2, x3 := a0[p], a1[p], a2[p], a3[p]
		y0, y1, y2, y3 := b0[p], b1[p], b2[p], b3[p]
		s00 += x0 * y0
		s01 += x0 * y1
		s02 += x0 * y2
		s03 += x0 * y3
		s10 += x1 * y0
		s11 += x1 * y1
		s12 += x1 * y2
		s13 += x1 * y3
		s20 += x2 * y0
		s21 += x2 * y1
		s22 += x2 * y2
		s23 += x2 * y3
		s30 += x3 * y0
		s31 += x3 * y1
		s32 += x3 * y2
		s33 += x3 * y3
	}
	storeRow4(c[:4], s00, s01, s02, s03, alpha, beta, flags)
	storeRow4(c[ldc:ldc+4], s10, s11, s12, s13, alpha, beta, flags)
	storeRow4(c[2*ldc:2*ldc+4], s20, s21, s22, s23, alpha, beta, flags)
	storeRow4(c[3*ldc:3*ldc+4], s30, s31, s32, s33, alpha, beta, flags)
}

func storeRow4(c []float32, s0, s1, s2, s3, alpha, beta float32, flags int) {
	c = c[:4]
	if flags&betaZero != 0 {
		c[0], c[1], c[2], c[3] = alpha*s0, alpha*s1, alpha*s2, alpha*s3
		return
	}
	c[0] = alpha*s0 + beta*c[0]
	c[1] = alpha*s1 + beta*c[1]
	c[2] = alpha*s2 + beta*c[2]
	c[3] = alpha*s3 + beta*c[3]
}
