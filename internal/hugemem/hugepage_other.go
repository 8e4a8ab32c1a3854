//go:build !linux

package hugemem

// hugePages would offer b to the kernel for huge pages (see hugepage_linux.go).
func hugePages([]byte) {}
