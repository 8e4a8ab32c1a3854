//go:build unix && !linux

package cputime

import "time"

// thread is 0: getrusage has no per-thread form here.
func thread() time.Duration { return 0 }
