//go:build !unix

package engine

import "time"

// processCPU is unknown on this system: benchmarks report wall time only.
func processCPU() time.Duration { return 0 }
