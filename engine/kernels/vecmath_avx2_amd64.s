//go:build amd64 && !noasm

#include "textflag.h"

// AVX2+FMA vector math: the routines of vecmath_avx512_amd64.s, 8 lanes at a time, with
// VMASKMOVPS tails. Only VEX-encoded instructions (scalars too), and VZEROUPPER before every
// return, so no SSE/AVX transition penalty reaches the Go code around them.
//
// Register use:
//	Y0-Y2    the current 8 values and temporaries (EXP: Y0 in, Y2 out, Y1 Y6 Y7 clobbered)
//	Y3       the running sum or maximum; Y4 the shift or scale; Y5 the tail mask
//	Y8-Y9    SiLU's gate and up values; RoPE's operands in Y0-Y9
//	DI, SI, DX  pointers; CX n; BX loop counter

// The constants, eight lanes each: those of expf (vecmath.go), then 127 as an int32.
#define C8(off, v) \
	DATA vconst<>+(off)(SB)/4, $v; \
	DATA vconst<>+(off+4)(SB)/4, $v; \
	DATA vconst<>+(off+8)(SB)/4, $v; \
	DATA vconst<>+(off+12)(SB)/4, $v; \
	DATA vconst<>+(off+16)(SB)/4, $v; \
	DATA vconst<>+(off+20)(SB)/4, $v; \
	DATA vconst<>+(off+24)(SB)/4, $v; \
	DATA vconst<>+(off+28)(SB)/4, $v

C8(0, 0x3f800000)   // 1
C8(32, 0x3f000000)  // 1/2
C8(64, 0x3e2aaaab)  // 1/6
C8(96, 0x3d2aaaab)  // 1/24
C8(128, 0x3c088889) // 1/120
C8(160, 0x3ab60b61) // 1/720
C8(192, 0xb95e8083) // ln2lo
C8(224, 0x3f318000) // ln2hi
C8(256, 0xc2ae999a) // −87.3: below it e^x is 0
C8(288, 0x42b20000) // 89: e^89 overflows already
C8(320, 0x3fb8aa3b) // log2e
C8(352, 0x0000007f) // 127, the float32 exponent bias
GLOBL vconst<>(SB), RODATA|NOPTR, $384

#define ONE vconst<>+0(SB)

// tailmask<>+32−4r holds r all-ones lanes, then zeros: the VMASKMOVPS mask of an r-lane tail.
DATA tailmask<>+0(SB)/8, $-1
DATA tailmask<>+8(SB)/8, $-1
DATA tailmask<>+16(SB)/8, $-1
DATA tailmask<>+24(SB)/8, $-1
DATA tailmask<>+32(SB)/8, $0
DATA tailmask<>+40(SB)/8, $0
DATA tailmask<>+48(SB)/8, $0
DATA tailmask<>+56(SB)/8, $0
GLOBL tailmask<>(SB), RODATA|NOPTR, $64

// EXP sets Y2 = e^Y0 lane by lane as expf does (Y0, Y1, Y6, Y7 clobbered): k = round(x·log2e),
// r = x − k·ln2hi − k·ln2lo, p = Taylor polynomial of e^r to degree 6 (Horner, FMAs),
// e^x = p·2^(k>>1)·2^(k−k>>1) (two factors, so k up to 128 needs no special case); lanes with
// x < −87.3 are zeroed, NaN kept (VMINPS returns its second source, x, for NaN).
#define EXP \
	VCMPPS $5, vconst<>+256(SB), Y0, Y7; \
	VMOVUPS vconst<>+288(SB), Y6; \
	VMINPS Y0, Y6, Y0; \
	VMULPS vconst<>+320(SB), Y0, Y1; \
	VROUNDPS $0, Y1, Y1; \
	VCVTPS2DQ Y1, Y6; \
	VFNMADD231PS vconst<>+224(SB), Y1, Y0; \
	VFNMADD231PS vconst<>+192(SB), Y1, Y0; \
	VMOVUPS vconst<>+160(SB), Y2; \
	VFMADD213PS vconst<>+128(SB), Y0, Y2; \
	VFMADD213PS vconst<>+96(SB), Y0, Y2; \
	VFMADD213PS vconst<>+64(SB), Y0, Y2; \
	VFMADD213PS vconst<>+32(SB), Y0, Y2; \
	VFMADD213PS ONE, Y0, Y2; \
	VFMADD213PS ONE, Y0, Y2; \
	VPSRAD $1, Y6, Y1; \
	VPSUBD Y1, Y6, Y6; \
	VPADDD vconst<>+352(SB), Y1, Y1; \
	VPSLLD $23, Y1, Y1; \
	VMULPS Y1, Y2, Y2; \
	VPADDD vconst<>+352(SB), Y6, Y6; \
	VPSLLD $23, Y6, Y6; \
	VMULPS Y6, Y2, Y2; \
	VANDPS Y7, Y2, Y2

