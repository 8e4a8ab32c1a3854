//go:build linux || darwin || freebsd || netbsd || openbsd

package hugemem

import (
	"syscall"
	"unsafe"
)

// mapped returns n bytes in a private anonymous mapping, nil if mapping fails. The mapping is
// whole huge pages (the last one too, so that the end takes no 4 KiB faults), aligned to one.
func mapped(n int) (b []byte, free func()) {
	whole := (n + HugePage - 1) &^ (HugePage - 1)
	m, err := syscall.Mmap(-1, 0, whole+HugePage, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_ANON|syscall.MAP_PRIVATE)
	if err != nil {
		return nil, nil
	}
	skip := int(-uintptr(unsafe.Pointer(unsafe.SliceData(m))) & (HugePage - 1))
	hugePages(m[skip : skip+whole])
	return m[skip : skip+n : skip+n], func() { _ = syscall.Munmap(m) }
}
