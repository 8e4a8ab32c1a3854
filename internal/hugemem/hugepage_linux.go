package hugemem

import "syscall"

// hugePages asks the kernel to back b, a private anonymous mapping, with transparent huge
// pages where it can (Linux's "madvise" setting of transparent_hugepage): one fault per 2 MiB
// instead of one per 4 KiB page.
func hugePages(b []byte) { _ = syscall.Madvise(b, syscall.MADV_HUGEPAGE) }
