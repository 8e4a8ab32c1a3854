package kernels

import (
	"fmt"

	"gonum.org/v1/gonum/blas"
)

// impl is the backend in use. It is not synchronised: set it once, before any model work.
var impl = defaultBackend()

// Use sets the backend every later matmul goes through.
func Use(b blas.Float32) { impl = b }

// Implementation returns the backend in use.
func Implementation() blas.Float32 { return impl }

// Describe names the backend in use, for logs and benchmark output:
// for example "native avx512 (12x32 outer, 6x4 dot, 12x32 packed f16/f32), 2 threads" or
// "openblas (netlib cgo)".
func Describe() string {
	if s, ok := impl.(fmt.Stringer); ok {
		return s.String()
	}
	return fmt.Sprintf("%T", impl)
}
