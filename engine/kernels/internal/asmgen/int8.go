package main

import (
	"fmt"

	. "github.com/mmcloughlin/avo/build"
	"github.com/mmcloughlin/avo/ir"
	. "github.com/mmcloughlin/avo/operand"
	. "github.com/mmcloughlin/avo/reg"
)

// The int8 kernels (int8.go): the AVX2 tile, the AVX-512 VNNI tile, the AVX-VNNI tile (the
// VEX-encoded VPDPBUSD of Alder Lake and Zen 5 laptops, on ymm) and the quantization of X's
// rows.

func int8File() {
	int8R4()
	int8R6VNNI()
	int8R6AVXVNNI()
	int16R2()
	int16R6VNNI()
	qc := quantizeData()
	quantize("quantizeAVX2", codes8, qc)
	quantize("quantizeAbsAVX2", codes8Abs, qc)
	quantize("quantize16AVX2", codes16, qc)
}

// rows6 gives the addresses of 6 rows at stride ld from base, with base3 = base + 3·ld.
func rows6(base, base3, ld Register, disp int) []Mem {
	return []Mem{
		{Base: base, Disp: disp},
		{Base: base, Index: ld, Scale: 1, Disp: disp},
		{Base: base, Index: ld, Scale: 2, Disp: disp},
		{Base: base3, Disp: disp},
		{Base: base3, Index: ld, Scale: 1, Disp: disp},
		{Base: base3, Index: ld, Scale: 2, Disp: disp},
	}
}

// int8R4 generates the AVX2 int8 tile: 4 rows of X's codes against one 16-column half of
// an int8 panel (int8.go), |x| times the codes carrying x's signs (VPSIGNB) by VPMADDUBSW,
// pairs summed into int32 lanes by VPMADDWD, exact int32 sums per group of 64, then scaled
// into t. X's rows hold each 4 codes followed by their absolute values (int8Kernel.absCodes),
// both broadcast from memory.
func int8R4() {
	TEXT("int8R4AVX2", NOSPLIT, "func(groups int, a *int8, lda int, sa *float32, lds int, b *byte, ws *float32, t *float32)")
	Doc("int8R4AVX2: t (4 rows of 16, 32 apart) = the int8 product of 4 rows of X's codes and their absolute values with one half of an int8 panel (kernel_amd64.go).")
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
	f := YMM()
	VXORPS(f, f, f)
	for r := range 4 {
		VMOVUPS(f, Mem{Base: t, Disp: 128 * r})
		VMOVUPS(f, Mem{Base: t, Disp: 128*r + 32})
	}
	acc := make([][2]VecVirtual, 4)
	for r := range acc {
		acc[r] = [2]VecVirtual{YMM(), YMM()}
	}

	Label("group")
	for r := range acc {
		VPXOR(acc[r][0], acc[r][0], acc[r][0])
		VPXOR(acc[r][1], acc[r][1], acc[r][1])
	}
	n := GP64()
	MOVQ(U32(4), n)
	Label("steps")
	w := [2]VecVirtual{YMM(), YMM()}
	x, ax, p := YMM(), YMM(), YMM()
	for d := range 4 {
		VMOVDQU(Mem{Base: b, Disp: 128 * d}, w[0])
		VMOVDQU(Mem{Base: b, Disp: 128*d + 32}, w[1])
		for r, m := range rowsOf(a, nil, lda, lda3, 8*d)[:4] {
			VPBROADCASTD(m, x)
			m.Disp += 4
			VPBROADCASTD(m, ax)
			for h := range 2 {
				VPSIGNB(x, w[h], p)
				VPMADDUBSW(p, ax, p)
				VPMADDWD(ones, p, p)
				VPADDD(p, acc[r][h], acc[r][h])
			}
		}
	}
	nextStep(b, n, 32, a)

	Comment("t += float(int sums)·(X's scale)·(the columns' scales).")
	rowScales := []Mem{{Base: sa}, {Base: sa, Index: lds, Scale: 1}, {Base: sa, Index: lds, Scale: 2}, {Base: sa, Index: lds3, Scale: 1}}
	scaleInto(acc, rowScales, YMM(), f, t, ws)
	nextGroup(groups, ws, sa)
	VZEROUPPER()
	RET()
}

