//go:build amd64 && !noasm

#include "textflag.h"

// Register use, common to the three routines:
//	Z0-Z2    the current 16 values and temporaries; Z3 the running sum or maximum
//	Z4-Z5    SiLU's gate and up values
//	Z17-Z29  constants set by EXPCONSTS; Z31 the shift of expSumAVX512
//	K1       the tail mask (n%16 lanes); K2 the lanes whose exponential is not flushed to 0
//	DI, SI, DX  pointers; CX n; BX loop counter

// BCONST broadcasts the float32 with bits c into zmm register z.
#define BCONST(c, z) \
	MOVL c, AX; \
	VPBROADCASTD AX, z

// EXPCONSTS loads the constants of EXP (bit patterns of the float32 constants of expf).
#define EXPCONSTS \
	VPXORD Z17, Z17, Z17; \
	BCONST($0x3f800000, Z18); \
	BCONST($0x3f000000, Z19); \
	BCONST($0x3e2aaaab, Z20); \
	BCONST($0x3d2aaaab, Z21); \
	BCONST($0x3c088889, Z22); \
	BCONST($0x3ab60b61, Z23); \
	BCONST($0xb95e8083, Z24); \
	BCONST($0x3f318000, Z25); \
	BCONST($0xc2ae999a, Z26); \
	BCONST($0x42b20000, Z27); \
	BCONST($0x3fb8aa3b, Z28); \
	BCONST($0xc2b00000, Z29)

// EXP sets Z2 = e^Z0 lane by lane as expf does (Z0 and Z1 are clobbered):
// k = round(x·log2e), r = x − k·ln2hi − k·ln2lo, p = Taylor polynomial of e^r to degree 6
// (Horner, FMAs), e^x = p·2^k by VSCALEFPS; lanes with x < −87.3 are zeroed (K2), NaN kept.
#define EXP \
	VCMPPS $5, Z26, Z0, K2; \
	VMINPS Z0, Z27, Z0; \
	VMAXPS Z0, Z29, Z0; \
	VMULPS Z28, Z0, Z1; \
	VRNDSCALEPS $0, Z1, Z1; \
	VFNMADD231PS Z25, Z1, Z0; \
	VFNMADD231PS Z24, Z1, Z0; \
	VMOVAPS Z23, Z2; \
	VFMADD213PS Z22, Z0, Z2; \
	VFMADD213PS Z21, Z0, Z2; \
	VFMADD213PS Z20, Z0, Z2; \
	VFMADD213PS Z19, Z0, Z2; \
	VFMADD213PS Z18, Z0, Z2; \
	VFMADD213PS Z18, Z0, Z2; \
	VSCALEFPS.Z Z1, Z2, K2, Z2

// TAILMASK sets K1 to the low CX%16 lanes and CX to CX%16; jumps to label when that is 0.
#define TAILMASK(label) \
	ANDQ $15, CX; \
	JZ   label; \
	MOVL $1, AX; \
	SHLL CX, AX; \
	DECL AX; \
	KMOVW AX, K1

// REDUCE(op) folds the 16 lanes of Z3 into X0's low lane with op (VADDPS or VMAXPS).
#define REDUCE(op) \
	VEXTRACTF64X4 $1, Z3, Y0; \
	op Y0, Y3, Y0; \
	VEXTRACTF128 $1, Y0, X1; \
	op X1, X0, X0; \
	VMOVHLPS X0, X0, X1; \
	op X1, X0, X0; \
	VMOVSHDUP X0, X1; \
	op X1, X0, X0

// func expSumAVX512(x *float32, n int, shift float32) float32
TEXT ·expSumAVX512(SB), NOSPLIT, $0-28
	MOVQ x+0(FP), DI
	MOVQ n+8(FP), CX
	VBROADCASTSS shift+16(FP), Z31
	EXPCONSTS
	VPXORD Z3, Z3, Z3
	MOVQ CX, BX
	SHRQ $4, BX
	JZ   exptail

exploop:
	VMOVUPS (DI), Z0
	VSUBPS Z31, Z0, Z0
	EXP
	VMOVUPS Z2, (DI)
	VADDPS Z2, Z3, Z3
	ADDQ $64, DI
	DECQ BX
	JNZ  exploop

