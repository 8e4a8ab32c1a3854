//go:build amd64 && !noasm

#include "textflag.h"

// Panel kernels: C (rows×32) = alpha·A·Wᵀ (+ beta·C) for one 32-column panel of a packed
// matrix W (packed.go), as k rank-1 updates. rows is 12, 8 or 4; A's rows are at stride lda,
// contiguous along k. The panel holds, for each p < k, W's 32 values of column p: as float32
// (panelF32xR: 128 bytes a step) or as float16 (panelF16xR: 64 bytes a step, widened by
// VCVTPH2PS as they are loaded, so the weights cost half the memory traffic).
//
// Register use:
//	Z0-Z23   accumulators: C row i, columns 0-15 in Z(2i), 16-31 in Z(2i+1)
//	Z24-Z25  the current k step's 32 panel values; Z30 alpha, Z31 beta after the loop
//	DI, R10, R11  A rows 0, 4, 8; R9 lda in bytes, R13 3·lda (rows +1, +2, +3)
//	SI       the panel; CX k; BX loop counter; DX C row; R8 ldc in bytes; AX flags
//
// Each step: two loads of panel values and 2·rows FMAs with A values broadcast from memory.
// Equivalent Go: panelTileGo (panel_generic.go).

// ROWS4(base, d, ...) adds k step d of A rows base+0..3 times Z24:Z25 to eight accumulators.
#define ROWS4(base, d, a0, a1, a2, a3, a4, a5, a6, a7) \
	VFMADD231PS.BCST (d*4)(base), Z24, a0; \
	VFMADD231PS.BCST (d*4)(base), Z25, a1; \
	VFMADD231PS.BCST (d*4)(base)(R9*1), Z24, a2; \
	VFMADD231PS.BCST (d*4)(base)(R9*1), Z25, a3; \
	VFMADD231PS.BCST (d*4)(base)(R9*2), Z24, a4; \
	VFMADD231PS.BCST (d*4)(base)(R9*2), Z25, a5; \
	VFMADD231PS.BCST (d*4)(base)(R13*1), Z24, a6; \
	VFMADD231PS.BCST (d*4)(base)(R13*1), Z25, a7

// LOADF32(d) and LOADF16(d) load k step d's 32 panel values into Z24:Z25.
#define LOADF32(d) \
	VMOVUPS (d*128)(SI), Z24; \
	VMOVUPS (d*128+64)(SI), Z25

#define LOADF16(d) \
	VCVTPH2PS (d*64)(SI), Z24; \
	VCVTPH2PS (d*64+32)(SI), Z25

#define ZERO8(a0, a1, a2, a3, a4, a5, a6, a7) \
	VPXORD a0, a0, a0; \
	VPXORD a1, a1, a1; \
	VPXORD a2, a2, a2; \
	VPXORD a3, a3, a3; \
	VPXORD a4, a4, a4; \
	VPXORD a5, a5, a5; \
	VPXORD a6, a6, a6; \
	VPXORD a7, a7, a7

// SETUP loads the arguments: k, A (and the row pointers), the panel; it prefetches the C tile
// (rows rows of two lines) so its misses overlap the k loop.
#define SETUP(rows) \
	MOVQ k+0(FP), CX; \
	MOVQ a+8(FP), DI; \
	MOVQ lda+16(FP), R9; \
	MOVQ b+24(FP), SI; \
	SHLQ $2, R9; \
	LEAQ (R9)(R9*2), R13; \
	LEAQ (DI)(R9*4), R10; \
	LEAQ (R10)(R9*4), R11; \
	MOVQ c+32(FP), DX; \
	MOVQ ldc+40(FP), R8; \
	SHLQ $2, R8; \
	MOVQ $rows, BX; \
	PREFETCHT0 (DX); \
	PREFETCHT0 64(DX); \
	ADDQ R8, DX; \
	DECQ BX; \
	JNZ  -4(PC)

