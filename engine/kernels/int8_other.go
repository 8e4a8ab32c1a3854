//go:build !amd64 || noasm

package kernels

// quantizeFast: no assembly quantization in this build (quantizeRowsGo runs).
func quantizeFast(qz *quantized, x []float32, ldx, k, r0, r1 int) bool { return false }
