//go:build unix

package engine

import (
	"syscall"
	"time"
)

// processCPU is the CPU time this process has used, all threads together: benchmarks report it
// per operation beside the wall time, which swings with the load of a shared machine.
func processCPU() time.Duration {
	var r syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &r) != nil {
		return 0
	}
	return time.Duration(r.Utime.Nano() + r.Stime.Nano())
}
