//go:build !noasm

#include "textflag.h"
#include "neon_arm64.h"

// NEON vector math (vecmath_arm64.go). Every routine takes n, a positive multiple of 4, and
// works four lanes at a time; the Go wrappers pass the last n%4 values as a padded copy.

// EXPCONSTS loads the constants of EXP into V18-V31 (R0 is clobbered).
#define EXPCONSTS \
	MOVW	$0x3fb8aa3b, R0; VDUP R0, V18.S4 /* log2 e */ \
	MOVW	$0x4b400000, R0; VDUP R0, V19.S4 /* magic 1.5·2^23 */ \
	MOVW	$0x3f318000, R0; VDUP R0, V20.S4 /* ln2hi 0.693359375 */ \
	MOVW	$0xb95e8083, R0; VDUP R0, V21.S4 /* ln2lo −2.12194440e-4 */ \
	MOVW	$0xc2ae999a, R0; VDUP R0, V22.S4 /* −87.3: below it e^x is 0 */ \
	MOVW	$0x42b20000, R0; VDUP R0, V23.S4 /* 89: e^89 overflows already */ \
	MOVW	$0x3ab60b61, R0; VDUP R0, V24.S4 /* 1/720 */ \
	MOVW	$0x3c088889, R0; VDUP R0, V25.S4 /* 1/120 */ \
	MOVW	$0x3d2aaaab, R0; VDUP R0, V26.S4 /* 1/24 */ \
	MOVW	$0x3e2aaaab, R0; VDUP R0, V27.S4 /* 1/6 */ \
	MOVW	$0x3f000000, R0; VDUP R0, V28.S4 /* 1/2 */ \
	MOVW	$0x3f800000, R0; VDUP R0, V29.S4 /* 1, and the bits of 2^0 */ \
	MOVW	$0x4b3fff81, R0; VDUP R0, V30.S4 /* bits(magic) − 127: k+127 = bits(kf) − this */ \
	MOVW	$254, R0; VDUP R0, V31.S4 /* the largest biased exponent 2^127 */

// HORNER(d, s, c): Vd = Vc + V0·Vs, one step of the polynomial in r = V0.
#define HORNER(d, s, c) VORR c.B16, c.B16, d.B16; VFMLA s.S4, V0.S4, d.S4

// EXP sets V0 = e^V0 lane by lane as expf does (vecmath.go): x = k·ln2 + r, e^r by its
// degree-6 Taylor polynomial, times 2^k made from bits (in two factors, 2^min(k,127) and the
// rest, so that k = 128 does not overflow the exponent field); 0 below −87.3, NaN stays NaN.
// Uses V1-V4 and the constants of EXPCONSTS.
#define EXP \
	FCMGT4(4, 22, 0) /* V4: lanes below −87.3 */ \
	FMIN4(0, 0, 23) \
	VORR	V19.B16, V19.B16, V1.B16 \
	VFMLA	V18.S4, V0.S4, V1.S4 /* V1 = kf = x·log2e + magic */ \
	FSUB4(2, 1, 19) /* V2 = k */ \
	VFMLS	V20.S4, V2.S4, V0.S4 \
	VFMLS	V21.S4, V2.S4, V0.S4 /* V0 = r = x − k·ln2hi − k·ln2lo */ \
	HORNER(V2, V24, V25) \
	HORNER(V3, V2, V26) \
	HORNER(V2, V3, V27) \
	HORNER(V3, V2, V28) \
	HORNER(V2, V3, V29) \
	HORNER(V3, V2, V29) /* V3 = p = e^r */ \
	VSUB	V30.S4, V1.S4, V1.S4 /* V1 = k+127 */ \
	VUMIN	V31.S4, V1.S4, V2.S4 /* V2 = min(k+127, 254) */ \
	VSUB	V2.S4, V1.S4, V1.S4 \
	VSHL	$23, V2.S4, V2.S4 /* V2 = 2^min(k,127) */ \
	VSHL	$23, V1.S4, V1.S4 \
	VADD	V29.S4, V1.S4, V1.S4 /* V1 = 2^(k−min(k,127)) */ \
	FMUL4(0, 3, 2) \
	FMUL4(0, 0, 1) \
	VEOR	V1.B16, V1.B16, V1.B16 \
	VBIT	V4.B16, V1.B16, V0.B16 /* 0 below −87.3 */

// func expSumNEON(x *float32, n int, shift float32) float32
TEXT ·expSumNEON(SB), NOSPLIT, $0-28
	EXPCONSTS
	MOVD	x+0(FP), R1
	MOVD	n+8(FP), R2
	FMOVS	shift+16(FP), F5
	VDUP	V5.S[0], V5.S4
	VEOR	V16.B16, V16.B16, V16.B16
