//go:build !openblas || !cgo

package kernels

import "gonum.org/v1/gonum/blas"

// defaultBackend is the pure-Go (plus Go assembly) Native backend. Builds with the openblas tag
// and cgo enabled use OpenBLAS instead (backend_openblas.go).
func defaultBackend() blas.Float32 { return Native{} }
