// Command asmgen generates the AVX2 assembly of package kernels with avo
// (github.com/mmcloughlin/avo), one file per run, from the kernel directory:
//
//	go run ./internal/asmgen -file panel -out panel_avx2_amd64.s
//	go run ./internal/asmgen -file int8 -out int8_avx2_amd64.s
//
// (the go:generate lines of gen.go). TestGeneratedAssembly checks that the committed files
// are what this prints. The loops are unrolled here, in Go, instead of by copied blocks.
package main

import (
	"flag"
	"fmt"
	"os"

	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	. "github.com/mmcloughlin/avo/reg"
)

func main() {
	file := flag.String("file", "", "which file: panel or int8")
	flag.Parse()
	ConstraintExpr("amd64,!noasm")
	switch *file {
	case "panel":
		for _, rows := range []int{6, 4} {
			panel(fmt.Sprintf("panelF32R%dAVX2", rows), rows, false)
			panel(fmt.Sprintf("panelF16R%dAVX2", rows), rows, true)
		}
	case "int8":
		int8R4()
	default:
		fmt.Fprintln(os.Stderr, "asmgen: -file panel or int8")
		os.Exit(2)
	}
	Generate()
}

// rowsOf gives the addresses of rows 0-5 of A (stride bytes in lda, lda3 = 3·lda; a3 is
// row 3) at byte offset disp.
func rowsOf(a, a3, lda, lda3 Register, disp int) []Mem {
	return []Mem{
		{Base: a, Disp: disp},
		{Base: a, Index: lda, Scale: 1, Disp: disp},
		{Base: a, Index: lda, Scale: 2, Disp: disp},
		{Base: a, Index: lda3, Scale: 1, Disp: disp},
		{Base: a3, Index: lda, Scale: 1, Disp: disp},
		{Base: a3, Index: lda, Scale: 2, Disp: disp},
	}
}

// panel generates a half-panel kernel: C (rows×16) = alpha·A·Wᵀ (+ beta·C unless flags&1)
// for the 16 columns of a 32-column panel at b, float32 or (f16) float16 widened by
// VCVTPH2PS, k steps of 32 values; A's rows broadcast one value at a time.
func panel(name string, rows int, f16 bool) {
	elem, step := "float32", 128 // panel bytes per k step
	if f16 {
		elem, step = "uint16", 64
	}
	TEXT(name, NOSPLIT, fmt.Sprintf("func(k int, a *float32, lda int, b *%s, c *float32, ldc int, alpha, beta float32, flags int)", elem))
	Doc(fmt.Sprintf("%s: C (%d×16) = alpha·A·Wᵀ (+ beta·C) on one half of a %s panel (panel_amd64.go).", name, rows, elem))
	k := Load(Param("k"), GP64())
	a := Load(Param("a"), GP64())
	lda := Load(Param("lda"), GP64())
	SHLQ(U8(2), lda)
	lda3, a3 := GP64(), GP64()
	LEAQ(Mem{Base: lda, Index: lda, Scale: 2}, lda3)
	LEAQ(Mem{Base: a, Index: lda3, Scale: 1}, a3)
	b := Load(Param("b"), GP64())

	Comment("Fetch the C tile now, so its misses overlap the k loop.")
	c := Load(Param("c"), GP64())
	ldc := Load(Param("ldc"), GP64())
	SHLQ(U8(2), ldc)
	for r := 0; r < rows; r++ {
		PREFETCHT0(Mem{Base: c})
		if r < rows-1 {
			ADDQ(ldc, c)
		}
	}

	acc := make([][2]VecVirtual, rows)
	for r := range acc {
		acc[r] = [2]VecVirtual{YMM(), YMM()}
		VXORPS(acc[r][0], acc[r][0], acc[r][0])
		VXORPS(acc[r][1], acc[r][1], acc[r][1])
	}
	w := [2]VecVirtual{YMM(), YMM()}
	bc := [2]VecVirtual{YMM(), YMM()}
	kstep := func(d int) {
		for h := range 2 {
			m := Mem{Base: b, Disp: d*step + h*step/4}
			if f16 {
				VCVTPH2PS(m, w[h])
			} else {
				VMOVUPS(m, w[h])
			}
		}
		for r, m := range rowsOf(a, a3, lda, lda3, 4*d)[:rows] {
			VBROADCASTSS(m, bc[r%2])
			VFMADD231PS(w[0], bc[r%2], acc[r][0])
			VFMADD231PS(w[1], bc[r%2], acc[r][1])
		}
	}

	Comment("k steps four at a time, then one at a time.")
	n := GP64()
	MOVQ(k, n)
	SHRQ(U8(2), n)
	JZ(LabelRef("tail"))
	Label("loop4")
	for d := range 4 {
		kstep(d)
	}
	ADDQ(U32(4*step), b)
	ADDQ(U8(16), a)
	ADDQ(U8(16), a3)
	DECQ(n)
	JNZ(LabelRef("loop4"))
	Label("tail")
	ANDQ(U8(3), k)
	JZ(LabelRef("store"))
	Label("loop1")
	kstep(0)
	ADDQ(U32(step), b)
	ADDQ(U8(4), a)
	ADDQ(U8(4), a3)
	DECQ(k)
	JNZ(LabelRef("loop1"))

	Label("store")
	Comment("C = alpha·acc, + beta·C unless flags&1 (betaZero).")
	alpha, beta := YMM(), YMM()
	VBROADCASTSS(NewParamAddr("alpha", 48), alpha)
	VBROADCASTSS(NewParamAddr("beta", 52), beta)
	flags := Load(Param("flags"), GP64())
	Load(Param("c"), c)
	for r := range rows {
		VMULPS(alpha, acc[r][0], acc[r][0])
		VMULPS(alpha, acc[r][1], acc[r][1])
		TESTQ(U32(1), flags)
		JNE(LabelRef(fmt.Sprintf("row%d", r)))
		VFMADD231PS(Mem{Base: c}, beta, acc[r][0])
		VFMADD231PS(Mem{Base: c, Disp: 32}, beta, acc[r][1])
		Label(fmt.Sprintf("row%d", r))
		VMOVUPS(acc[r][0], Mem{Base: c})
		VMOVUPS(acc[r][1], Mem{Base: c, Disp: 32})
		if r < rows-1 {
			ADDQ(ldc, c)
		}
	}
	VZEROUPPER()
	RET()
}

