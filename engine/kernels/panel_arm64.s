//go:build !noasm

#include "textflag.h"
#include "neon_arm64.h"

// NEON panel kernels (panel_arm64.go): C (rows×32) = alpha·A·Wᵀ (+ beta·C) for one 32-column
// panel of a packed W. NEON has 32 vectors of four lanes, too few for a whole 4×32 tile of
// accumulators, so each call walks the tile in blocks of four rows by sixteen columns (16
// accumulators, V16-V31): four k values of each A row are loaded at once (V0-V3) and used
// lane by lane with FMLA by element against the sixteen panel values of each k (V4-V7).
//
// Registers: R0 k, R1 the A row group, R2 lda in bytes, R3 the panel, R4 the C row group,
// R5 ldc in bytes, R6 flags, R7 rows left, R8-R11 the group's A rows, R12 the panel pointer,
// R13 a loop counter, R14 a C row, R15 the column half's byte offset in C, R19 the same in the
// panel, R20 the panel's row size in bytes, R21 1 for float16 panels; V8 alpha, V9 beta,
// V10-V11 sixteen float16 panel values before widening.

// FMAROW(acc, a, l): the accumulators acc..acc+3 of one A row += V4-V7 · lane l of Va.
#define FMAROW(acc, a, l) FMLAE(acc, 4, a, l); FMLAE(acc+1, 5, a, l); FMLAE(acc+2, 6, a, l); FMLAE(acc+3, 7, a, l)
// FMATILE(l): the whole 4×16 block for the k value in lane l of V0-V3.
#define FMATILE(l) FMAROW(16, 0, l); FMAROW(20, 1, l); FMAROW(24, 2, l); FMAROW(28, 3, l)
// LOADB32 and LOADB16 load the sixteen panel values of the next k into V4-V7.
#define LOADB32 VLD1.P (R12)(R20), [V4.S4, V5.S4, V6.S4, V7.S4]
#define LOADB16 VLD1.P (R12)(R20), [V10.H8, V11.H8]; FCVTL(4, 10); FCVTL2(5, 10); FCVTL(6, 11); FCVTL2(7, 11)
// KSTEPS(LOADB, ...): the block's k loop, four k at a time, then one at a time; the labels
// are parameters so that the two expansions (float32 and float16 panels) differ.
#define KSTEPS(LOADB, four, tail, one, done) \
	LSR	$2, R0, R13 \
	CBZ	R13, tail \
four: \
	VLD1.P	16(R8), [V0.S4] \
	VLD1.P	16(R9), [V1.S4] \
	VLD1.P	16(R10), [V2.S4] \
	VLD1.P	16(R11), [V3.S4] \
	LOADB \
	FMATILE(0) \
	LOADB \
	FMATILE(1) \
	LOADB \
	FMATILE(2) \
	LOADB \
	FMATILE(3) \
	SUBS	$1, R13 \
	BNE	four \
tail: \
	ANDS	$3, R0, R13 \
	BEQ	done \
one: \
	FMOVS.P	4(R8), F0 \
	FMOVS.P	4(R9), F1 \
	FMOVS.P	4(R10), F2 \
	FMOVS.P	4(R11), F3 \
	LOADB \
	FMATILE(0) \
	SUBS	$1, R13 \
	BNE	one \
	B	done

// PANELARGS loads the arguments shared by both kernels.
#define PANELARGS \
	MOVD	rows+0(FP), R7 \
	MOVD	k+8(FP), R0 \
	MOVD	a+16(FP), R1 \
	MOVD	lda+24(FP), R2 \
	MOVD	b+32(FP), R3 \
	MOVD	c+40(FP), R4 \
	MOVD	ldc+48(FP), R5 \
	FMOVS	alpha+56(FP), F8 \
	FMOVS	beta+60(FP), F9 \
	MOVD	flags+64(FP), R6

// STOREROW(acc, v0, v1, v2, v3): with v0-v3 the registers acc..acc+3, scale one row of the block by alpha, add beta·C unless flags&betaZero,
// store it at R14 and step R14 to the next row.
#define STOREROW(acc, v0, v1, v2, v3) \
	FMULE(acc, acc, 8, 0); FMULE(acc+1, acc+1, 8, 0); FMULE(acc+2, acc+2, 8, 0); FMULE(acc+3, acc+3, 8, 0) \
	TBNZ	$0, R6, 6(PC) /* betaZero: to VST1 */ \
	VLD1	(R14), [V4.S4, V5.S4, V6.S4, V7.S4] \
	FMAROW(acc, 9, 0) \
	VST1	[v0.S4, v1.S4, v2.S4, v3.S4], (R14) \
	ADD	R5, R14

// func panelF32NEON(rows, k int, a *float32, lda int, b *float32, c *float32, ldc int, alpha, beta float32, flags int)
TEXT ·panelF32NEON(SB), NOSPLIT, $0-72
	PANELARGS
	MOVD	$128, R20 // 32 float32
	MOVD	$0, R21
	B	panelNEON<>(SB)

// func panelF16NEON(rows, k int, a *float32, lda int, b *uint16, c *float32, ldc int, alpha, beta float32, flags int)
TEXT ·panelF16NEON(SB), NOSPLIT, $0-72
	PANELARGS
	MOVD	$64, R20 // 32 float16
	MOVD	$1, R21
	B	panelNEON<>(SB)

// panelNEON is the body of both kernels, with the arguments in registers.
TEXT panelNEON<>(SB), NOSPLIT|NOFRAME, $0-0
	LSL	$2, R2
	LSL	$2, R5

group:
	MOVD	$0, R15 // column half: byte offset in C (0, 64)
	MOVD	$0, R19 // and in the panel (0, R20/2)

half:
	ZEROACC
	MOVD	R1, R8
	ADD	R2, R8, R9
	ADD	R2, R9, R10
	ADD	R2, R10, R11
	ADD	R3, R19, R12
	CBNZ	R21, f16
	KSTEPS(LOADB32, four32, tail32, one32, store)

f16:
	KSTEPS(LOADB16, four16, tail16, one16, store)

store:
	ADD	R4, R15, R14
	STOREROW(16, V16, V17, V18, V19)
	STOREROW(20, V20, V21, V22, V23)
	STOREROW(24, V24, V25, V26, V27)
	STOREROW(28, V28, V29, V30, V31)
	ADD	$64, R15
	ADD	R20>>1, R19
	CMP	$128, R15
	BNE	half

	// Next group of four rows.
	ADD	R2<<2, R1
	ADD	R5<<2, R4
	SUBS	$4, R7
	BNE	group
	RET
