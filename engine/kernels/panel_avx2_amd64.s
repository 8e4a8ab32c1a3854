//go:build amd64 && !noasm

#include "textflag.h"

// AVX2 panel kernels: C (rows×16, stride ldc) = alpha·A·Wᵀ (+ beta·C) for one 16-column half
// of a 32-column panel of a packed matrix W (packed.go), as k rank-1 updates. rows is 6 or 4;
// A's rows are at stride lda, contiguous along k. The panel holds, for each p < k, W's 32
// values of column p, so a half steps through it 32 values at a time: float32 (panelF32R*AVX2:
// 32 of each 128 bytes) or float16 (panelF16R*AVX2: 32 of each 64 bytes, widened by VCVTPH2PS
// as they are loaded, half the memory traffic). The Go wrappers in panel_amd64.go make the
// 12-, 8- and 4-row tiles of both halves out of these.
//
// Register use:
//	Y0-Y11   accumulators: C row i, columns 0-7 in Y(2i), 8-15 in Y(2i+1)
//	Y12-Y13  the current k step's 16 panel values; Y14-Y15 broadcast A values
//	         (after the loop: Y14 alpha, Y15 beta)
//	DI, R10  A rows 0 and 3; R9 lda in bytes, R13 3·lda
//	SI       the panel; CX k; BX loop counter; DX C row; R8 ldc in bytes; AX flags
//
// Each k step: two panel loads, rows broadcasts, 2·rows FMAs. Equivalent Go: panelTileGo
// (panel_generic.go) on 16 columns.

// LOADF32(d) and LOADF16(d) load k step d's 16 panel values into Y12:Y13.
#define LOADF32(d) \
	VMOVUPS (d*128)(SI), Y12; \
	VMOVUPS (d*128+32)(SI), Y13

#define LOADF16(d) \
	VCVTPH2PS (d*64)(SI), Y12; \
	VCVTPH2PS (d*64+16)(SI), Y13

// ROW(addr, bc, lo, hi) adds the A value at addr times Y12:Y13 to the row's accumulators.
#define ROW(addr, bc, lo, hi) \
	VBROADCASTSS addr, bc; \
	VFMADD231PS Y12, bc, lo; \
	VFMADD231PS Y13, bc, hi

// STEP4(d) and STEP6(d): k step d (A offset d·4 bytes) for 4 or 6 rows.
#define STEP4(d) \
	ROW((d*4)(DI), Y14, Y0, Y1); \
	ROW((d*4)(DI)(R9*1), Y15, Y2, Y3); \
	ROW((d*4)(DI)(R9*2), Y14, Y4, Y5); \
	ROW((d*4)(DI)(R13*1), Y15, Y6, Y7)

#define STEP6(d) \
	STEP4(d); \
	ROW((d*4)(R10)(R9*1), Y14, Y8, Y9); \
	ROW((d*4)(R10)(R9*2), Y15, Y10, Y11)

#define ZERO4(a0, a1, a2, a3) \
	VXORPS a0, a0, a0; \
	VXORPS a1, a1, a1; \
	VXORPS a2, a2, a2; \
	VXORPS a3, a3, a3

// SETUP loads the arguments and prefetches the rows rows of the C tile.
#define SETUP(rows) \
	MOVQ k+0(FP), CX; \
	MOVQ a+8(FP), DI; \
	MOVQ lda+16(FP), R9; \
	MOVQ b+24(FP), SI; \
	SHLQ $2, R9; \
	LEAQ (R9)(R9*2), R13; \
	LEAQ (DI)(R13*1), R10; \
	MOVQ c+32(FP), DX; \
	MOVQ ldc+40(FP), R8; \
	SHLQ $2, R8; \
	MOVQ $rows, BX; \
	PREFETCHT0 (DX); \
	ADDQ R8, DX; \
	DECQ BX; \
	JNZ  -3(PC)

