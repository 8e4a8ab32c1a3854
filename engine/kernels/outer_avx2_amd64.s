//go:build amd64 && !noasm

#include "textflag.h"

// packPanel16AVX2 packs B's panels for the outer-product path on AVX2, whose tile,
// sgemmOuter6x16AVX2, is generated with the AVX2 panel kernels (panel_avx2_amd64.s).

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
