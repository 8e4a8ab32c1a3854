//go:build amd64 && !noasm

package kernels

import "golang.org/x/sys/cpu"

var (
	kernAVX512 = &microKernel{name: "avx512", mr: 6, nr: 4, tile: tileAVX512,
		outer: &outerKernel{mr: 12, nr: 32, tile: outerAVX512, packT: packT32AVX512}, panel: panelAVX512}
	kernAVX2 = &microKernel{name: "avx2", mr: 3, nr: 4, tile: tileAVX2,
		outer: &outerKernel{mr: 6, nr: 16, tile: outerAVX2, packT: packT16AVX2}, panel: panelIf(hasF16C, panelAVX2)}
)

// hasF16C reports VCVTPH2PS (CPUID leaf 1, ECX bit 29; golang.org/x/sys/cpu does not name
// it). The AVX2 panel kernels widen float16 with it; every AVX2 CPU made has it, but without
// it the AVX2 kernel keeps Packed matrices in the plain layout.
var hasF16C = func() bool {
	_, _, c, _ := cpuid(1, 0)
	return cpu.X86.HasAVX && c&(1<<29) != 0
}()

// panelIf is pk when ok, else nil (no panel kernels: Packed goes through Sgemm).
func panelIf(ok bool, pk *panelKernel) *panelKernel {
	if ok {
		return pk
	}
	return nil
}

// cpuid runs the CPUID instruction for leaf and subleaf sub.
//
//go:noescape
func cpuid(leaf, sub uint32) (a, b, c, d uint32)

// kernelsForCPU lists the micro-kernels this CPU (and OS) can run, best first.
func kernelsForCPU() []*microKernel {
	var ks []*microKernel
	if cpu.X86.HasAVX512F && cpu.X86.HasAVX2 && cpu.X86.HasFMA {
		ks = append(ks, kernAVX512)
	}
	if cpu.X86.HasAVX2 && cpu.X86.HasFMA {
		ks = append(ks, kernAVX2)
	}
	return append(ks, kernGeneric)
}

// tileAVX512 checks the operand bounds, then runs the 6×4 AVX-512 assembly kernel.
func tileAVX512(k int, a []float32, lda int, b []float32, ldb int, c []float32, ldc int, alpha, beta float32, flags int) {
	_ = a[5*lda+k-1]
	_ = b[3*ldb+k-1]
	_ = c[5*ldc+3]
	sgemmTile6x4AVX512(k, &a[0], lda, &b[0], ldb, &c[0], ldc, alpha, beta, flags)
}

// tileAVX2 checks the operand bounds, then runs the 3×4 AVX2+FMA assembly kernel.
func tileAVX2(k int, a []float32, lda int, b []float32, ldb int, c []float32, ldc int, alpha, beta float32, flags int) {
	_ = a[2*lda+k-1]
	_ = b[3*ldb+k-1]
	_ = c[2*ldc+3]
	sgemmTile3x4AVX2(k, &a[0], lda, &b[0], ldb, &c[0], ldc, alpha, beta, flags)
}

// outerAVX512 checks the operand bounds, then runs the 12×32 AVX-512 outer-product kernel.
func outerAVX512(k int, a []float32, lda int, b []float32, c []float32, ldc int, alpha, beta float32, flags int) {
	_ = a[11*lda+k-1]
	_ = b[32*k-1]
	_ = c[11*ldc+31]
	sgemmOuter12x32AVX512(k, &a[0], lda, &b[0], &c[0], ldc, alpha, beta, flags)
}

// packT32AVX512 packs 32 rows of src into dst[p*32+j]: whole 16-value blocks of k in
// assembly, the rest in Go.
func packT32AVX512(dst []float32, src []float32, ld, kb int) {
	k16 := kb &^ 15
	_ = dst[32*kb-1]
	_ = src[31*ld+kb-1]
	if k16 > 0 {
		packPanel32AVX512(&dst[0], &src[0], ld, k16)
	}
	for j := 0; j < 32; j++ {
		row := src[j*ld : j*ld+kb]
		for p := k16; p < kb; p++ {
			dst[p*32+j] = row[p]
		}
	}
}

// outerAVX2 checks the operand bounds, then runs the 6×16 AVX2 outer-product kernel.
func outerAVX2(k int, a []float32, lda int, b []float32, c []float32, ldc int, alpha, beta float32, flags int) {
	_ = a[5*lda+k-1]
	_ = b[16*k-1]
	_ = c[5*ldc+15]
	sgemmOuter6x16AVX2(k, &a[0], lda, &b[0], &c[0], ldc, alpha, beta, flags)
}

// packT16AVX2 packs 16 rows of src into dst[p*16+j]: whole 8-value blocks of k in
// assembly, the rest in Go.
func packT16AVX2(dst []float32, src []float32, ld, kb int) {
	k8 := kb &^ 7
	_ = dst[16*kb-1]
	_ = src[15*ld+kb-1]
	if k8 > 0 {
		packPanel16AVX2(&dst[0], &src[0], ld, k8)
	}
	for j := 0; j < 16; j++ {
		row := src[j*ld : j*ld+kb]
		for p := k8; p < kb; p++ {
			dst[p*16+j] = row[p]
		}
	}
}
