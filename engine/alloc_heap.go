//go:build !(linux || darwin || freebsd || netbsd || openbsd)

package engine

// allocBytes returns n zeroed bytes for the packed weights (on the heap on this system; see
// alloc_mmap.go) and a function that releases them.
func allocBytes(n int) (b []byte, free func()) {
	return heapBytes(n), func() {}
}
