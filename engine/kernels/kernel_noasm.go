//go:build (!amd64 && !arm64) || noasm

package kernels

// kernelsForCPU lists the micro-kernels this build can run, best first.
func kernelsForCPU() []*microKernel { return []*microKernel{kernGeneric} }

// int8KernelsForCPU lists every SIMD int8 kernel this CPU runs, for tests against int8Go:
// none in this build.
func int8KernelsForCPU() []*int8Kernel { return nil }
