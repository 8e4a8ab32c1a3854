package engine

import (
	"math"
	"testing"
)

func BenchmarkExpf(b *testing.B) {
	xs := make([]float32, 4096)
	for i := range xs {
		xs[i] = -float32(i%200) * 0.07
	}
	var s float32
	for b.Loop() {
		for _, x := range xs {
			s += expf(x)
		}
	}
	_ = s
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(xs)), "ns/exp")
}

func BenchmarkMathExp(b *testing.B) {
	xs := make([]float32, 4096)
	for i := range xs {
		xs[i] = -float32(i%200) * 0.07
	}
	var s float32
	for b.Loop() {
		for _, x := range xs {
			s += float32(math.Exp(float64(x)))
		}
	}
	_ = s
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(xs)), "ns/exp")
}