// STOREROW writes alpha*acc (+ beta*C when AX is zero) to the 32 floats at DX, then moves DX
// to the next row.
#define STOREROW(lo, hi) \
	VMULPS Z30, lo, lo; \
	VMULPS Z30, hi, hi; \
	TESTQ $1, AX; \
	JNE 3(PC); \
	VFMADD231PS (DX), Z31, lo; \
	VFMADD231PS 64(DX), Z31, hi; \
	VMOVUPS lo, (DX); \
	VMOVUPS hi, 64(DX); \
	ADDQ R8, DX

#define STORESETUP \
	VBROADCASTSS alpha+48(FP), Z30; \
	VBROADCASTSS beta+52(FP), Z31; \
	MOVQ flags+56(FP), AX; \
	MOVQ c+32(FP), DX

// func panelF32x12(k int, a *float32, lda int, b *float32, c *float32, ldc int, alpha, beta float32, flags int)
TEXT ·panelF32x12(SB), NOSPLIT, $0-64
	SETUP(12)
	ZERO8(Z0, Z1, Z2, Z3, Z4, Z5, Z6, Z7)
	ZERO8(Z8, Z9, Z10, Z11, Z12, Z13, Z14, Z15)
	ZERO8(Z16, Z17, Z18, Z19, Z20, Z21, Z22, Z23)
	MOVQ CX, BX
	SHRQ $2, BX
	JZ   tail

loop4:
	LOADF32(0)
	ROWS4(DI, 0, Z0, Z1, Z2, Z3, Z4, Z5, Z6, Z7)
	ROWS4(R10, 0, Z8, Z9, Z10, Z11, Z12, Z13, Z14, Z15)
	ROWS4(R11, 0, Z16, Z17, Z18, Z19, Z20, Z21, Z22, Z23)
	LOADF32(1)
	ROWS4(DI, 1, Z0, Z1, Z2, Z3, Z4, Z5, Z6, Z7)
	ROWS4(R10, 1, Z8, Z9, Z10, Z11, Z12, Z13, Z14, Z15)
	ROWS4(R11, 1, Z16, Z17, Z18, Z19, Z20, Z21, Z22, Z23)
	LOADF32(2)
	ROWS4(DI, 2, Z0, Z1, Z2, Z3, Z4, Z5, Z6, Z7)
	ROWS4(R10, 2, Z8, Z9, Z10, Z11, Z12, Z13, Z14, Z15)
	ROWS4(R11, 2, Z16, Z17, Z18, Z19, Z20, Z21, Z22, Z23)
	LOADF32(3)
	ROWS4(DI, 3, Z0, Z1, Z2, Z3, Z4, Z5, Z6, Z7)
	ROWS4(R10, 3, Z8, Z9, Z10, Z11, Z12, Z13, Z14, Z15)
	ROWS4(R11, 3, Z16, Z17, Z18, Z19, Z20, Z21, Z22, Z23)
	ADDQ $512, SI
	ADDQ $16, DI
	ADDQ $16, R10
	ADDQ $16, R11
	DECQ BX
	JNZ  loop4

tail:
	ANDQ $3, CX
	JZ   store

loop1:
	LOADF32(0)
	ROWS4(DI, 0, Z0, Z1, Z2, Z3, Z4, Z5, Z6, Z7)
	ROWS4(R10, 0, Z8, Z9, Z10, Z11, Z12, Z13, Z14, Z15)
	ROWS4(R11, 0, Z16, Z17, Z18, Z19, Z20, Z21, Z22, Z23)
	ADDQ $128, SI
	ADDQ $4, DI
	ADDQ $4, R10
	ADDQ $4, R11
	DECQ CX
	JNZ  loop1

store:
	STORESETUP
	STOREROW(Z0, Z1)
	STOREROW(Z2, Z3)
	STOREROW(Z4, Z5)
	STOREROW(Z6, Z7)
	STOREROW(Z8, Z9)
	STOREROW(Z10, Z11)
	STOREROW(Z12, Z13)
	STOREROW(Z14, Z15)
	STOREROW(Z16, Z17)
	STOREROW(Z18, Z19)
	STOREROW(Z20, Z21)
	STOREROW(Z22, Z23)
	VZEROUPPER
	RET

