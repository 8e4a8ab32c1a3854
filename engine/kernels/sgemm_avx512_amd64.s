//go:build amd64 && !noasm

#include "textflag.h"

// Register use in sgemmTile6x4AVX512:
//	Z0-Z23   accumulators: row i, column j in Z(4i+j), 16 partial sums along k each
//	Z24-Z29  the current 16 k-values of A rows 0-5
//	Z30      the current 16 k-values of one Bᵀ row
//	Z31      scratch; after the k loop Z24 holds alpha and Z25 beta
//	DI       A row 0; R13 = A row 3; R9 lda in bytes
//	SI       Bᵀ row 0; R10 = Bᵀ row 3; R8 ldb in bytes
//	CX       k; BX loop counter; DX C row 0; R11 = C row 3; R12 ldc in bytes; AX flags
//
// Six A rows against four Bᵀ rows makes ten 64-byte loads per 24 FMAs, which measured faster
// on Zen 5 than the 3×8 shape (eleven loads): full-width loads, not FMAs, bound these loops.

// FMACOL multiplies the Bᵀ row at addr by the six A rows into column j's accumulators.
#define FMACOL(addr, j0, j1, j2, j3, j4, j5) \
	VMOVUPS addr, Z30; \
	VFMADD231PS Z30, Z24, j0; \
	VFMADD231PS Z30, Z25, j1; \
	VFMADD231PS Z30, Z26, j2; \
	VFMADD231PS Z30, Z27, j3; \
	VFMADD231PS Z30, Z28, j4; \
	VFMADD231PS Z30, Z29, j5

// FMACOLMASK is FMACOL with a zero-masked load (K1) for the k tail.
#define FMACOLMASK(addr, j0, j1, j2, j3, j4, j5) \
	VMOVUPS.Z addr, K1, Z30; \
	VFMADD231PS Z30, Z24, j0; \
	VFMADD231PS Z30, Z25, j1; \
	VFMADD231PS Z30, Z26, j2; \
	VFMADD231PS Z30, Z27, j3; \
	VFMADD231PS Z30, Z28, j4; \
	VFMADD231PS Z30, Z29, j5

// LOADA loads 16 k-values of the six A rows; LOADAMASK zero-masks them with K1 for the tail.
#define LOADA \
	VMOVUPS (DI), Z24; \
	VMOVUPS (DI)(R9*1), Z25; \
	VMOVUPS (DI)(R9*2), Z26; \
	VMOVUPS (R13), Z27; \
	VMOVUPS (R13)(R9*1), Z28; \
	VMOVUPS (R13)(R9*2), Z29

#define LOADAMASK \
	VMOVUPS.Z (DI), K1, Z24; \
	VMOVUPS.Z (DI)(R9*1), K1, Z25; \
	VMOVUPS.Z (DI)(R9*2), K1, Z26; \
	VMOVUPS.Z (R13), K1, Z27; \
	VMOVUPS.Z (R13)(R9*1), K1, Z28; \
	VMOVUPS.Z (R13)(R9*2), K1, Z29

// FOLD adds the high 256 bits of src to its low 256 bits, into dst (only dst's low half counts).
#define FOLD(src, dst) \
	VEXTRACTF64X4 $1, src, Y31; \
	VADDPS Z31, src, dst

// ROWSTORE reduces the row's folded accumulators in Y0-Y3 to [Σy0 Σy1 Σy2 Σy3] in X0 and
// stores alpha*sum (+ beta*C) to the four floats at addr.
#define ROWSTORE(addr) \
	VHADDPS Y1, Y0, Y0; \
	VHADDPS Y3, Y2, Y2; \
	VHADDPS Y2, Y0, Y0; \
	VEXTRACTF128 $1, Y0, X1; \
	VADDPS X1, X0, X0; \
	VMULPS Z24, Z0, Z0; \
	TESTQ $1, AX; \
	JNE 3(PC); \
	VMOVUPS addr, X1; \
	VFMADD231PS Z25, Z1, Z0; \
	VMOVUPS X0, addr

// ROW folds row accumulators r0-r3 into Z0-Z3 and stores the row at addr.
#define ROW(r0, r1, r2, r3, addr) \
	FOLD(r0, Z0); \
	FOLD(r1, Z1); \
	FOLD(r2, Z2); \
	FOLD(r3, Z3); \
	ROWSTORE(addr)

// func sgemmTile6x4AVX512(k int, a *float32, lda int, b *float32, ldb int, c *float32, ldc int, alpha, beta float32, flags int)
TEXT ·sgemmTile6x4AVX512(SB), NOSPLIT, $0-72
	MOVQ k+0(FP), CX
	MOVQ a+8(FP), DI
	MOVQ lda+16(FP), R9
	MOVQ b+24(FP), SI
	MOVQ ldb+32(FP), R8
	SHLQ $2, R9
	SHLQ $2, R8
	LEAQ (DI)(R9*2), R13
	ADDQ R9, R13           // A row 3
	LEAQ (SI)(R8*2), R10
	ADDQ R8, R10           // Bᵀ row 3

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
	LOADA
	FMACOL((SI), Z0, Z4, Z8, Z12, Z16, Z20)
	FMACOL((SI)(R8*1), Z1, Z5, Z9, Z13, Z17, Z21)
	FMACOL((SI)(R8*2), Z2, Z6, Z10, Z14, Z18, Z22)
	FMACOL((R10), Z3, Z7, Z11, Z15, Z19, Z23)
	ADDQ $64, DI
	ADDQ $64, R13
	ADDQ $64, SI
	ADDQ $64, R10
	DECQ BX
	JNZ  loop

tail:
	ANDQ $15, CX
	JZ   reduce
	MOVL $1, AX
	SHLL CX, AX
	DECL AX
	KMOVW AX, K1
	LOADAMASK
	FMACOLMASK((SI), Z0, Z4, Z8, Z12, Z16, Z20)
	FMACOLMASK((SI)(R8*1), Z1, Z5, Z9, Z13, Z17, Z21)
	FMACOLMASK((SI)(R8*2), Z2, Z6, Z10, Z14, Z18, Z22)
	FMACOLMASK((R10), Z3, Z7, Z11, Z15, Z19, Z23)

reduce:
	VBROADCASTSS alpha+56(FP), Z24
	VBROADCASTSS beta+60(FP), Z25
	MOVQ flags+64(FP), AX
	MOVQ c+40(FP), DX
	MOVQ ldc+48(FP), R12
	SHLQ $2, R12
	LEAQ (DX)(R12*2), R11
	ADDQ R12, R11          // C row 3

	ROW(Z0, Z1, Z2, Z3, (DX))
	ROW(Z4, Z5, Z6, Z7, (DX)(R12*1))
	ROW(Z8, Z9, Z10, Z11, (DX)(R12*2))
	ROW(Z12, Z13, Z14, Z15, (R11))
	ROW(Z16, Z17, Z18, Z19, (R11)(R12*1))
	ROW(Z20, Z21, Z22, Z23, (R11)(R12*2))

	VZEROUPPER
	RET
