//go:build !linux

package cpupeak

import "time"

// threadCPU is 0 where there is no per-thread CPU clock: Measure uses the wall clock.
func threadCPU() time.Duration { return 0 }
