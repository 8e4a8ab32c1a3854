// Package openblas links gonum's netlib cblas binding against libopenblas for the kernels
// package's openblas build tag. It lives apart from kernels because a package that uses cgo
// cannot also hold Go assembly. Without the openblas tag (or without cgo) it is empty.
package openblas
