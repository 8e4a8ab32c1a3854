//go:build !noasm

package cpupeak

import "golang.org/x/sys/cpu"

// loops lists the FMA loops this CPU runs, best first.
func loops() []loop {
	if cpu.ARM64.HasASIMD {
		return []loop{{name: "neon", flopsPerIter: 24 * 4 * 2, run: fmaNEON}, goLoop}
	}
	return []loop{goLoop}
}

// fmaNEON runs n iterations of 24 independent FMLA on four-lane vectors. Requires ASIMD.
//
//go:noescape
func fmaNEON(n int) float32
