package kernels

import "os"

// bestKernel is the micro-kernel Native uses by default: the first of kernelsForCPU, or the
// one named by $REDRAFT_SGEMM_KERNEL ("avx512", "avx2", "generic") if this CPU can run it.
var bestKernel = pickKernel(kernelsForCPU(), os.Getenv("REDRAFT_SGEMM_KERNEL"))

func pickKernel(ks []*microKernel, name string) *microKernel {
	for _, k := range ks {
		if k.name == name {
			return k
		}
	}
	return ks[0]
}