// int16R2 generates the AVX2 tile of int8 weights and int16 activations (int8.go,
// int8Kernel.wide): 2 rows of X's int16 codes against one 16-column half of an int8 panel.
// Each k step of 4 sign-extends 4 columns' 4 codes at a time to int16 (VPMOVSXBW) and
// multiplies them by the row's 4 codes broadcast (VPBROADCASTQ), VPMADDWD summing pairs:
// lanes 2j and 2j+1 of a sum hold column j's products of inputs 0-1 and 2-3. At the group's
// end VPHADDD adds the pairs and VPERMQ puts the columns in order; the scaling is scaleInto's.
// Sums stay exact: 64 products of at most 32767·127 are below 2³¹.
func int16R2() {
	TEXT("int16R2AVX2", NOSPLIT, "func(groups int, a *int8, lda int, sa *float32, lds int, b *byte, ws *float32, t *float32)")
	Doc("int16R2AVX2: t (2 rows of 16, 32 apart) = the product of 2 rows of X's int16 codes with one half of an int8 panel (kernel_amd64.go).")
	groups, a, lda, sa, lds, b, ws, t := int16Args()
	f := YMM()
	acc, n := int16Group(t, 2, 32, f, YMM, func(v VecVirtual) { VPXOR(v, v, v) })
	// acc[r][c]: row r's sums of columns 4c..4c+3, two lanes each
	x := [2]VecVirtual{YMM(), YMM()}
	w, p := YMM(), YMM()
	for d := range 4 {
		VPBROADCASTQ(Mem{Base: a, Disp: 8 * d}, x[0])
		VPBROADCASTQ(Mem{Base: a, Index: lda, Scale: 1, Disp: 8 * d}, x[1])
		for c := range 4 {
			VPMOVSXBW(Mem{Base: b, Disp: 128*d + 16*c}, w)
			for r := range 2 {
				VPMADDWD(x[r], w, p)
				VPADDD(p, acc[r][c], acc[r][c])
			}
		}
	}
	nextStep(b, n, 32, a)

	Comment("Each column's two sums added, the columns in order: 0-7, 8-15.")
	sums := make([][2]VecVirtual, 2)
	for r := range sums {
		for h := range 2 {
			sums[r][h] = acc[r][2*h]
			VPHADDD(acc[r][2*h+1], acc[r][2*h], sums[r][h])
			VPERMQ(U8(0xd8), sums[r][h], sums[r][h])
		}
	}
	Comment("t += float(int sums)·(X's scale)·(the columns' scales).")
	scaleInto(sums, []Mem{{Base: sa}, {Base: sa, Index: lds, Scale: 1}}, YMM(), f, t, ws)
	nextGroup(groups, ws, sa)
	VZEROUPPER()
	RET()
}

// int16Args loads the arguments of the int16-activation tiles: X's rows at a (stride lda
// bytes) and their scales at sa (stride lds, made bytes), the panel's codes at b and scales
// at ws, the tile t.
func int16Args() (groups, a, lda, sa, lds, b, ws, t Register) {
	groups = Load(Param("groups"), GP64())
	a = Load(Param("a"), GP64())
	lda = Load(Param("lda"), GP64())
	sa = Load(Param("sa"), GP64())
	lds = Load(Param("lds"), GP64())
	SHLQ(U8(2), lds)
	b = Load(Param("b"), GP64())
	ws = Load(Param("ws"), GP64())
	t = Load(Param("t"), GP64())
	return
}