// func panelF32x8(k int, a *float32, lda int, b *float32, c *float32, ldc int, alpha, beta float32, flags int)
TEXT ·panelF32x8(SB), NOSPLIT, $0-64
	SETUP(8)
	ZERO8(Z0, Z1, Z2, Z3, Z4, Z5, Z6, Z7)
	ZERO8(Z8, Z9, Z10, Z11, Z12, Z13, Z14, Z15)
	MOVQ CX, BX
	SHRQ $2, BX
	JZ   tail

loop4:
	LOADF32(0)
	ROWS4(DI, 0, Z0, Z1, Z2, Z3, Z4, Z5, Z6, Z7)
	ROWS4(R10, 0, Z8, Z9, Z10, Z11, Z12, Z13, Z14, Z15)
	LOADF32(1)
	ROWS4(DI, 1, Z0, Z1, Z2, Z3, Z4, Z5, Z6, Z7)
	ROWS4(R10, 1, Z8, Z9, Z10, Z11, Z12, Z13, Z14, Z15)
	LOADF32(2)
	ROWS4(DI, 2, Z0, Z1, Z2, Z3, Z4, Z5, Z6, Z7)
	ROWS4(R10, 2, Z8, Z9, Z10, Z11, Z12, Z13, Z14, Z15)
	LOADF32(3)
	ROWS4(DI, 3, Z0, Z1, Z2, Z3, Z4, Z5, Z6, Z7)
	ROWS4(R10, 3, Z8, Z9, Z10, Z11, Z12, Z13, Z14, Z15)
	ADDQ $512, SI
	ADDQ $16, DI
	ADDQ $16, R10
	DECQ BX
	JNZ  loop4

tail:
	ANDQ $3, CX
	JZ   store

loop1:
	LOADF32(0)
	ROWS4(DI, 0, Z0, Z1, Z2, Z3, Z4, Z5, Z6, Z7)
	ROWS4(R10, 0, Z8, Z9, Z10, Z11, Z12, Z13, Z14, Z15)
	ADDQ $128, SI
	ADDQ $4, DI
	ADDQ $4, R10
	DECQ CX
	JNZ  loop1

store:
	STORESETUP
	STOREROW(Z0, Z1)
	STOREROW(Z2, Z3)
	STOREROW(Z4, Z5)
	STOREROW(Z6, Z7)
	STOREROW(Z8, Z9)
	STOREROW(Z10, Z11)
	STOREROW(Z12, Z13)
	STOREROW(Z14, Z15)
	VZEROUPPER
	RET

// func panelF32x4(k int, a *float32, lda int, b *float32, c *float32, ldc int, alpha, beta float32, flags int)
TEXT ·panelF32x4(SB), NOSPLIT, $0-64
	SETUP(4)
	ZERO8(Z0, Z1, Z2, Z3, Z4, Z5, Z6, Z7)
	MOVQ CX, BX
	SHRQ $2, BX
	JZ   tail

loop4:
	LOADF32(0)
	ROWS4(DI, 0, Z0, Z1, Z2, Z3, Z4, Z5, Z6, Z7)
	LOADF32(1)
	ROWS4(DI, 1, Z0, Z1, Z2, Z3, Z4, Z5, Z6, Z7)
	LOADF32(2)
	ROWS4(DI, 2, Z0, Z1, Z2, Z3, Z4, Z5, Z6, Z7)
	LOADF32(3)
	ROWS4(DI, 3, Z0, Z1, Z2, Z3, Z4, Z5, Z6, Z7)
	ADDQ $512, SI
	ADDQ $16, DI
	DECQ BX
	JNZ  loop4

tail:
	ANDQ $3, CX
	JZ   store

