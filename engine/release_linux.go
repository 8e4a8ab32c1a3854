package engine

import (
	"syscall"
	"unsafe"
)

// releasePages tells the kernel that the bytes of b, read-only data mapped from the executable
// (the embedded model, once converted), are no longer needed: their pages leave the process's
// resident set (31 MB for the built-in model) and would be read again from the file if touched.
func releasePages(b []byte) {
	if len(b) == 0 {
		return
	}
	page := uintptr(syscall.Getpagesize())
	start := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
	lo := (start + page - 1) &^ (page - 1)
	hi := (start + uintptr(len(b))) &^ (page - 1)
	if hi <= lo {
		return
	}
	whole := unsafe.Slice((*byte)(unsafe.Add(unsafe.Pointer(unsafe.SliceData(b)), lo-start)), hi-lo)
	_ = syscall.Madvise(whole, syscall.MADV_DONTNEED)
}

// hugePages asks the kernel to back b, a private anonymous mapping, with transparent huge
// pages where it can (Linux's "madvise" setting of transparent_hugepage): one fault per 2 MiB
// instead of one per 4 KiB page.
func hugePages(b []byte) { _ = syscall.Madvise(b, syscall.MADV_HUGEPAGE) }
