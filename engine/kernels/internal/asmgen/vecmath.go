package main

import (
	"fmt"

	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	. "github.com/mmcloughlin/avo/reg"
)

// The AVX2+FMA vector math (vecmath_amd64.go): the routines of vecmath_avx512_amd64.s, 8 lanes
// at a time with VMASKMOVPS tails. Only VEX-encoded instructions (scalars too), and VZEROUPPER
// before every return, so no SSE/AVX transition penalty reaches the Go code around them.

// The eight-lane constants of vconst, by offset: those of expf (vecmath.go), then 127 as an
// int32.
const (
	cOne    = 0   // 1
	cHalf   = 32  // 1/2
	c6      = 64  // 1/6
	c24     = 96  // 1/24
	c120    = 128 // 1/120
	c720    = 160 // 1/720
	cLn2lo  = 192
	cLn2hi  = 224
	cLow    = 256 // −87.3: below it e^x is 0
	cHigh   = 288 // 89: e^89 overflows already
	cLog2e  = 320
	cExpOff = 352 // 127, the float32 exponent bias
)

var vconst, tailmask Mem

func vecmathFile() {
	vconst = GLOBL("vconst", RODATA|NOPTR)
	for i, v := range []uint32{0x3f800000, 0x3f000000, 0x3e2aaaab, 0x3d2aaaab, 0x3c088889, 0x3ab60b61,
		0xb95e8083, 0x3f318000, 0xc2ae999a, 0x42b20000, 0x3fb8aa3b, 0x0000007f} {
		for lane := range 8 {
			DATA(32*i+4*lane, U32(v))
		}
	}
	tailmaskTable()
	expSum()
	maxOf()
	siluMul()
	sumSquares()
	scaleMul()
	rope("ropeAVX2", 8)
	softmax()
}

// tailmaskTable defines tailmask: tailmask+32−4r holds r all-ones lanes, then zeros, the
// VMASKMOVPS mask of an r-lane tail.
func tailmaskTable() {
	tailmask = GLOBL("tailmask", RODATA|NOPTR)
	for i := range 8 {
		v := uint32(0)
		if i < 4 {
			v = 0xffffffff
		}
		DATA(8*i, U64(uint64(v)<<32|uint64(v)))
	}
}

func vc(off int) Mem { return vconst.Offset(off) }

// exp returns e^x lane by lane as expf does (x clobbered): k = round(x·log2e),
// r = x − k·ln2hi − k·ln2lo, p = Taylor polynomial of e^r to degree 6 (Horner, FMAs),
// e^x = p·2^(k>>1)·2^(k−k>>1) (two factors, so k up to 128 needs no special case); lanes with
// x < −87.3 are zeroed, NaN kept (VMINPS returns its second source, x, for NaN).
func exp(x VecVirtual) VecVirtual {
	keep, t, k, y := YMM(), YMM(), YMM(), YMM()
	VCMPPS(U8(5), vc(cLow), x, keep)
	VMOVUPS(vc(cHigh), t)
	VMINPS(x, t, x)
	VMULPS(vc(cLog2e), x, k)
	VROUNDPS(U8(0), k, k)
	VCVTPS2DQ(k, t)
	VFNMADD231PS(vc(cLn2hi), k, x)
	VFNMADD231PS(vc(cLn2lo), k, x)
	VMOVUPS(vc(c720), y)
	for _, c := range []int{c120, c24, c6, cHalf, cOne, cOne} {
		VFMADD213PS(vc(c), x, y)
	}
	VPSRAD(U8(1), t, k)
	VPSUBD(k, t, t)
	for _, e := range []VecVirtual{k, t} {
		VPADDD(vc(cExpOff), e, e)
		VPSLLD(U8(23), e, e)
		VMULPS(e, y, y)
	}
	VANDPS(keep, y, y)
	return y
}

