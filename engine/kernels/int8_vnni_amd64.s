//go:build amd64 && !noasm

#include "textflag.h"

// int8R6VNNI: the int8 product tile (int8.go) of 6 rows of quantized X against one whole
// 32-column int8 panel, on AVX-512 VNNI. The panel holds the codes +128 (unsigned bytes), so
// VPDPBUSD multiplies them by x's 4 signed codes, broadcast from memory, and adds each
// column's 4 products to its int32 lane; every group's sums start at the row's bias
// (−128·Σ x codes), which takes the +128 back out, so after 16 steps they are exact
// Σ x·q. Then they are converted, scaled by the row's scale, and added to the float sums
// times the columns' scales.
//
// Register use:
//	Z0-Z11   int32 sums: row r, columns 0-15 in Z(2r), 16-31 in Z(2r+1)
//	Z12-Z23  float sums: row r in Z(12+2r), Z(13+2r)
//	Z24-Z25  the step's codes of 32 columns × 4
//	DI, R10  X rows 0 and 3 (R9 their stride); SI the panel; R8 the column scales
//	R11, DX  X's scales and biases of row 0 at this group (R12 their row stride in bytes,
//	         R13 three strides); CX groups left; BX steps left / 4; AX row 5's address

// DOT(d, arow, lo, hi): k step d of one row.
#define DOT(d, arow, lo, hi) \
	VPDPBUSD.BCST (d*4)arow, Z24, lo; \
	VPDPBUSD.BCST (d*4)arow, Z25, hi

#define STEP(d) \
	VMOVDQU32 (d*128)(SI), Z24; \
	VMOVDQU32 (d*128+64)(SI), Z25; \
	DOT(d, (DI), Z0, Z1); \
	DOT(d, (DI)(R9*1), Z2, Z3); \
	DOT(d, (DI)(R9*2), Z4, Z5); \
	DOT(d, (R10), Z6, Z7); \
	DOT(d, (R10)(R9*1), Z8, Z9); \
	DOT(d, (R10)(R9*2), Z10, Z11)

// BIAS(addr, lo, hi) starts a row's sums at its bias.
#define BIAS(addr, lo, hi) \
	VPBROADCASTD addr, lo; \
	VMOVDQA32 lo, hi

// SCALE(addr, lo, hi, flo, fhi): float sums += float(int sums)·(X scale at addr)·(column scales).
#define SCALE(addr, lo, hi, flo, fhi) \
	VCVTDQ2PS lo, lo; \
	VCVTDQ2PS hi, hi; \
	VMULPS.BCST addr, lo, lo; \
	VMULPS.BCST addr, hi, hi; \
	VFMADD231PS (R8), lo, flo; \
	VFMADD231PS 64(R8), hi, fhi

#define STOREROW(off, lo, hi) \
	VMOVUPS lo, (off)(AX); \
	VMOVUPS hi, (off+64)(AX)

// func int8R6VNNI(groups int, a *int8, lda int, sa *float32, bias *int32, lds int, b *byte, ws *float32, t *float32)
TEXT ·int8R6VNNI(SB), NOSPLIT, $0-72
	MOVQ groups+0(FP), CX
	MOVQ a+8(FP), DI
	MOVQ lda+16(FP), R9
	LEAQ (R9)(R9*2), R10
	ADDQ DI, R10
	MOVQ sa+24(FP), R11
	MOVQ bias+32(FP), DX
	MOVQ lds+40(FP), R12
	SHLQ $2, R12
	LEAQ (R12)(R12*2), R13
	MOVQ b+48(FP), SI
	MOVQ ws+56(FP), R8
	VPXORD Z12, Z12, Z12
	VPXORD Z13, Z13, Z13
	VPXORD Z14, Z14, Z14
	VPXORD Z15, Z15, Z15
	VPXORD Z16, Z16, Z16
	VPXORD Z17, Z17, Z17
	VPXORD Z18, Z18, Z18
	VPXORD Z19, Z19, Z19
	VPXORD Z20, Z20, Z20
	VPXORD Z21, Z21, Z21
	VPXORD Z22, Z22, Z22
	VPXORD Z23, Z23, Z23

group:
	LEAQ (DX)(R12*4), AX
	BIAS((DX), Z0, Z1)
	BIAS((DX)(R12*1), Z2, Z3)
	BIAS((DX)(R12*2), Z4, Z5)
	BIAS((DX)(R13*1), Z6, Z7)
	BIAS((AX), Z8, Z9)
	BIAS((AX)(R12*1), Z10, Z11)
	MOVQ $4, BX

steps:
	STEP(0)
	STEP(1)
	STEP(2)
	STEP(3)
	ADDQ $512, SI
	ADDQ $16, DI
	ADDQ $16, R10
	DECQ BX
	JNZ  steps

	LEAQ (R11)(R12*4), AX
	SCALE((R11), Z0, Z1, Z12, Z13)
	SCALE((R11)(R12*1), Z2, Z3, Z14, Z15)
	SCALE((R11)(R12*2), Z4, Z5, Z16, Z17)
	SCALE((R11)(R13*1), Z6, Z7, Z18, Z19)
	SCALE((AX), Z8, Z9, Z20, Z21)
	SCALE((AX)(R12*1), Z10, Z11, Z22, Z23)
	ADDQ $4, R11
	ADDQ $4, DX
	ADDQ $128, R8
	DECQ CX
	JNZ  group

	MOVQ t+64(FP), AX
	STOREROW(0, Z12, Z13)
	STOREROW(128, Z14, Z15)
	STOREROW(256, Z16, Z17)
	STOREROW(384, Z18, Z19)
	STOREROW(512, Z20, Z21)
	STOREROW(640, Z22, Z23)
	VZEROUPPER
	RET
