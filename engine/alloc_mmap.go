//go:build linux || darwin || freebsd || netbsd || openbsd

package engine

import (
	"syscall"
	"unsafe"
)

// allocWeights returns n zeroed float32s for the weights, in an anonymous memory mapping outside
// the Go heap, and the function that unmaps them. The garbage collector sets its heap goal from
// the live heap: with 120 MB of weights on the heap it would let about as much garbage (logits,
// results) pile up before collecting, and the process would pass 300 MB. Off the heap, the goal
// follows the activations only. Where mapping fails, the weights go on the heap.
func allocWeights(n int) (w []float32, free func()) {
	if n == 0 {
		return nil, func() {}
	}
	b, err := syscall.Mmap(-1, 0, n*4, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_ANON|syscall.MAP_PRIVATE)
	if err != nil {
		return make([]float32, n), func() {}
	}
	return unsafe.Slice((*float32)(unsafe.Pointer(&b[0])), n), func() { _ = syscall.Munmap(b) }
}
