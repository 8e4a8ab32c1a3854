// Command asmgen generates the amd64 assembly of package kernels with avo
// (github.com/mmcloughlin/avo), one file per run, from the kernel directory:
//
//	go run ./internal/asmgen -file panel -out panel_avx2_amd64.s
//	go run ./internal/asmgen -file panel512 -out panel_avx512_amd64.s
//	go run ./internal/asmgen -file int8 -out int8_amd64.s
//	go run ./internal/asmgen -file vecmath -out vecmath_avx2_amd64.s
//	go run ./internal/asmgen -file vecmath512 -out vecmath_avx512_amd64.s
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
	file := flag.String("file", "", "which file: panel, panel512, int8, vecmath or vecmath512")
	flag.Parse()
	ConstraintExpr("amd64,!noasm")
	switch *file {
	case "panel":
		for _, rows := range []int{6, 4} {
			panel(fmt.Sprintf("panelF32R%dAVX2", rows), rows, false, 128)
			panel(fmt.Sprintf("panelF16R%dAVX2", rows), rows, true, 64)
		}
		// Sgemm's outer-product tile (outer.go): the same kernel on panels of 16 columns.
		panel("sgemmOuter6x16AVX2", 6, false, 64)
		// and its dot-product tile (gemm.go) and panel packer.
		tailmaskTable()
		dotTile(false)
		packPanel("packPanel16AVX2", 8)
	case "int8":
		int8File()
	case "panel512":
		panel512File()
	case "vecmath":
		vecmathFile()
	case "vecmath512":
		vecmath512File()
	default:
		fmt.Fprintln(os.Stderr, "asmgen: -file panel, panel512, int8, vecmath or vecmath512")
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
// for 16 columns at b of a panel of step bytes per k step, float32 or (f16) float16 widened
// by VCVTPH2PS; A's rows broadcast one value at a time.
func panel(name string, rows int, f16 bool, step int) {
	elem, esize := "float32", 4
	if f16 {
		elem, esize = "uint16", 2
	}
	TEXT(name, NOSPLIT, fmt.Sprintf("func(k int, a *float32, lda int, b *%s, c *float32, ldc int, alpha, beta float32, flags int)", elem))
	Doc(fmt.Sprintf("%s: C (%d×16) = alpha·A·Wᵀ (+ beta·C) on 16 columns of a packed %s panel of %d bytes a k step.", name, rows, elem, step))
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
			m := Mem{Base: b, Disp: d*step + h*8*esize}
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

	kLoop(k, GP64(), kstep, func(steps int) {
		ADDQ(U32(steps*step), b)
		ADDQ(U8(4*steps), a)
		ADDQ(U8(4*steps), a3)
	})

	storeTile(acc, c, ldc, YMM)
}

// kLoop runs a panel kernel's k steps, four at a time (kstep(0..3), then advance(4)), then
// one at a time, and falls into the label "store"; k and n are clobbered.
func kLoop(k, n Register, kstep func(d int), advance func(steps int)) {
	Comment("k steps four at a time, then one at a time.")
	MOVQ(k, n)
	SHRQ(U8(2), n)
	JZ(LabelRef("tail"))
	Label("loop4")
	for d := range 4 {
		kstep(d)
	}
	advance(4)
	DECQ(n)
	JNZ(LabelRef("loop4"))
	Label("tail")
	ANDQ(U8(3), k)
	JZ(LabelRef("store"))
	Label("loop1")
	kstep(0)
	advance(1)
	DECQ(k)
	JNZ(LabelRef("loop1"))
}

// storeTile ends a panel kernel: C = alpha·acc (+ beta·C unless flags&1, betaZero), row r's
// two vectors of accumulators (ymm or zmm, as vec makes) at c + r·ldc; c is reloaded.
func storeTile(acc [][2]VecVirtual, c, ldc Register, vec func() VecVirtual) {
	Label("store")
	Comment("C = alpha·acc, + beta·C unless flags&1 (betaZero).")
	alpha, beta := vec(), vec()
	size := alpha.Size()
	VBROADCASTSS(NewParamAddr("alpha", 48), alpha)
	VBROADCASTSS(NewParamAddr("beta", 52), beta)
	flags := Load(Param("flags"), GP64())
	Load(Param("c"), c)
	for r := range acc {
		VMULPS(alpha, acc[r][0], acc[r][0])
		VMULPS(alpha, acc[r][1], acc[r][1])
		TESTQ(U32(1), flags)
		JNE(LabelRef(fmt.Sprintf("row%d", r)))
		VFMADD231PS(Mem{Base: c}, beta, acc[r][0])
		VFMADD231PS(Mem{Base: c, Disp: int(size)}, beta, acc[r][1])
		Label(fmt.Sprintf("row%d", r))
		VMOVUPS(acc[r][0], Mem{Base: c})
		VMOVUPS(acc[r][1], Mem{Base: c, Disp: int(size)})
		if r < len(acc)-1 {
			ADDQ(ldc, c)
		}
	}
	VZEROUPPER()
	RET()
}
