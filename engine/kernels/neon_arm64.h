// NEON instructions Go's arm64 assembler does not know, encoded by hand as WORDs (Arm ARM,
// A64 "Advanced SIMD" encodings; each checked against llvm-mc -triple=aarch64 -show-encoding).
// Arguments are register numbers: FMLAE(16, 4, 0, 2) is FMLA V16.4S, V4.4S, V0.S[2].
// All vector forms are the 128-bit ones (four float32 lanes) unless named otherwise.

// FMLA Vd.4S, Vn.4S, Vm.S[i]: Vd += Vn·Vm[i] (by element; m < 32, i < 4).
#define FMLAE(d, n, m, i) WORD $(0x4F801000 | ((i)&1)<<21 | ((i)>>1)<<11 | (m)<<16 | (n)<<5 | (d))
// FMUL Vd.4S, Vn.4S, Vm.S[i]: Vd = Vn·Vm[i] (by element).
#define FMULE(d, n, m, i) WORD $(0x4F809000 | ((i)&1)<<21 | ((i)>>1)<<11 | (m)<<16 | (n)<<5 | (d))
// FADD, FSUB, FMUL, FDIV, FMAX, FMIN Vd.4S, Vn.4S, Vm.4S: Vd = Vn op Vm.
#define FADD4(d, n, m) WORD $(0x4E20D400 | (m)<<16 | (n)<<5 | (d))
#define FSUB4(d, n, m) WORD $(0x4EA0D400 | (m)<<16 | (n)<<5 | (d))
#define FMUL4(d, n, m) WORD $(0x6E20DC00 | (m)<<16 | (n)<<5 | (d))
#define FDIV4(d, n, m) WORD $(0x6E20FC00 | (m)<<16 | (n)<<5 | (d))
#define FMAX4(d, n, m) WORD $(0x4E20F400 | (m)<<16 | (n)<<5 | (d))
#define FMIN4(d, n, m) WORD $(0x4EA0F400 | (m)<<16 | (n)<<5 | (d))
// FCMGE Vd.4S, Vn.4S, Vm.4S: each lane of Vd all ones where Vn ≥ Vm, else zero (NaN: zero).
#define FCMGE4(d, n, m) WORD $(0x6E20E400 | (m)<<16 | (n)<<5 | (d))
// FADDP Vd.4S, Vn.4S, Vm.4S: pairwise sums, Vd = {n0+n1, n2+n3, m0+m1, m2+m3}.
#define FADDP4(d, n, m) WORD $(0x6E20D400 | (m)<<16 | (n)<<5 | (d))
// FADDP Sd, Vn.2S: Sd = n0+n1.
#define FADDPS(d, n) WORD $(0x7E30D800 | (n)<<5 | (d))
// FMAXV Sd, Vn.4S: Sd = the largest lane of Vn.
#define FMAXV(d, n) WORD $(0x6E30F800 | (n)<<5 | (d))
// FCVTL Vd.4S, Vn.4H and FCVTL2 Vd.4S, Vn.8H: widen the low (high) four float16 lanes of Vn.
#define FCVTL(d, n) WORD $(0x0E217800 | (n)<<5 | (d))
#define FCVTL2(d, n) WORD $(0x4E217800 | (n)<<5 | (d))
// FCMGT Vd.4S, Vn.4S, Vm.4S: each lane of Vd all ones where Vn > Vm, else zero (NaN: zero).
#define FCMGT4(d, n, m) WORD $(0x6EA0E400 | (m)<<16 | (n)<<5 | (d))
// FNEG Vd.4S, Vn.4S: Vd = −Vn.
#define FNEG4(d, n) WORD $(0x6EA0F800 | (n)<<5 | (d))
// SDOT Vd.4S, Vn.16B, Vm.4B[i]: each int32 lane j of Vd += the sum of the 4 products of Vn's
// signed bytes 4j..4j+3 with Vm's signed bytes 4i..4i+3 (FEAT_DotProd; m < 32, i < 4).
#define SDOTE(d, n, m, i) WORD $(0x4F80E000 | ((i)&1)<<21 | ((i)>>1)<<11 | (m)<<16 | (n)<<5 | (d))
// SCVTF Vd.4S, Vn.4S: int32 lanes to float32 (to nearest).
#define SCVTF4(d, n) WORD $(0x4E21D800 | (n)<<5 | (d))
// FMLA Vd.4S, Vn.4S, Vm.4S: Vd += Vn·Vm (register numbers, for macros that compute them).
#define FMLA4(d, n, m) WORD $(0x4E20CC00 | (m)<<16 | (n)<<5 | (d))
// ZEROACC zeroes V16-V31, the accumulators of the panel and int8 kernels.
#define ZEROACC \
	VEOR V16.B16, V16.B16, V16.B16; VEOR V17.B16, V17.B16, V17.B16; VEOR V18.B16, V18.B16, V18.B16; VEOR V19.B16, V19.B16, V19.B16; \
	VEOR V20.B16, V20.B16, V20.B16; VEOR V21.B16, V21.B16, V21.B16; VEOR V22.B16, V22.B16, V22.B16; VEOR V23.B16, V23.B16, V23.B16; \
	VEOR V24.B16, V24.B16, V24.B16; VEOR V25.B16, V25.B16, V25.B16; VEOR V26.B16, V26.B16, V26.B16; VEOR V27.B16, V27.B16, V27.B16; \
	VEOR V28.B16, V28.B16, V28.B16; VEOR V29.B16, V29.B16, V29.B16; VEOR V30.B16, V30.B16, V30.B16; VEOR V31.B16, V31.B16, V31.B16
