package cputime

import (
	"runtime"
	"testing"
)

func TestProcessAdvancesWithWork(t *testing.T) {
	if runtime.GOOS == "windows" || runtime.GOOS == "plan9" || runtime.GOOS == "js" {
		t.Skip("not measured on this OS")
	}
	before := Process()
	x := 0.0
	for i := range 50_000_000 {
		x += float64(i & 7)
	}
	if x == 0 {
		t.Fatal("loop optimised away")
	}
	if after := Process(); after <= before {
		t.Errorf("CPU time did not advance over a busy loop: %v → %v", before, after)
	}
}

func TestThreadAdvancesWithWork(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("no per-thread CPU time on this OS")
	}
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	before := Thread()
	x := 0.0
	for i := range 50_000_000 {
		x += float64(i & 7)
	}
	if x == 0 {
		t.Fatal("loop optimised away")
	}
	if after := Thread(); after <= before {
		t.Errorf("thread CPU time did not advance over a busy loop: %v → %v", before, after)
	}
}
