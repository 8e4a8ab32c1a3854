//go:build !linux

package engine

// releasePages would drop the resident pages of read-only data no longer needed (see
// release_linux.go); elsewhere the kernel reclaims them when memory runs short.
func releasePages([]byte) {}

// populatePages would map the pages of b into the process in one call (see release_linux.go).
func populatePages([]byte) {}