// KLOOP(load, step, bytes) runs the k loop, unrolled by 4, with panel steps of bytes bytes.
#define KLOOP(load, step, bytes) \
	MOVQ CX, BX; \
	SHRQ $2, BX; \
	JZ   tail; \
loop4: \
	load(0); \
	step(0); \
	load(1); \
	step(1); \
	load(2); \
	step(2); \
	load(3); \
	step(3); \
	ADDQ $(4*bytes), SI; \
	ADDQ $16, DI; \
	ADDQ $16, R10; \
	DECQ BX; \
	JNZ  loop4; \
tail: \
	ANDQ $3, CX; \
	JZ   store; \
loop1: \
	load(0); \
	step(0); \
	ADDQ $bytes, SI; \
	ADDQ $4, DI; \
	ADDQ $4, R10; \
	DECQ CX; \
	JNZ  loop1; \
store: \
	VBROADCASTSS alpha+48(FP), Y14; \
	VBROADCASTSS beta+52(FP), Y15; \
	MOVQ flags+56(FP), AX; \
	MOVQ c+32(FP), DX

// STOREROW writes alpha·acc (+ beta·C when AX is zero) to the 16 floats at DX, then moves DX
// to the next row.
#define STOREROW(lo, hi) \
	VMULPS Y14, lo, lo; \
	VMULPS Y14, hi, hi; \
	TESTQ $1, AX; \
	JNE 3(PC); \
	VFMADD231PS (DX), Y15, lo; \
	VFMADD231PS 32(DX), Y15, hi; \
	VMOVUPS lo, (DX); \
	VMOVUPS hi, 32(DX); \
	ADDQ R8, DX

#define STORE4 \
	STOREROW(Y0, Y1); \
	STOREROW(Y2, Y3); \
	STOREROW(Y4, Y5); \
	STOREROW(Y6, Y7)

// func panelF32R6AVX2(k int, a *float32, lda int, b *float32, c *float32, ldc int, alpha, beta float32, flags int)
TEXT ·panelF32R6AVX2(SB), NOSPLIT, $0-64
	SETUP(6)
	ZERO4(Y0, Y1, Y2, Y3)
	ZERO4(Y4, Y5, Y6, Y7)
	ZERO4(Y8, Y9, Y10, Y11)
	KLOOP(LOADF32, STEP6, 128)
	STORE4
	STOREROW(Y8, Y9)
	STOREROW(Y10, Y11)
	VZEROUPPER
	RET

// func panelF32R4AVX2(k int, a *float32, lda int, b *float32, c *float32, ldc int, alpha, beta float32, flags int)
TEXT ·panelF32R4AVX2(SB), NOSPLIT, $0-64
	SETUP(4)
	ZERO4(Y0, Y1, Y2, Y3)
	ZERO4(Y4, Y5, Y6, Y7)
	KLOOP(LOADF32, STEP4, 128)
	STORE4
	VZEROUPPER
	RET

// func panelF16R6AVX2(k int, a *float32, lda int, b *uint16, c *float32, ldc int, alpha, beta float32, flags int)
TEXT ·panelF16R6AVX2(SB), NOSPLIT, $0-64
	SETUP(6)
	ZERO4(Y0, Y1, Y2, Y3)
	ZERO4(Y4, Y5, Y6, Y7)
	ZERO4(Y8, Y9, Y10, Y11)
	KLOOP(LOADF16, STEP6, 64)
	STORE4
	STOREROW(Y8, Y9)
	STOREROW(Y10, Y11)
	VZEROUPPER
	RET

// func panelF16R4AVX2(k int, a *float32, lda int, b *uint16, c *float32, ldc int, alpha, beta float32, flags int)
TEXT ·panelF16R4AVX2(SB), NOSPLIT, $0-64
	SETUP(4)
	ZERO4(Y0, Y1, Y2, Y3)
	ZERO4(Y4, Y5, Y6, Y7)
	KLOOP(LOADF16, STEP4, 64)
	STORE4
	VZEROUPPER
	RET
