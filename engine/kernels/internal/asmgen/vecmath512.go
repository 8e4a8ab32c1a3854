package main

import (
	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	. "github.com/mmcloughlin/avo/reg"
)

// The AVX-512 vector math (vecmath_amd64.go): 16 lanes at a time, tails under a K mask, the
// constants of expf in registers, 2^k by VSCALEFPS.

var tail16 Mem

func vecmath512File() {
	tail16Table()
	expSum512()
	maxOf512()
	siluMul512()
	sumSquares512()
	scaleMul512()
	rope("ropeAVX512", 16)
	softmax512()
}

// tail16Table defines tail16: tail16 + 2r holds the 16-bit mask of an r-lane tail, (1<<r) − 1.
func tail16Table() {
	tail16 = GLOBL("tail16", RODATA|NOPTR)
	for r := range 16 {
		DATA(2*r, U16(uint16(1)<<r-1))
	}
}

// expConsts are the constants of expf (vecmath.go) broadcast to 16 lanes.
type expConsts struct {
	one, half, c6, c24, c120, c720, ln2lo, ln2hi, low, high, log2e, min VecVirtual
}

func loadExpConsts() *expConsts {
	c := &expConsts{}
	t := GP32()
	for _, f := range []struct {
		z    *VecVirtual
		bits uint32
	}{{&c.one, 0x3f800000}, {&c.half, 0x3f000000}, {&c.c6, 0x3e2aaaab}, {&c.c24, 0x3d2aaaab},
		{&c.c120, 0x3c088889}, {&c.c720, 0x3ab60b61}, {&c.ln2lo, 0xb95e8083}, {&c.ln2hi, 0x3f318000},
		{&c.low, 0xc2ae999a} /* −87.3: below it e^x is 0 */, {&c.high, 0x42b20000}, /* 89 */
		{&c.log2e, 0x3fb8aa3b}, {&c.min, 0xc2b00000} /* −88 */} {
		*f.z = ZMM()
		MOVL(U32(f.bits), t)
		VPBROADCASTD(t, *f.z)
	}
	return c
}

// exp512 returns e^x lane by lane as expf does (x clobbered): k = round(x·log2e),
// r = x − k·ln2hi − k·ln2lo, p = Taylor polynomial of e^r to degree 6 (Horner, FMAs),
// e^x = p·2^k by VSCALEFPS; lanes with x < −87.3 are zeroed, NaN kept.
func exp512(c *expConsts, x VecVirtual) VecVirtual {
	keep, k, y := K(), ZMM(), ZMM()
	VCMPPS(U8(5), c.low, x, keep)
	VMINPS(x, c.high, x)
	VMAXPS(x, c.min, x)
	VMULPS(c.log2e, x, k)
	VRNDSCALEPS(U8(0), k, k)
	VFNMADD231PS(c.ln2hi, k, x)
	VFNMADD231PS(c.ln2lo, k, x)
	VMOVAPS(c.c720, y)
	for _, ci := range []VecVirtual{c.c120, c.c24, c.c6, c.half, c.one, c.one} {
		VFMADD213PS(ci, x, y)
	}
	VSCALEFPS_Z(k, y, keep, y)
	return y
}

// tailMask16 returns the mask of the low n%16 lanes (n clobbered); it jumps to done when that
// is 0.
func tailMask16(n Register, done string) OpmaskVirtual {
	ANDQ(U8(15), n)
	JZ(LabelRef(done))
	p, m := GP64(), K()
	LEAQ(tail16, p)
	KMOVW(Mem{Base: p, Index: n, Scale: 2}, m)
	return m
}

