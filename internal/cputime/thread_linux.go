package cputime

import (
	"syscall"
	"time"
)

func thread() time.Duration { return rusage(syscall.RUSAGE_THREAD) }
