package engine

import (
	"encoding/binary"
	"fmt"
	"math"

	"github.com/redraft/redraft/engine/kernels"
)

// Int8 weights with per-group scales (model/MODEL.md, "Int8 weights"). A file whose metadata
// says "quant": "int8-g64" may store any linear weight W [out, in] as two tensors:
//
//	NAME        I8  [out, in]      q, symmetric: −127 ≤ q ≤ 127 (−128 is refused)
//	NAME.scale  F16 [out, in/64]   s ≥ 0 and finite, one per group of 64 inputs of a row
//
// and the weight is W[o][i] = float16(q[o][i] · s[o][i/64]): the product is exact in float32
// (8-bit q times an 11-bit significand) and rounded once to the nearest float16, ties to even.
// Loading dequantizes into the float16 panels the kernels already take, so the forward pass
// is the same code for both files. The norms stay F16 (or BF16, F32).

// QuantInt8G64 is the "quant" metadata value of a file with int8 weights in groups of 64.
const QuantInt8G64 = "int8-g64"

// int8Group is the number of consecutive inputs of a row that share one scale.
const int8Group = 64

// int8Matrix checks that the I8 tensor t is a quantized matrix of shape [n, k] with its scale
// tensor beside it, and returns t with its scale attached.
func (st *safetensors) int8Matrix(t tensorInfo, n, k int) (tensorInfo, error) {
	if st.metadata["quant"] != QuantInt8G64 {
		return t, fmt.Errorf("safetensors: tensor %q is I8, but the metadata has no \"quant\": %q", t.name, QuantInt8G64)
	}
	if k%int8Group != 0 {
		return t, fmt.Errorf("safetensors: tensor %q: %d inputs are not a whole number of int8 groups of %d", t.name, k, int8Group)
	}
	s, ok := st.tensors[t.name+".scale"]
	if !ok {
		return t, fmt.Errorf("safetensors: tensor %q is I8 but %q is missing", t.name, t.name+".scale")
	}
	if s.dtype != "F16" {
		return t, fmt.Errorf("safetensors: tensor %q: dtype %q, want F16", s.name, s.dtype)
	}
	if want := []int{n, k / int8Group}; !equalShape(s.shape, want) {
		return t, fmt.Errorf("safetensors: tensor %q: shape %v, want %v (one scale per %d inputs)", s.name, s.shape, want, int8Group)
	}
	t.scale = &s
	return t, nil
}

// checkInt8 checks the codes and scales of a quantized tensor: no code is −128, every scale is
// finite and not negative, and no dequantized weight overflows float16.
func (st *safetensors) checkInt8(t tensorInfo) error {
	q := st.data[t.begin:t.end]
	s := st.data[t.scale.begin:t.scale.end]
	groups := len(s) / 2
	bad := make([]error, groups) // what is wrong with each group, if anything
	parallelFor((groups+1023)/1024, func(_, c int) {
		for g := c * 1024; g < min(groups, (c+1)*1024); g++ {
			h := binary.LittleEndian.Uint16(s[2*g:])
			if h&0x7c00 == 0x7c00 || (h&0x8000 != 0 && h&0x7fff != 0) {
				bad[g] = fmt.Errorf("safetensors: tensor %q: element %d is %v; scales must be finite and not negative (corrupt data?)",
					t.scale.name, g, kernels.HalfToFloat(h))
				continue
			}
			var most int8
			for i, b := range q[g*int8Group : (g+1)*int8Group] {
				v := int8(b)
				if v == math.MinInt8 {
					bad[g] = fmt.Errorf("safetensors: tensor %q: element %d is -128; int8 codes must lie in [-127, 127] (corrupt data?)",
						t.name, g*int8Group+i)
					break
				}
				most = max(most, v, -v)
			}
			if bad[g] == nil && math.IsInf(float64(kernels.HalfToFloat(floatToHalf(float32(most)*kernels.HalfToFloat(h)))), 0) {
				bad[g] = fmt.Errorf("safetensors: tensor %q: group %d dequantizes beyond the float16 range (scale %v, corrupt data?)",
					t.name, g, kernels.HalfToFloat(h))
			}
		}
	})
	for _, err := range bad {
		if err != nil {
			return err // the first, in file order
		}
	}
	return nil
}

// dequantizeRange writes the float16 bits of elements first .. first+len(dst)-1 of the
// quantized tensor t into dst.
func (st *safetensors) dequantizeRange(t tensorInfo, first int, dst []uint16) {
	q := st.data[t.begin+first : t.begin+first+len(dst)]
	s := st.data[t.scale.begin:t.scale.end]
	f16 := f16Table()
	for i := 0; i < len(dst); {
		g := (first + i) / int8Group
		n := min(len(dst)-i, (g+1)*int8Group-(first+i)) // the elements of group g from i on
		scale := f16[uint16(s[2*g])|uint16(s[2*g+1])<<8]
		for j, c := range q[i : i+n] {
			dst[i+j] = floatToHalf(float32(int8(c)) * scale)
		}
		i += n
	}
}

// halfBytes returns tensor t as little-endian float16 bytes: F16 data in place, I8 data
// dequantized into a new buffer.
func (st *safetensors) halfBytes(t tensorInfo) []byte {
	if t.dtype == "F16" {
		return st.data[t.begin:t.end]
	}
	h := make([]uint16, t.end-t.begin)
	st.dequantizeRange(t, 0, h)
	b := make([]byte, 2*len(h))
	for i, v := range h {
		binary.LittleEndian.PutUint16(b[2*i:], v)
	}
	return b
}

// floatToHalf rounds v to the nearest float16, ties to even (as IEEE 754 conversion, F16C's
// VCVTPS2PH and PyTorch's .half() do): subnormal results are rounded at their own precision,
// values beyond the largest float16 become infinite, NaN stays NaN.
func floatToHalf(v float32) uint16 {
	u := math.Float32bits(v)
	sign := uint16(u>>16) & 0x8000
	exp := int(u>>23) & 0xff
	mant := u & 0x7fffff
	switch {
	case exp == 0xff: // Inf or NaN
		if mant != 0 {
			return sign | 0x7e00
		}
		return sign | 0x7c00
	case exp-127 > 15: // beyond float16's exponents
		return sign | 0x7c00
	}
	// Round the significand (with its implicit bit) to the float16 precision at this exponent:
	// 10 fraction bits for normals, fewer for subnormals (exponent below −14).
	e := exp - 127
	sig := mant | 0x800000 // 24 bits, value sig · 2^(e−23)
	if exp == 0 {
		return sign // float32 subnormals are far below float16's smallest subnormal
	}
	shift := 13 // bits dropped for a normal float16
	if e < -14 {
		shift += -14 - e
	}
	if shift > 24 {
		return sign
	}
	half := uint32(1) << (shift - 1)
	rest := sig & (1<<shift - 1)
	r := sig >> shift
	if rest > half || (rest == half && r&1 == 1) {
		r++
	}
	if e < -14 {
		return sign | uint16(r) // subnormal (r may carry into the smallest normal: still right)
	}
	// Normal: r holds the implicit bit at 1<<10; a carry to 1<<11 bumps the exponent.
	be := uint32(e + 15)
	if r >= 1<<11 {
		r >>= 1
		be++
	}
	if be >= 31 {
		return sign | 0x7c00
	}
	return sign | uint16(be<<10) | uint16(r&0x3ff)
}
