//go:build unix

package kernels

import (
	"syscall"
	"time"
)

// processCPU is the CPU time this process has used, all threads together. Benchmarks divide
// work by it as well as by wall time: on a shared machine the wall time swings with other
// load, the per-core efficiency much less.
func processCPU() time.Duration {
	var r syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &r) != nil {
		return 0
	}
	return time.Duration(r.Utime.Nano() + r.Stime.Nano())
}
