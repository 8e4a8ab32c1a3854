//go:build amd64 && !noasm

#include "textflag.h"

// int8R4AVX2: the int8 product tile (int8.go) of 4 rows of quantized X against one 16-column
// half of a 32-column int8 panel, on AVX2. Each k step of 4 codes per row: x's 4 codes are
// broadcast, |x| (VPABSB) is multiplied by the panel codes carrying x's signs (VPSIGNB) with
// VPMADDUBSW (u8·s8 pairs into int16: at most 2·127·127, no saturation), VPMADDWD by ones
// sums pairs into int32 lanes, one per column; after a group's 16 steps the exact int32 sums
// are converted, scaled by the row's scale and added to t times the columns' scales.
//
// Register use:
//	Y0-Y7    int32 sums: row r, columns 0-7 in Y(2r), 8-15 in Y(2r+1)
//	Y8-Y9    the step's codes of 16 columns × 4; Y10 int16 ones
//	Y11      x's 4 codes broadcast; Y12 |x|; Y13-Y14 products; Y15 epilogue temporary
//	DI       X row 0 (R9 its stride, R13 3·stride); SI the panel; R8 the column scales
//	R11      X's scales of row 0 at this group (R12 their row stride in bytes)
//	DX       t; CX groups left; BX steps left in the group

// COLS(w, lo... ) adds the products of Y12/Y11 with panel codes w to the int32 sums acc.
#define PROD(w, t, acc) \
	VPSIGNB Y11, w, t; \
	VPMADDUBSW t, Y12, t; \
	VPMADDWD Y10, t, t; \
	VPADDD t, acc, acc

// ROW(addr, lo, hi): one row's 4 codes at addr times the step's 16 columns.
#define ROW(addr, lo, hi) \
	VPBROADCASTD addr, Y11; \
	VPABSB Y11, Y12; \
	PROD(Y8, Y13, lo); \
	PROD(Y9, Y14, hi)

// STEP(d): k step d of the unrolled loop (codes at d·4 bytes into the rows, d·128 into the panel).
#define STEP(d) \
	VMOVDQU (d*128)(SI), Y8; \
	VMOVDQU (d*128+32)(SI), Y9; \
	ROW((d*4)(DI), Y0, Y1); \
	ROW((d*4)(DI)(R9*1), Y2, Y3); \
	ROW((d*4)(DI)(R9*2), Y4, Y5); \
	ROW((d*4)(DI)(R13*1), Y6, Y7)

// SCALE(sa, off, lo, hi): t row at off += float(sums)·(X scale at sa)·(column scales), and
// the sums are zeroed for the next group.
#define SCALE(sa, off, lo, hi) \
	VBROADCASTSS sa, Y15; \
	VCVTDQ2PS lo, lo; \
	VCVTDQ2PS hi, hi; \
	VMULPS Y15, lo, lo; \
	VMULPS Y15, hi, hi; \
	VMOVUPS (off)(DX), Y15; \
	VFMADD231PS (R8), lo, Y15; \
	VMOVUPS Y15, (off)(DX); \
	VMOVUPS (off+32)(DX), Y15; \
	VFMADD231PS 32(R8), hi, Y15; \
	VMOVUPS Y15, (off+32)(DX); \
	VPXOR lo, lo, lo; \
	VPXOR hi, hi, hi

// func int8R4AVX2(groups int, a *int8, lda int, sa *float32, lds int, b *byte, ws *float32, t *float32)
// t: 4 rows of 16 floats, 32 apart, set (not added to) by the call.
TEXT ·int8R4AVX2(SB), NOSPLIT, $0-64
	MOVQ groups+0(FP), CX
	MOVQ a+8(FP), DI
	MOVQ lda+16(FP), R9
	LEAQ (R9)(R9*2), R13
	MOVQ sa+24(FP), R11
	MOVQ lds+32(FP), R12
	SHLQ $2, R12
	MOVQ b+40(FP), SI
	MOVQ ws+48(FP), R8
	MOVQ t+56(FP), DX
	VPCMPEQW Y10, Y10, Y10
	VPSRLW $15, Y10, Y10
	VXORPS Y15, Y15, Y15
	VMOVUPS Y15, (DX)
	VMOVUPS Y15, 32(DX)
	VMOVUPS Y15, 128(DX)
	VMOVUPS Y15, 160(DX)
	VMOVUPS Y15, 256(DX)
	VMOVUPS Y15, 288(DX)
	VMOVUPS Y15, 384(DX)
	VMOVUPS Y15, 416(DX)
	VPXOR Y0, Y0, Y0
	VPXOR Y1, Y1, Y1
	VPXOR Y2, Y2, Y2
	VPXOR Y3, Y3, Y3
	VPXOR Y4, Y4, Y4
	VPXOR Y5, Y5, Y5
	VPXOR Y6, Y6, Y6
	VPXOR Y7, Y7, Y7

group:
	MOVQ $4, BX

steps:
	STEP(0)
	STEP(1)
	STEP(2)
	STEP(3)
	ADDQ $512, SI
	ADDQ $16, DI
	DECQ BX
	JNZ  steps

	SCALE((R11), 0, Y0, Y1)
	SCALE((R11)(R12*1), 128, Y2, Y3)
	SCALE((R11)(R12*2), 256, Y4, Y5)
	LEAQ (R12)(R12*2), AX
	SCALE((R11)(AX*1), 384, Y6, Y7)
	ADDQ $4, R11
	ADDQ $128, R8
	DECQ CX
	JNZ  group

	VZEROUPPER
	RET
