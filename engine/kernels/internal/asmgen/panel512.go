package main

import (
	"fmt"

	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	. "github.com/mmcloughlin/avo/reg"
)

// panel512File generates the AVX-512 panel kernels: C (rows×32) = alpha·A·Wᵀ (+ beta·C) for one
// 32-column panel of a packed matrix W (packed.go), rows 12, 8 or 4, as k rank-1 updates. The
// panel holds, for each p < k, W's 32 values of column p: float32 (panelF32xR, 128 bytes a
// step) or float16 (panelF16xR, 64 bytes a step, widened by VCVTPH2PS as they are loaded, so
// the weights cost half the memory traffic). Each step: two loads of panel values, and for
// each row one of A's values broadcast into a register and two FMAs (an FMA broadcasting
// from memory itself loads the value once per FMA: twice the loads, and 20% slower on Zen 5,
// BenchmarkPanelTile). Equivalent Go: panelTileGo (panel_generic.go).
func panel512File() {
	tail16Table()
	dotTile(true)
	packPanel("packPanel32AVX512", 16)
	for _, f16 := range []bool{false, true} {
		for _, rows := range []int{12, 8, 4} {
			panel512(rows, f16)
		}
	}
}

func panel512(rows int, f16 bool) {
	name, elem, step := fmt.Sprintf("panelF32x%d", rows), "float32", 128 // panel bytes per k step
	if f16 {
		name, elem, step = fmt.Sprintf("panelF16x%d", rows), "uint16", 64
	}
	TEXT(name, NOSPLIT, fmt.Sprintf("func(k int, a *float32, lda int, b *%s, c *float32, ldc int, alpha, beta float32, flags int)", elem))
	Doc(fmt.Sprintf("%s: C (%d×32) = alpha·A·Wᵀ (+ beta·C) on one %s panel (panel_amd64.go).", name, rows, elem))
	k := Load(Param("k"), GP64())
	a := Load(Param("a"), GP64())
	lda := Load(Param("lda"), GP64())
	b := Load(Param("b"), GP64())
	SHLQ(U8(2), lda)
	lda3 := GP64()
	LEAQ(Mem{Base: lda, Index: lda, Scale: 2}, lda3)
	// A's rows 0, 4, 8 (the others at +lda, +2·lda, +3·lda from them).
	bases := []Register{a}
	for len(bases) < rows/4 {
		next := GP64()
		LEAQ(Mem{Base: bases[len(bases)-1], Index: lda, Scale: 4}, next)
		bases = append(bases, next)
	}

	Comment("Fetch the C tile now, so its misses overlap the k loop.")
	c := Load(Param("c"), GP64())
	ldc := Load(Param("ldc"), GP64())
	SHLQ(U8(2), ldc)
	n := GP64()
	MOVQ(U32(rows), n)
	Label("prefetch")
	PREFETCHT0(Mem{Base: c})
	PREFETCHT0(Mem{Base: c, Disp: 64})
	ADDQ(ldc, c)
	DECQ(n)
	JNZ(LabelRef("prefetch"))

	acc := make([][2]VecVirtual, rows) // C row r, columns 0-15 and 16-31
	for r := range acc {
		acc[r] = [2]VecVirtual{ZMM(), ZMM()}
		VPXORD(acc[r][0], acc[r][0], acc[r][0])
		VPXORD(acc[r][1], acc[r][1], acc[r][1])
	}
	w := [2]VecVirtual{ZMM(), ZMM()}
	kstep := func(d int) {
		for h := range 2 {
			m := Mem{Base: b, Disp: d*step + h*step/2}
			if f16 {
				VCVTPH2PS(m, w[h])
			} else {
				VMOVUPS(m, w[h])
			}
		}
		for q, base := range bases {
			for i, m := range []Mem{{Base: base}, {Base: base, Index: lda, Scale: 1}, {Base: base, Index: lda, Scale: 2}, {Base: base, Index: lda3, Scale: 1}} {
				m.Disp = 4 * d
				x := ZMM()
				VBROADCASTSS(m, x)
				VFMADD231PS(x, w[0], acc[4*q+i][0])
				VFMADD231PS(x, w[1], acc[4*q+i][1])
			}
		}
	}
	advance := func(steps int) {
		ADDQ(U32(steps*step), b)
		for _, base := range bases {
			ADDQ(U8(4*steps), base)
		}
	}

	kLoop(k, n, kstep, advance)

	storeTile(acc, c, ldc, ZMM)
}
