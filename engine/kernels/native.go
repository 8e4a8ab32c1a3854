package kernels

import (
	"fmt"
	"runtime"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"
)

// Native is the default backend: gonum's pure-Go implementation for every routine except Sgemm,
// which runs cache-blocked, multi-threaded and, on amd64, on AVX-512 or AVX2+FMA micro-kernels
// chosen at start-up. The zero value is ready to use and stateless; it is safe for concurrent use.
type Native struct {
	gonum.Implementation

	// kern overrides the micro-kernel (tests use it to run every path); nil means the best
	// kernel for this CPU.
	kern *microKernel
}

// Argument-check panics, worded exactly like gonum's so both backends fail the same way.
const (
	badTranspose = "blas: illegal transpose"
	mLT0         = "blas: m < 0"
	nLT0         = "blas: n < 0"
	kLT0         = "blas: k < 0"
	badLdA       = "blas: bad leading dimension of A"
	badLdB       = "blas: bad leading dimension of B"
	badLdC       = "blas: bad leading dimension of C"
	shortA       = "blas: insufficient length of a"
	shortB       = "blas: insufficient length of b"
	shortC       = "blas: insufficient length of c"
)

func (n Native) kernel() *microKernel {
	if n.kern != nil {
		return n.kern
	}
	return bestKernel
}

// String describes the backend: its micro-kernels, their tiles and the thread count, as in
// "native avx512 (12x32 outer, 6x4 dot, 12x32 packed f16/f32), 2 threads".
func (n Native) String() string {
	k := n.kernel()
	tiles := fmt.Sprintf("%dx%d dot", k.mr, k.nr)
	if o := k.outer; o != nil {
		tiles = fmt.Sprintf("%dx%d outer, %s", o.mr, o.nr, tiles)
	}
	if k.panel != nil {
		tiles += fmt.Sprintf(", 12x%d packed f16/f32", panelWidth)
	}
	return fmt.Sprintf("native %s (%s), %d threads", k.name, tiles, runtime.GOMAXPROCS(0))
}

// Sgemm performs one of the matrix-matrix operations
//
//	C = alpha * A * B + beta * C
//	C = alpha * Aᵀ * B + beta * C
//	C = alpha * A * Bᵀ + beta * C
//	C = alpha * Aᵀ * Bᵀ + beta * C
//
// where A is an m×k or k×m row-major matrix with leading dimension lda, B is a k×n or n×k
// matrix with leading dimension ldb, C is m×n with leading dimension ldc, and tA and tB say
// whether A and B are transposed (ConjTrans means Trans). Elements of C outside its m×n
// view are never touched. With beta == 0, C is not read (NaNs in it do not propagate); with
// alpha == 0 or k == 0, A and B are not read. Bad arguments panic with gonum's messages.
func (n Native) Sgemm(tA, tB blas.Transpose, m, nn, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	switch tA {
	default:
		panic(badTranspose)
	case blas.NoTrans, blas.Trans, blas.ConjTrans:
	}
	switch tB {
	default:
		panic(badTranspose)
	case blas.NoTrans, blas.Trans, blas.ConjTrans:
	}
	if m < 0 {
		panic(mLT0)
	}
	if nn < 0 {
		panic(nLT0)
	}
	if k < 0 {
		panic(kLT0)
	}
	aTrans := tA != blas.NoTrans
	bTrans := tB != blas.NoTrans
	if aTrans {
		if lda < max(1, m) {
			panic(badLdA)
		}
	} else if lda < max(1, k) {
		panic(badLdA)
	}
	if bTrans {
		if ldb < max(1, k) {
			panic(badLdB)
		}
	} else if ldb < max(1, nn) {
		panic(badLdB)
	}
	if ldc < max(1, nn) {
		panic(badLdC)
	}
	if m == 0 || nn == 0 {
		return
	}
	if aTrans {
		if len(a) < (k-1)*lda+m {
			panic(shortA)
		}
	} else if len(a) < (m-1)*lda+k {
		panic(shortA)
	}
	if bTrans {
		if len(b) < (nn-1)*ldb+k {
			panic(shortB)
		}
	} else if len(b) < (k-1)*ldb+nn {
		panic(shortB)
	}
	if len(c) < (m-1)*ldc+nn {
		panic(shortC)
	}
	if (alpha == 0 || k == 0) && beta == 1 {
		return
	}
	if alpha == 0 || k == 0 {
		scaleC(m, nn, beta, c, ldc)
		return
	}
	g := gemm{
		kern: n.kernel(), aTrans: aTrans, bTrans: bTrans,
		m: m, n: nn, k: k, alpha: alpha, beta: beta,
		a: a, lda: lda, b: b, ldb: ldb, c: c, ldc: ldc,
	}
	g.parallel(runtime.GOMAXPROCS(0))
}

// scaleC sets C = beta*C, writing zeros (not 0*C) when beta is zero.
func scaleC(m, n int, beta float32, c []float32, ldc int) {
	for i := 0; i < m; i++ {
		row := c[i*ldc : i*ldc+n]
		if beta == 0 {
			clear(row)
			continue
		}
		for j := range row {
			row[j] *= beta
		}
	}
}
