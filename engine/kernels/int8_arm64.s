//go:build !noasm

#include "textflag.h"
#include "neon_arm64.h"

// int8R4SDOT: the int8 product tile (int8.go) of 4 rows of quantized X against one 16-column
// half of an int8 panel, with SDOT (FEAT_DotProd). The panel holds, per step of 4 inputs,
// 32 columns × 4 signed codes; sixteen bytes of it are 4 columns' 4 codes, and SDOT by element
// multiplies them by one step's 4 codes of an X row (a lane of a 16-byte load of that row)
// into the columns' int32 sums, exact over a group of 64. After each group the sums are
// converted, scaled by the row's scale (FMUL by element) and added, times the columns'
// scales, to the float sums in t.
//
// Registers: R0 groups left, R3 X's scales at this group, R4 their row stride in bytes, R6 the
// column scales at this group, R7 t, R8-R11 the 4 X rows, R12 the panel, R13 steps left, R14
// and R15 row pointers, R20 128 (the panel's step size); V0-V3 16 codes of each X row (later
// a row of t), V4-V7 a step's 16 columns × 4 codes, V8-V11 the column scales, V12-V15 the
// rows' scales, V16-V31 the int32 sums (row r, columns 4c..4c+3 in V(16+4r+c)).

// DOTSTEP(i): step i of the four loaded: load the panel's 16 columns, then 16 SDOTs.
#define DOTROW(acc, x, i) SDOTE(acc, 4, x, i); SDOTE(acc+1, 5, x, i); SDOTE(acc+2, 6, x, i); SDOTE(acc+3, 7, x, i)
#define DOTSTEP(i) \
	VLD1.P	(R12)(R20), [V4.B16, V5.B16, V6.B16, V7.B16] \
	DOTROW(16, 0, i); DOTROW(20, 1, i); DOTROW(24, 2, i); DOTROW(28, 3, i)

// SCALEROW(acc, s): row acc's float sums in t (at R15) += float(int sums)·V(s)[0]·V8-V11.
#define SCALEROW(acc, s) \
	SCVTF4(acc, acc); SCVTF4(acc+1, acc+1); SCVTF4(acc+2, acc+2); SCVTF4(acc+3, acc+3) \
	FMULE(acc, acc, s, 0); FMULE(acc+1, acc+1, s, 0); FMULE(acc+2, acc+2, s, 0); FMULE(acc+3, acc+3, s, 0) \
	VLD1	(R15), [V0.S4, V1.S4, V2.S4, V3.S4] \
	FMLA4(0, acc, 8); FMLA4(1, acc+1, 9); FMLA4(2, acc+2, 10); FMLA4(3, acc+3, 11) \
	VST1.P	[V0.S4, V1.S4, V2.S4, V3.S4], (R15)(R20)

// func int8R4SDOT(groups int, a *int8, lda int, sa *float32, lds int, b *byte, ws *float32, t *float32)
TEXT ·int8R4SDOT(SB), NOSPLIT, $0-64
	MOVD	groups+0(FP), R0
	MOVD	a+8(FP), R8
	MOVD	lda+16(FP), R2
	MOVD	sa+24(FP), R3
	MOVD	lds+32(FP), R4
	LSL	$2, R4
	MOVD	b+40(FP), R12
	MOVD	ws+48(FP), R6
	MOVD	t+56(FP), R7
	ADD	R2, R8, R9
	ADD	R2, R9, R10
	ADD	R2, R10, R11
	MOVD	$128, R20
	VEOR	V0.B16, V0.B16, V0.B16
	VEOR	V1.B16, V1.B16, V1.B16
	VEOR	V2.B16, V2.B16, V2.B16
	VEOR	V3.B16, V3.B16, V3.B16
	MOVD	R7, R15
	MOVD	$4, R13

zero:
	VST1.P	[V0.S4, V1.S4, V2.S4, V3.S4], (R15)(R20)
	SUBS	$1, R13
	BNE	zero

group:
	ZEROACC
	MOVD	$4, R13

steps:
	VLD1.P	16(R8), [V0.B16]
	VLD1.P	16(R9), [V1.B16]
	VLD1.P	16(R10), [V2.B16]
	VLD1.P	16(R11), [V3.B16]
	DOTSTEP(0)
	DOTSTEP(1)
	DOTSTEP(2)
	DOTSTEP(3)
	SUBS	$1, R13
	BNE	steps

	// The rows' scales at this group, then each row's sums into t.
	MOVD	R3, R14
	FMOVS	(R14), F12
	ADD	R4, R14
	FMOVS	(R14), F13
	ADD	R4, R14
	FMOVS	(R14), F14
	ADD	R4, R14
	FMOVS	(R14), F15
	VLD1	(R6), [V8.S4, V9.S4, V10.S4, V11.S4]
	MOVD	R7, R15
	SCALEROW(16, 12)
	SCALEROW(20, 13)
	SCALEROW(24, 14)
	SCALEROW(28, 15)
	ADD	$4, R3
	ADD	$128, R6
	SUBS	$1, R0
	BNE	group
	RET
