package hugemem

import (
	"runtime"
	"testing"
	"unsafe"
)

func TestAlloc(t *testing.T) {
	for _, n := range []int{1, 63, 4096, HugePage - 1, HugePage + 1, 5 << 20} {
		b, free := Alloc(n)
		if len(b) != n || cap(b) != n {
			t.Fatalf("Alloc(%d): len %d cap %d", n, len(b), cap(b))
		}
		if p := uintptr(unsafe.Pointer(unsafe.SliceData(b))); p%64 != 0 {
			t.Errorf("Alloc(%d) at %#x, not 64-byte aligned", n, p)
		}
		for i := range b {
			if b[i] != 0 {
				t.Fatalf("Alloc(%d)[%d] = %d, want zeroed bytes", n, i, b[i])
			}
			b[i] = byte(i)
		}
		free()
	}
	if b, free := Alloc(0); len(b) != 0 {
		t.Errorf("Alloc(0) = %d bytes", len(b))
	} else {
		free()
	}
	if b, free := Map(3 << 20); runtime.GOOS == "linux" && len(b) != 3<<20 {
		t.Errorf("Map(3 MiB) = %d bytes on Linux", len(b))
	} else if b != nil {
		b[len(b)-1] = 1
		free()
	}
	h := Heap(100)
	if len(h) != 100 || uintptr(unsafe.Pointer(unsafe.SliceData(h)))%64 != 0 {
		t.Errorf("Heap(100): %d bytes at %p", len(h), unsafe.SliceData(h))
	}
	runtime.KeepAlive(h)
}
