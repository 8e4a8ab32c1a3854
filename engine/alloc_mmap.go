//go:build linux || darwin || freebsd || netbsd || openbsd

package engine

import (
	"syscall"
	"unsafe"
)

// hugePage is the size of a transparent huge page (x86-64 and arm64 Linux with 4 KiB pages).
const hugePage = 2 << 20

// allocBytes returns n zeroed bytes for the packed weights, in an anonymous memory mapping
// outside the Go heap, and the function that unmaps them. The garbage collector sets its heap
// goal from the live heap: with 30-120 MB of weights on the heap it would let about as much
// garbage (logits, results) pile up before collecting. Off the heap, the goal follows the
// activations only. Where mapping fails, the weights go on the heap.
//
// The bytes start on a 2 MiB boundary and are offered for huge pages (hugePages): the first
// touch of each 4 KiB page costs a fault, about 13 µs on a virtual machine, 120 ms of the
// load for the 36 MB of the built-in model's panels; 2 MiB pages take 18 faults.
func allocBytes(n int) (b []byte, free func()) {
	if n == 0 {
		return nil, func() {}
	}
	whole := (n + hugePage - 1) &^ (hugePage - 1) // the last page whole too: no 4 KiB faults at the end
	m, err := syscall.Mmap(-1, 0, whole+hugePage, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_ANON|syscall.MAP_PRIVATE)
	if err != nil {
		return heapBytes(n), func() {}
	}
	skip := int(-uintptr(unsafe.Pointer(unsafe.SliceData(m))) & (hugePage - 1))
	hugePages(m[skip : skip+whole])
	return m[skip : skip+n : skip+n], func() { _ = syscall.Munmap(m) }
}
