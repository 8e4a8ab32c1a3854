//go:build amd64 && !noasm

package kernels

import "golang.org/x/sys/cpu"

var (
	kernAVX512 = &microKernel{name: "avx512", mr: 6, nr: 4, tile: tileAVX512,
		outer: &outerKernel{mr: 12, nr: 32, tile: outerAVX512, packT: packT32AVX512}, panel: panelAVX512, int8: int8AVX512}
	kernAVX2 = &microKernel{name: "avx2", mr: 3, nr: 4, tile: tileAVX2,
		outer: &outerKernel{mr: 6, nr: 16, tile: outerAVX2, packT: packT16AVX2}, panel: panelIf(hasF16C, panelAVX2), int8: int8Best}
)

// hasF16C reports VCVTPH2PS. The AVX2 panel kernels widen float16 with it; every AVX2 CPU
// made has it, but without it the AVX2 kernel keeps Packed matrices in the plain layout.
var hasF16C = cpu.X86.HasAVX && cpu.X86.HasF16C

// panelIf is pk when ok, else nil (no panel kernels: Packed goes through Sgemm).
func panelIf(ok bool, pk *panelKernel) *panelKernel {
	if ok {
		return pk
	}
	return nil
}

// kernelsForCPU lists the micro-kernels this CPU (and OS) can run, best first.
func kernelsForCPU() []*microKernel {
	var ks []*microKernel
	if cpu.X86.HasAVX512F && cpu.X86.HasAVX2 && cpu.X86.HasFMA {
		ks = append(ks, kernAVX512)
	}
	if cpu.X86.HasAVX2 && cpu.X86.HasFMA {
		ks = append(ks, kernAVX2)
	}
	return append(ks, kernGeneric)
}

// tileAVX512 checks the operand bounds, then runs the 6×4 AVX-512 assembly kernel.
func tileAVX512(k int, a []float32, lda int, b []float32, ldb int, c []float32, ldc int, alpha, beta float32, flags int) {
	_ = a[5*lda+k-1]
	_ = b[3*ldb+k-1]
	_ = c[5*ldc+3]
	sgemmTile6x4AVX512(k, &a[0], lda, &b[0], ldb, &c[0], ldc, alpha, beta, flags)
}

// tileAVX2 checks the operand bounds, then runs the 3×4 AVX2+FMA assembly kernel.
func tileAVX2(k int, a []float32, lda int, b []float32, ldb int, c []float32, ldc int, alpha, beta float32, flags int) {
	_ = a[2*lda+k-1]
	_ = b[3*ldb+k-1]
	_ = c[2*ldc+3]
	sgemmTile3x4AVX2(k, &a[0], lda, &b[0], ldb, &c[0], ldc, alpha, beta, flags)
}

// outerAVX512 checks the operand bounds, then runs the 12×32 AVX-512 outer-product tile: the
// 12-row float32 panel kernel, whose panels have the outer path's layout (b[p*32+j]).
func outerAVX512(k int, a []float32, lda int, b []float32, c []float32, ldc int, alpha, beta float32, flags int) {
	_ = a[11*lda+k-1]
	_ = b[32*k-1]
	_ = c[11*ldc+31]
	panelF32x12(k, &a[0], lda, &b[0], &c[0], ldc, alpha, beta, flags)
}

// packT32AVX512 packs 32 rows of src into dst[p*32+j]: whole 16-value blocks of k in
// assembly, the rest in Go.
func packT32AVX512(dst []float32, src []float32, ld, kb int) {
	k16 := kb &^ 15
	_ = dst[32*kb-1]
	_ = src[31*ld+kb-1]
	if k16 > 0 {
		packPanel32AVX512(&dst[0], &src[0], ld, k16)
	}
	for j := 0; j < 32; j++ {
		row := src[j*ld : j*ld+kb]
		for p := k16; p < kb; p++ {
			dst[p*32+j] = row[p]
		}
	}
}

// outerAVX2 checks the operand bounds, then runs the 6×16 AVX2 outer-product kernel.
func outerAVX2(k int, a []float32, lda int, b []float32, c []float32, ldc int, alpha, beta float32, flags int) {
	_ = a[5*lda+k-1]
	_ = b[16*k-1]
	_ = c[5*ldc+15]
	sgemmOuter6x16AVX2(k, &a[0], lda, &b[0], &c[0], ldc, alpha, beta, flags)
}

