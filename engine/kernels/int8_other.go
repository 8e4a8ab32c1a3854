//go:build !amd64 || noasm

package kernels

// quantizeFast: no assembly quantization in this build (quantizeRowsGo runs).
func quantizeFast(qz *quantized, x []float32, ldx, k, r0, r1 int) bool { return false }

// int8WideKernel: no int16-activation kernel in this build (Int8Wide is false).
func int8WideKernel() *int8Kernel { return nil }

// int8WideKernelsForCPU: none in this build.
func int8WideKernelsForCPU() []*int8Kernel { return nil }
