// Package cputime reads the CPU time this process has used, for benchmarks that report work per
// CPU-second beside wall time: on a shared machine the wall time swings with other load, the
// CPU time much less.
package cputime

import "time"

// Process is the CPU time this process has used so far, all threads together (user + system),
// or 0 where the OS does not say.
func Process() time.Duration { return process() }
