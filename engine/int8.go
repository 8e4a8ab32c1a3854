package engine

import (
	"encoding/binary"
	"fmt"
	"math"
	"slices"
	"unsafe"

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
// finite and not negative, and no dequantized weight overflows float16. It reads a chunk of
// groups at a time on all cores: the codes eight at a time, the scales as bits (safeScaleBits);
// only a chunk where something looks wrong is checked group by group, for the exact error.
func (st *safetensors) checkInt8(t tensorInfo) error {
	q := st.data[t.begin:t.end]
	s := st.data[t.scale.begin:t.scale.end]
	groups := len(s) / 2
	const chunk = 1024                           // groups per task
	bad := make([]error, (groups+chunk-1)/chunk) // each task's first error, if any
	parallelFor(len(bad), func(_, c int) {
		lo, hi := c*chunk, min(groups, (c+1)*chunk)
		suspect := hasMinInt8(q[lo*int8Group : hi*int8Group])
		for g := lo; g < hi && !suspect; g++ {
			suspect = binary.LittleEndian.Uint16(s[2*g:]) >= safeScaleBits
		}
		for g := lo; g < hi && suspect; g++ {
			if err := checkInt8Group(t, g, q[g*int8Group:(g+1)*int8Group], binary.LittleEndian.Uint16(s[2*g:])); err != nil {
				bad[c] = err
				return
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

// maxSafeScale is the largest scale with which no code (|q| ≤ 127) dequantizes to infinity:
// float16 rounds up to infinity from 65520 on.
const maxSafeScale = 65520.0 / 127

// safeScaleBits is the bits of the smallest float16 scale ≥ maxSafeScale. The bits of the
// non-negative float16 values are in the order of the values, and every negative value, NaN or
// infinity has bits above it: a scale's bits below it need no further check.
var safeScaleBits = func() uint16 {
	h := uint16(0)
	for kernels.HalfToFloat(h) < maxSafeScale {
		h++
	}
	return h
}()

// checkInt8Group checks group g of tensor t: its 64 codes and its scale's float16 bits h.
func checkInt8Group(t tensorInfo, g int, codes []byte, h uint16) error {
	scale := kernels.HalfToFloat(h)
	if h&0x7c00 == 0x7c00 || (h&0x8000 != 0 && h&0x7fff != 0) {
		return fmt.Errorf("safetensors: tensor %q: element %d is %v; scales must be finite and not negative (corrupt data?)",
			t.scale.name, g, scale)
	}
	if hasMinInt8(codes) {
		i := slices.Index(codes, 0x80)
		return fmt.Errorf("safetensors: tensor %q: element %d is -128; int8 codes must lie in [-127, 127] (corrupt data?)",
			t.name, g*int8Group+i)
	}
	if scale < maxSafeScale {
		return nil
	}
	var most int8
	for _, b := range codes {
		most = max(most, int8(b), -int8(b))
	}
	if math.IsInf(float64(kernels.HalfToFloat(floatToHalf(float32(most)*scale))), 0) {
		return fmt.Errorf("safetensors: tensor %q: group %d dequantizes beyond the float16 range (scale %v, corrupt data?)",
			t.name, g, scale)
	}
	return nil
}

// hasMinInt8 reports whether a byte of b (a multiple of 8 bytes long) is 0x80, int8's −128:
// XOR with 0x80 makes such bytes zero, and (v − 0x01…) &^ v has a byte's top bit set past a
// zero byte only.
func hasMinInt8(b []byte) bool {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	var zero uint64
	for i := 0; i+8 <= len(b); i += 8 {
		v := binary.LittleEndian.Uint64(b[i:]) ^ highs
		zero |= (v - ones) &^ v & highs
	}
	return zero != 0
}

// dequantizeRange writes the float16 bits of elements first .. first+len(dst)-1 of the
// quantized tensor t into dst.
func (st *safetensors) dequantizeRange(t tensorInfo, first int, dst []uint16) {
	q := st.data[t.begin+first : t.begin+first+len(dst)]
	s := st.data[t.scale.begin:t.scale.end]
	for i := 0; i < len(dst); {
		g := (first + i) / int8Group
		n := min(len(dst)-i, (g+1)*int8Group-(first+i)) // the elements of group g from i on
		scale := kernels.HalfToFloat(binary.LittleEndian.Uint16(s[2*g:]))
		out := dst[i : i+n]
		for j, c := range q[i : i+n] {
			v := float32(int8(c)) * scale
			h, ok := normalHalf(v)
			if !ok {
				h = floatToHalfRare(v) // zero codes, tiny scales
			}
			out[j] = h
		}
		i += n
	}
}

// dequantizeHalfBytes writes elements first .. first+len(dst)/2-1 of the quantized tensor t
// into dst as little-endian float16 bytes.
func (st *safetensors) dequantizeHalfBytes(t tensorInfo, first int, dst []byte) {
	st.dequantizeRange(t, first, unsafe.Slice((*uint16)(unsafe.Pointer(unsafe.SliceData(dst))), len(dst)/2))
	if !littleEndian {
		for i := 0; i+1 < len(dst); i += 2 {
			dst[i], dst[i+1] = dst[i+1], dst[i]
		}
	}
}

// littleEndian is whether this machine stores a uint16's low byte first.
var littleEndian = func() bool { v := uint16(1); return *(*byte)(unsafe.Pointer(&v)) == 1 }()

// floatToHalf rounds v to the nearest float16, ties to even (as IEEE 754 conversion, F16C's
// VCVTPS2PH and PyTorch's .half() do): subnormal results are rounded at their own precision,
// values beyond the largest float16 become infinite, NaN stays NaN.
func floatToHalf(v float32) uint16 {
	if h, ok := normalHalf(v); ok {
		return h
	}
	return floatToHalfRare(v)
}

// normalHalf is floatToHalf for v whose float16 is normal (2^−14 ≤ |v| < 2^16), and ok false
// for any other v. It works on the bits (after F. Giesen's float_to_half_fast3_rtne): adding
// half a unit of the last place, less one, plus the bit that makes ties go to even, rounds
// the significand (a carry past 0x7bff gives 0x7c00, infinity). Small enough to inline.
func normalHalf(v float32) (uint16, bool) {
	u := math.Float32bits(v)
	a := u &^ (1 << 31)
	if a-(127-14)<<23 >= 30<<23 { // |v| < 2^−14 or |v| ≥ 2^16 (or NaN)
		return 0, false
	}
	a = a - (127-15)<<23 + 0xfff + (a>>13)&1
	return uint16(u>>16)&0x8000 | uint16(a>>13), true
}

// floatToHalfRare is floatToHalf for |v| < 2^−14 (a subnormal float16 or zero) and |v| ≥ 2^16
// (infinity) or NaN.
func floatToHalfRare(v float32) uint16 {
	u := math.Float32bits(v)
	sign := uint16(u>>16) & 0x8000
	u &^= 1 << 31
	switch {
	case u > 0xff<<23:
		return sign | 0x7e00
	case u >= (127+16)<<23:
		return sign | 0x7c00
	}
	// A float32 addition aligns the bits at the bottom: 2^−1's ulp is float16's 2^−24.
	const magic = ((127 - 15) + (23 - 10) + 1) << 23
	return sign | uint16(math.Float32bits(math.Float32frombits(u)+math.Float32frombits(magic))-magic)
}