// blocks runs body once per whole block of lanes (8 or 16) of the n values (n unchanged),
// then falls into the label name+"tail".
func blocks(n Register, lanes int, name string, body func()) {
	shift := map[int]uint8{8: 3, 16: 4}[lanes]
	cnt := GP64()
	MOVQ(n, cnt)
	SHRQ(U8(shift), cnt)
	JZ(LabelRef(name + "tail"))
	Label(name + "loop")
	body()
	DECQ(cnt)
	JNZ(LabelRef(name + "loop"))
	Label(name + "tail")
}

// tailMask returns the mask of the low n%8 lanes (n clobbered); it jumps to done when that
// is 0.
func tailMask(n Register, done string) VecVirtual {
	ANDQ(U8(7), n)
	JZ(LabelRef(done))
	p, m := GP64(), YMM()
	LEAQ(tailmask.Offset(32), p)
	SHLQ(U8(2), n)
	SUBQ(n, p)
	VMOVUPS(Mem{Base: p}, m)
	return m
}

// reduce folds the 8 lanes of acc (ymm; zmm: 16) into the low lane of the result with op
// (VADDPS, VMAXPS).
func reduce(op func(...Op), acc VecVirtual) VecVirtual {
	if acc.Size() == 64 {
		y := YMM()
		VEXTRACTF64X4(U8(1), acc, y)
		op(y, acc.AsY(), y)
		acc = y
	}
	r, t := XMM(), XMM()
	VEXTRACTF128(U8(1), acc, r)
	op(r, acc.AsX(), r)
	VMOVHLPS(r, r, t)
	op(t, r, r)
	VMOVSHDUP(r, t)
	op(t, r, r)
	return r
}

// expSumLoop sets x[i] = e^(x[i]−shift) for the n values at x and adds them to sum.
func expSumLoop(x, n Register, shift, sum VecVirtual, name string) {
	blocks(n, 8, name, func() {
		v := YMM()
		VMOVUPS(Mem{Base: x}, v)
		VSUBPS(shift, v, v)
		e := exp(v)
		VMOVUPS(e, Mem{Base: x})
		VADDPS(e, sum, sum)
		ADDQ(U8(32), x)
	})
	m := tailMask(n, name+"done")
	v := YMM()
	VMASKMOVPS(Mem{Base: x}, m, v)
	VSUBPS(shift, v, v)
	e := exp(v)
	VANDPS(m, e, e)
	VMASKMOVPS(e, m, Mem{Base: x})
	VADDPS(e, sum, sum)
	Label(name + "done")
}

// maxLoop returns the lane-wise maximum of the n ≥ 1 values at x.
func maxLoop(x, n Register, name string) VecVirtual {
	acc := YMM()
	VBROADCASTSS(Mem{Base: x}, acc)
	blocks(n, 8, name, func() {
		VMAXPS(Mem{Base: x}, acc, acc)
		ADDQ(U8(32), x)
	})
	m := tailMask(n, name+"done")
	v, b := YMM(), YMM()
	VMASKMOVPS(Mem{Base: x}, m, v)
	VBLENDVPS(m, v, acc, b)
	VMAXPS(b, acc, acc)
	Label(name + "done")
	return acc
}

func expSum() {
	TEXT("expSumAVX2", NOSPLIT, "func(x *float32, n int, shift float32) float32")
	Doc("expSumAVX2 sets x[i] = e^(x[i]−shift) and returns their sum (vecmath_amd64.go).")
	x := Load(Param("x"), GP64())
	n := Load(Param("n"), GP64())
	shift, sum := YMM(), YMM()
	VBROADCASTSS(NewParamAddr("shift", 16), shift)
	VXORPS(sum, sum, sum)
	expSumLoop(x, n, shift, sum, "exp")
	VMOVSS(reduce(VADDPS, sum), NewParamAddr("ret", 24))
	VZEROUPPER()
	RET()
}

func maxOf() {
	TEXT("maxOfAVX2", NOSPLIT, "func(x *float32, n int) float32")
	Doc("maxOfAVX2 returns the largest of the n ≥ 1 values at x (vecmath_amd64.go).")
	x := Load(Param("x"), GP64())
	n := Load(Param("n"), GP64())
	VMOVSS(reduce(VMAXPS, maxLoop(x, n, "max")), NewParamAddr("ret", 16))
	VZEROUPPER()
	RET()
}

