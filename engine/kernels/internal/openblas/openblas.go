//go:build openblas && cgo

package openblas

// The netlib package carries no link flags of its own; this directive supplies them for the
// whole binary.

// #cgo LDFLAGS: -lopenblas
import "C"

import "gonum.org/v1/netlib/blas/netlib"

// Implementation is netlib's cblas binding, which this package links to OpenBLAS.
type Implementation struct{ netlib.Implementation }

// String names the backend.
func (Implementation) String() string { return "openblas (netlib cgo)" }