// int16Group zeroes the rows rows of the tile t (two vectors of width bytes each, through zero), starts
// the group loop with 4 sums a row (vec registers, zeroed by xor), and the loop of 4 k steps
// at a time, its counter n.
func int16Group(t Register, rows, width int, zero VecVirtual, vec func() VecVirtual, xor func(VecVirtual)) (acc [][4]VecVirtual, n Register) {
	xor(zero)
	for r := range rows {
		VMOVUPS(zero, Mem{Base: t, Disp: 128 * r})
		VMOVUPS(zero, Mem{Base: t, Disp: 128*r + width})
	}
	acc = make([][4]VecVirtual, rows)
	for r := range acc {
		acc[r] = [4]VecVirtual{vec(), vec(), vec(), vec()}
	}
	Label("group")
	for r := range acc {
		for c := range 4 {
			xor(acc[r][c])
		}
	}
	n = GP64()
	MOVQ(U32(4), n)
	Label("steps")
	return acc, n
}

// int16R6VNNI generates the AVX-512 VNNI tile of int8 weights and int16 activations: 6 rows of
// X's int16 codes against one whole 32-column int8 panel. int16R2's arithmetic on zmm
// registers, VPDPWSSD multiplying and adding in one: each k step of 4 sign-extends 8 columns'
// codes at a time (VPMOVSXBW, AVX512BW), lanes 2j and 2j+1 of a sum hold column j's products
// of inputs 0-1 and 2-3; at the group's end VPSRLQ and VPADDD add each pair into its even
// lane and VPERMT2D gathers those of two sums, in column order. The float sums stay in t.
func int16R6VNNI() {
	evensTable := GLOBL("qevens", RODATA|NOPTR)
	for i := range 16 {
		DATA(4*i, U32(2*i)) // lanes 0, 2, ..., 14 of the first sums, then of the second
	}
	TEXT("int16R6VNNI", NOSPLIT, "func(groups int, a *int8, lda int, sa *float32, lds int, b *byte, ws *float32, t *float32)")
	Doc("int16R6VNNI: t (6 rows of 32) = the product of 6 rows of X's int16 codes with an int8 panel (kernel_amd64.go).")
	groups, a, lda, sa, lds, b, ws, t := int16Args()
	a3 := GP64()
	LEAQ(Mem{Base: lda, Index: lda, Scale: 2}, a3)
	ADDQ(a, a3)
	acc, n := int16Group(t, 6, 64, ZMM(), ZMM, func(v VecVirtual) { VPXORD(v, v, v) })
	// acc[r][c]: row r's sums of columns 8c..8c+7, two lanes each
	w := [4]VecVirtual{ZMM(), ZMM(), ZMM(), ZMM()}
	for d := range 4 {
		for c := range 4 {
			VPMOVSXBW(Mem{Base: b, Disp: 128*d + 32*c}, w[c])
		}
		for r, m := range rows6(a, a3, lda, 8*d) {
			x := ZMM()
			VPBROADCASTQ(m, x)
			for c := range 4 {
				vnniZ("VPDPWSSD", x, w[c], acc[r][c])
			}
		}
	}
	nextStep(b, n, 32, a, a3)

	Comment("t += float(int sums)·(X's scale)·(the columns' scales), each column's two sums added.")
	evens := ZMM()
	VMOVDQU32(evensTable, evens)
	row := GP64()
	MOVQ(sa, row)
	for r := range 6 {
		for h := range 2 {
			lo, hi := acc[r][2*h], acc[r][2*h+1]
			for _, v := range []VecVirtual{lo, hi} {
				tmp := ZMM()
				VPSRLQ(U8(32), v, tmp)
				VPADDD(tmp, v, v)
			}
			VPERMT2D(hi, evens, lo)
			VCVTDQ2PS(lo, lo)
			VMULPS_BCST(Mem{Base: row}, lo, lo)
			dst, f := Mem{Base: t, Disp: 128*r + 64*h}, ZMM()
			VMOVUPS(dst, f)
			VFMADD231PS(Mem{Base: ws, Disp: 64 * h}, lo, f)
			VMOVUPS(f, dst)
		}
		if r < 5 {
			ADDQ(lds, row)
		}
	}
	nextGroup(groups, ws, sa)
	VZEROUPPER()
	RET()
}

