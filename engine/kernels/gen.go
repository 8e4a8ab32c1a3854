package kernels

// The AVX2 and AVX-512 panel kernels, the int8 kernels and the AVX2 vector math are generated
// by internal/asmgen (avo); run from this directory after changing it (TestGeneratedAssembly
// fails until the files match).
//go:generate go run ./internal/asmgen -file panel -out panel_avx2_amd64.s
//go:generate go run ./internal/asmgen -file panel512 -out panel_avx512_amd64.s
//go:generate go run ./internal/asmgen -file int8 -out int8_amd64.s
//go:generate go run ./internal/asmgen -file vecmath -out vecmath_avx2_amd64.s
