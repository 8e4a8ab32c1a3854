package cpupeak

import (
	"testing"
	"time"
)

// TestLoopsCount checks that every loop this CPU runs does n iterations: its first
// accumulator ends at n·step.
func TestLoopsCount(t *testing.T) {
	for _, l := range loops() {
		for _, n := range []int{1, 7, 1000} {
			if got, want := l.run(n), float32(n)*step; got != want {
				t.Errorf("%s loop, n=%d: accumulator %v, want %v", l.name, n, got, want)
			}
		}
	}
}

func TestMeasure(t *testing.T) {
	p := Measure(20 * time.Millisecond)
	if !(p.GFLOPSPerCore > 0) || p.Loop != bestLoop().name {
		t.Fatalf("Measure: %+v", p)
	}
}
