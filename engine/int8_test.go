package engine

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/redraft/redraft/engine/kernels"
)

// A tiny int8 model, made in the tests: the tiny model's vocabulary and tokenizer, with widths
// that hold whole groups of 64 (d_model 64, d_ff 128).
const int8Config = `{"vocab_size": 264, "d_model": 64, "n_layers": 2, "n_heads": 2, "d_ff": 128, "rope_theta": 10000.0, ` +
	`"norm_eps": 1e-05, "max_len": 32, "mask_id": 263, "pad_id": 262, "null_id": 261, "doc_id": 260}`

// int8Tensors returns the tensors of the tiny int8 model: each matrix as random codes in
// [−127, 127] and a scale per group of 64, a power of two so that every weight q·s is a float16
// exactly; the norms F16 near 1. want holds each matrix's weights (name → float32 values).
func int8Tensors() (ts []testTensor, want map[string][]float32) {
	rng := rand.New(rand.NewPCG(9, 10))
	want = map[string][]float32{}
	matrix := func(name string, n, k int) {
		q := make([]float32, n*k)
		s := make([]float32, n*k/64)
		w := make([]float32, n*k)
		for g := range s {
			s[g] = float32(math.Ldexp(1, -4-rng.IntN(8)))
		}
		for i := range q {
			q[i] = float32(rng.IntN(255) - 127)
			w[i] = q[i] * s[i/64]
		}
		ts = append(ts, testTensor{name, "I8", []int{n, k}, q}, testTensor{name + ".scale", "F16", []int{n, k / 64}, s})
		want[name] = w
	}
	norm := func(name string) {
		v := make([]float32, 64)
		for i := range v {
			v[i] = 1 + float32(rng.NormFloat64()/8)
		}
		ts = append(ts, testTensor{name, "F16", []int{64}, v})
	}
	matrix("tok_emb", 264, 64)
	for l := range 2 {
		p := fmt.Sprintf("layers.%d.", l)
		norm(p + "attn_norm")
		matrix(p+"wqkv", 192, 64)
		matrix(p+"wo", 64, 64)
		norm(p + "mlp_norm")
		matrix(p+"w1", 128, 64)
		matrix(p+"w3", 128, 64)
		matrix(p+"w2", 64, 128)
	}
	norm("final_norm")
	return ts, want
}

// writeInt8 builds a tiny int8 file from ts, with the quant metadata unless quant is "".
func writeInt8(ts []testTensor, quant string) []byte {
	return writeSafetensors(ts, int8Config, func(h map[string]any) {
		if quant != "" {
			h["__metadata__"].(map[string]string)["quant"] = quant
		}
	})
}

func TestLoadInt8(t *testing.T) {
	ts, want := int8Tensors()
	m := loadTiny(t, writeInt8(ts, QuantInt8G64))
	check := func(name string, got []float32) {
		t.Helper()
		if !slices.Equal(got, want[name]) {
			for i := range got {
				if got[i] != want[name][i] {
					t.Fatalf("%s[%d] = %v, want q·s = %v", name, i, got[i], want[name][i])
				}
			}
			t.Fatalf("%s: %d values, want %d", name, len(got), len(want[name]))
		}
	}
	check("tok_emb", m.w.tokEmb.Dense())
	for l, lw := range m.w.layers {
		p := fmt.Sprintf("layers.%d.", l)
		check(p+"wqkv", lw.wqkv.Dense())
		check(p+"wo", lw.wo.Dense())
		check(p+"w2", lw.w2.Dense())
		w13 := lw.w13.Dense()
		check(p+"w1", w13[:128*64])
		check(p+"w3", w13[128*64:])
	}

	// The same weights stored as float32 give the same model and the same logits.
	var dense []testTensor
	for _, x := range ts {
		switch {
		case strings.HasSuffix(x.name, ".scale"):
		case x.dtype == "I8":
			dense = append(dense, testTensor{x.name, "F32", x.shape, want[x.name]})
		default:
			dense = append(dense, x)
		}
	}
	ref := loadTiny(t, writeSafetensors(dense, int8Config, nil))
	if !slices.Equal(allWeights(m), allWeights(ref)) {
		t.Fatal("int8 model's weights differ from the same weights in float32")
	}
	// A matrix of two parts of different dtypes (w1 int8, w3 float32) is packed from float32.
	var mixed []testTensor
	for _, x := range ts {
		if x.name == "layers.1.w3" {
			x = testTensor{x.name, "F32", x.shape, want[x.name]}
		}
		if x.name != "layers.1.w3.scale" {
			mixed = append(mixed, x)
		}
	}
	if mm := loadTiny(t, writeInt8(mixed, QuantInt8G64)); !slices.Equal(allWeights(mm), allWeights(ref)) {
		t.Fatal("int8 and float32 parts of one matrix: weights differ")
	}
	ids := []int{260, 72, 105, 263, 32, 116, 104, 101, 263, 260}
	got, exp := m.Forward(ids, allPositions(len(ids))), ref.Forward(ids, allPositions(len(ids)))
	for p := range got {
		for v := range got[p] {
			if d := math.Abs(float64(got[p][v] - exp[p][v])); d > 1e-5 {
				t.Fatalf("logit [%d][%d] = %v, float32 model %v", p, v, got[p][v], exp[p][v])
			}
		}
	}
}

