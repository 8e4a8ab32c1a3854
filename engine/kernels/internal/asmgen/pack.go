package main

import (
	"fmt"

	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	. "github.com/mmcloughlin/avo/reg"
)

// packPanel generates the packer of the outer-product path's B panels (outer.go): 2·lanes
// rows of src (stride ld, each at least kb long, kb a multiple of lanes) transposed into kb
// rows of 2·lanes, dst[p·2·lanes + j] = src[j·ld + p], by lanes×lanes in-register transposes
// (AVX2: 8, AVX-512: 16), rows 0..lanes−1 into the first half of each output row.
func packPanel(name string, lanes int) {
	kname := fmt.Sprintf("k%d", lanes)
	TEXT(name, NOSPLIT, fmt.Sprintf("func(dst *float32, src *float32, ld int, %s int)", kname))
	Doc(fmt.Sprintf("%s transposes %d rows of src into a panel of %s rows of %d (stubs_amd64.go).", name, 2*lanes, kname, 2*lanes))
	dst := Load(Param("dst"), GP64())
	src := Load(Param("src"), GP64())
	ld := Load(Param("ld"), GP64())
	kb := Load(Param(kname), GP64())
	SHLQ(U8(2), ld)
	SHRQ(U8(map[int]uint8{8: 3, 16: 4}[lanes]), kb)
	JZ(LabelRef("done"))
	vec := YMM
	transpose := transpose8
	if lanes == 16 {
		vec, transpose = ZMM, transpose16
	}

	Label("kblock")
	Comment(fmt.Sprintf("Two halves: rows 0-%d go to the first %d floats of each output row, the rest to the others.", lanes-1, lanes))
	r, d, h := GP64(), GP64(), GP64()
	MOVQ(src, r)
	MOVQ(dst, d)
	MOVQ(U32(2), h)
	Label("half")
	p := GP64()
	MOVQ(r, p)
	rows := make([]VecVirtual, lanes)
	for i := range rows {
		rows[i] = vec()
		VMOVUPS(Mem{Base: p}, rows[i])
		ADDQ(ld, p)
	}
	MOVQ(p, r) // the next half's rows start where this one ended
	for i, v := range transpose(rows) {
		VMOVUPS(v, Mem{Base: d, Disp: 8 * lanes * i})
	}
	ADDQ(U8(4*lanes), d)
	DECQ(h)
	JNZ(LabelRef("half"))
	ADDQ(U8(4*lanes), src)        // the next lanes k of every row
	ADDQ(U32(8*lanes*lanes), dst) // the next lanes output rows
	DECQ(kb)
	JNZ(LabelRef("kblock"))
	Label("done")
	VZEROUPPER()
	RET()
}

// unpack32 interleaves the 32-bit values of row pairs: per 128-bit lane, [a0 b0 a1 b1] and
// [a2 b2 a3 b3] of rows 2q and 2q+1 in u[2q] and u[2q+1].
func unpack32(rows []VecVirtual, vec func() VecVirtual) []VecVirtual {
	u := make([]VecVirtual, len(rows))
	for q := 0; q < len(rows); q += 2 {
		u[q], u[q+1] = vec(), vec()
		VUNPCKLPS(rows[q+1], rows[q], u[q])
		VUNPCKHPS(rows[q+1], rows[q], u[q+1])
	}
	return u
}

// transpose8 returns the 8 columns of 8 ymm rows.
func transpose8(rows []VecVirtual) []VecVirtual {
	u := unpack32(rows, YMM)
	// Per lane: rows 4g..4g+3 at lane offsets 0, 1, 2, 3 in s[4g..4g+3].
	s := make([]VecVirtual, 8)
	for g := 0; g < 8; g += 4 {
		for o, src := range [][2]VecVirtual{{u[g+2], u[g]}, {u[g+2], u[g]}, {u[g+3], u[g+1]}, {u[g+3], u[g+1]}} {
			s[g+o] = YMM()
			VSHUFPS(U8([]uint8{0x44, 0xee}[o%2]), src[0], src[1], s[g+o])
		}
	}
	// Low 128-bit lanes give k 0-3, high lanes k 4-7.
	out := make([]VecVirtual, 8)
	for j := range 4 {
		out[j], out[j+4] = YMM(), YMM()
		VPERM2F128(U8(0x20), s[4+j], s[j], out[j])
		VPERM2F128(U8(0x31), s[4+j], s[j], out[j+4])
	}
	return out
}

// transpose16 returns the 16 columns of 16 zmm rows.
func transpose16(rows []VecVirtual) []VecVirtual {
	u := unpack32(rows, ZMM)
	// 64-bit interleave: per lane, rows 4g..4g+3 at lane offset o in p[4g+o].
	p := make([]VecVirtual, 16)
	for g := 0; g < 16; g += 4 {
		for o, src := range [][2]VecVirtual{{u[g+2], u[g]}, {u[g+2], u[g]}, {u[g+3], u[g+1]}, {u[g+3], u[g+1]}} {
			p[g+o] = ZMM()
			if o%2 == 0 {
				VUNPCKLPD(src[0], src[1], p[g+o])
			} else {
				VUNPCKHPD(src[0], src[1], p[g+o])
			}
		}
	}
	// 128-bit lanes: rows 0-3 and 4-7 at offset o into even and odd lanes (t[2o], t[2o+1]),
	// likewise rows 8-15 (t[8+2o], t[9+2o]).
	t := make([]VecVirtual, 16)
	for _, base := range []int{0, 8} {
		for o := range 4 {
			t[base+2*o], t[base+2*o+1] = ZMM(), ZMM()
			VSHUFF32X4(U8(0x88), p[base+4+o], p[base+o], t[base+2*o])
			VSHUFF32X4(U8(0xdd), p[base+4+o], p[base+o], t[base+2*o+1])
		}
	}
	// Final lanes: output k = 4·lane + offset, rows 0-15 in order.
	out := make([]VecVirtual, 16)
	for o := range 4 {
		for e := range 2 {
			i := 2*o + e
			out[o+4*e], out[o+4*e+8] = ZMM(), ZMM()
			VSHUFF32X4(U8(0x88), t[8+i], t[i], out[o+4*e])
			VSHUFF32X4(U8(0xdd), t[8+i], t[i], out[o+4*e+8])
		}
	}
	return out
}