// scaleInto ends a group of a ymm int8 tile: for each row r (its scale at rowScales[r]) and
// half h of 8 columns, t[r][h] += float(sums[r][h])·(the row's scale)·(the columns' scales
// at ws), through the registers s and f; the sums are overwritten.
func scaleInto[V Register](sums [][2]V, rowScales []Mem, s, f V, t, ws Register) {
	for r, m := range rowScales {
		VBROADCASTSS(m, s)
		for h := range 2 {
			VCVTDQ2PS(sums[r][h], sums[r][h])
			VMULPS(s, sums[r][h], sums[r][h])
			dst := Mem{Base: t, Disp: 128*r + 32*h}
			VMOVUPS(dst, f)
			VFMADD231PS(Mem{Base: ws, Disp: 32 * h}, sums[r][h], f)
			VMOVUPS(f, dst)
		}
	}
}

// vnniArgs loads the arguments of the VNNI tiles: X's rows at a (a3 = row 3, lda its stride
// in bytes), their scales and biases at sa and bias (lds, lds3 = 1 and 3 row strides in
// bytes), the panel's codes at b and scales at ws.
func vnniArgs() (groups, a, a3, lda, sa, bias, lds, lds3, b, ws Register) {
	groups = Load(Param("groups"), GP64())
	a = Load(Param("a"), GP64())
	lda = Load(Param("lda"), GP64())
	a3 = GP64()
	LEAQ(Mem{Base: lda, Index: lda, Scale: 2}, a3)
	ADDQ(a, a3)
	sa = Load(Param("sa"), GP64())
	bias = Load(Param("bias"), GP64())
	lds = Load(Param("lds"), GP64())
	SHLQ(U8(2), lds)
	lds3 = GP64()
	LEAQ(Mem{Base: lds, Index: lds, Scale: 2}, lds3)
	b = Load(Param("b"), GP64())
	ws = Load(Param("ws"), GP64())
	return
}

// vnniSteps starts a group: each row's int32 sums start at its bias (copied from the low
// vector to the high one with mov), then 16 k steps of 4, 4 at a time: the step's two vectors
// of codes (width bytes each, loaded with load) and dot(x row r's codes at m, row r, half h)
// for every row and half, advancing a, a3 and b.
func vnniSteps[V Register](bias, row3, lds, lds3, n Register, isum [][2]V, w [2]V, width int, mov, load func(Op, Op), dot func(m Mem, r, h int), a, a3, lda, b Register) {
	Label("group")
	Comment("Each row's sums start at its bias.")
	LEAQ(Mem{Base: bias, Index: lds3, Scale: 1}, row3)
	for r, m := range rows6(bias, row3, lds, 0) {
		VPBROADCASTD(m, isum[r][0])
		mov(isum[r][0], isum[r][1])
	}
	MOVQ(U32(4), n)
	Label("steps")
	for d := range 4 {
		load(Mem{Base: b, Disp: 128 * d}, w[0])
		load(Mem{Base: b, Disp: 128*d + width}, w[1])
		for r, m := range rows6(a, a3, lda, 4*d) {
			dot(m, r, 0)
			dot(m, r, 1)
		}
	}
	nextStep(b, n, 16, a, a3)
}

// vnniZ emits an AVX-512 VNNI instruction (avo v0.5.0 lists none) on zmm registers, dst's
// int32 lanes += sums of products of src1's and src2's elements: VPDPBUSD, 4 products of
// src1's unsigned bytes with src2's signed bytes; VPDPWSSD, 2 products of int16s.
func vnniZ(opcode string, src2, src1, dst VecVirtual) {
	Instruction(&ir.Instruction{
		Opcode:   opcode,
		Operands: []Op{src2, src1, dst},
		Inputs:   []Op{src2, src1, dst}, Outputs: []Op{dst},
		ISA: []string{"AVX512F", "AVX512_VNNI"},
	})
}