loop1:
	LOADF32(0)
	ROWS4(DI, 0, Z0, Z1, Z2, Z3, Z4, Z5, Z6, Z7)
	ADDQ $128, SI
	ADDQ $4, DI
	DECQ CX
	JNZ  loop1

store:
	STORESETUP
	STOREROW(Z0, Z1)
	STOREROW(Z2, Z3)
	STOREROW(Z4, Z5)
	STOREROW(Z6, Z7)
	VZEROUPPER
	RET

// func panelF16x12(k int, a *float32, lda int, b *uint16, c *float32, ldc int, alpha, beta float32, flags int)
TEXT ·panelF16x12(SB), NOSPLIT, $0-64
	SETUP(12)
	ZERO8(Z0, Z1, Z2, Z3, Z4, Z5, Z6, Z7)
	ZERO8(Z8, Z9, Z10, Z11, Z12, Z13, Z14, Z15)
	ZERO8(Z16, Z17, Z18, Z19, Z20, Z21, Z22, Z23)
	MOVQ CX, BX
	SHRQ $2, BX
	JZ   tail

loop4:
	LOADF16(0)
	ROWS4(DI, 0, Z0, Z1, Z2, Z3, Z4, Z5, Z6, Z7)
	ROWS4(R10, 0, Z8, Z9, Z10, Z11, Z12, Z13, Z14, Z15)
	ROWS4(R11, 0, Z16, Z17, Z18, Z19, Z20, Z21, Z22, Z23)
	LOADF16(1)
	ROWS4(DI, 1, Z0, Z1, Z2, Z3, Z4, Z5, Z6, Z7)
	ROWS4(R10, 1, Z8, Z9, Z10, Z11, Z12, Z13, Z14, Z15)
	ROWS4(R11, 1, Z16, Z17, Z18, Z19, Z20, Z21, Z22, Z23)
	LOADF16(2)
	ROWS4(DI, 2, Z0, Z1, Z2, Z3, Z4, Z5, Z6, Z7)
	ROWS4(R10, 2, Z8, Z9, Z10, Z11, Z12, Z13, Z14, Z15)
	ROWS4(R11, 2, Z16, Z17, Z18, Z19, Z20, Z21, Z22, Z23)
	LOADF16(3)
	ROWS4(DI, 3, Z0, Z1, Z2, Z3, Z4, Z5, Z6, Z7)
	ROWS4(R10, 3, Z8, Z9, Z10, Z11, Z12, Z13, Z14, Z15)
	ROWS4(R11, 3, Z16, Z17, Z18, Z19, Z20, Z21, Z22, Z23)
	ADDQ $256, SI
	ADDQ $16, DI
	ADDQ $16, R10
	ADDQ $16, R11
	DECQ BX
	JNZ  loop4

tail:
	ANDQ $3, CX
	JZ   store

loop1:
	LOADF16(0)
	ROWS4(DI, 0, Z0, Z1, Z2, Z3, Z4, Z5, Z6, Z7)
	ROWS4(R10, 0, Z8, Z9, Z10, Z11, Z12, Z13, Z14, Z15)
	ROWS4(R11, 0, Z16, Z17, Z18, Z19, Z20, Z21, Z22, Z23)
	ADDQ $64, SI
	ADDQ $4, DI
	ADDQ $4, R10
	ADDQ $4, R11
	DECQ CX
	JNZ  loop1

store:
	STORESETUP
	STOREROW(Z0, Z1)
	STOREROW(Z2, Z3)
	STOREROW(Z4, Z5)
	STOREROW(Z6, Z7)
	STOREROW(Z8, Z9)
	STOREROW(Z10, Z11)
	STOREROW(Z12, Z13)
	STOREROW(Z14, Z15)
	STOREROW(Z16, Z17)
	STOREROW(Z18, Z19)
	STOREROW(Z20, Z21)
	STOREROW(Z22, Z23)
	VZEROUPPER
	RET

