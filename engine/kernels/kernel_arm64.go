//go:build arm64 && !noasm

package kernels

import "golang.org/x/sys/cpu"

// kernNEON is the arm64 kernel set: the NEON panel kernels for Packed matrices, the 12-row
// float32 one doubling as Sgemm's outer-product kernel (its packed B panels have the same
// layout), and the portable dot kernel for calls with few rows.
var kernNEON = &microKernel{name: "neon", mr: 4, nr: 4, tile: tileGeneric,
	outer: &outerKernel{mr: 12, nr: panelWidth, tile: outerNEON, packT: packT32Go}, panel: panelNEON}

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

// int8KernelsForCPU lists every SIMD int8 kernel this CPU runs, for tests against int8Go:
// none in this build.
func int8KernelsForCPU() []*int8Kernel { return nil }
