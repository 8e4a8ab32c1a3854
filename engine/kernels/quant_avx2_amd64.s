//go:build amd64 && !noasm

#include "textflag.h"

// quantizeAVX2 is quantizeRows (int8.go) for one row of k values (a multiple of 64), with the
// same float32 operations, so the same codes: per group of 64, m = max|x|; when 0 < m ≤ the
// largest float32, codes round(x·(127/m)) (VCVTPS2DQ: to nearest, ties to even), scale m/127,
// bias −128·Σ codes; otherwise codes, scale and bias 0.
//
// Register use: Y0-Y7 the group's values, then codes; Y8 m; Y9 127/m; Y10-Y11 temporaries;
// Y12 the VPERMD order that undoes the packs' lane interleaving; Y13 the |x| mask; Y14 127.
// DI x; SI codes; R8 scales; R9 biases; CX groups left.

DATA qconst<>+0(SB)/4, $0x7fffffff    // |x| mask
DATA qconst<>+4(SB)/4, $0x42fe0000    // 127
DATA qconst<>+8(SB)/4, $0x7f7fffff    // largest float32
DATA qconst<>+16(SB)/4, $0
DATA qconst<>+20(SB)/4, $4
DATA qconst<>+24(SB)/4, $1
DATA qconst<>+28(SB)/4, $5
DATA qconst<>+32(SB)/4, $2
DATA qconst<>+36(SB)/4, $6
DATA qconst<>+40(SB)/4, $3
DATA qconst<>+44(SB)/4, $7
GLOBL qconst<>(SB), RODATA|NOPTR, $48

// ABSMAX(y) folds |y| into Y8.
#define ABSMAX(y) \
	VANDPS Y13, y, Y10; \
	VMAXPS Y10, Y8, Y8

// CODE(y) turns y into its int32 code.
#define CODE(y) \
	VMULPS Y9, y, y; \
	VCVTPS2DQ y, y

// PACK4(a, b, c, d, off) stores the 32 codes of int32 vectors a-d as bytes at off(SI).
#define PACK4(a, b, c, d, off) \
	VPACKSSDW b, a, a; \
	VPACKSSDW d, c, c; \
	VPACKSSWB c, a, a; \
	VPERMD a, Y12, a; \
	VMOVDQU a, off(SI)

// func quantizeAVX2(x *float32, groups int, q *int8, s *float32, bias *int32)
TEXT ·quantizeAVX2(SB), NOSPLIT, $0-40
	MOVQ x+0(FP), DI
	MOVQ groups+8(FP), CX
	MOVQ q+16(FP), SI
	MOVQ s+24(FP), R8
	MOVQ bias+32(FP), R9
	VBROADCASTSS qconst<>+0(SB), Y13
	VBROADCASTSS qconst<>+4(SB), Y14
	VMOVDQU qconst<>+16(SB), Y12

group:
	VMOVUPS (DI), Y0
	VMOVUPS 32(DI), Y1
	VMOVUPS 64(DI), Y2
	VMOVUPS 96(DI), Y3
	VMOVUPS 128(DI), Y4
	VMOVUPS 160(DI), Y5
	VMOVUPS 192(DI), Y6
	VMOVUPS 224(DI), Y7
	VANDPS Y13, Y0, Y8
	ABSMAX(Y1)
	ABSMAX(Y2)
	ABSMAX(Y3)
	ABSMAX(Y4)
	ABSMAX(Y5)
	ABSMAX(Y6)
	ABSMAX(Y7)
	VPERM2F128 $1, Y8, Y8, Y10
	VMAXPS Y10, Y8, Y8
	VPERMILPS $0x4e, Y8, Y10
	VMAXPS Y10, Y8, Y8
	VPERMILPS $0xb1, Y8, Y10
	VMAXPS Y10, Y8, Y8     // m in every lane

	VXORPS X10, X10, X10
	VUCOMISS X10, X8
	JLS  zero              // m ≤ 0, or NaN
	VUCOMISS qconst<>+8(SB), X8
	JHI  zero              // m infinite

	VDIVPS Y8, Y14, Y9     // 127/m
	CODE(Y0)
	CODE(Y1)
	CODE(Y2)
	CODE(Y3)
	CODE(Y4)
	CODE(Y5)
	CODE(Y6)
	CODE(Y7)
	VPADDD Y1, Y0, Y10
	VPADDD Y2, Y10, Y10
	VPADDD Y3, Y10, Y10
	VPADDD Y4, Y10, Y10
	VPADDD Y5, Y10, Y10
	VPADDD Y6, Y10, Y10
	VPADDD Y7, Y10, Y10
	VEXTRACTI128 $1, Y10, X11
	VPADDD X11, X10, X10
	VPSHUFD $0x4e, X10, X11
	VPADDD X11, X10, X10
	VPSHUFD $0xb1, X10, X11
	VPADDD X11, X10, X10
	VMOVD X10, AX
	IMULL $-128, AX
	MOVL AX, (R9)
	VDIVSS X14, X8, X10
	VMOVSS X10, (R8)
	PACK4(Y0, Y1, Y2, Y3, 0)
	PACK4(Y4, Y5, Y6, Y7, 32)
	JMP  next

zero:
	VPXOR Y10, Y10, Y10
	VMOVDQU Y10, (SI)
	VMOVDQU Y10, 32(SI)
	MOVL $0, (R9)
	MOVL $0, (R8)

next:
	ADDQ $256, DI
	ADDQ $64, SI
	ADDQ $4, R8
	ADDQ $4, R9
	DECQ CX
	JNZ  group
	VZEROUPPER
	RET