// func panelF16x8(k int, a *float32, lda int, b *uint16, c *float32, ldc int, alpha, beta float32, flags int)
TEXT ·panelF16x8(SB), NOSPLIT, $0-64
	SETUP(8)
	ZERO8(Z0, Z1, Z2, Z3, Z4, Z5, Z6, Z7)
	ZERO8(Z8, Z9, Z10, Z11, Z12, Z13, Z14, Z15)
	MOVQ CX, BX
	SHRQ $2, BX
	JZ   tail

loop4:
	LOADF16(0)
	ROWS4(DI, 0, Z0, Z1, Z2, Z3, Z4, Z5, Z6, Z7)
	ROWS4(R10, 0, Z8, Z9, Z10, Z11, Z12, Z13, Z14, Z15)
	LOADF16(1)
	ROWS4(DI, 1, Z0, Z1, Z2, Z3, Z4, Z5, Z6, Z7)
	ROWS4(R10, 1, Z8, Z9, Z10, Z11, Z12, Z13, Z14, Z15)
	LOADF16(2)
	ROWS4(DI, 2, Z0, Z1, Z2, Z3, Z4, Z5, Z6, Z7)
	ROWS4(R10, 2, Z8, Z9, Z10, Z11, Z12, Z13, Z14, Z15)
	LOADF16(3)
	ROWS4(DI, 3, Z0, Z1, Z2, Z3, Z4, Z5, Z6, Z7)
	ROWS4(R10, 3, Z8, Z9, Z10, Z11, Z12, Z13, Z14, Z15)
	ADDQ $256, SI
	ADDQ $16, DI
	ADDQ $16, R10
	DECQ BX
	JNZ  loop4

tail:
	ANDQ $3, CX
	JZ   store

loop1:
	LOADF16(0)
	ROWS4(DI, 0, Z0, Z1, Z2, Z3, Z4, Z5, Z6, Z7)
	ROWS4(R10, 0, Z8, Z9, Z10, Z11, Z12, Z13, Z14, Z15)
	ADDQ $64, SI
	ADDQ $4, DI
	ADDQ $4, R10
	DECQ CX
	JNZ  loop1

store:
	STORESETUP
	STOREROW(Z0, Z1)
	STOREROW(Z2, Z3)
	STOREROW(Z4, Z5)
	STOREROW(Z6, Z7)
	STOREROW(Z8, Z9)
	STOREROW(Z10, Z11)
	STOREROW(Z12, Z13)
	STOREROW(Z14, Z15)
	VZEROUPPER
	RET

// func panelF16x4(k int, a *float32, lda int, b *uint16, c *float32, ldc int, alpha, beta float32, flags int)
TEXT ·panelF16x4(SB), NOSPLIT, $0-64
	SETUP(4)
	ZERO8(Z0, Z1, Z2, Z3, Z4, Z5, Z6, Z7)
	MOVQ CX, BX
	SHRQ $2, BX
	JZ   tail

loop4:
	LOADF16(0)
	ROWS4(DI, 0, Z0, Z1, Z2, Z3, Z4, Z5, Z6, Z7)
	LOADF16(1)
	ROWS4(DI, 1, Z0, Z1, Z2, Z3, Z4, Z5, Z6, Z7)
	LOADF16(2)
	ROWS4(DI, 2, Z0, Z1, Z2, Z3, Z4, Z5, Z6, Z7)
	LOADF16(3)
	ROWS4(DI, 3, Z0, Z1, Z2, Z3, Z4, Z5, Z6, Z7)
	ADDQ $256, SI
	ADDQ $16, DI
	DECQ BX
	JNZ  loop4

tail:
	ANDQ $3, CX
	JZ   store

loop1:
	LOADF16(0)
	ROWS4(DI, 0, Z0, Z1, Z2, Z3, Z4, Z5, Z6, Z7)
	ADDQ $64, SI
	ADDQ $4, DI
	DECQ CX
	JNZ  loop1

store:
	STORESETUP
	STOREROW(Z0, Z1)
	STOREROW(Z2, Z3)
	STOREROW(Z4, Z5)
	STOREROW(Z6, Z7)
	VZEROUPPER
	RET