// int8R6VNNI generates the AVX-512 VNNI int8 tile: 6 rows of X's codes against one whole
// 32-column panel holding the codes +128 (unsigned bytes), so VPDPBUSD multiplies them by x's
// 4 signed codes, broadcast into a register once for both halves (a broadcast from memory
// in each VPDPBUSD loads them twice: 20% slower on Zen 5, BenchmarkInt8Tile), adding each
// column's 4 products to its int32 lane.
// Every group's sums start at the row's bias (−128·Σ x codes), which takes the +128 back
// out, so after 16 steps they are exact Σ x·q; then they are converted, scaled by the row's
// scale and added to the float sums times the columns' scales, which stay in registers.
func int8R6VNNI() {
	TEXT("int8R6VNNI", NOSPLIT, "func(groups int, a *int8, lda int, sa *float32, bias *int32, lds int, b *byte, ws *float32, t *float32)")
	Doc("int8R6VNNI: t (6 rows of 32) = the int8 product of 6 rows of X's codes with an int8 panel of codes +128 (kernel_amd64.go).")
	groups, a, a3, lda, sa, bias, lds, lds3, b, ws := vnniArgs()

	isum := make([][2]VecVirtual, 6) // row r's int32 sums, columns 0-15 and 16-31
	fsum := make([][2]VecVirtual, 6) // its float sums
	for r := range 6 {
		isum[r] = [2]VecVirtual{ZMM(), ZMM()}
		fsum[r] = [2]VecVirtual{ZMM(), ZMM()}
		VPXORD(fsum[r][0], fsum[r][0], fsum[r][0])
		VPXORD(fsum[r][1], fsum[r][1], fsum[r][1])
	}
	w := [2]VecVirtual{ZMM(), ZMM()}
	row3, n := GP64(), GP64()

	var x VecVirtual
	vnniSteps(bias, row3, lds, lds3, n, isum[:], w, 64, func(x, y Op) { VMOVDQA32(x, y) }, func(x, y Op) { VMOVDQU32(x, y) }, func(m Mem, r, h int) {
		if h == 0 {
			x = ZMM()
			VPBROADCASTD(m, x)
		}
		vnniZ("VPDPBUSD", x, w[h], isum[r][h])
	}, a, a3, lda, b)

	Comment("float sums += float(int sums)·(X's scale)·(the columns' scales).")
	LEAQ(Mem{Base: sa, Index: lds3, Scale: 1}, row3)
	for r, m := range rows6(sa, row3, lds, 0) {
		for h := range 2 {
			VCVTDQ2PS(isum[r][h], isum[r][h])
			VMULPS_BCST(m, isum[r][h], isum[r][h])
			VFMADD231PS(Mem{Base: ws, Disp: 64 * h}, isum[r][h], fsum[r][h])
		}
	}
	nextGroup(groups, ws, sa, bias)

	t := Load(Param("t"), GP64())
	for r := range 6 {
		VMOVUPS(fsum[r][0], Mem{Base: t, Disp: 128 * r})
		VMOVUPS(fsum[r][1], Mem{Base: t, Disp: 128*r + 64})
	}
	VZEROUPPER()
	RET()
}

