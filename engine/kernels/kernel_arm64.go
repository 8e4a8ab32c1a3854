//go:build arm64 && !noasm

package kernels

import "golang.org/x/sys/cpu"

// kernNEON is the arm64 kernel set: the NEON panel kernels for Packed matrices, the 12-row
// float32 one doubling as Sgemm's outer-product kernel (its packed B panels have the same
// layout), and the portable dot kernel for calls with few rows.
var kernNEON = &microKernel{name: "neon", mr: 4, nr: 4, tile: tileGeneric,
	outer: &outerKernel{mr: 12, nr: panelWidth, tile: outerNEON, packT: packT32Go}, panel: panelNEON,
	int8: int8If(cpu.ARM64.HasASIMDDP, int8SDOT)}

// kernelsForCPU lists the micro-kernels this CPU can run, best first. ASIMD (NEON) is part of
// every ARMv8-A CPU that runs Go, but a kernel built without it must not be chosen blind.
func kernelsForCPU() []*microKernel {
	if cpu.ARM64.HasASIMD {
		return []*microKernel{kernNEON, kernGeneric}
	}
	return []*microKernel{kernGeneric}
}

// outerNEON checks the operand bounds, then runs the 12-row NEON panel kernel.
func outerNEON(k int, a []float32, lda int, b []float32, c []float32, ldc int, alpha, beta float32, flags int) {
	_ = a[11*lda+k-1]
	_ = b[32*k-1]
	_ = c[11*ldc+31]
	panelF32NEON(12, k, &a[0], lda, &b[0], &c[0], ldc, alpha, beta, flags)
}

// int8KernelsForCPU lists every SIMD int8 kernel this CPU runs, for tests against int8Go.
func int8KernelsForCPU() []*int8Kernel {
	if cpu.ARM64.HasASIMD && cpu.ARM64.HasASIMDDP {
		return []*int8Kernel{int8SDOT}
	}
	return nil
}

// int8If is ik when ok, else nil (int8 products run the portable kernel).
func int8If(ok bool, ik *int8Kernel) *int8Kernel {
	if ok {
		return ik
	}
	return nil
}

// int8SDOT is the arm64 int8 kernel (FEAT_DotProd, SDOT by element): 4-row tiles made of two
// 16-column halves, signed codes.
var int8SDOT = &int8Kernel{name: "sdot", rows: 4, tile: int8TileSDOT}

func int8TileSDOT(groups int, a []int8, lda int, sa []float32, bias []int32, lds int, b []byte, ws []float32, t []float32) {
	checkInt8Tile(4, groups, a, lda, sa, bias, lds, b, ws, t)
	int8R4SDOT(groups, &a[0], lda, &sa[0], lds, &b[0], &ws[0], &t[0])
	int8R4SDOT(groups, &a[0], lda, &sa[0], lds, &b[64], &ws[16], &t[16])
}

// int8R4SDOT sets t[r*32+j] (r < 4, j < 16) to the int8 product of 4 rows of X's codes a
// (stride lda bytes) with scales sa (stride lds) and the 16 columns of an int8 panel whose
// codes start at b and scales at ws (k/4 steps of 128 bytes; 32 scales per group), over
// groups groups of 64. Requires ASIMD and ASIMDDP. Equivalent Go: int8TileGo on 16 columns.
//
//go:noescape
func int8R4SDOT(groups int, a *int8, lda int, sa *float32, lds int, b *byte, ws *float32, t *float32)
