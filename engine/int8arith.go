package engine

import (
	"os"

	"github.com/redraft/redraft/engine/kernels"
)

// Int8 arithmetic: with an int8 file (int8.go), the linear weights can stay int8 and be
// multiplied in int8 (kernels.PackInt8: activations quantized per row and group of 64 at run
// time, exact int32 sums per group) instead of being dequantized to float16 panels.
//
// REDRAFT_INT8=on turns it on, =off off; unset, it is off (int8ByDefault): on this project's
// measurements (kernels' BenchmarkModelMatmuls, the engine's Forward256/Step benchmarks and
// TestInt8ArithmeticAgrees) it is faster on AVX2, but its argmax agrees with the float16
// arithmetic's at fewer than 99% of positions, the bar for making it the default.

// int8ByDefault is whether int8 arithmetic is on when REDRAFT_INT8 is unset (and the CPU has
// SIMD int8 kernels).
const int8ByDefault = false

// int8Arithmetic reads REDRAFT_INT8.
func int8Arithmetic() bool {
	switch os.Getenv("REDRAFT_INT8") {
	case "on":
		return true
	case "off":
		return false
	}
	return int8ByDefault && kernels.Int8Fast()
}

// Int8Arithmetic reports whether the model multiplies its weights in int8.
func (m *Model) Int8Arithmetic() bool { return m.int8 && m.w.tokEmb.Int8() }

// allInt8 reports whether every part of a matrix is int8.
func allInt8(parts []tensorInfo) bool {
	for _, t := range parts {
		if t.dtype != "I8" {
			return false
		}
	}
	return true
}

// int8Parts returns the codes and scales of int8 tensors stacked along their rows (the bytes
// of each back to back; without copying when there is one).
func (st *safetensors) int8Parts(ts []tensorInfo) (codes, scales []byte) {
	if len(ts) == 1 {
		return st.data[ts[0].begin:ts[0].end], st.data[ts[0].scale.begin:ts[0].scale.end]
	}
	for _, t := range ts {
		codes = append(codes, st.data[t.begin:t.end]...)
		scales = append(scales, st.data[t.scale.begin:t.scale.end]...)
	}
	return codes, scales
}
