//go:build amd64 && !noasm

#include "textflag.h"

// Register use in sgemmOuter6x16AVX2:
//	Y0-Y11   accumulators: C row i, columns 0-7 in Y(2i), 8-15 in Y(2i+1)
//	Y12-Y13  the current k's 16 packed B values; Y14-Y15 broadcast A values
//	DI, R10  A rows 0 and 3; R9 lda in bytes (rows +1, +2 via (R)(R9*1), (R)(R9*2))
//	SI       packed B panel; CX k; BX loop counter; DX C row; R8 ldc in bytes; AX flags
// After the loop Y12 holds alpha and Y13 beta.

// KSTEP2 updates all accumulators with k step d (0-3) of the unrolled loop.
#define KSTEP2(d) \
	VMOVUPS (d*64)(SI), Y12; \
	VMOVUPS (d*64+32)(SI), Y13; \
	VBROADCASTSS (d*4)(DI), Y14; \
	VFMADD231PS Y12, Y14, Y0; \
	VFMADD231PS Y13, Y14, Y1; \
	VBROADCASTSS (d*4)(DI)(R9*1), Y15; \
	VFMADD231PS Y12, Y15, Y2; \
	VFMADD231PS Y13, Y15, Y3; \
	VBROADCASTSS (d*4)(DI)(R9*2), Y14; \
	VFMADD231PS Y12, Y14, Y4; \
	VFMADD231PS Y13, Y14, Y5; \
	VBROADCASTSS (d*4)(R10), Y15; \
	VFMADD231PS Y12, Y15, Y6; \
	VFMADD231PS Y13, Y15, Y7; \
	VBROADCASTSS (d*4)(R10)(R9*1), Y14; \
	VFMADD231PS Y12, Y14, Y8; \
	VFMADD231PS Y13, Y14, Y9; \
	VBROADCASTSS (d*4)(R10)(R9*2), Y15; \
	VFMADD231PS Y12, Y15, Y10; \
	VFMADD231PS Y13, Y15, Y11

// STOREROW2 writes alpha*acc (+ beta*C when AX is zero) to the 16 floats at DX, then moves
// DX to the next row.
#define STOREROW2(lo, hi) \
	VMULPS Y12, lo, lo; \
	VMULPS Y12, hi, hi; \
	TESTQ $1, AX; \
	JNE 3(PC); \
	VFMADD231PS (DX), Y13, lo; \
	VFMADD231PS 32(DX), Y13, hi; \
	VMOVUPS lo, (DX); \
	VMOVUPS hi, 32(DX); \
	ADDQ R8, DX

// func sgemmOuter6x16AVX2(k int, a *float32, lda int, b *float32, c *float32, ldc int, alpha, beta float32, flags int)
TEXT ·sgemmOuter6x16AVX2(SB), NOSPLIT, $0-64
	MOVQ k+0(FP), CX
	MOVQ a+8(FP), DI
	MOVQ lda+16(FP), R9
	MOVQ b+24(FP), SI
	SHLQ $2, R9
	LEAQ (DI)(R9*2), R10
	ADDQ R9, R10           // A row 3

	// Start fetching the C tile now, so its cache misses overlap the k loop.
	MOVQ c+32(FP), DX
	MOVQ ldc+40(FP), R8
	SHLQ $2, R8
	MOVQ $6, BX

prefetchc:
	PREFETCHT0 (DX)
	ADDQ R8, DX
	DECQ BX
	JNZ  prefetchc

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
	SHRQ $2, BX
	JZ   tail

loop4:
	KSTEP2(0)
	KSTEP2(1)
	KSTEP2(2)
	KSTEP2(3)
	ADDQ $256, SI
	ADDQ $16, DI
	ADDQ $16, R10
	DECQ BX
	JNZ  loop4

tail:
	ANDQ $3, CX
	JZ   store

loop1:
	KSTEP2(0)
	ADDQ $64, SI
	ADDQ $4, DI
	ADDQ $4, R10
	DECQ CX
	JNZ  loop1

