package engine

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/redraft/redraft/engine/kernels"
)

// A safetensors file is an 8-byte little-endian header length n, n bytes of JSON, then the raw
// little-endian tensor data. The header maps each tensor name to its dtype, shape and
// [begin, end) byte offsets into the data; "__metadata__" maps strings to strings.

// maxHeaderLen bounds the JSON header; a larger length means a corrupt file.
const maxHeaderLen = 100 << 20

// tensorInfo is one tensor's entry in the header.
type tensorInfo struct {
	name  string
	dtype string
	shape []int
	begin int // byte offsets into the data section
	end   int
	scale *tensorInfo // an I8 tensor's scales (int8.go), attached when the loader checks it
}

// safetensors is a parsed, checked file: every tensor lies inside data, the tensors do not
// overlap and together cover all of data, and each one's byte size matches its dtype and shape.
type safetensors struct {
	tensors  map[string]tensorInfo
	metadata map[string]string
	data     []byte
}

// dtypeSize gives the bytes per element of the dtypes the reader converts to float32: the
// float dtypes, and I8 for int8 weights with scales (int8.go).
func dtypeSize(dtype string) (size int, ok bool) {
	switch dtype {
	case "I8":
		return 1, true
	case "F16", "BF16":
		return 2, true
	case "F32":
		return 4, true
	}
	return 0, false
}

// parseSafetensors reads and checks the header of file. It does not copy the data.
func parseSafetensors(file []byte) (*safetensors, error) {
	if len(file) < 8 {
		return nil, fmt.Errorf("safetensors: file is %d bytes, too short for the 8-byte header length (truncated?)", len(file))
	}
	n := binary.LittleEndian.Uint64(file)
	if n > maxHeaderLen || n > uint64(len(file)-8) {
		return nil, fmt.Errorf("safetensors: header length %d does not fit in the file's %d bytes (truncated or corrupt)", n, len(file))
	}
	headerJSON, data := file[8:8+n], file[8+n:]
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(headerJSON, &raw); err != nil {
		return nil, fmt.Errorf("safetensors: header is not valid JSON (corrupt?): %w", err)
	}
	st := &safetensors{tensors: make(map[string]tensorInfo, len(raw)), data: data}
	for name, msg := range raw {
		if name == "__metadata__" {
			if err := json.Unmarshal(msg, &st.metadata); err != nil {
				return nil, fmt.Errorf("safetensors: __metadata__ is not a map of strings: %w", err)
			}
			continue
		}
		var e struct {
			DType       string  `json:"dtype"`
			Shape       []int   `json:"shape"`
			DataOffsets []int64 `json:"data_offsets"`
		}
		dec := json.NewDecoder(strings.NewReader(string(msg)))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&e); err != nil {
			return nil, fmt.Errorf("safetensors: tensor %q: bad header entry: %w", name, err)
		}
		size, ok := dtypeSize(e.DType)
		if !ok {
			return nil, fmt.Errorf("safetensors: tensor %q: dtype %q not supported (want F16, BF16, F32, or I8 with scales)", name, e.DType)
		}
		if len(e.DataOffsets) != 2 {
			return nil, fmt.Errorf("safetensors: tensor %q: data_offsets %v, want [begin, end]", name, e.DataOffsets)
		}
		begin, end := e.DataOffsets[0], e.DataOffsets[1]
		if begin < 0 || end < begin || end > int64(len(data)) {
			return nil, fmt.Errorf("safetensors: tensor %q: data_offsets [%d, %d] outside the %d bytes of data (truncated or corrupt)",
				name, begin, end, len(data))
		}
		elems := int64(1)
		for _, d := range e.Shape {
			if d < 0 || (d > 0 && elems > math.MaxInt32/int64(d)) {
				return nil, fmt.Errorf("safetensors: tensor %q: bad shape %v", name, e.Shape)
			}
			elems *= int64(d)
		}
		if elems*int64(size) != end-begin {
			return nil, fmt.Errorf("safetensors: tensor %q: shape %v of %s needs %d bytes, data_offsets [%d, %d] hold %d",
				name, e.Shape, e.DType, elems*int64(size), begin, end, end-begin)
		}
		st.tensors[name] = tensorInfo{name: name, dtype: e.DType, shape: e.Shape, begin: int(begin), end: int(end)}
	}
	// The tensors, sorted by offset, must tile the data exactly.
	byOffset := make([]tensorInfo, 0, len(st.tensors))
	for _, t := range st.tensors {
		byOffset = append(byOffset, t)
	}
	slices.SortFunc(byOffset, func(a, b tensorInfo) int {
		if a.begin != b.begin {
			return a.begin - b.begin
		}
		return strings.Compare(a.name, b.name)
	})
	pos := 0
	for i, t := range byOffset {
		switch {
		case t.begin < pos:
			return nil, fmt.Errorf("safetensors: tensor %q: data_offsets [%d, %d] overlap tensor %q", t.name, t.begin, t.end, byOffset[i-1].name)
		case t.begin > pos:
			return nil, fmt.Errorf("safetensors: tensor %q: %d unused bytes before its data_offsets [%d, %d]", t.name, t.begin-pos, t.begin, t.end)
		}
		pos = t.end
	}
	if pos != len(data) {
		return nil, fmt.Errorf("safetensors: %d bytes of data after the last tensor (corrupt header?)", len(data)-pos)
	}
	return st, nil
}

