//go:build !(linux || darwin || freebsd || netbsd || openbsd)

package engine

// allocWeights returns n zeroed float32s for the weights (on the heap on this system; see
// alloc_mmap.go) and a function that releases them.
func allocWeights(n int) (w []float32, free func()) {
	return make([]float32, n), func() {}
}
