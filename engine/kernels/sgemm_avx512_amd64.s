//go:build amd64 && !noasm

#include "textflag.h"

// Register use in sgemmTile3x8AVX512:
//	Z0-Z7    row 0 accumulators, column j in Zj (16 partial sums along k each)
//	Z8-Z15   row 1 accumulators
//	Z16-Z23  row 2 accumulators
//	Z24-Z26  the current 16 k-values of A rows 0-2
//	Z27      the current 16 k-values of one Bᵀ row
//	Z28      scratch; Z29 alpha; Z30 beta
//	DI       A row 0; R9 lda in bytes (rows 1, 2 at (DI)(R9*1), (DI)(R9*2))
//	SI       Bᵀ row 0; R8 ldb in bytes; R10 = row 3; R11 = row 6
//	CX       k; BX loop counter; DX C row 0; R12 ldc in bytes; AX flags

// FMAROW multiplies the Bᵀ row at addr by the three A rows into column j's accumulators.
#define FMAROW(addr, acc0, acc1, acc2) \
	VMOVUPS addr, Z27; \
	VFMADD231PS Z27, Z24, acc0; \
	VFMADD231PS Z27, Z25, acc1; \
	VFMADD231PS Z27, Z26, acc2

// FMAROWMASK is FMAROW with a zero-masked load (K1) for the k tail.
#define FMAROWMASK(addr, acc0, acc1, acc2) \
	VMOVUPS.Z addr, K1, Z27; \
	VFMADD231PS Z27, Z24, acc0; \
	VFMADD231PS Z27, Z25, acc1; \
	VFMADD231PS Z27, Z26, acc2

// FOLD adds the high 256 bits of src to its low 256 bits, into dst (only dst's low half counts).
#define FOLD(src, dst) \
	VEXTRACTF64X4 $1, src, Y28; \
	VADDPS Z28, src, dst

// REDUCESTORE reduces Y0-Y7 (the folded accumulators of one row) to the eight sums
// [Σy0 … Σy7] in Y1, then stores alpha*sum (+ beta*C) to the eight floats at addr.
#define REDUCESTORE(addr) \
	VHADDPS Y1, Y0, Y0; \
	VHADDPS Y3, Y2, Y2; \
	VHADDPS Y5, Y4, Y4; \
	VHADDPS Y7, Y6, Y6; \
	VHADDPS Y2, Y0, Y0; \
	VHADDPS Y6, Y4, Y4; \
	VPERM2F128 $0x20, Y4, Y0, Y1; \
	VPERM2F128 $0x31, Y4, Y0, Y2; \
	VADDPS Y2, Y1, Y1; \
	VMULPS Z29, Z1, Z1; \
	TESTQ $1, AX; \
	JNE 3(PC); \
	VMOVUPS addr, Y2; \
	VFMADD231PS Z30, Z2, Z1; \
	VMOVUPS Y1, addr

// func sgemmTile3x8AVX512(k int, a *float32, lda int, b *float32, ldb int, c *float32, ldc int, alpha, beta float32, flags int)
TEXT ·sgemmTile3x8AVX512(SB), NOSPLIT, $0-72
	MOVQ k+0(FP), CX
	MOVQ a+8(FP), DI
	MOVQ lda+16(FP), R9
	MOVQ b+24(FP), SI
	MOVQ ldb+32(FP), R8
	SHLQ $2, R9
	SHLQ $2, R8
	LEAQ (SI)(R8*2), R10
	ADDQ R8, R10           // Bᵀ row 3
	LEAQ (R10)(R8*2), R11
	ADDQ R8, R11           // Bᵀ row 6

	VPXORD Z0, Z0, Z0
	VPXORD Z1, Z1, Z1
	VPXORD Z2, Z2, Z2
	VPXORD Z3, Z3, Z3
	VPXORD Z4, Z4, Z4
	VPXORD Z5, Z5, Z5
	VPXORD Z6, Z6, Z6
	VPXORD Z7, Z7, Z7
	VPXORD Z8, Z8, Z8
	VPXORD Z9, Z9, Z9
	VPXORD Z10, Z10, Z10
	VPXORD Z11, Z11, Z11
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

	MOVQ CX, BX
	SHRQ $4, BX
	JZ   tail

loop:
	VMOVUPS (DI), Z24
	VMOVUPS (DI)(R9*1), Z25
	VMOVUPS (DI)(R9*2), Z26
	FMAROW((SI), Z0, Z8, Z16)
	FMAROW((SI)(R8*1), Z1, Z9, Z17)
	FMAROW((SI)(R8*2), Z2, Z10, Z18)
	FMAROW((R10), Z3, Z11, Z19)
	FMAROW((R10)(R8*1), Z4, Z12, Z20)
	FMAROW((R10)(R8*2), Z5, Z13, Z21)
	FMAROW((R11), Z6, Z14, Z22)
	FMAROW((R11)(R8*1), Z7, Z15, Z23)
	ADDQ $64, DI
	ADDQ $64, SI
	ADDQ $64, R10
	ADDQ $64, R11
	DECQ BX
	JNZ  loop

tail:
	ANDQ $15, CX
	JZ   reduce
	MOVL $1, AX
	SHLL CX, AX
	DECL AX
	KMOVW AX, K1
	VMOVUPS.Z (DI), K1, Z24
	VMOVUPS.Z (DI)(R9*1), K1, Z25
	VMOVUPS.Z (DI)(R9*2), K1, Z26
	FMAROWMASK((SI), Z0, Z8, Z16)
	FMAROWMASK((SI)(R8*1), Z1, Z9, Z17)
	FMAROWMASK((SI)(R8*2), Z2, Z10, Z18)
	FMAROWMASK((R10), Z3, Z11, Z19)
	FMAROWMASK((R10)(R8*1), Z4, Z12, Z20)
	FMAROWMASK((R10)(R8*2), Z5, Z13, Z21)
	FMAROWMASK((R11), Z6, Z14, Z22)
	FMAROWMASK((R11)(R8*1), Z7, Z15, Z23)

reduce:
	VBROADCASTSS alpha+56(FP), Z29
	VBROADCASTSS beta+60(FP), Z30
	MOVQ flags+64(FP), AX
	MOVQ c+40(FP), DX
	MOVQ ldc+48(FP), R12
	SHLQ $2, R12

	// Row 0.
	FOLD(Z0, Z0)
	FOLD(Z1, Z1)
	FOLD(Z2, Z2)
	FOLD(Z3, Z3)
	FOLD(Z4, Z4)
	FOLD(Z5, Z5)
	FOLD(Z6, Z6)
	FOLD(Z7, Z7)
	REDUCESTORE((DX))

	// Row 1.
	FOLD(Z8, Z0)
	FOLD(Z9, Z1)
	FOLD(Z10, Z2)
	FOLD(Z11, Z3)
	FOLD(Z12, Z4)
	FOLD(Z13, Z5)
	FOLD(Z14, Z6)
	FOLD(Z15, Z7)
	REDUCESTORE((DX)(R12*1))

	// Row 2.
	FOLD(Z16, Z0)
	FOLD(Z17, Z1)
	FOLD(Z18, Z2)
	FOLD(Z19, Z3)
	FOLD(Z20, Z4)
	FOLD(Z21, Z5)
	FOLD(Z22, Z6)
	FOLD(Z23, Z7)
	REDUCESTORE((DX)(R12*2))

	VZEROUPPER
	RET