// packT16AVX2 packs 16 rows of src into dst[p*16+j]: whole 8-value blocks of k in
// assembly, the rest in Go.
func packT16AVX2(dst []float32, src []float32, ld, kb int) {
	k8 := kb &^ 7
	_ = dst[16*kb-1]
	_ = src[15*ld+kb-1]
	if k8 > 0 {
		packPanel16AVX2(&dst[0], &src[0], ld, k8)
	}
	for j := 0; j < 16; j++ {
		row := src[j*ld : j*ld+kb]
		for p := k8; p < kb; p++ {
			dst[p*16+j] = row[p]
		}
	}
}

// int8AVX2 is the AVX2 int8 kernel: 4-row tiles made of two 16-column halves.
var int8AVX2 = &int8Kernel{name: "avx2", rows: 4, absCodes: true, tile: int8TileAVX2}

func int8TileAVX2(groups int, a []int8, lda int, sa []float32, bias []int32, lds int, b []byte, ws []float32, t []float32) {
	checkInt8Tile(4, groups, a, lda, sa, bias, lds, b, ws, t)
	_ = a[3*lda+2*groups*int8Group-1] // the rows' absolute values too (absCodes)
	int8R4AVX2(groups, &a[0], lda, &sa[0], lds, &b[0], &ws[0], &t[0])
	int8R4AVX2(groups, &a[0], lda, &sa[0], lds, &b[64], &ws[16], &t[16])
}

// int8R4AVX2 sets t[r*32+j] (r < 4, j < 16) to the int8 product of 4 rows of X's codes a,
// each 4 followed by their absolute values (int8Kernel.absCodes; stride lda bytes), with
// scales sa (stride lds) and the 16 columns of an int8 panel whose codes start at b and
// scales at ws (k/4 steps of 128 bytes; 32 scales per group), over groups groups of 64.
// Requires AVX2 and FMA. Equivalent Go: int8TileGo on 16 columns, on the codes.
//
//go:noescape
func int8R4AVX2(groups int, a *int8, lda int, sa *float32, lds int, b *byte, ws *float32, t *float32)

// int8WideKernel is the int16-activation kernel of this CPU, nil where there is none that
// beats its float16 panels: the AVX-512 VNNI one beside AVX-512 panels, where the CPU has
// it; the AVX2 one beside AVX2 panels (CPUs without AVX-512, with or without AVX-VNNI).
// BenchmarkInt8Tile and BenchmarkPanelTile (GOMAXPROCS=1, Zen 5): avx512vnni-int16 302-335
// GFLOP/cpu-s, AVX-512 float16 panels 204-205; avx2-int16 90-108, AVX2 float16 panels 86.
func int8WideKernel() *int8Kernel {
	switch pk := panelKernelInUse(); {
	case pk == nil:
		return nil
	case pk == panelAVX512 && hasVNNIWide:
		return int8WideVNNI
	case pk == panelAVX2:
		return int8WideAVX2
	}
	return nil
}

// int8WideKernelsForCPU lists the int16-activation kernels this CPU runs, for tests.
func int8WideKernelsForCPU() []*int8Kernel {
	var iks []*int8Kernel
	if hasVNNIWide {
		iks = append(iks, int8WideVNNI)
	}
	if cpu.X86.HasAVX2 && cpu.X86.HasFMA {
		iks = append(iks, int8WideAVX2)
	}
	return iks
}

// hasVNNIWide reports what int8WideVNNI needs: AVX-512 VNNI's VPDPWSSD and AVX512BW's
// VPMOVSXBW on zmm.
var hasVNNIWide = cpu.X86.HasAVX512F && cpu.X86.HasAVX512BW && cpu.X86.HasAVX512VNNI

// int8WideVNNI is the AVX-512 VNNI kernel of int8 weights and int16 activations: 6-row tiles
// over whole panels.
var int8WideVNNI = &int8Kernel{name: "avx512vnni-int16", rows: 6, wide: true, tile: int16TileVNNI}

