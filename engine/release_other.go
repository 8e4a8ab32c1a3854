//go:build !linux

package engine

// releasePages would drop the resident pages of read-only data no longer needed (see
// release_linux.go); elsewhere the kernel reclaims them when memory runs short.
func releasePages([]byte) {}

// hugePages would offer b to the kernel for huge pages (see release_linux.go).
func hugePages([]byte) {}