// TestInt8Rounding checks a weight that q·s does not hold exactly: it is rounded to the
// nearest float16, ties to even.
func TestInt8Rounding(t *testing.T) {
	ts, _ := int8Tensors()
	s := float32(kernels.HalfToFloat(0x3c01)) // 1 + 2^-10
	for i := range ts {
		if ts[i].name == "layers.0.wo.scale" {
			ts[i].vals = slices.Clone(ts[i].vals)
			ts[i].vals[0] = s
		}
		if ts[i].name == "layers.0.wo" {
			ts[i].vals = slices.Clone(ts[i].vals)
			ts[i].vals[0], ts[i].vals[1], ts[i].vals[2] = 3, -127, 1
		}
	}
	wo := loadTiny(t, writeInt8(ts, QuantInt8G64)).w.layers[0].wo.Dense()
	// 3·(1+2^-10) = 3 + 3·2^-10: float16 spacing at 2..4 is 2^-9, so 3 + 1.5·2^-9 is a tie →
	// even: 3 + 2·2^-9. −127·(1+2^-10) = −127 − 0.124: spacing 2^-4 = 0.0625, nearest −127.125.
	for i, w := range []float32{3 + 2.0/512, -127.125, s} {
		if wo[i] != w {
			t.Errorf("wo[%d] = %v, want %v", i, wo[i], w)
		}
	}
}

func TestFloatToHalf(t *testing.T) {
	// Every float16 converts back to itself.
	for h := range 1 << 16 {
		f := kernels.HalfToFloat(uint16(h))
		got := floatToHalf(f)
		if math.IsNaN(float64(f)) {
			if g := kernels.HalfToFloat(got); !math.IsNaN(float64(g)) {
				t.Fatalf("NaN %#04x → %#04x", h, got)
			}
			continue
		}
		if got != uint16(h) {
			t.Fatalf("%v (%#04x) → %#04x", f, h, got)
		}
	}
	// Random float32s go to the nearest float16 (ties to even), overflow to infinity.
	rng := rand.New(rand.NewPCG(1, 2))
	for range 200000 {
		v := float32(math.Ldexp(rng.Float64()*2-1, rng.IntN(44)-26))
		h := floatToHalf(v)
		got := float64(kernels.HalfToFloat(h))
		if math.Abs(float64(v)) >= 65520 {
			if !math.IsInf(got, 0) {
				t.Fatalf("%v → %v, want infinity", v, got)
			}
			continue
		}
		d := math.Abs(got - float64(v))
		for _, n := range []uint16{h - 1, h + 1} {
			other := float64(kernels.HalfToFloat(n))
			if n&0x7c00 == 0x7c00 || math.Signbit(other) != math.Signbit(got) && other != 0 {
				continue
			}
			if e := math.Abs(other - float64(v)); e < d || (e == d && n&1 == 0) {
				t.Fatalf("%v → %v (%#04x), but %v (%#04x) is nearer or an even tie", v, got, h, other, n)
			}
		}
	}
	for _, c := range []struct {
		v    float32
		want uint16
	}{{65504, 0x7bff}, {65519, 0x7bff}, {65520, 0x7c00}, {-1e9, 0xfc00}, {0x1p-24, 0x0001}, {0x1p-25, 0}, {0x1.8p-25, 0x0001},
		{0x1.ffcp-15, 0x0400}, {float32(math.Inf(-1)), 0xfc00}} {
		if got := floatToHalf(c.v); got != c.want {
			t.Errorf("floatToHalf(%v) = %#04x, want %#04x", c.v, got, c.want)
		}
	}
}