// TAILMASK(label) sets Y5 to the mask of the low CX%8 lanes and CX to CX%8; jumps to label
// when that is 0.
#define TAILMASK(label) \
	ANDQ $7, CX; \
	JZ   label; \
	LEAQ tailmask<>+32(SB), AX; \
	SHLQ $2, CX; \
	SUBQ CX, AX; \
	SHRQ $2, CX; \
	VMOVUPS (AX), Y5

// REDUCE(op) folds the 8 lanes of Y3 into X0's low lane with op (VADDPS or VMAXPS).
#define REDUCE(op) \
	VEXTRACTF128 $1, Y3, X0; \
	op X0, X3, X0; \
	VMOVHLPS X0, X0, X1; \
	op X1, X0, X0; \
	VMOVSHDUP X0, X1; \
	op X1, X0, X0

// EXPSUM(label) sets x[i] = e^(x[i]−Y4) for the CX values at DI and adds them to Y3.
#define EXPSUM(loop, tail, done) \
	MOVQ CX, BX; \
	SHRQ $3, BX; \
	JZ   tail; \
loop: \
	VMOVUPS (DI), Y0; \
	VSUBPS Y4, Y0, Y0; \
	EXP; \
	VMOVUPS Y2, (DI); \
	VADDPS Y2, Y3, Y3; \
	ADDQ $32, DI; \
	DECQ BX; \
	JNZ  loop; \
tail: \
	TAILMASK(done); \
	VMASKMOVPS (DI), Y5, Y0; \
	VSUBPS Y4, Y0, Y0; \
	EXP; \
	VANDPS Y5, Y2, Y2; \
	VMASKMOVPS Y2, Y5, (DI); \
	VADDPS Y2, Y3, Y3; \
done:

// MAX(label) sets Y3 to the lane-wise maximum of the CX ≥ 1 values at DI.
#define MAX(loop, tail, done) \
	VBROADCASTSS (DI), Y3; \
	MOVQ CX, BX; \
	SHRQ $3, BX; \
	JZ   tail; \
loop: \
	VMAXPS (DI), Y3, Y3; \
	ADDQ $32, DI; \
	DECQ BX; \
	JNZ  loop; \
tail: \
	TAILMASK(done); \
	VMASKMOVPS (DI), Y5, Y0; \
	VBLENDVPS Y5, Y0, Y3, Y1; \
	VMAXPS Y1, Y3, Y3; \
done:

// func expSumAVX2(x *float32, n int, shift float32) float32
TEXT ·expSumAVX2(SB), NOSPLIT, $0-28
	MOVQ x+0(FP), DI
	MOVQ n+8(FP), CX
	VBROADCASTSS shift+16(FP), Y4
	VXORPS Y3, Y3, Y3
	EXPSUM(exploop, exptail, expreduce)
	REDUCE(VADDPS)
	VMOVSS X0, ret+24(FP)
	VZEROUPPER
	RET

// func maxOfAVX2(x *float32, n int) float32
TEXT ·maxOfAVX2(SB), NOSPLIT, $0-20
	MOVQ x+0(FP), DI
	MOVQ n+8(FP), CX
	MAX(maxloop, maxtail, maxreduce)
	REDUCE(VMAXPS)
	VMOVSS X0, ret+16(FP)
	VZEROUPPER
	RET

// SILU8 computes 8 lanes of gate·up/(1+e^−gate) from Y8 (gate) and Y9 (up) into Y8.
#define SILU8 \
	VXORPS Y0, Y0, Y0; \
	VSUBPS Y8, Y0, Y0; \
	EXP; \
	VADDPS ONE, Y2, Y2; \
	VMULPS Y9, Y8, Y8; \
	VDIVPS Y2, Y8, Y8

// func siluMulAVX2(out, gate, up *float32, n int)
TEXT ·siluMulAVX2(SB), NOSPLIT, $0-32
	MOVQ out+0(FP), DI
	MOVQ gate+8(FP), SI
	MOVQ up+16(FP), DX
	MOVQ n+24(FP), CX
	MOVQ CX, BX
	SHRQ $3, BX
	JZ   silutail

siluloop:
	VMOVUPS (SI), Y8
	VMOVUPS (DX), Y9
	SILU8
	VMOVUPS Y8, (DI)
	ADDQ $32, SI
	ADDQ $32, DX
	ADDQ $32, DI
	DECQ BX
	JNZ  siluloop

silutail:
	TAILMASK(siludone)
	VMASKMOVPS (SI), Y5, Y8
	VMASKMOVPS (DX), Y5, Y9
	SILU8
	VMASKMOVPS Y8, Y5, (DI)

siludone:
	VZEROUPPER
	RET

// func sumSquaresAVX2(x *float32, n int) float32
TEXT ·sumSquaresAVX2(SB), NOSPLIT, $0-20
	MOVQ x+0(FP), DI
	MOVQ n+8(FP), CX
	VXORPS Y3, Y3, Y3
	MOVQ CX, BX
	SHRQ $3, BX
	JZ   sqtail