// expSumLoop512 sets x[i] = e^(x[i]−shift) for the n values at x and adds them to sum.
func expSumLoop512(c *expConsts, x, n Register, shift, sum VecVirtual, name string) {
	blocks(n, 16, name, func() {
		v := ZMM()
		VMOVUPS(Mem{Base: x}, v)
		VSUBPS(shift, v, v)
		e := exp512(c, v)
		VMOVUPS(e, Mem{Base: x})
		VADDPS(e, sum, sum)
		ADDQ(U8(64), x)
	})
	m := tailMask16(n, name+"done")
	v := ZMM()
	VMOVUPS_Z(Mem{Base: x}, m, v)
	VSUBPS(shift, v, v)
	e := exp512(c, v)
	VMOVUPS(e, m, Mem{Base: x})
	VADDPS(e, sum, m, sum)
	Label(name + "done")
}

// maxLoop512 returns the lane-wise maximum of the n ≥ 1 values at x.
func maxLoop512(x, n Register, name string) VecVirtual {
	acc := ZMM()
	VBROADCASTSS(Mem{Base: x}, acc)
	blocks(n, 16, name, func() {
		VMAXPS(Mem{Base: x}, acc, acc)
		ADDQ(U8(64), x)
	})
	m := tailMask16(n, name+"done")
	VMAXPS(Mem{Base: x}, acc, m, acc)
	Label(name + "done")
	return acc
}

func expSum512() {
	TEXT("expSumAVX512", NOSPLIT, "func(x *float32, n int, shift float32) float32")
	Doc("expSumAVX512 sets x[i] = e^(x[i]−shift) and returns their sum (vecmath_amd64.go).")
	x := Load(Param("x"), GP64())
	n := Load(Param("n"), GP64())
	shift, sum := ZMM(), ZMM()
	VBROADCASTSS(NewParamAddr("shift", 16), shift)
	c := loadExpConsts()
	VPXORD(sum, sum, sum)
	expSumLoop512(c, x, n, shift, sum, "exp")
	VMOVSS(reduce(VADDPS, sum), NewParamAddr("ret", 24))
	VZEROUPPER()
	RET()
}

func maxOf512() {
	TEXT("maxOfAVX512", NOSPLIT, "func(x *float32, n int) float32")
	Doc("maxOfAVX512 returns the largest of the n ≥ 1 values at x (vecmath_amd64.go).")
	x := Load(Param("x"), GP64())
	n := Load(Param("n"), GP64())
	VMOVSS(reduce(VMAXPS, maxLoop512(x, n, "max")), NewParamAddr("ret", 16))
	VZEROUPPER()
	RET()
}

// silu16 sets gate = gate·up/(1+e^−gate), 16 lanes (zero: a register of zeros).
func silu16(c *expConsts, zero, gate, up VecVirtual) {
	neg := ZMM()
	VSUBPS(gate, zero, neg)
	e := exp512(c, neg)
	VADDPS(c.one, e, e)
	VMULPS(up, gate, gate)
	VDIVPS(e, gate, gate)
}

func siluMul512() {
	TEXT("siluMulAVX512", NOSPLIT, "func(out, gate, up *float32, n int)")
	Doc("siluMulAVX512 sets out[i] = SiLU(gate[i])·up[i] (vecmath_amd64.go).")
	out := Load(Param("out"), GP64())
	gate := Load(Param("gate"), GP64())
	up := Load(Param("up"), GP64())
	n := Load(Param("n"), GP64())
	c, zero := loadExpConsts(), ZMM()
	VPXORD(zero, zero, zero)
	blocks(n, 16, "silu", func() {
		g, u := ZMM(), ZMM()
		VMOVUPS(Mem{Base: gate}, g)
		VMOVUPS(Mem{Base: up}, u)
		silu16(c, zero, g, u)
		VMOVUPS(g, Mem{Base: out})
		for _, p := range []Register{gate, up, out} {
			ADDQ(U8(64), p)
		}
	})
	m := tailMask16(n, "done")
	g, u := ZMM(), ZMM()
	VMOVUPS_Z(Mem{Base: gate}, m, g)
	VMOVUPS_Z(Mem{Base: up}, m, u)
	silu16(c, zero, g, u)
	VMOVUPS(g, m, Mem{Base: out})
	Label("done")
	VZEROUPPER()
	RET()
}