exptail:
	TAILMASK(expreduce)
	VMOVUPS.Z (DI), K1, Z0
	VSUBPS Z31, Z0, Z0
	EXP
	VMOVUPS Z2, K1, (DI)
	VADDPS Z2, Z3, K1, Z3

expreduce:
	REDUCE(VADDPS)
	VMOVSS X0, ret+24(FP)
	VZEROUPPER
	RET

// func maxOfAVX512(x *float32, n int) float32
TEXT ·maxOfAVX512(SB), NOSPLIT, $0-20
	MOVQ x+0(FP), DI
	MOVQ n+8(FP), CX
	VBROADCASTSS (DI), Z3
	MOVQ CX, BX
	SHRQ $4, BX
	JZ   maxtail

maxloop:
	VMAXPS (DI), Z3, Z3
	ADDQ $64, DI
	DECQ BX
	JNZ  maxloop

maxtail:
	TAILMASK(maxreduce)
	VMAXPS (DI), Z3, K1, Z3

maxreduce:
	REDUCE(VMAXPS)
	VMOVSS X0, ret+16(FP)
	VZEROUPPER
	RET

// SILU16 computes 16 lanes of gate·up/(1+e^−gate) from Z4 (gate) and Z5 (up) into Z4.
#define SILU16 \
	VSUBPS Z4, Z17, Z0; \
	EXP; \
	VADDPS Z18, Z2, Z2; \
	VMULPS Z5, Z4, Z4; \
	VDIVPS Z2, Z4, Z4

// func siluMulAVX512(out, gate, up *float32, n int)
TEXT ·siluMulAVX512(SB), NOSPLIT, $0-32
	MOVQ out+0(FP), DI
	MOVQ gate+8(FP), SI
	MOVQ up+16(FP), DX
	MOVQ n+24(FP), CX
	EXPCONSTS
	MOVQ CX, BX
	SHRQ $4, BX
	JZ   silutail

siluloop:
	VMOVUPS (SI), Z4
	VMOVUPS (DX), Z5
	SILU16
	VMOVUPS Z4, (DI)
	ADDQ $64, SI
	ADDQ $64, DX
	ADDQ $64, DI
	DECQ BX
	JNZ  siluloop

silutail:
	TAILMASK(siludone)
	VMOVUPS.Z (SI), K1, Z4
	VMOVUPS.Z (DX), K1, Z5
	SILU16
	VMOVUPS Z4, K1, (DI)

siludone:
	VZEROUPPER
	RET

// func sumSquaresAVX512(x *float32, n int) float32
TEXT ·sumSquaresAVX512(SB), NOSPLIT, $0-20
	MOVQ x+0(FP), DI
	MOVQ n+8(FP), CX
	VPXORD Z3, Z3, Z3
	MOVQ CX, BX
	SHRQ $4, BX
	JZ   sqtail

sqloop:
	VMOVUPS (DI), Z0
	VFMADD231PS Z0, Z0, Z3
	ADDQ $64, DI
	DECQ BX
	JNZ  sqloop

sqtail:
	TAILMASK(sqreduce)
	VMOVUPS.Z (DI), K1, Z0
	VFMADD231PS Z0, Z0, Z3

sqreduce:
	REDUCE(VADDPS)
	VMOVSS X0, ret+16(FP)
	VZEROUPPER
	RET

// func scaleMulAVX512(out, x, w *float32, n int, s float32)
TEXT ·scaleMulAVX512(SB), NOSPLIT, $0-36
	MOVQ out+0(FP), DI
	MOVQ x+8(FP), SI
	MOVQ w+16(FP), DX
	MOVQ n+24(FP), CX
	VBROADCASTSS s+32(FP), Z2
	MOVQ CX, BX
	SHRQ $4, BX
	JZ   smtail

smloop:
	VMULPS (SI), Z2, Z0
	VMULPS (DX), Z0, Z0
	VMOVUPS Z0, (DI)
	ADDQ $64, SI
	ADDQ $64, DX
	ADDQ $64, DI
	DECQ BX
	JNZ  smloop

smtail:
	TAILMASK(smdone)
	VMOVUPS.Z (SI), K1, Z0
	VMOVUPS.Z (DX), K1, Z1
	VMULPS Z2, Z0, Z0
	VMULPS Z1, Z0, Z0
	VMOVUPS Z0, K1, (DI)