// checkFinite fails if an element of the tensor is NaN or infinite, which a trained model never
// holds but a flipped bit in the data can make. It scans the raw bytes on all cores.
// For an I8 tensor it checks the codes and scales instead (checkInt8).
func (st *safetensors) checkFinite(t tensorInfo) error {
	if t.dtype == "I8" {
		return st.checkInt8(t)
	}
	src := st.data[t.begin:t.end]
	size := dtypeSizeOf(t.dtype)
	n := len(src) / size
	const chunk = 1 << 16 // elements per task
	tasks := (n + chunk - 1) / chunk
	bad := make([]bool, tasks) // the task's elements hold a NaN or an infinity
	parallelFor(tasks, func(_, c int) {
		s := src[c*chunk*size : min(n, (c+1)*chunk)*size]
		// Each loop ORs together a bit that is set only for an all-ones exponent (Inf, NaN),
		// instead of branching on every element.
		var nonFinite uint32
		switch t.dtype {
		case "F16":
			for i := 0; i+1 < len(s); i += 2 {
				h := uint16(s[i]) | uint16(s[i+1])<<8
				nonFinite |= uint32(h&0x7c00) + 0x400
			}
			nonFinite &= 0x8000
		case "BF16":
			for i := 0; i+1 < len(s); i += 2 {
				u := uint32(s[i])<<16 | uint32(s[i+1])<<24
				nonFinite |= (u&0x7f800000)>>7 + 0x10000 // exponent all ones → bit 24
			}
			nonFinite &= 0x1000000
		case "F32":
			for i := 0; i+3 < len(s); i += 4 {
				u := binary.LittleEndian.Uint32(s[i:])
				nonFinite |= (u&0x7f800000)>>7 + 0x10000
			}
			nonFinite &= 0x1000000
		}
		bad[c] = nonFinite != 0
	})
	for c, b := range bad {
		if !b {
			continue
		}
		v := make([]float32, min(n, (c+1)*chunk)-c*chunk)
		st.convertRange(t, c*chunk, v)
		for i, x := range v {
			if f := float64(x); math.IsNaN(f) || math.IsInf(f, 0) {
				return fmt.Errorf("safetensors: tensor %q: element %d is NaN or infinite (corrupt data?)", t.name, c*chunk+i)
			}
		}
	}
	return nil
}

// convert decodes the tensor's elements into dst (len = element count) as float32.
func (st *safetensors) convert(t tensorInfo, dst []float32) {
	if len(dst)*dtypeSizeOf(t.dtype) != t.end-t.begin {
		panic("engine: convert size mismatch")
	}
	st.convertRange(t, 0, dst)
}

// convertRange decodes the tensor's elements from index first on into dst.
func (st *safetensors) convertRange(t tensorInfo, first int, dst []float32) {
	size := dtypeSizeOf(t.dtype)
	s := st.data[t.begin+first*size : t.begin+(first+len(dst))*size]
	switch t.dtype {
	case "I8":
		h := make([]uint16, len(dst))
		st.dequantizeRange(t, first, h)
		for i, v := range h {
			dst[i] = kernels.HalfToFloat(v)
		}
	case "F16":
		for i := range dst {
			dst[i] = kernels.HalfToFloat(uint16(s[2*i]) | uint16(s[2*i+1])<<8)
		}
	case "BF16":
		for i := range dst {
			dst[i] = math.Float32frombits(uint32(s[2*i])<<16 | uint32(s[2*i+1])<<24)
		}
	case "F32":
		for i := range dst {
			dst[i] = math.Float32frombits(binary.LittleEndian.Uint32(s[4*i:]))
		}
	}
}

// halfRows returns rows i..i+r-1 of the k-column matrix whose rows are the tensors ts one
// after another, as little-endian float16 bytes: the F16 data in place when the rows lie in one
// F16 tensor, else made in buf (grown as needed) from F16 rows copied and I8 rows dequantized
// (int8.go).
func (st *safetensors) halfRows(ts []tensorInfo, k, i, r int, buf []byte) []byte {
	made := 0 // rows made in buf
	for _, t := range ts {
		rows := (t.end - t.begin) / dtypeSizeOf(t.dtype) / k
		if i >= rows {
			i -= rows
			continue
		}
		n := min(r-made, rows-i)
		if t.dtype == "F16" && n == r {
			return st.data[t.begin+2*i*k : t.begin+2*(i+n)*k]
		}
		if cap(buf) < 2*r*k {
			buf = make([]byte, 2*r*k)
		}
		dst := buf[2*made*k : 2*(made+n)*k]
		if t.dtype == "F16" {
			copy(dst, st.data[t.begin+2*i*k:])
		} else {
			st.dequantizeHalfBytes(t, i*k, dst)
		}
		if made += n; made == r {
			break
		}
		i = 0
	}
	return buf[:2*r*k]
}

// dtypeSizeOf is dtypeSize for a dtype the header check accepted.
func dtypeSizeOf(dtype string) int {
	size, ok := dtypeSize(dtype)
	if !ok {
		panic("engine: unchecked dtype " + dtype)
	}
	return size
}