// silu8 sets gate = gate·up/(1+e^−gate), 8 lanes.
func silu8(gate, up VecVirtual) {
	neg := YMM()
	VXORPS(neg, neg, neg)
	VSUBPS(gate, neg, neg)
	e := exp(neg)
	VADDPS(vc(cOne), e, e)
	VMULPS(up, gate, gate)
	VDIVPS(e, gate, gate)
}

func siluMul() {
	TEXT("siluMulAVX2", NOSPLIT, "func(out, gate, up *float32, n int)")
	Doc("siluMulAVX2 sets out[i] = SiLU(gate[i])·up[i] (vecmath_amd64.go).")
	out := Load(Param("out"), GP64())
	gate := Load(Param("gate"), GP64())
	up := Load(Param("up"), GP64())
	n := Load(Param("n"), GP64())
	blocks(n, 8, "silu", func() {
		g, u := YMM(), YMM()
		VMOVUPS(Mem{Base: gate}, g)
		VMOVUPS(Mem{Base: up}, u)
		silu8(g, u)
		VMOVUPS(g, Mem{Base: out})
		for _, p := range []Register{gate, up, out} {
			ADDQ(U8(32), p)
		}
	})
	m := tailMask(n, "done")
	g, u := YMM(), YMM()
	VMASKMOVPS(Mem{Base: gate}, m, g)
	VMASKMOVPS(Mem{Base: up}, m, u)
	silu8(g, u)
	VMASKMOVPS(g, m, Mem{Base: out})
	Label("done")
	VZEROUPPER()
	RET()
}

func sumSquares() {
	TEXT("sumSquaresAVX2", NOSPLIT, "func(x *float32, n int) float32")
	Doc("sumSquaresAVX2 returns Σ x[i]² (vecmath_amd64.go).")
	x := Load(Param("x"), GP64())
	n := Load(Param("n"), GP64())
	acc := YMM()
	VXORPS(acc, acc, acc)
	blocks(n, 8, "sq", func() {
		v := YMM()
		VMOVUPS(Mem{Base: x}, v)
		VFMADD231PS(v, v, acc)
		ADDQ(U8(32), x)
	})
	m := tailMask(n, "reduce")
	v := YMM()
	VMASKMOVPS(Mem{Base: x}, m, v)
	VFMADD231PS(v, v, acc)
	Label("reduce")
	VMOVSS(reduce(VADDPS, acc), NewParamAddr("ret", 16))
	VZEROUPPER()
	RET()
}

func scaleMul() {
	TEXT("scaleMulAVX2", NOSPLIT, "func(out, x, w *float32, n int, s float32)")
	Doc("scaleMulAVX2 sets out[i] = s·x[i]·w[i] (vecmath_amd64.go).")
	out := Load(Param("out"), GP64())
	x := Load(Param("x"), GP64())
	w := Load(Param("w"), GP64())
	n := Load(Param("n"), GP64())
	s := YMM()
	VBROADCASTSS(NewParamAddr("s", 32), s)
	blocks(n, 8, "sm", func() {
		v := YMM()
		VMULPS(Mem{Base: x}, s, v)
		VMULPS(Mem{Base: w}, v, v)
		VMOVUPS(v, Mem{Base: out})
		for _, p := range []Register{x, w, out} {
			ADDQ(U8(32), p)
		}
	})
	m := tailMask(n, "done")
	v, u := YMM(), YMM()
	VMASKMOVPS(Mem{Base: x}, m, v)
	VMASKMOVPS(Mem{Base: w}, m, u)
	VMULPS(s, v, v)
	VMULPS(u, v, v)
	VMASKMOVPS(v, m, Mem{Base: out})
	Label("done")
	VZEROUPPER()
	RET()
}

