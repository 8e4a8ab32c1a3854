package main

import (
	"fmt"

	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	. "github.com/mmcloughlin/avo/reg"
)

// dotTile generates Sgemm's dot-product tile (gemm.go): C (rows×4) = alpha·A·Bᵀ (+ beta·C
// unless flags&1) from rows rows of A and four rows of Bᵀ, all contiguous along k, with one
// accumulator of lanes partial sums per element of C, a masked tail for k%lanes, and a
// horizontal reduction per row. AVX-512: 6 rows, 16 lanes, K-masked tail (ten 64-byte loads
// per 24 FMAs, which measured faster on Zen 5 than 3×8: loads, not FMAs, bound these loops).
// AVX2: 3 rows, 8 lanes, VMASKMOVPS tail whose mask is reloaded into each load's destination,
// so that the 12 accumulators, 3 A rows and 1 Bᵀ row fit the 16 registers. The AVX-512
// tile names its registers (Z0-Z23 the accumulators, Z24-Z29 A, Z30 Bᵀ, Z31 scratch): the
// reduction's VHADDPS and VEXTRACTF128 have no EVEX form, so it must run in Y0-Y3.
func dotTile(avx512 bool) {
	rows, lanes, name := 3, 8, "sgemmTile3x4AVX2"
	vec := func() vecReg { return YMM() }
	if avx512 {
		rows, lanes, name = 6, 16, "sgemmTile6x4AVX512"
		zs := []VecPhysical{Z0, Z1, Z2, Z3, Z4, Z5, Z6, Z7, Z8, Z9, Z10, Z11, Z12, Z13, Z14, Z15,
			Z16, Z17, Z18, Z19, Z20, Z21, Z22, Z23, Z24, Z25, Z26, Z27, Z28, Z29, Z30}
		vec = func() vecReg {
			z := zs[0]
			zs = zs[1:]
			return z
		}
	}
	TEXT(name, NOSPLIT, "func(k int, a *float32, lda int, b *float32, ldb int, c *float32, ldc int, alpha, beta float32, flags int)")
	Doc(fmt.Sprintf("%s: C (%d×4) = alpha·A·Bᵀ (+ beta·C) from %d rows of A and 4 of Bᵀ (stubs_amd64.go).", name, rows, rows))
	k := Load(Param("k"), GP64())
	a := Load(Param("a"), GP64())
	lda := Load(Param("lda"), GP64())
	b := Load(Param("b"), GP64())
	ldb := Load(Param("ldb"), GP64())
	SHLQ(U8(2), lda)
	SHLQ(U8(2), ldb)
	a3, b3 := a, GP64()
	ptrs := []Register{a, b, b3}
	if avx512 {
		a3 = GP64()
		LEAQ(Mem{Base: a, Index: lda, Scale: 2}, a3)
		ADDQ(lda, a3) // A row 3
		ptrs = append(ptrs, a3)
	}
	LEAQ(Mem{Base: b, Index: ldb, Scale: 2}, b3)
	ADDQ(ldb, b3) // Bᵀ row 3
	aRows := rows6(a, a3, lda, 0)[:rows]
	bRows := []Mem{{Base: b}, {Base: b, Index: ldb, Scale: 1}, {Base: b, Index: ldb, Scale: 2}, {Base: b3}}

	acc := make([][4]vecReg, rows) // row i, column j
	for i := range acc {
		for j := range 4 {
			acc[i][j] = vec()
			if avx512 {
				VPXORD(acc[i][j], acc[i][j], acc[i][j])
			} else {
				VXORPS(acc[i][j], acc[i][j], acc[i][j])
			}
		}
	}
	av := make([]vecReg, rows)
	for i := range av {
		av[i] = vec()
	}
	bv := vec()
	fmas := func(j int) {
		for i := range rows {
			VFMADD231PS(bv, av[i], acc[i][j])
		}
	}

	blocks(k, lanes, "k", func() {
		for i, m := range aRows {
			VMOVUPS(m, av[i])
		}
		for j, m := range bRows {
			VMOVUPS(m, bv)
			fmas(j)
		}
		for _, p := range ptrs {
			ADDQ(U8(4*lanes), p)
		}
	})
	Comment("The k tail, zero-masked.")
	if avx512 {
		m := tailMask16(k, "reduce")
		for i, mem := range aRows {
			VMOVUPS_Z(mem, m, av[i])
		}
		for j, mem := range bRows {
			VMOVUPS_Z(mem, m, bv)
			fmas(j)
		}
	} else {
		ANDQ(U8(7), k)
		JZ(LabelRef("reduce"))
		p := GP64()
		LEAQ(tailmask.Offset(32), p)
		SHLQ(U8(2), k)
		SUBQ(k, p) // 8 − k%8 lanes in: the mask of the first k%8
		for i, mem := range aRows {
			VMOVUPS(Mem{Base: p}, av[i])
			VMASKMOVPS(mem, av[i], av[i])
		}
		for j, mem := range bRows {
			VMOVUPS(Mem{Base: p}, bv)
			VMASKMOVPS(mem, bv, bv)
			fmas(j)
		}
	}

	Label("reduce")
	Comment("Each row: the four sums, alpha·sums (+ beta·C).")
	var alpha, beta, t Register = XMM(), XMM(), XMM()
	if avx512 {
		alpha, beta, t = X24, X25, X1
	}
	VBROADCASTSS(NewParamAddr("alpha", 56), alpha)
	VBROADCASTSS(NewParamAddr("beta", 60), beta)
	flags := Load(Param("flags"), GP64())
	c := Load(Param("c"), GP64())
	ldc := Load(Param("ldc"), GP64())
	SHLQ(U8(2), ldc)
	c3 := c
	if avx512 {
		c3 = GP64()
		LEAQ(Mem{Base: c, Index: ldc, Scale: 2}, c3)
		ADDQ(ldc, c3) // C row 3
	}
	for i, dst := range rows6(c, c3, ldc, 0)[:rows] {
		r := acc[i]
		y := [4]Register{}
		for j := range 4 {
			y[j] = r[j].AsY()
			if avx512 { // fold the high 256 bits onto the low ones, into Z0-Z3
				z := []VecPhysical{Z0, Z1, Z2, Z3}[j]
				VEXTRACTF64X4(U8(1), r[j], Y31)
				VADDPS(Z31, r[j], z)
				y[j] = z.AsY()
			}
		}
		VHADDPS(y[1], y[0], y[0])
		VHADDPS(y[3], y[2], y[2])
		VHADDPS(y[2], y[0], y[0])
		s := y[0].(Vec).AsX()
		VEXTRACTF128(U8(1), y[0], t)
		VADDPS(t, s, s)
		VMULPS(alpha, s, s)
		TESTQ(U32(1), flags)
		JNE(LabelRef(fmt.Sprintf("row%d", i)))
		VFMADD231PS(dst, beta, s)
		Label(fmt.Sprintf("row%d", i))
		VMOVUPS(s, dst)
	}
	VZEROUPPER()
	RET()
}

// vecReg is a vector register, virtual or named.
type vecReg interface {
	Register
	Vec
}
