//go:build amd64 && !noasm

#include "textflag.h"

// Register use in sgemmTile3x4AVX2:
//	Y0-Y3    row 0 accumulators, column j in Yj (8 partial sums along k each)
//	Y4-Y7    row 1 accumulators
//	Y8-Y11   row 2 accumulators
//	Y12-Y14  the current 8 k-values of A rows 0-2
//	Y15      the current 8 k-values of one Bᵀ row
//	DI       A row 0; R9 lda in bytes (rows 1, 2 at (DI)(R9*1), (DI)(R9*2))
//	SI       Bᵀ row 0; R8 ldb in bytes; R10 = row 3
//	CX       k; BX loop counter; DX C row 0; R12 ldc in bytes; AX flags
// In the k tail, Y11 is spilled to the frame so that it can hold the load mask.

// tailMask: eight all-ones words then eight zero words; the eight words starting at word 8-r
// select the first r lanes.
DATA tailMask<>+0(SB)/8, $0xffffffffffffffff
DATA tailMask<>+8(SB)/8, $0xffffffffffffffff
DATA tailMask<>+16(SB)/8, $0xffffffffffffffff
DATA tailMask<>+24(SB)/8, $0xffffffffffffffff
DATA tailMask<>+32(SB)/8, $0
DATA tailMask<>+40(SB)/8, $0
DATA tailMask<>+48(SB)/8, $0
DATA tailMask<>+56(SB)/8, $0
GLOBL tailMask<>(SB), RODATA|NOPTR, $64

// FMAROW2 multiplies the Bᵀ row at addr by the three A rows into column j's accumulators.
#define FMAROW2(addr, acc0, acc1, acc2) \
	VMOVUPS addr, Y15; \
	VFMADD231PS Y15, Y12, acc0; \
	VFMADD231PS Y15, Y13, acc1; \
	VFMADD231PS Y15, Y14, acc2

// FMAROW2MASK is FMAROW2 with a masked load (mask in Y11) for the k tail.
#define FMAROW2MASK(addr, acc0, acc1, acc2) \
	VMASKMOVPS addr, Y11, Y15; \
	VFMADD231PS Y15, Y12, acc0; \
	VFMADD231PS Y15, Y13, acc1; \
	VFMADD231PS Y15, Y14, acc2

// REDUCESTORE2 reduces the row accumulators r0-r3 to the four sums [Σr0 … Σr3] in X(r0),
// then stores alpha*sum (+ beta*C) to the four floats at addr. Y12-Y15 are scratch,
// Y14 holds alpha and Y15 beta.
#define REDUCESTORE2(addr, r0, r1, r2, r3, x0) \
	VHADDPS r1, r0, r0; \
	VHADDPS r3, r2, r2; \
	VHADDPS r2, r0, r0; \
	VEXTRACTF128 $1, r0, X12; \
	VADDPS X12, x0, x0; \
	VMULPS X14, x0, x0; \
	TESTQ $1, AX; \
	JNE 3(PC); \
	VMOVUPS addr, X13; \
	VFMADD231PS X15, X13, x0; \
	VMOVUPS x0, addr

// func sgemmTile3x4AVX2(k int, a *float32, lda int, b *float32, ldb int, c *float32, ldc int, alpha, beta float32, flags int)
TEXT ·sgemmTile3x4AVX2(SB), NOSPLIT, $32-72
	MOVQ k+0(FP), CX
	MOVQ a+8(FP), DI
	MOVQ lda+16(FP), R9
	MOVQ b+24(FP), SI
	MOVQ ldb+32(FP), R8
	SHLQ $2, R9
	SHLQ $2, R8
	LEAQ (SI)(R8*2), R10
	ADDQ R8, R10           // Bᵀ row 3

	VXORPS Y0, Y0, Y0
	VXORPS Y1, Y1, Y1
	VXORPS Y2, Y2, Y2
	VXORPS Y3, Y3, Y3
	VXORPS Y4, Y4, Y4
	VXORPS Y5, Y5, Y5
	VXORPS Y6, Y6, Y6
	VXORPS Y7, Y7, Y7
	VXORPS Y8, Y8, Y8
	VXORPS Y9, Y9, Y9
	VXORPS Y10, Y10, Y10
	VXORPS Y11, Y11, Y11

	MOVQ CX, BX
	SHRQ $3, BX
	JZ   tail

loop:
	VMOVUPS (DI), Y12
	VMOVUPS (DI)(R9*1), Y13
	VMOVUPS (DI)(R9*2), Y14
	FMAROW2((SI), Y0, Y4, Y8)
	FMAROW2((SI)(R8*1), Y1, Y5, Y9)
	FMAROW2((SI)(R8*2), Y2, Y6, Y10)
	FMAROW2((R10), Y3, Y7, Y11)
	ADDQ $32, DI
	ADDQ $32, SI
	ADDQ $32, R10
	DECQ BX
	JNZ  loop

tail:
	ANDQ $7, CX
	JZ   reduce
	VMOVUPS Y11, spill-32(SP)
	MOVQ $8, AX
	SUBQ CX, AX
	LEAQ tailMask<>(SB), BX
	VMOVUPS (BX)(AX*4), Y11
	VMASKMOVPS (DI), Y11, Y12
	VMASKMOVPS (DI)(R9*1), Y11, Y13
	VMASKMOVPS (DI)(R9*2), Y11, Y14
	FMAROW2MASK((SI), Y0, Y4, Y8)
	FMAROW2MASK((SI)(R8*1), Y1, Y5, Y9)
	FMAROW2MASK((SI)(R8*2), Y2, Y6, Y10)
	VMASKMOVPS (R10), Y11, Y15
	VMOVUPS spill-32(SP), Y11
	VFMADD231PS Y15, Y12, Y3
	VFMADD231PS Y15, Y13, Y7
	VFMADD231PS Y15, Y14, Y11

reduce:
	VBROADCASTSS alpha+56(FP), Y14
	VBROADCASTSS beta+60(FP), Y15
	MOVQ flags+64(FP), AX
	MOVQ c+40(FP), DX
	MOVQ ldc+48(FP), R12
	SHLQ $2, R12

	REDUCESTORE2((DX), Y0, Y1, Y2, Y3, X0)
	REDUCESTORE2((DX)(R12*1), Y4, Y5, Y6, Y7, X4)
	REDUCESTORE2((DX)(R12*2), Y8, Y9, Y10, Y11, X8)

	VZEROUPPER
	RET
