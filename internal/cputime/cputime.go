// Package cputime reads the CPU time this process has used, for benchmarks that report work per
// CPU-second beside wall time: on a shared machine the wall time swings with other load, the
// CPU time much less.
package cputime

import "time"

// Process is the CPU time this process has used so far, all threads together (user + system),
// or 0 where the OS does not say.
func Process() time.Duration { return process() }

// Thread is the CPU time the calling OS thread has used so far (user + system), or 0 where the
// OS does not say (it does on Linux). Lock the goroutine to its thread to use it.
func Thread() time.Duration { return thread() }