store:
	VBROADCASTSS alpha+48(FP), Y12
	VBROADCASTSS beta+52(FP), Y13
	MOVQ flags+56(FP), AX
	MOVQ c+32(FP), DX
	STOREROW2(Y0, Y1)
	STOREROW2(Y2, Y3)
	STOREROW2(Y4, Y5)
	STOREROW2(Y6, Y7)
	STOREROW2(Y8, Y9)
	STOREROW2(Y10, Y11)
	VZEROUPPER
	RET

// func packPanel16AVX2(dst *float32, src *float32, ld int, k8 int)
TEXT ·packPanel16AVX2(SB), NOSPLIT, $0-32
	MOVQ dst+0(FP), DI
	MOVQ src+8(FP), SI
	MOVQ ld+16(FP), R8
	MOVQ k8+24(FP), CX
	SHLQ $2, R8
	SHRQ $3, CX
	JZ   done

kblock:
	// Two halves: rows 0-7 go to floats 0-7 of each output k row, rows 8-15 to 8-15.
	MOVQ SI, R10
	MOVQ DI, R11
	MOVQ $2, BX

half:
	MOVQ R10, R12
	VMOVUPS (R12), Y0
	ADDQ R8, R12
	VMOVUPS (R12), Y1
	ADDQ R8, R12
	VMOVUPS (R12), Y2
	ADDQ R8, R12
	VMOVUPS (R12), Y3
	ADDQ R8, R12
	VMOVUPS (R12), Y4
	ADDQ R8, R12
	VMOVUPS (R12), Y5
	ADDQ R8, R12
	VMOVUPS (R12), Y6
	ADDQ R8, R12
	VMOVUPS (R12), Y7
	ADDQ R8, R12
	MOVQ R12, R10          // rows 8-15 start where this half ended

	// Per 128-bit lane: [a0 b0 a1 b1] and [a2 b2 a3 b3] for row pairs.
	VUNPCKLPS Y1, Y0, Y8
	VUNPCKHPS Y1, Y0, Y9
	VUNPCKLPS Y3, Y2, Y10
	VUNPCKHPS Y3, Y2, Y11
	VUNPCKLPS Y5, Y4, Y12
	VUNPCKHPS Y5, Y4, Y13
	VUNPCKLPS Y7, Y6, Y14
	VUNPCKHPS Y7, Y6, Y15
	// Per lane: rows 0-3 (Y0-Y3) and 4-7 (Y4-Y7) at lane offsets 0, 1, 2, 3.
	VSHUFPS $0x44, Y10, Y8, Y0
	VSHUFPS $0xEE, Y10, Y8, Y1
	VSHUFPS $0x44, Y11, Y9, Y2
	VSHUFPS $0xEE, Y11, Y9, Y3
	VSHUFPS $0x44, Y14, Y12, Y4
	VSHUFPS $0xEE, Y14, Y12, Y5
	VSHUFPS $0x44, Y15, Y13, Y6
	VSHUFPS $0xEE, Y15, Y13, Y7
	// Low lanes give k 0-3, high lanes k 4-7.
	VPERM2F128 $0x20, Y4, Y0, Y8
	VPERM2F128 $0x31, Y4, Y0, Y12
	VPERM2F128 $0x20, Y5, Y1, Y9
	VPERM2F128 $0x31, Y5, Y1, Y13
	VPERM2F128 $0x20, Y6, Y2, Y10
	VPERM2F128 $0x31, Y6, Y2, Y14
	VPERM2F128 $0x20, Y7, Y3, Y11
	VPERM2F128 $0x31, Y7, Y3, Y15

	VMOVUPS Y8, (R11)
	VMOVUPS Y9, 64(R11)
	VMOVUPS Y10, 128(R11)
	VMOVUPS Y11, 192(R11)
	VMOVUPS Y12, 256(R11)
	VMOVUPS Y13, 320(R11)
	VMOVUPS Y14, 384(R11)
	VMOVUPS Y15, 448(R11)
	ADDQ $32, R11
	DECQ BX
	JNZ  half

	ADDQ $32, SI           // next 8 k of every row
	ADDQ $512, DI          // next 8 output k rows of 16 floats
	DECQ CX
	JNZ  kblock

done:
	VZEROUPPER
	RET