smdone:
	VZEROUPPER
	RET

// func ropeAVX512(x *float32, n int, cos, sin *float32, half int)
// For each head (2·half floats at DI) and each 16 pairs j: Z0 = x1, Z1 = x2, Z2 = cos, Z3 = sin;
// x1 = x1·cos − x2·sin, x2 = x2·cos + x1·sin.
TEXT ·ropeAVX512(SB), NOSPLIT, $0-40
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

ropepair:
	VMOVUPS (DI)(AX*1), Z0
	LEAQ (DI)(R10*1), SI
	VMOVUPS (SI)(AX*1), Z1
	VMOVUPS (R8)(AX*1), Z2
	VMOVUPS (R9)(AX*1), Z3
	VMULPS Z3, Z1, Z4
	VFMSUB231PS Z2, Z0, Z4  // Z4 = x1·cos − x2·sin
	VMULPS Z3, Z0, Z5
	VFMADD231PS Z2, Z1, Z5  // Z5 = x2·cos + x1·sin
	VMOVUPS Z4, (DI)(AX*1)
	VMOVUPS Z5, (SI)(AX*1)
	ADDQ $64, AX
	SUBQ $16, CX
	CMPQ AX, R10
	JLT  ropepair
	LEAQ (DI)(R10*2), DI   // next head
	TESTQ CX, CX
	JNZ  ropehead

ropedone:
	VZEROUPPER
	RET

// func softmaxAVX512(x *float32, n int)
// Pass 1: Z31 = max(x) in every lane. Pass 2: x = e^(x−max), Z3 = Σ. Pass 3: x *= 1/Σ.
// R8 keeps x, R9 n, R10 n/16, R11 n%16 (K1 its mask).
TEXT ·softmaxAVX512(SB), NOSPLIT, $0-16
	MOVQ x+0(FP), R8
	MOVQ n+8(FP), R9
	MOVQ R9, R10
	SHRQ $4, R10
	MOVQ R9, CX
	MOVQ R9, R11
	ANDQ $15, R11
	TAILMASK(smaxfull)

smaxfull:
	// Maximum.
	MOVQ R8, DI
	VBROADCASTSS (DI), Z3
	MOVQ R10, BX
	TESTQ BX, BX
	JZ   smaxtail

smaxloop:
	VMAXPS (DI), Z3, Z3
	ADDQ $64, DI
	DECQ BX
	JNZ  smaxloop

smaxtail:
	TESTQ R11, R11
	JZ   smaxreduce
	VMAXPS (DI), Z3, K1, Z3

smaxreduce:
	REDUCE(VMAXPS)
	VBROADCASTSS X0, Z31

	// Exponentials and their sum.
	EXPCONSTS
	VPXORD Z3, Z3, Z3
	MOVQ R8, DI
	MOVQ R10, BX
	TESTQ BX, BX
	JZ   sexptail

sexploop:
	VMOVUPS (DI), Z0
	VSUBPS Z31, Z0, Z0
	EXP
	VMOVUPS Z2, (DI)
	VADDPS Z2, Z3, Z3
	ADDQ $64, DI
	DECQ BX
	JNZ  sexploop

sexptail:
	TESTQ R11, R11
	JZ   ssumreduce
	VMOVUPS.Z (DI), K1, Z0
	VSUBPS Z31, Z0, Z0
	EXP
	VMOVUPS Z2, K1, (DI)
	VADDPS Z2, Z3, K1, Z3

ssumreduce:
	REDUCE(VADDPS)
	VDIVSS X0, X18, X0     // 1/Σ (X18 holds 1.0)
	VBROADCASTSS X0, Z4

	// Scale.
	MOVQ R8, DI
	MOVQ R10, BX
	TESTQ BX, BX
	JZ   sscaletail

sscaleloop:
	VMULPS (DI), Z4, Z0
	VMOVUPS Z0, (DI)
	ADDQ $64, DI
	DECQ BX
	JNZ  sscaleloop

sscaletail:
	TESTQ R11, R11
	JZ   sdone
	VMULPS.Z (DI), Z4, K1, Z0
	VMOVUPS Z0, K1, (DI)

sdone:
	VZEROUPPER
	RET
