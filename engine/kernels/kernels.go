// Package kernels is the matrix-multiply seam of the engine: gonum's blas.Float32 interface with
// a package default that callers never name. Set another backend once at start-up with Use.
package kernels

import (
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"
)

// impl is the backend in use. It is not synchronised: set it once, before any model work.
var impl blas.Float32 = gonum.Implementation{}

// Use sets the backend every later matmul goes through.
func Use(b blas.Float32) { impl = b }

// Implementation returns the backend in use.
func Implementation() blas.Float32 { return impl }