func int16TileVNNI(groups int, a []int8, lda int, sa []float32, bias []int32, lds int, b []byte, ws []float32, t []float32) {
	checkInt8Tile(6, groups, a, lda, sa, bias, lds, b, ws, t)
	_ = a[5*lda+2*groups*int8Group-1] // int16 codes: 2 bytes each
	int16R6VNNI(groups, &a[0], lda, &sa[0], lds, &b[0], &ws[0], &t[0])
}

// int16R6VNNI sets t[r*32+j] (r < 6, j < 32) to the product of 6 rows of X's int16 codes a
// (stride lda bytes), with scales sa (stride lds), and an int8 panel whose codes start at b
// and scales at ws, over groups groups of 64. Requires AVX512F, AVX512BW and AVX512_VNNI.
//
//go:noescape
func int16R6VNNI(groups int, a *int8, lda int, sa *float32, lds int, b *byte, ws *float32, t *float32)

// int8WideAVX2 is the AVX2 kernel of int8 weights and int16 activations (PackInt8Wide): 2-row
// tiles made of two 16-column halves.
var int8WideAVX2 = &int8Kernel{name: "avx2-int16", rows: 2, wide: true, tile: int16TileAVX2}

func int16TileAVX2(groups int, a []int8, lda int, sa []float32, bias []int32, lds int, b []byte, ws []float32, t []float32) {
	checkInt8Tile(2, groups, a, lda, sa, bias, lds, b, ws, t)
	_ = a[lda+2*groups*int8Group-1] // int16 codes: 2 bytes each
	int16R2AVX2(groups, &a[0], lda, &sa[0], lds, &b[0], &ws[0], &t[0])
	int16R2AVX2(groups, &a[0], lda, &sa[0], lds, &b[64], &ws[16], &t[16])
}

// int16R2AVX2 sets t[r*32+j] (r < 2, j < 16) to the product of 2 rows of X's int16 codes a
// (stride lda bytes), with scales sa (stride lds), and the 16 columns of an int8 panel whose
// codes start at b and scales at ws, over groups groups of 64. Requires AVX2 and FMA.
//
//go:noescape
func int16R2AVX2(groups int, a *int8, lda int, sa *float32, lds int, b *byte, ws *float32, t *float32)

// hasAVXVNNI reports AVX-VNNI, the VEX-encoded VPDPBUSD on ymm registers of Alder Lake and
// later Intel cores and of Zen 5 (CPUID leaf 7 subleaf 1, EAX bit 4).
var hasAVXVNNI = cpu.X86.HasAVXVNNI && cpu.X86.HasAVX2 && cpu.X86.HasFMA

// int8AVXVNNI is the AVX-VNNI int8 kernel: 6-row tiles made of two 16-column halves, codes
// stored +128 as for AVX-512 VNNI.
var int8AVXVNNI = &int8Kernel{name: "avxvnni", rows: 6, unsigned: true, tile: int8TileAVXVNNI}

func int8TileAVXVNNI(groups int, a []int8, lda int, sa []float32, bias []int32, lds int, b []byte, ws []float32, t []float32) {
	checkInt8Tile(6, groups, a, lda, sa, bias, lds, b, ws, t)
	int8R6AVXVNNI(groups, &a[0], lda, &sa[0], &bias[0], lds, &b[0], &ws[0], &t[0])
	int8R6AVXVNNI(groups, &a[0], lda, &sa[0], &bias[0], lds, &b[64], &ws[16], &t[16])
}

// int8R6AVXVNNI sets t[r*32+j] (r < 6, j < 16) to the int8 product of 6 rows of X's codes a
// (stride lda bytes), with scales sa and biases bias (stride lds), and the 16 columns of an
// int8 panel of codes +128 starting at b, scales at ws, over groups groups of 64. Requires
// AVX2, FMA and AVX-VNNI. Equivalent Go: int8TileGo on 16 columns, codes −128, biases added.
//
//go:noescape
func int8R6AVXVNNI(groups int, a *int8, lda int, sa *float32, bias *int32, lds int, b *byte, ws *float32, t *float32)