// vpdpbusdVEX emits the AVX-VNNI VPDPBUSD dst, src1, src2 on ymm registers (dst's int32 lanes
// += the sums of 4 products of src1's unsigned bytes with src2's signed bytes) as its bytes:
// the Go assembler encodes VPDPBUSD only with EVEX, which needs AVX-512. VEX.256.66.0F38.W0
// 50 /r: C4, RXB·mmmmm (0F38 = 2), W·vvvv·L·pp (vvvv = ¬src1, L = 1, pp = 66 = 1), 50,
// ModRM (register form: 11, dst, src2).
func vpdpbusdVEX(src2, src1, dst VecPhysical) {
	d, s1, s2 := int(dst.PhysicalIndex()), int(src1.PhysicalIndex()), int(src2.PhysicalIndex())
	r, bb := 1^(d>>3), 1^(s2>>3)
	enc := []byte{0xc4, byte(r<<7 | 1<<6 | bb<<5 | 0x02), byte((^s1&15)<<3 | 1<<2 | 0x01), 0x50, byte(0xc0 | (d&7)<<3 | s2&7)}
	Comment(fmt.Sprintf("VPDPBUSD %s, %s, %s (AVX-VNNI)", src2.Asm(), src1.Asm(), dst.Asm()))
	Instruction(&ir.Instruction{Opcode: "LONG", Operands: []Op{U32(uint32(enc[0]) | uint32(enc[1])<<8 | uint32(enc[2])<<16 | uint32(enc[3])<<24)}})
	Instruction(&ir.Instruction{Opcode: "BYTE", Operands: []Op{U8(enc[4])}})
}

// int8R6AVXVNNI generates the AVX-VNNI int8 tile: int8R6VNNI's arithmetic (codes +128,
// bias-started sums) on ymm registers for one 16-column half of a panel, x's 4 codes
// broadcast into a register (VEX has no embedded broadcast); the float sums are kept in t,
// as int8R4AVX2 does, since 16 ymm registers hold only the int32 ones. The registers are
// named, not allocated, because VPDPBUSD is written as bytes.
func int8R6AVXVNNI() {
	TEXT("int8R6AVXVNNI", NOSPLIT, "func(groups int, a *int8, lda int, sa *float32, bias *int32, lds int, b *byte, ws *float32, t *float32)")
	Doc("int8R6AVXVNNI: t (6 rows of 16, 32 apart) = the int8 product of 6 rows of X's codes with one half of an int8 panel of codes +128 (kernel_amd64.go).")
	groups, a, a3, lda, sa, bias, lds, lds3, b, ws := vnniArgs()
	t := Load(Param("t"), GP64())

	y := []VecPhysical{Y0, Y1, Y2, Y3, Y4, Y5, Y6, Y7, Y8, Y9, Y10, Y11, Y12, Y13, Y14, Y15}
	isum := make([][2]VecPhysical, 6) // row r's int32 sums: Y(2r), Y(2r+1)
	for r := range isum {
		isum[r] = [2]VecPhysical{y[2*r], y[2*r+1]}
	}
	w := [2]VecPhysical{Y12, Y13}
	x, f := Y14, Y15
	VXORPS(f, f, f)
	for r := range 6 {
		VMOVUPS(f, Mem{Base: t, Disp: 128 * r})
		VMOVUPS(f, Mem{Base: t, Disp: 128*r + 32})
	}
	row3, n := GP64(), GP64()

	vnniSteps(bias, row3, lds, lds3, n, isum, w, 32, VMOVDQA, VMOVDQU, func(m Mem, r, h int) {
		if h == 0 {
			VPBROADCASTD(m, x)
		}
		vpdpbusdVEX(x, w[h], isum[r][h])
	}, a, a3, lda, b)

	Comment("t += float(int sums)·(X's scale)·(the columns' scales).")
	LEAQ(Mem{Base: sa, Index: lds3, Scale: 1}, row3)
	scaleInto(isum, rows6(sa, row3, lds, 0), x, f, t, ws)
	nextGroup(groups, ws, sa, bias)
	VZEROUPPER()
	RET()
}

// quantConsts are the constants of the quantize functions.
type quantConsts struct{ absMask, c127, c32767, maxFloat, order Mem }

