//go:build !noasm

package cpupeak

import "golang.org/x/sys/cpu"

// loops lists the FMA loops this CPU runs, best first.
func loops() []loop {
	var ls []loop
	if cpu.X86.HasAVX512F {
		ls = append(ls, loop{name: "avx512", flopsPerIter: 24 * 16 * 2, run: fmaAVX512})
	}
	if cpu.X86.HasAVX2 && cpu.X86.HasFMA {
		ls = append(ls, loop{name: "avx2-fma", flopsPerIter: 12 * 8 * 2, run: fmaAVX2})
	}
	return append(ls, goLoop)
}

// fmaAVX512 runs n iterations of 24 independent VFMADD231PS on zmm registers (16 lanes).
// Requires AVX512F.
//
//go:noescape
func fmaAVX512(n int) float32

// fmaAVX2 runs n iterations of 12 independent VFMADD231PS on ymm registers (8 lanes).
// Requires AVX2 and FMA.
//
//go:noescape
func fmaAVX2(n int) float32
