//go:build linux || darwin || freebsd || netbsd || openbsd

package engine

import "syscall"

// allocBytes returns n zeroed bytes for the packed weights, in an anonymous memory mapping
// outside the Go heap, and the function that unmaps them. The garbage collector sets its heap
// goal from the live heap: with 60-120 MB of weights on the heap it would let about as much
// garbage (logits, results) pile up before collecting. Off the heap, the goal follows the
// activations only. Where mapping fails, the weights go on the heap.
func allocBytes(n int) (b []byte, free func()) {
	if n == 0 {
		return nil, func() {}
	}
	b, err := syscall.Mmap(-1, 0, n, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_ANON|syscall.MAP_PRIVATE)
	if err != nil {
		return heapBytes(n), func() {}
	}
	return b, func() { _ = syscall.Munmap(b) }
}
