//go:build (!amd64 && !arm64) || noasm

package kernels

// kernelsForCPU lists the micro-kernels this build can run, best first.
func kernelsForCPU() []*microKernel { return []*microKernel{kernGeneric} }