loop:
	VLD1	(R1), [V0.S4]
	FSUB4(0, 0, 5)
	EXP
	VST1.P	[V0.S4], 16(R1)
	FADD4(16, 16, 0)
	SUBS	$4, R2
	BNE	loop
	FADDP4(16, 16, 16)
	FADDPS(16, 16)
	FMOVS	F16, ret+24(FP)
	RET

// func siluMulNEON(out, gate, up *float32, n int)
TEXT ·siluMulNEON(SB), NOSPLIT, $0-32
	EXPCONSTS
	MOVD	out+0(FP), R1
	MOVD	gate+8(FP), R2
	MOVD	up+16(FP), R3
	MOVD	n+24(FP), R4
loop:
	VLD1.P	16(R2), [V5.S4]
	VLD1.P	16(R3), [V6.S4]
	FNEG4(0, 5)
	EXP
	FADD4(0, 0, 29) /* 1 + e^−z */
	FMUL4(6, 5, 6) /* z·up */
	FDIV4(0, 6, 0)
	VST1.P	[V0.S4], 16(R1)
	SUBS	$4, R4
	BNE	loop
	RET

// func maxOfNEON(x *float32, n int) float32
TEXT ·maxOfNEON(SB), NOSPLIT, $0-20
	MOVD	x+0(FP), R1
	MOVD	n+8(FP), R2
	VLD1	(R1), [V16.S4]
loop:
	VLD1.P	16(R1), [V0.S4]
	FMAX4(16, 16, 0)
	SUBS	$4, R2
	BNE	loop
	FMAXV(16, 16)
	FMOVS	F16, ret+16(FP)
	RET

// func scaleNEON(x *float32, n int, s float32)
TEXT ·scaleNEON(SB), NOSPLIT, $0-20
	MOVD	x+0(FP), R1
	MOVD	n+8(FP), R2
	FMOVS	s+16(FP), F5
loop:
	VLD1	(R1), [V0.S4]
	FMULE(0, 0, 5, 0)
	VST1.P	[V0.S4], 16(R1)
	SUBS	$4, R2
	BNE	loop
	RET

// func sumSquaresNEON(x *float32, n int) float32
TEXT ·sumSquaresNEON(SB), NOSPLIT, $0-20
	MOVD	x+0(FP), R1
	MOVD	n+8(FP), R2
	VEOR	V16.B16, V16.B16, V16.B16
loop:
	VLD1.P	16(R1), [V0.S4]
	VFMLA	V0.S4, V0.S4, V16.S4
	SUBS	$4, R2
	BNE	loop
	FADDP4(16, 16, 16)
	FADDPS(16, 16) /* (s0+s1) + (s2+s3), as sumSquaresGo */
	FMOVS	F16, ret+16(FP)
	RET

// func scaleMulNEON(out, x, w *float32, n int, s float32)
TEXT ·scaleMulNEON(SB), NOSPLIT, $0-36
	MOVD	out+0(FP), R1
	MOVD	x+8(FP), R2
	MOVD	w+16(FP), R3
	MOVD	n+24(FP), R4
	FMOVS	s+32(FP), F5
loop:
	VLD1.P	16(R2), [V0.S4]
	VLD1.P	16(R3), [V1.S4]
	FMULE(0, 0, 5, 0)
	FMUL4(0, 0, 1) /* (x·s)·w, the order of scaleMulGo */
	VST1.P	[V0.S4], 16(R1)
	SUBS	$4, R4
	BNE	loop
	RET

// func ropeNEON(x *float32, n int, cos, sin *float32, half int)
// half is a multiple of 4 and n of 2·half. For each head, pairs (a, b) = (x[j], x[j+half]):
// a·cos − b·sin and b·cos + a·sin.
TEXT ·ropeNEON(SB), NOSPLIT, $0-40
	MOVD	x+0(FP), R1
	MOVD	n+8(FP), R2
	MOVD	half+32(FP), R5
	LSL	$2, R5, R6 // half in bytes
head:
	MOVD	cos+16(FP), R3
	MOVD	sin+24(FP), R4
	ADD	R1, R6, R7 // second half of the head
	MOVD	R5, R8
pair:
	VLD1	(R1), [V0.S4] // a
	VLD1	(R7), [V1.S4] // b
	VLD1.P	16(R3), [V2.S4]
	VLD1.P	16(R4), [V3.S4]
	FMUL4(4, 0, 2)
	VFMLS	V3.S4, V1.S4, V4.S4 // a·cos − b·sin
	FMUL4(5, 1, 2)
	VFMLA	V3.S4, V0.S4, V5.S4 // b·cos + a·sin
	VST1.P	[V4.S4], 16(R1)
	VST1.P	[V5.S4], 16(R7)
	SUBS	$4, R8
	BNE	pair
	MOVD	R7, R1 // next head
	SUB	R6>>1, R2 // n −= 2·half (R6 is 4·half)
	CBNZ	R2, head
	RET
