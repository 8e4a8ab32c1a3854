//go:build (!amd64 && !arm64) || noasm

package kernels

// kernelsForCPU lists the micro-kernels this build can run, best first.
func kernelsForCPU() []*microKernel { return []*microKernel{kernGeneric} }

// quantizeFast: no assembly quantization in this build.
func quantizeFast(qz *quantized, x []float32, ldx, k, r0, r1 int) bool { return false }