// quantizeData emits the constants of the quantize functions.
func quantizeData() quantConsts {
	absMask := GLOBL("qabs", RODATA|NOPTR)
	DATA(0, U32(0x7fffffff))
	c127 := GLOBL("q127", RODATA|NOPTR)
	DATA(0, U32(0x42fe0000))
	c32767 := GLOBL("q32767", RODATA|NOPTR)
	DATA(0, U32(0x46fffe00))
	maxFloat := GLOBL("qmaxfloat", RODATA|NOPTR)
	DATA(0, U32(0x7f7fffff))
	// VPACKSSDW and VPACKSSWB interleave the 128-bit lanes: this VPERMD order undoes it.
	order := GLOBL("qorder", RODATA|NOPTR)
	for i, v := range []uint32{0, 4, 1, 5, 2, 6, 3, 7} {
		DATA(4*i, U32(v))
	}
	return quantConsts{absMask, c127, c32767, maxFloat, order}
}

// The layouts of quantized rows: int8 codes, int8 codes with each 4 followed by their
// absolute values, int16 codes.
const (
	codes8 = iota
	codes8Abs
	codes16
)

// quantize generates a quantizeRows (int8.go) for one row of groups·64 values with the same
// float32 operations, so the same codes: per group of 64, m = max|x|; when 0 < m ≤ the
// largest float32, codes round(x·(c/m)) (VCVTPS2DQ: to nearest, ties to even), scale m/c,
// bias −128·Σ codes (int8 codes only); otherwise codes, scale and bias 0. c is 127 for int8
// codes, 32767 for int16 codes; layout is codes8 (64 bytes a group), codes8Abs (each 4
// codes followed by their absolute values, 128 bytes) or codes16 (128 bytes).
func quantize(name string, layout int, qc quantConsts) {
	absMask, c127, maxFloat, order := qc.absMask, qc.c127, qc.maxFloat, qc.order
	codeBytes := 64
	if layout != codes8 {
		codeBytes = 128
	}
	if layout == codes16 {
		c127 = qc.c32767
	}
	TEXT(name, NOSPLIT, "func(x *float32, groups int, q *int8, s *float32, bias *int32)")
	Doc(name + " quantizes groups·64 values of x into codes q, scales s and biases bias as quantizeRowsGo does (kernel_amd64.go).")
	x := Load(Param("x"), GP64())
	groups := Load(Param("groups"), GP64())
	q := Load(Param("q"), GP64())
	s := Load(Param("s"), GP64())
	bias := Load(Param("bias"), GP64())
	mask, k127, perm := YMM(), YMM(), YMM()
	VBROADCASTSS(absMask, mask)
	VBROADCASTSS(c127, k127)
	VMOVDQU(order, perm)

	Label("group")
	v := make([]VecVirtual, 8)
	for i := range v {
		v[i] = YMM()
		VMOVUPS(Mem{Base: x, Disp: 32 * i}, v[i])
	}
	m, tmp := YMM(), YMM()
	VANDPS(mask, v[0], m)
	for _, vi := range v[1:] {
		VANDPS(mask, vi, tmp)
		VMAXPS(tmp, m, m)
	}
	VPERM2F128(U8(1), m, m, tmp)
	VMAXPS(tmp, m, m)
	VPERMILPS(U8(0x4e), m, tmp)
	VMAXPS(tmp, m, m)
	VPERMILPS(U8(0xb1), m, tmp)
	VMAXPS(tmp, m, m)
	Comment("m = max|x| in every lane: 0, NaN or infinite gives a zero group.")
	VXORPS(tmp, tmp, tmp)
	VUCOMISS(tmp.AsX(), m.AsX())
	JLS(LabelRef("zero"))
	VUCOMISS(maxFloat, m.AsX())
	JHI(LabelRef("zero"))

	inv := YMM()
	VDIVPS(m, k127, inv)
	for _, vi := range v {
		VMULPS(inv, vi, vi)
		VCVTPS2DQ(vi, vi)
	}
	if layout == codes16 {
		VDIVSS(k127.AsX(), m.AsX(), tmp.AsX())
		VMOVSS(tmp.AsX(), Mem{Base: s})
		Comment("The 64 codes as int16, in order (VPERMQ undoes VPACKSSDW's lane interleave).")
		for h := range 4 {
			VPACKSSDW(v[2*h+1], v[2*h], v[2*h])
			VPERMQ(U8(0xd8), v[2*h], v[2*h])
			VMOVDQU(v[2*h], Mem{Base: q, Disp: 32 * h})
		}
	} else {
		Comment("bias = −128·Σ codes.")
		VPADDD(v[1], v[0], tmp)
		for _, vi := range v[2:] {
			VPADDD(vi, tmp, tmp)
		}
		t2 := YMM()
		VEXTRACTI128(U8(1), tmp, t2.AsX())
		VPADDD(t2.AsX(), tmp.AsX(), tmp.AsX())
		VPSHUFD(U8(0x4e), tmp.AsX(), t2.AsX())
		VPADDD(t2.AsX(), tmp.AsX(), tmp.AsX())
		VPSHUFD(U8(0xb1), tmp.AsX(), t2.AsX())
		VPADDD(t2.AsX(), tmp.AsX(), tmp.AsX())
		sum := GP32()
		VMOVD(tmp.AsX(), sum)
		IMUL3L(I32(-128), sum, sum)
		MOVL(sum, Mem{Base: bias})
		VDIVSS(k127.AsX(), m.AsX(), tmp.AsX())
		VMOVSS(tmp.AsX(), Mem{Base: s})
		Comment("The 64 codes as bytes, in order.")
		for h := range 2 {
			a, b, c, d := v[4*h], v[4*h+1], v[4*h+2], v[4*h+3]
			VPACKSSDW(b, a, a)
			VPACKSSDW(d, c, c)
			VPACKSSWB(c, a, a)
			VPERMD(a, perm, a)
			if layout == codes8 {
				VMOVDQU(a, Mem{Base: q, Disp: 32 * h})
				continue
			}
			Comment("Each 4 codes, then their absolute values.")
			VPABSB(a, b)
			VPUNPCKLDQ(b, a, c)
			VPUNPCKHDQ(b, a, d)
			VPERM2I128(U8(0x20), d, c, a)
			VPERM2I128(U8(0x31), d, c, b)
			VMOVDQU(a, Mem{Base: q, Disp: 64 * h})
			VMOVDQU(b, Mem{Base: q, Disp: 64*h + 32})
		}
	}
	JMP(LabelRef("next"))

	Label("zero")
	VPXOR(tmp, tmp, tmp)
	for off := 0; off < codeBytes; off += 32 {
		VMOVDQU(tmp, Mem{Base: q, Disp: off})
	}
	MOVL(U32(0), Mem{Base: bias})
	MOVL(U32(0), Mem{Base: s})

	Label("next")
	ADDQ(U32(256), x)
	ADDQ(U32(codeBytes), q)
	ADDQ(U8(4), s)
	ADDQ(U8(4), bias)
	DECQ(groups)
	JNZ(LabelRef("group"))
	VZEROUPPER()
	RET()
}

// nextStep ends one step of the "steps" loop: b moves past the 512 panel bytes of a step, each
// row pointer in rows past its aBytes codes, and the loop goes on while n counts down.
func nextStep(b, n Register, aBytes int, rows ...Register) {
	ADDQ(U32(512), b)
	for _, a := range rows {
		ADDQ(U8(aBytes), a)
	}
	DECQ(n)
	JNZ(LabelRef("steps"))
}

// nextGroup ends one group of 64 codes of the "group" loop: each of the per-row-group pointers
// (X's scales, biases) moves past its 4 bytes, ws past the panel's 32 column scales, and the
// loop goes on while groups counts down.
func nextGroup(groups, ws Register, perGroup ...Register) {
	for _, p := range perGroup {
		ADDQ(U8(4), p)
	}
	ADDQ(U8(128), ws)
	DECQ(groups)
	JNZ(LabelRef("group"))
}