func sumSquares512() {
	TEXT("sumSquaresAVX512", NOSPLIT, "func(x *float32, n int) float32")
	Doc("sumSquaresAVX512 returns Σ x[i]² (vecmath_amd64.go).")
	x := Load(Param("x"), GP64())
	n := Load(Param("n"), GP64())
	acc := ZMM()
	VPXORD(acc, acc, acc)
	blocks(n, 16, "sq", func() {
		v := ZMM()
		VMOVUPS(Mem{Base: x}, v)
		VFMADD231PS(v, v, acc)
		ADDQ(U8(64), x)
	})
	m := tailMask16(n, "reduce")
	v := ZMM()
	VMOVUPS_Z(Mem{Base: x}, m, v)
	VFMADD231PS(v, v, acc)
	Label("reduce")
	VMOVSS(reduce(VADDPS, acc), NewParamAddr("ret", 16))
	VZEROUPPER()
	RET()
}

func scaleMul512() {
	TEXT("scaleMulAVX512", NOSPLIT, "func(out, x, w *float32, n int, s float32)")
	Doc("scaleMulAVX512 sets out[i] = s·x[i]·w[i] (vecmath_amd64.go).")
	out := Load(Param("out"), GP64())
	x := Load(Param("x"), GP64())
	w := Load(Param("w"), GP64())
	n := Load(Param("n"), GP64())
	s := ZMM()
	VBROADCASTSS(NewParamAddr("s", 32), s)
	blocks(n, 16, "sm", func() {
		v := ZMM()
		VMULPS(Mem{Base: x}, s, v)
		VMULPS(Mem{Base: w}, v, v)
		VMOVUPS(v, Mem{Base: out})
		for _, p := range []Register{x, w, out} {
			ADDQ(U8(64), p)
		}
	})
	m := tailMask16(n, "done")
	v, u := ZMM(), ZMM()
	VMOVUPS_Z(Mem{Base: x}, m, v)
	VMOVUPS_Z(Mem{Base: w}, m, u)
	VMULPS(s, v, v)
	VMULPS(u, v, v)
	VMOVUPS(v, m, Mem{Base: out})
	Label("done")
	VZEROUPPER()
	RET()
}

// softmax512: pass 1, max(x); pass 2, x = e^(x−max) and their sum Σ; pass 3, x ·= 1/Σ.
func softmax512() {
	TEXT("softmaxAVX512", NOSPLIT, "func(x *float32, n int)")
	Doc("softmaxAVX512 sets the n ≥ 1 values at x to their softmax (vecmath_amd64.go).")
	x0 := Load(Param("x"), GP64())
	n0 := Load(Param("n"), GP64())
	x, n := GP64(), GP64()
	MOVQ(x0, x)
	MOVQ(n0, n)
	shift := ZMM()
	VBROADCASTSS(reduce(VMAXPS, maxLoop512(x, n, "max")), shift)

	c := loadExpConsts()
	sum := ZMM()
	VPXORD(sum, sum, sum)
	MOVQ(x0, x)
	MOVQ(n0, n)
	expSumLoop512(c, x, n, shift, sum, "exp")
	inv := reduce(VADDPS, sum)
	VDIVSS(inv, c.one.AsX(), inv) // 1/Σ
	scale := ZMM()
	VBROADCASTSS(inv, scale)

	MOVQ(x0, x)
	MOVQ(n0, n)
	blocks(n, 16, "scale", func() {
		v := ZMM()
		VMULPS(Mem{Base: x}, scale, v)
		VMOVUPS(v, Mem{Base: x})
		ADDQ(U8(64), x)
	})
	m := tailMask16(n, "done")
	v := ZMM()
	VMULPS_Z(Mem{Base: x}, scale, m, v)
	VMOVUPS(v, m, Mem{Base: x})
	Label("done")
	VZEROUPPER()
	RET()
}
