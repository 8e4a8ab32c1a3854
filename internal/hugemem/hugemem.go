// Package hugemem allocates large, long-lived buffers that hold no Go pointers (packed weights,
// the lexicon's text and index arrays) outside the Go heap, in memory the kernel may back with
// 2 MiB pages.
//
// Why: the first touch of each 4 KiB page of new memory costs a page fault, 13-16 µs on the
// virtual machine Redraft was measured on (touching 40 MB: 160 ms in 4 KiB pages, 4 ms in
// 2 MiB pages), and the model and the lexicon need some 45 MB at start-up. And off the heap,
// the garbage collector neither scans these bytes nor counts them in its heap goal.
package hugemem

import "unsafe"

// HugePage is the size of a transparent huge page (x86-64 and arm64 Linux with 4 KiB pages).
const HugePage = 2 << 20

// Alloc returns n zeroed bytes, 64-byte aligned, and the function that releases them. Where the
// system allows, they are an anonymous mapping outside the Go heap, starting on a 2 MiB
// boundary, offered for huge pages, and the mapping's pages become resident only as they are
// touched; elsewhere (or if mapping fails) they are on the heap and free does nothing. Nothing
// may use the bytes after free, and they must never hold pointers to Go memory: the garbage
// collector does not see them.
func Alloc(n int) (b []byte, free func()) {
	if n <= 0 {
		return nil, func() {}
	}
	if b, free := Map(n); b != nil {
		return b, free
	}
	return Heap(n), func() {}
}

// Map is Alloc without the fallback: nil where the bytes cannot be mapped. For a block reserved
// larger than it may be used (its untouched pages cost nothing), which on the heap would count
// whole.
func Map(n int) (b []byte, free func()) {
	if n <= 0 {
		return nil, func() {}
	}
	return mapped(n)
}

// Heap returns n zeroed bytes on the Go heap, 64-byte aligned.
func Heap(n int) []byte {
	b := make([]byte, n+63)
	skip := int(-uintptr(unsafe.Pointer(unsafe.SliceData(b))) & 63)
	return b[skip : skip+n : skip+n]
}