func TestInt8Errors(t *testing.T) {
	ts, _ := int8Tensors()
	edit := func(name string, f func(*testTensor)) []testTensor {
		out := slices.Clone(ts)
		for i := range out {
			if out[i].name == name {
				out[i].vals = slices.Clone(out[i].vals)
				f(&out[i])
			}
		}
		return out
	}
	without := func(name string) []testTensor {
		return slices.DeleteFunc(slices.Clone(ts), func(t testTensor) bool { return t.name == name })
	}
	// the tiny float model with one matrix as int8: its 8 inputs are not a whole group
	f16 := tinyTensors("F16")
	for i := range f16 {
		if f16[i].name == "layers.0.wo" {
			f16[i].dtype = "I8"
			f16 = slices.Insert(f16, i+1, testTensor{"layers.0.wo.scale", "F16", []int{8, 1}, make([]float32, 8)})
			break
		}
	}
	for _, c := range []struct {
		name string
		file []byte
		want string
	}{
		{"code -128", writeInt8(edit("layers.1.w2", func(t *testTensor) { t.vals[70] = -128 }), QuantInt8G64),
			`tensor "layers.1.w2": element 70 is -128`},
		{"negative scale", writeInt8(edit("layers.0.w1.scale", func(t *testTensor) { t.vals[3] = -0.5 }), QuantInt8G64),
			`tensor "layers.0.w1.scale": element 3 is -0.5; scales must be finite and not negative`},
		{"infinite scale", writeInt8(edit("tok_emb.scale", func(t *testTensor) { t.vals[1] = float32(math.Inf(1)) }), QuantInt8G64),
			`tensor "tok_emb.scale": element 1 is +Inf`},
		{"weight beyond float16", writeInt8(edit("layers.1.wo.scale", func(t *testTensor) { t.vals[2] = 60000 }), QuantInt8G64),
			`tensor "layers.1.wo": group 2 dequantizes beyond the float16 range`},
		{"scale missing", writeInt8(without("layers.1.w3.scale"), QuantInt8G64), `tensor "layers.1.w3" is I8 but "layers.1.w3.scale" is missing`},
		{"scale not F16", writeInt8(edit("layers.0.wqkv.scale", func(t *testTensor) { t.dtype = "F32" }), QuantInt8G64),
			`tensor "layers.0.wqkv.scale": dtype "F32", want F16`},
		{"scale shape", writeInt8(edit("layers.0.wo.scale", func(t *testTensor) { t.shape = []int{1, 64} }), QuantInt8G64),
			`tensor "layers.0.wo.scale": shape [1 64], want [64 1]`},
		{"no quant metadata", writeInt8(ts, ""), `tensor "`},
		{"unknown quant", writeInt8(ts, "int4-g32"), `quant "int4-g32" not supported`},
		{"I8 norm", writeInt8(edit("final_norm", func(t *testTensor) { t.dtype = "I8" }), QuantInt8G64),
			`tensor "final_norm": dtype I8 is for linear weights only`},
		{"stray scale", writeInt8(append(slices.Clone(ts), testTensor{"final_norm.scale", "F16", []int{1}, []float32{1}}), QuantInt8G64),
			`unexpected tensor "final_norm.scale"`},
		{"partial group", writeSafetensors(f16, tinyConfig, func(h map[string]any) {
			h["__metadata__"].(map[string]string)["quant"] = QuantInt8G64
		}), `tensor "layers.0.wo": 8 inputs are not a whole number of int8 groups of 64`},
	} {
		_, err := LoadBytes(c.file, []byte(tinyTokenizer))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want it to contain %q", c.name, err, c.want)
		}
	}
	// Without the metadata, an I8 tensor is refused by name.
	if _, err := LoadBytes(writeInt8(ts, ""), []byte(tinyTokenizer)); err == nil || !strings.Contains(err.Error(), `no "quant": "int8-g64"`) {
		t.Errorf("no quant metadata: %v", err)
	}
}
