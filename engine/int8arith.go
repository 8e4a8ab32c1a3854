package engine

import (
	"os"
	"strings"

	"github.com/redraft/redraft/engine/kernels"
)

// Int8 arithmetic: with an int8 file (int8.go), the linear weights can stay int8 and be
// multiplied in int8 (kernels.PackInt8: activations quantized per row and group of 64 at run
// time, exact int32 sums per group) instead of being dequantized to float16 panels.
//
// REDRAFT_INT8=on turns it on, =off off; unset, it is on where the CPU has SIMD int8 kernels
// (int8ByDefault, kernels.Int8Fast: AVX-512 VNNI and AVX2 on amd64) and off elsewhere (arm64
// and other CPUs run the portable Go int8 kernel, far slower than their float16 panels).
// Measured on an AVX-512 VNNI Zen 5 (engine.test -test.bench 'Forward256|Step', CPU time per
// pass, medians of 2-4 runs at load 11-19; REDRAFT_SGEMM_KERNEL=avx2 REDRAFT_INT8_KERNEL=avx2
// for the AVX2 code; int8 with wo, w2 and the head on int16 activations, below):
//
//	                   float16 panels   int8      float16 panels   int8
//	                   AVX-512          VNNI      AVX2             AVX2
//	256-token forward  109 cpu-ms       68        199              153
//	cached step        20               12.4      30               23.3
//
// Its argmax agrees with the float16 arithmetic's at 99.18% of positions (int8Kept), and
// redraft eval on /work/shared/eval, float16 and int8 arithmetic (REDRAFT_INT8=off/on),
// gave: 300 repairs, 125 / 124 fixed, 7 / 7 damaged (one output differs: a typo fixed to
// "activity" in float16, "actively" in int8); 200 clean sentences, 196 / 196 untouched, the
// same outputs; the first 54 infill gaps, with and without the true length, the same exact
// matches, one fill of 108 differs.
// The two int8 kernels make the same int32 sums (only the float additions of the groups'
// terms differ in order), so the eval made with one holds for the other.
//
// Where kernels.Int8Wide (AVX-512 VNNI, and AVX2 float16 panels: every CPU with SIMD int8
// kernels but AVX-512 ones without VNNI), the matrices int8Kept leaves out are multiplied too
// with their int8 codes, with X quantized to int16 codes (int8Panels), faster than float16
// panels and nearly as accurate. Argmax agreement with float16 arithmetic (63,834 positions):
// 99.13% on AVX-512 VNNI, 99.16% with REDRAFT_SGEMM_KERNEL=avx2 REDRAFT_INT8_KERNEL=avx2,
// against 99.18% with them in float16; Forward256Int8 74 -> 66.6 cpu-ms/op (VNNI) and
// 176-186 -> 159-169 (AVX2), interleaved on the busy Zen 5.

// int8ByDefault is whether int8 arithmetic is on when REDRAFT_INT8 is unset (and the CPU has
// SIMD int8 kernels).
const int8ByDefault = true

// int8Arithmetic reads REDRAFT_INT8.
func int8Arithmetic() bool {
	switch os.Getenv("REDRAFT_INT8") {
	case "on":
		return true
	case "off":
		return false
	}
	return int8ByDefault && kernels.Int8Fast()
}

// Int8Arithmetic reports whether the model multiplies its weights in int8.
func (m *Model) Int8Arithmetic() bool { return m.int8 && m.w.layers[0].wqkv.Int8() }

// int8Kept says whether the int8 matrix name is multiplied in int8: all but each layer's wo
// and w2, whose inputs (attention's output, SwiGLU's hidden values, heavy-tailed) lose the
// most to 8-bit codes per group of 64, and the output head (tok_emb), whose products are the
// logits themselves: quantizing the final hidden state adds its noise straight to the scores
// refine compares, and near ties flip. TestInt8ArithmeticAgrees on /work/shared/eval's clean
// sentences (63,834 positions): argmax agreement 98.54% with every matrix int8, 98.95% with
// w2 in float16, 99.01% with wo and w2 in float16, 99.18% with the head too. On the
// dev set's 300 repairs, int8 wo/w2-only arithmetic lost two typo fixes to float16's
// (activity → "actively", literate → "liberate"); with the head in float16 one of them.
// The three are 30% of a layer's products and 13% of a 256-token pass's (the head).
func int8Kept(name string) bool {
	return name != "tok_emb" && !strings.HasSuffix(name, ".wo") && !strings.HasSuffix(name, ".w2")
}

// int8Panels says whether the int8 matrix name stays int8 in int8 arithmetic: those
// multiplied in int8 (int8Kept) and, where kernels.Int8Wide, the others too, multiplied with
// int16 activations (kernels.PackInt8Wide).
func int8Panels(name string) bool { return int8Kept(name) || kernels.Int8Wide() }

// packInt8 packs the int8 matrix name (its parts' codes and scales) for int8 arithmetic.
func packInt8(mem []byte, codes, scales [][]byte, name string, n, k int) *kernels.Packed {
	if int8Kept(name) {
		return kernels.PackInt8Stacked(mem, codes, scales, n, k)
	}
	return kernels.PackInt8WideStacked(mem, codes, scales, n, k)
}

// allInt8 reports whether every part of a matrix is int8.
func allInt8(parts []tensorInfo) bool {
	for _, t := range parts {
		if t.dtype != "I8" {
			return false
		}
	}
	return true
}

// int8Parts returns the codes and scales of each of the int8 tensors ts, in place in the file.
func (st *safetensors) int8Parts(ts []tensorInfo) (codes, scales [][]byte) {
	for _, t := range ts {
		codes = append(codes, st.data[t.begin:t.end])
		scales = append(scales, st.data[t.scale.begin:t.scale.end])
	}
	return codes, scales
}
