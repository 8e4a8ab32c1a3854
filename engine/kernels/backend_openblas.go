//go:build openblas && cgo

package kernels

import (
	"gonum.org/v1/gonum/blas"

	"github.com/redraft/redraft/engine/kernels/internal/openblas"
)

// defaultBackend is OpenBLAS through gonum's netlib binding (see internal/openblas).
func defaultBackend() blas.Float32 { return openblas.Implementation{} }
