//go:build !unix

package kernels

import "time"

// processCPU is not measured on this OS; benchmarks then omit the per-CPU-second metric.
func processCPU() time.Duration { return 0 }
