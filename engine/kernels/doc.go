// Package kernels is the engine's matrix-multiply seam. The engine calls
//
//	kernels.Implementation().Sgemm(tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
//
// for every matmul, through gonum's blas.Float32 interface, and never names a backend.
// Use swaps the backend (once, at start-up: the variable is not synchronised); Describe names
// the one in use for logs and benchmarks.
//
// # Layout
//
// Gonum's row-major conventions: A is m×k (k×m when tA is Trans) with leading dimension lda,
// B is k×n (n×k when tB is Trans), C is m×n; element (i, j) of C is c[i*ldc+j], and strided
// views into larger buffers are fine (the engine passes per-head [L,64] views of [L,512]
// buffers with lda = 512). Elements of C outside its m×n view are never written. The model
// multiplies activations by weights stored [out, in] as X·Wᵀ, that is (NoTrans, Trans).
//
// # Backends
//
// Native (the default) embeds gonum.Implementation, so every BLAS routine works, and replaces
// Sgemm with a cache-blocked, multi-threaded implementation whose inner loops are Go
// assembly micro-kernels chosen at start-up from the CPU's features
// (golang.org/x/sys/cpu):
//
//   - avx512 (AVX512F): a 12×32 outer-product kernel over packed B panels for calls with at
//     least 48 rows of C, and a 6×4 dot-product kernel, which reads B in place, for fewer
//     rows; plus the panel kernels of Packed matrices (below), which the engine uses for
//     its weights and attention;
//   - avx2 (AVX2 and FMA): the same two Sgemm paths with a 6×16 and a 3×4 kernel, and panel
//     kernels for Packed matrices (with F16C) built from 6×16 and 4×16 half-panel tiles;
//   - neon (arm64 with ASIMD): the panel kernels of Packed matrices in NEON (panel_arm64.s,
//     blocks of 4 rows × 16 columns, float16 widened by FCVTL), the 12-row float32 one doubling
//     as Sgemm's 12×32 outer-product kernel, and the generic dot kernel for few rows;
//   - generic: a 4×4 pure-Go dot-product kernel, the fast path on other architectures and in
//     builds with the noasm tag, and always built.
//
// Work is split across GOMAXPROCS threads, by columns of C or, when C is narrow, by rows;
// calls under a few MFLOP run on the calling goroutine. The threads are the caller and the
// package's long-lived pool workers (Parallel, pool.go), which poll for 100 µs after a job
// before they park, so the back-to-back products of a forward pass do not pay a thread
// wake-up each. Packing buffers come from a
// sync.Pool, so steady-state calls allocate only a few small objects. Native is stateless and
// safe for concurrent use. Results match a float64 reference to float32 rounding (the
// summation order differs from gonum's, so the last bits can too).
//
// # Packed matrices
//
// The model's weights, and attention's keys and values, are multiplied many times: Packed
// stores such a matrix W once for products Y = X·Wᵀ (PackF16, PackF32, SetRows, SetCols;
// MulT runs on all cores, MulTSerial on the caller's). With an AVX-512 or AVX2+F16C Native
// backend W is laid out in 32-column panels of Wᵀ and float16 weights stay float16, widened
// by VCVTPH2PS in the kernel (panel_avx512_amd64.s, panel_avx2_amd64.s: 12-, 8- and 4-row
// tiles, so 32 rows are 12+12+8 with no padding): a product reads X in place (at any stride; Stride gives a good one), packs
// nothing per call and streams half the weight bytes, which is what bounds a cached
// denoising step (32 rows), where the memory traffic of float32 weights dominated. Other
// CPUs and backends keep W row-major in float32 and go through Sgemm.
//
// # Int8 matrices
//
// PackInt8 keeps an int8-g64 weight (int8 codes, a float16 scale per row and group of 64
// inputs) int8, in the same 32-column panels; its products quantize X per row and group of 64
// at run time and sum each group's 64 products exactly in int32 (int8.go): AVX-512 VNNI
// (VPDPBUSD, 6×32 tiles; int8_vnni_amd64.s) or AVX2 (VPMADDUBSW/VPMADDWD, 4×16 tiles;
// int8_avx2_amd64.s), chosen from the CPU's features, else the portable int8Go, which is
// also the reference the SIMD kernels are tested against. The engine uses them only when
// asked (REDRAFT_INT8, engine/int8arith.go).
//
// # Vector math
//
// Softmax, SiLUMul, RMSNorm and RoPE (and ExpSum, MaxOf) are the rest of the forward pass:
// AVX-512 assembly (vecmath_avx512_amd64.s) or AVX2+FMA assembly (vecmath_avx2_amd64.s,
// VEX only, VZEROUPPER before returning), following Native's micro-kernel, with pure-Go twins
// (vecmath.go) as fallback and specification.
// On arm64 they run in NEON (vecmath_arm64.s); Go's arm64 assembler lacks most vector float
// instructions, so neon_arm64.h encodes them as WORDs. CI runs the arm64 tests under
// qemu-aarch64 (.ci/arm64.sh).
//
// Build with -tags openblas (and cgo) to make the default gonum's netlib binding linked to
// OpenBLAS (libopenblas-dev on Debian); without cgo that tag falls back to Native. Measured
// on the 2-vCPU Zen 5 machine, OpenBLAS 0.3.21 wants two environment variables:
//
//	OPENBLAS_NUM_THREADS=2      # its thread count; setting it at run time from cgo did not help
//	OPENBLAS_CORETYPE=SkylakeX  # 0.3.21 does not know Zen 5 and picks slower Haswell kernels
//
// # Environment
//
// REDRAFT_SGEMM_KERNEL=avx512|avx2|generic picks Native's kernel, and with it the panel
// kernels and the vector math, when the CPU can run it (to compare paths, to measure an AVX2
// machine's code on an AVX-512 one, or to rule a SIMD kernel out); otherwise the best
// available is used.
// GOMAXPROCS bounds the threads. The noasm build tag drops the assembly entirely.
//
// # Choosing
//
// The default build is pure Go (CGO_ENABLED=0 builds and passes the tests). On CPUs with
// AVX-512 the native kernels run near the FMA peak; the openblas tag is for those who want
// OpenBLAS's last factor or run on CPUs where only the generic kernel applies.
// BenchmarkSgemm in this package reports GFLOP/s per model shape for every backend:
//
//	go test -bench Sgemm -run '^$' -count 5 ./engine/kernels/
package kernels