// int8Best is the int8 kernel of the AVX2 micro-kernel: AVX-VNNI where the CPU has it.
var int8Best = func() *int8Kernel {
	if hasAVXVNNI {
		return int8AVXVNNI
	}
	return int8AVX2
}()

// int8AVX512 is the int8 kernel of AVX-512 machines: VNNI where the CPU has it, else AVX2's.
var int8AVX512 = func() *int8Kernel {
	if cpu.X86.HasAVX512VNNI {
		return int8VNNI
	}
	return int8Best
}()

// int8KernelsForCPU lists every SIMD int8 kernel this CPU runs, for tests against int8Go.
func int8KernelsForCPU() []*int8Kernel {
	var iks []*int8Kernel
	if cpu.X86.HasAVX512F && cpu.X86.HasAVX512VNNI {
		iks = append(iks, int8VNNI)
	}
	if hasAVXVNNI {
		iks = append(iks, int8AVXVNNI)
	}
	if cpu.X86.HasAVX2 && cpu.X86.HasFMA {
		iks = append(iks, int8AVX2)
	}
	return iks
}

// int8VNNI is the AVX-512 VNNI int8 kernel: 6-row tiles over whole panels, codes stored +128.
var int8VNNI = &int8Kernel{name: "avx512vnni", rows: 6, unsigned: true, tile: int8TileVNNI}

func int8TileVNNI(groups int, a []int8, lda int, sa []float32, bias []int32, lds int, b []byte, ws []float32, t []float32) {
	checkInt8Tile(6, groups, a, lda, sa, bias, lds, b, ws, t)
	int8R6VNNI(groups, &a[0], lda, &sa[0], &bias[0], lds, &b[0], &ws[0], &t[0])
}

// int8R6VNNI sets t[r*32+j] (r < 6, j < 32) to the int8 product of 6 rows of X's codes a
// (stride lda bytes), with scales sa and biases bias (stride lds), and an int8 panel of codes
// +128 at b and scales at ws, over groups groups of 64. Requires AVX512F and AVX512_VNNI.
// Equivalent Go: int8TileGo with the codes −128 and the biases added.
//
//go:noescape
func int8R6VNNI(groups int, a *int8, lda int, sa *float32, bias *int32, lds int, b *byte, ws *float32, t *float32)

// quantizeFast runs quantizeRows in AVX2 assembly when the kernel in use is a SIMD one
// (quantizeAVX2 gives the same codes as the Go loop); false: not done.
func quantizeFast(qz *quantized, x []float32, ldx, k, r0, r1 int) bool {
	if bestKernel != kernAVX512 && bestKernel != kernAVX2 {
		return false
	}
	groups := k / int8Group
	for r := r0; r < r1; r++ {
		row := x[r*ldx : r*ldx+k]
		q := qz.q[r*qz.lda : (r+1)*qz.lda]
		s, bias := qz.s[r*groups:(r+1)*groups], qz.bias[r*groups:(r+1)*groups]
		if qz.wide {
			quantize16AVX2(&row[0], groups, &q[0], &s[0], &bias[0])
		} else if qz.lda == 2*k {
			quantizeAbsAVX2(&row[0], groups, &q[0], &s[0], &bias[0])
		} else {
			quantizeAVX2(&row[0], groups, &q[0], &s[0], &bias[0])
		}
	}
	return true
}

// quantizeAVX2 quantizes one row of groups·64 values at x into codes q, scales s and biases
// bias, as quantizeRowsGo does. Requires AVX2.
//
//go:noescape
func quantizeAVX2(x *float32, groups int, q *int8, s *float32, bias *int32)

// quantize16AVX2 is quantizeAVX2 for int16 codes (quantized.wide): groups·128 bytes at q, no
// biases. Requires AVX2.
//
//go:noescape
func quantize16AVX2(x *float32, groups int, q *int8, s *float32, bias *int32)

// quantizeAbsAVX2 is quantizeAVX2 writing each 4 codes followed by their absolute values
// (int8Kernel.absCodes): groups·128 bytes at q. Requires AVX2.
//
//go:noescape
func quantizeAbsAVX2(x *float32, groups int, q *int8, s *float32, bias *int32)