// int8R4 generates the AVX2 int8 tile: 4 rows of X's codes against one 16-column half of
// an int8 panel (int8.go), |x| times the codes carrying x's signs (VPSIGNB) by VPMADDUBSW,
// pairs summed into int32 lanes by VPMADDWD, exact int32 sums per group of 64, then scaled
// into t.
func int8R4() {
	TEXT("int8R4AVX2", NOSPLIT, "func(groups int, a *int8, lda int, sa *float32, lds int, b *byte, ws *float32, t *float32)")
	Doc("int8R4AVX2: t (4 rows of 16, 32 apart) = the int8 product of 4 rows of X's codes with one half of an int8 panel (kernel_amd64.go).")
	groups := Load(Param("groups"), GP64())
	a := Load(Param("a"), GP64())
	lda := Load(Param("lda"), GP64())
	lda3 := GP64()
	LEAQ(Mem{Base: lda, Index: lda, Scale: 2}, lda3)
	sa := Load(Param("sa"), GP64())
	lds := Load(Param("lds"), GP64())
	SHLQ(U8(2), lds)
	lds3 := GP64()
	LEAQ(Mem{Base: lds, Index: lds, Scale: 2}, lds3)
	b := Load(Param("b"), GP64())
	ws := Load(Param("ws"), GP64())
	t := Load(Param("t"), GP64())

	ones := YMM()
	VPCMPEQW(ones, ones, ones)
	VPSRLW(U8(15), ones, ones)
	zero := YMM()
	VXORPS(zero, zero, zero)
	for r := range 4 {
		VMOVUPS(zero, Mem{Base: t, Disp: 128 * r})
		VMOVUPS(zero, Mem{Base: t, Disp: 128*r + 32})
	}
	acc := make([][2]VecVirtual, 4)
	for r := range acc {
		acc[r] = [2]VecVirtual{YMM(), YMM()}
		VPXOR(acc[r][0], acc[r][0], acc[r][0])
		VPXOR(acc[r][1], acc[r][1], acc[r][1])
	}

	Label("group")
	n := GP64()
	MOVQ(U32(4), n)
	Label("steps")
	w := [2]VecVirtual{YMM(), YMM()}
	x, ax, p := YMM(), YMM(), YMM()
	for d := range 4 {
		VMOVDQU(Mem{Base: b, Disp: 128 * d}, w[0])
		VMOVDQU(Mem{Base: b, Disp: 128*d + 32}, w[1])
		for r, m := range rowsOf(a, nil, lda, lda3, 4*d)[:4] {
			VPBROADCASTD(m, x)
			VPABSB(x, ax)
			for h := range 2 {
				VPSIGNB(x, w[h], p)
				VPMADDUBSW(p, ax, p)
				VPMADDWD(ones, p, p)
				VPADDD(p, acc[r][h], acc[r][h])
			}
		}
	}
	ADDQ(U32(512), b)
	ADDQ(U8(16), a)
	DECQ(n)
	JNZ(LabelRef("steps"))

	Comment("The group's exact sums, times X's scale, times the columns' scales, into t.")
	s, f := YMM(), YMM()
	for r, m := range []Mem{{Base: sa}, {Base: sa, Index: lds, Scale: 1}, {Base: sa, Index: lds, Scale: 2}, {Base: sa, Index: lds3, Scale: 1}} {
		VBROADCASTSS(m, s)
		for h := range 2 {
			VCVTDQ2PS(acc[r][h], acc[r][h])
			VMULPS(s, acc[r][h], acc[r][h])
			dst := Mem{Base: t, Disp: 128*r + 32*h}
			VMOVUPS(dst, f)
			VFMADD231PS(Mem{Base: ws, Disp: 32 * h}, acc[r][h], f)
			VMOVUPS(f, dst)
			VPXOR(acc[r][h], acc[r][h], acc[r][h])
		}
	}
	ADDQ(U8(4), sa)
	ADDQ(U8(128), ws)
	DECQ(groups)
	JNZ(LabelRef("group"))
	VZEROUPPER()
	RET()
}