sqloop:
	VMOVUPS (DI), Y0
	VFMADD231PS Y0, Y0, Y3
	ADDQ $32, DI
	DECQ BX
	JNZ  sqloop

sqtail:
	TAILMASK(sqreduce)
	VMASKMOVPS (DI), Y5, Y0
	VFMADD231PS Y0, Y0, Y3

sqreduce:
	REDUCE(VADDPS)
	VMOVSS X0, ret+16(FP)
	VZEROUPPER
	RET

// func scaleMulAVX2(out, x, w *float32, n int, s float32)
TEXT ·scaleMulAVX2(SB), NOSPLIT, $0-36
	MOVQ out+0(FP), DI
	MOVQ x+8(FP), SI
	MOVQ w+16(FP), DX
	MOVQ n+24(FP), CX
	VBROADCASTSS s+32(FP), Y4
	MOVQ CX, BX
	SHRQ $3, BX
	JZ   smtail

smloop:
	VMULPS (SI), Y4, Y0
	VMULPS (DX), Y0, Y0
	VMOVUPS Y0, (DI)
	ADDQ $32, SI
	ADDQ $32, DX
	ADDQ $32, DI
	DECQ BX
	JNZ  smloop

smtail:
	TAILMASK(smdone)
	VMASKMOVPS (SI), Y5, Y0
	VMASKMOVPS (DX), Y5, Y1
	VMULPS Y4, Y0, Y0
	VMULPS Y1, Y0, Y0
	VMASKMOVPS Y0, Y5, (DI)

smdone:
	VZEROUPPER
	RET

// func ropeAVX2(x *float32, n int, cos, sin *float32, half int)
// For each head (2·half floats at DI) and each 8 pairs j: Y0 = x1, Y1 = x2, Y2 = cos,
// Y3 = sin; x1 = x1·cos − x2·sin, x2 = x2·cos + x1·sin.
TEXT ·ropeAVX2(SB), NOSPLIT, $0-40
	MOVQ x+0(FP), DI
	MOVQ n+8(FP), CX
	MOVQ cos+16(FP), R8
	MOVQ sin+24(FP), R9
	MOVQ half+32(FP), R10
	SHLQ $2, R10           // half in bytes: x2 = x1 + R10
	SHRQ $1, CX            // pairs left in x
	JZ   ropedone

ropehead:
	XORQ AX, AX            // byte offset of j within the head's halves and the tables
	LEAQ (DI)(R10*1), SI

ropepair:
	VMOVUPS (DI)(AX*1), Y0
	VMOVUPS (SI)(AX*1), Y1
	VMOVUPS (R8)(AX*1), Y2
	VMOVUPS (R9)(AX*1), Y3
	VMULPS Y3, Y1, Y4
	VFMSUB231PS Y2, Y0, Y4  // Y4 = x1·cos − x2·sin
	VMULPS Y3, Y0, Y5
	VFMADD231PS Y2, Y1, Y5  // Y5 = x2·cos + x1·sin
	VMOVUPS Y4, (DI)(AX*1)
	VMOVUPS Y5, (SI)(AX*1)
	ADDQ $32, AX
	SUBQ $8, CX
	CMPQ AX, R10
	JLT  ropepair
	LEAQ (DI)(R10*2), DI   // next head
	TESTQ CX, CX
	JNZ  ropehead

ropedone:
	VZEROUPPER
	RET

// func softmaxAVX2(x *float32, n int)
// Pass 1: Y4 = max(x) in every lane. Pass 2: x = e^(x−max), Y3 = Σ. Pass 3: x *= 1/Σ.
// R8 keeps x, R9 n.
TEXT ·softmaxAVX2(SB), NOSPLIT, $0-16
	MOVQ x+0(FP), R8
	MOVQ n+8(FP), R9

	MOVQ R8, DI
	MOVQ R9, CX
	MAX(smaxloop, smaxtail, smaxreduce)
	REDUCE(VMAXPS)
	VBROADCASTSS X0, Y4

	VXORPS Y3, Y3, Y3
	MOVQ R8, DI
	MOVQ R9, CX
	EXPSUM(sexploop, sexptail, ssumreduce)
	REDUCE(VADDPS)
	VMOVSS ONE, X1
	VDIVSS X0, X1, X0      // 1/Σ
	VBROADCASTSS X0, Y4

	MOVQ R8, DI
	MOVQ R9, CX
	MOVQ CX, BX
	SHRQ $3, BX
	JZ   sscaletail

sscaleloop:
	VMULPS (DI), Y4, Y0
	VMOVUPS Y0, (DI)
	ADDQ $32, DI
	DECQ BX
	JNZ  sscaleloop

sscaletail:
	TAILMASK(sdone)
	VMASKMOVPS (DI), Y5, Y0
	VMULPS Y4, Y0, Y0
	VMASKMOVPS Y0, Y5, (DI)

sdone:
	VZEROUPPER
	RET
