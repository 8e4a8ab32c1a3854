//go:build unix

package cputime

import (
	"syscall"
	"time"
)

func process() time.Duration { return rusage(syscall.RUSAGE_SELF) }

// rusage is the user + system time getrusage reports for who, 0 if it fails.
func rusage(who int) time.Duration {
	var r syscall.Rusage
	if syscall.Getrusage(who, &r) != nil {
		return 0
	}
	return time.Duration(r.Utime.Nano() + r.Stime.Nano())
}