// rope: for each head (2·half floats at x) and each lanes pairs j, x1 = x1·cos − x2·sin and
// x2 = x2·cos + x1·sin, x1 in the head's first half and x2 in its second (half a multiple of
// lanes, 8 in ymm or 16 in zmm registers).
func rope(name string, lanes int) {
	vec := YMM
	if lanes == 16 {
		vec = ZMM
	}
	TEXT(name, NOSPLIT, "func(x *float32, n int, cos, sin *float32, half int)")
	Doc(fmt.Sprintf("%s rotates the pairs of every head of x by the angles of cos and sin; half a multiple of %d (vecmath_amd64.go).", name, lanes))
	x := Load(Param("x"), GP64())
	n := Load(Param("n"), GP64())
	cos := Load(Param("cos"), GP64())
	sin := Load(Param("sin"), GP64())
	half := Load(Param("half"), GP64())
	SHLQ(U8(2), half) // in bytes: x2 = x1 + half
	SHRQ(U8(1), n)    // pairs left in x
	JZ(LabelRef("done"))
	j, x2 := GP64(), GP64()
	Label("head")
	XORQ(j, j) // byte offset of j within the head's halves and the tables
	LEAQ(Mem{Base: x, Index: half, Scale: 1}, x2)
	Label("pair")
	at := func(base Register) Mem { return Mem{Base: base, Index: j, Scale: 1} }
	v1, v2, c, s, r1, r2 := vec(), vec(), vec(), vec(), vec(), vec()
	VMOVUPS(at(x), v1)
	VMOVUPS(at(x2), v2)
	VMOVUPS(at(cos), c)
	VMOVUPS(at(sin), s)
	VMULPS(s, v2, r1)
	VFMSUB231PS(c, v1, r1) // x1·cos − x2·sin
	VMULPS(s, v1, r2)
	VFMADD231PS(c, v2, r2) // x2·cos + x1·sin
	VMOVUPS(r1, at(x))
	VMOVUPS(r2, at(x2))
	ADDQ(U8(4*lanes), j)
	SUBQ(U8(lanes), n)
	CMPQ(j, half)
	JLT(LabelRef("pair"))
	LEAQ(Mem{Base: x, Index: half, Scale: 2}, x) // next head
	TESTQ(n, n)
	JNZ(LabelRef("head"))
	Label("done")
	VZEROUPPER()
	RET()
}

// softmax: pass 1, max(x); pass 2, x = e^(x−max) and their sum Σ; pass 3, x ·= 1/Σ.
func softmax() {
	TEXT("softmaxAVX2", NOSPLIT, "func(x *float32, n int)")
	Doc("softmaxAVX2 sets the n ≥ 1 values at x to their softmax (vecmath_amd64.go).")
	x0 := Load(Param("x"), GP64())
	n0 := Load(Param("n"), GP64())
	x, n := GP64(), GP64()
	MOVQ(x0, x)
	MOVQ(n0, n)
	shift := YMM()
	VBROADCASTSS(reduce(VMAXPS, maxLoop(x, n, "max")), shift)

	sum := YMM()
	VXORPS(sum, sum, sum)
	MOVQ(x0, x)
	MOVQ(n0, n)
	expSumLoop(x, n, shift, sum, "exp")
	total, inv := reduce(VADDPS, sum), XMM()
	VMOVSS(vc(cOne), inv)
	VDIVSS(total, inv, inv)
	scale := YMM()
	VBROADCASTSS(inv, scale)

	MOVQ(x0, x)
	MOVQ(n0, n)
	blocks(n, 8, "scale", func() {
		v := YMM()
		VMULPS(Mem{Base: x}, scale, v)
		VMOVUPS(v, Mem{Base: x})
		ADDQ(U8(32), x)
	})
	m := tailMask(n, "done")
	v := YMM()
	VMASKMOVPS(Mem{Base: x}, m, v)
	VMULPS(scale, v, v)
	VMASKMOVPS(v, m, Mem{Base: x})
	Label("done")
	VZEROUPPER()
	RET()
}
