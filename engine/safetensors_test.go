package engine

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/redraft/redraft/engine/assets"
)

// A tiny model of the same format, made in the tests: vocabulary 264 (256 bytes, 4 merges,
// 4 specials), d_model 8, 2 layers, 2 heads, d_ff 12.
const tinyConfig = `{"vocab_size": 264, "d_model": 8, "n_layers": 2, "n_heads": 2, "d_ff": 12, "rope_theta": 10000.0, ` +
	`"norm_eps": 1e-05, "max_len": 32, "mask_id": 263, "pad_id": 262, "null_id": 261, "doc_id": 260}`

var tinyTokenizer = `{"version": 1, "pattern": ` + mustJSON(Pattern) + `, "vocab_size": 264, ` +
	`"merges": [[32, 116], [104, 101], [256, 257], [32, 97]], ` +
	`"special": {"<|doc|>": 260, "<|null|>": 261, "<|pad|>": 262, "<|mask|>": 263}}`

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// testTensor is one tensor to write: values in float32, stored as dtype.
type testTensor struct {
	name  string
	dtype string
	shape []int
	vals  []float32
}

// tinyTensors returns the tiny model's tensors with random values (norm weights near 1), in the
// file order of the real model.
func tinyTensors(dtype string) []testTensor {
	rng := rand.New(rand.NewPCG(7, 8))
	mk := func(name string, norm bool, shape ...int) testTensor {
		n := 1
		for _, d := range shape {
			n *= d
		}
		v := make([]float32, n)
		for i := range v {
			v[i] = float32(rng.NormFloat64() * 0.5)
			if norm {
				v[i] = 1 + v[i]/4
			}
		}
		return testTensor{name, dtype, shape, v}
	}
	ts := []testTensor{mk("tok_emb", false, 264, 8)}
	for l := range 2 {
		p := fmt.Sprintf("layers.%d.", l)
		ts = append(ts, mk(p+"attn_norm", true, 8), mk(p+"wqkv", false, 24, 8), mk(p+"wo", false, 8, 8),
			mk(p+"mlp_norm", true, 8), mk(p+"w1", false, 12, 8), mk(p+"w3", false, 12, 8), mk(p+"w2", false, 8, 12))
	}
	return append(ts, mk("final_norm", true, 8))
}

// encodeValues stores vals as dtype, little-endian. F16 and BF16 values are rounded (by
// truncation, which is fine for tests: the decoded values are compared to the decoded ones).
func encodeValues(dtype string, vals []float32) []byte {
	var out []byte
	for _, v := range vals {
		u := math.Float32bits(v)
		switch dtype {
		case "F32":
			out = binary.LittleEndian.AppendUint32(out, u)
		case "BF16":
			out = binary.LittleEndian.AppendUint16(out, uint16(u>>16))
		case "F16":
			out = binary.LittleEndian.AppendUint16(out, f32ToF16(v))
		case "I8": // vals are the codes
			out = append(out, byte(int8(v)))
		default: // an unsupported dtype: 4 bytes per element
			out = binary.LittleEndian.AppendUint32(out, u)
		}
	}
	return out
}

// f32ToF16 converts to float16 by truncation; values below the normal range become zero and
// values above it (and Inf, NaN) become infinite.
func f32ToF16(v float32) uint16 {
	u := math.Float32bits(v)
	sign := uint16(u>>16) & 0x8000
	exp := int(u>>23&0xff) - 127 + 15
	if exp <= 0 {
		return sign
	}
	if exp >= 31 {
		return sign | 0x7c00
	}
	return sign | uint16(exp)<<10 | uint16(u>>13&0x3ff)
}

// writeSafetensors builds a safetensors file: tensors back to back in the order given, with the
// header entries optionally edited by edit before encoding.
func writeSafetensors(ts []testTensor, config string, edit func(h map[string]any)) []byte {
	header := map[string]any{}
	if config != "" {
		header["__metadata__"] = map[string]string{"config": config, "note": "made in a test"}
	}
	var data []byte
	for _, t := range ts {
		b := encodeValues(t.dtype, t.vals)
		header[t.name] = map[string]any{"dtype": t.dtype, "shape": t.shape, "data_offsets": []int{len(data), len(data) + len(b)}}
		data = append(data, b...)
	}
	if edit != nil {
		edit(header)
	}
	h, err := json.Marshal(header)
	if err != nil {
		panic(err)
	}
	for len(h)%8 != 0 {
		h = append(h, ' ')
	}
	file := binary.LittleEndian.AppendUint64(nil, uint64(len(h)))
	return append(append(file, h...), data...)
}

func tinyFile(dtype string) []byte { return writeSafetensors(tinyTensors(dtype), tinyConfig, nil) }

func loadTiny(t *testing.T, file []byte) *Model {
	t.Helper()
	m, err := loadBytes(file, []byte(tinyTokenizer), false) // weights as the file gives them
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestLoadTinyDtypes(t *testing.T) {
	want := tinyTensors("F32")
	for _, dtype := range []string{"F32", "F16", "BF16"} {
		m := loadTiny(t, tinyFile(dtype))
		if m.Config().DFF != 12 || m.Config().MaskID != 263 {
			t.Fatalf("%s: config %+v", dtype, m.Config())
		}
		// tok_emb is the first tensor, layer 0's w3 fills the second half of w13.
		tol := map[string]float64{"F32": 0, "F16": 1e-3, "BF16": 8e-3}[dtype]
		tokEmb := m.w.tokEmb.Dense()
		for i, v := range want[0].vals {
			if d := math.Abs(float64(tokEmb[i] - v)); d > tol*math.Max(1, math.Abs(float64(v))) {
				t.Fatalf("%s: tok_emb[%d] = %v, want %v", dtype, i, tokEmb[i], v)
			}
		}
		w3 := want[6]
		if w3.name != "layers.0.w3" {
			t.Fatal(w3.name)
		}
		if d := math.Abs(float64(m.w.layers[0].w13.Dense()[12*8] - w3.vals[0])); d > 8e-3 {
			t.Errorf("%s: w3 not placed after w1", dtype)
		}
	}
}

func TestSafetensorsErrors(t *testing.T) {
	good := tinyFile("F16")
	ts := tinyTensors("F16")
	without := func(name string) []testTensor {
		return slices.DeleteFunc(slices.Clone(ts), func(t testTensor) bool { return t.name == name })
	}
	withTensor := func(name string, f func(*testTensor)) []testTensor {
		out := slices.Clone(ts)
		for i := range out {
			if out[i].name == name {
				f(&out[i])
			}
		}
		return out
	}
	entry := func(h map[string]any, name string) map[string]any { return h[name].(map[string]any) }
	nan := withTensor("layers.1.wo", func(t *testTensor) { t.vals = slices.Clone(t.vals); t.vals[5] = float32(math.Inf(1)) })

	for _, c := range []struct {
		name string
		file []byte
		want string
	}{
		{"empty", nil, "file is 0 bytes, too short"},
		{"truncated in the header", good[:100], "header length"},
		{"truncated data", good[:len(good)-10], `tensor "final_norm": data_offsets [`},
		{"truncated to half", good[:len(good)/2], "outside the"},
		{"trailing bytes", append(slices.Clone(good), 0, 0, 0, 0), "4 bytes of data after the last tensor"},
		{"header length flipped", flipBit(good, 5*8+1), "header length"},
		{"header JSON flipped", flipBit(good, 8*8+1), "header is not valid JSON"},
		{"wrong dtype", writeSafetensors(withTensor("layers.0.wo", func(t *testTensor) { t.dtype = "I32" }), tinyConfig, nil),
			`tensor "layers.0.wo": dtype "I32" not supported`},
		{"wrong shape", writeSafetensors(withTensor("layers.1.w2", func(t *testTensor) { t.shape = []int{12, 8} }), tinyConfig, nil),
			`tensor "layers.1.w2": shape [12 8], the config needs [8 12]`},
		{"shape and size disagree", writeSafetensors(ts, tinyConfig, func(h map[string]any) {
			entry(h, "layers.0.wqkv")["shape"] = []int{24, 9}
		}), `tensor "layers.0.wqkv": shape [24 9] of F16 needs 432 bytes, data_offsets`},
		{"missing tensor", writeSafetensors(without("layers.1.mlp_norm"), tinyConfig, nil), `tensor "layers.1.mlp_norm" missing`},
		{"extra tensor", writeSafetensors(append(slices.Clone(ts), testTensor{"layers.2.wo", "F16", []int{1}, []float32{1}}), tinyConfig, nil),
			`unexpected tensor "layers.2.wo"`},
		{"overlap", writeSafetensors(ts, tinyConfig, func(h map[string]any) {
			e := entry(h, "final_norm")
			end := e["data_offsets"].([]int)[1]
			e["data_offsets"] = []int{end - 32, end - 16}
			entry(h, "layers.1.w2")["data_offsets"] = []int{end - 16 - 192, end - 16}
		}), "overlap"},
		{"gap", writeSafetensors(ts, tinyConfig, func(h map[string]any) {
			entry(h, "tok_emb")["data_offsets"] = []int{2, 264*8*2 + 2}
			entry(h, "tok_emb")["shape"] = []int{264, 8}
		}), `unused bytes before`},
		{"NaN or Inf in data", writeSafetensors(nan, tinyConfig, nil), `tensor "layers.1.wo": element 5 is NaN or infinite`},
		{"NaN in BF16 data", writeSafetensors(withDtype(nan, "BF16"), tinyConfig, nil), `tensor "layers.1.wo": element 5 is NaN or infinite`},
		{"NaN in F32 data", writeSafetensors(withDtype(nan, "F32"), tinyConfig, nil), `tensor "layers.1.wo": element 5 is NaN or infinite`},
		{"no config", writeSafetensors(ts, "", nil), "no config in __metadata__"},
		{"config missing a field", writeSafetensors(ts, strings.Replace(tinyConfig, `"d_ff": 12, `, "", 1), nil), `config: "d_ff" missing`},
		{"heads do not divide", writeSafetensors(ts, strings.Replace(tinyConfig, `"n_heads": 2`, `"n_heads": 3`, 1), nil),
			"n_heads 3 does not divide d_model 8"},
		{"zero layers", writeSafetensors(ts, strings.Replace(tinyConfig, `"n_layers": 2`, `"n_layers": 0`, 1), nil), "n_layers = 0"},
		{"special outside vocab", writeSafetensors(ts, strings.Replace(tinyConfig, `"mask_id": 263`, `"mask_id": 264`, 1), nil),
			"mask_id = 264 outside the vocabulary"},
		{"duplicate special", writeSafetensors(ts, strings.Replace(tinyConfig, `"pad_id": 262`, `"pad_id": 263`, 1), nil),
			"are both 263"},
		{"bad eps", writeSafetensors(ts, strings.Replace(tinyConfig, `"norm_eps": 1e-05`, `"norm_eps": -1`, 1), nil), "norm_eps"},
	} {
		_, err := LoadBytes(c.file, []byte(tinyTokenizer))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want it to contain %q", c.name, err, c.want)
		}
	}
}

func withDtype(ts []testTensor, dtype string) []testTensor {
	out := slices.Clone(ts)
	for i := range out {
		out[i].dtype = dtype
		if out[i].name == "layers.1.wo" {
			out[i].vals = slices.Clone(out[i].vals)
			out[i].vals[5] = float32(math.NaN())
		}
	}
	return out
}

func flipBit(b []byte, bit int) []byte {
	b = slices.Clone(b)
	b[bit/8] ^= 1 << (bit % 8)
	return b
}

// TestHeaderBitFlips flips every bit of the header, one at a time, of a float16 and of an int8
// file. Each corrupt file must give an error or load the very same weights: a flip can only go
// unnoticed where the file has no redundancy, in the metadata note or a scalar of the config
// (rope_theta, norm_eps, max_len).
func TestHeaderBitFlips(t *testing.T) {
	ts, _ := int8Tensors()
	for _, good := range [][]byte{tinyFile("F16"), writeInt8(ts, QuantInt8G64)} {
		ref := loadTiny(t, good)
		n := 8 + int(binary.LittleEndian.Uint64(good))
		loaded, scalars := 0, 0
		for bit := range n * 8 {
			m, err := LoadBytes(flipBit(good, bit), []byte(tinyTokenizer))
			if err != nil {
				continue
			}
			loaded++
			if !slices.Equal(allWeights(m), allWeights(ref)) {
				t.Errorf("bit %d (byte %q) flipped: loaded different weights without an error", bit, good[bit/8])
			}
			c, r := m.Config(), ref.Config()
			if c != r {
				scalars++
				c.RopeTheta, c.NormEps, c.MaxLen = r.RopeTheta, r.NormEps, r.MaxLen
				if c != r {
					t.Errorf("bit %d (byte %q) flipped: loaded config %+v without an error", bit, good[bit/8], m.Config())
				}
			}
		}
		t.Logf("%d of %d single-bit header flips failed to load; %d loaded the same weights (%d of them with another rope_theta, norm_eps or max_len)",
			n*8-loaded, n*8, loaded, scalars)
	}
}

// TestLoadBuiltIn loads the embedded model through Load, which releases the embedded pages after
// converting them: the weights must equal those of LoadBytes on the same bytes (before or
// after the release), in the same arithmetic.
func TestLoadBuiltIn(t *testing.T) {
	t.Setenv("REDRAFT_MODEL", "")
	m, err := Load("")
	if err != nil {
		t.Fatal(err)
	}
	ref, err := LoadBytes(readOnlyBytes(assets.Model), readOnlyBytes(assets.Tokenizer))
	if err != nil {
		t.Fatal(err)
	}
	if m.Int8Arithmetic() != ref.Int8Arithmetic() {
		t.Fatalf("Int8Arithmetic: %v through Load, %v through LoadBytes", m.Int8Arithmetic(), ref.Int8Arithmetic())
	}
	if m.Config() != ref.Config() || !slices.Equal(allWeights(m), allWeights(ref)) {
		t.Error("Load(\"\") differs from LoadBytes of the embedded files")
	}
}

func TestTokenizerMustMatchConfig(t *testing.T) {
	_, err := LoadBytes(tinyFile("F16"), readOnlyBytes(testTokenizerJSON(t)))
	if err == nil || !strings.Contains(err.Error(), "tokenizer has 8192 ids, model config 264") {
		t.Errorf("err = %v", err)
	}
	bad := strings.Replace(tinyTokenizer, `"<|null|>": 261, "<|pad|>": 262`, `"<|null|>": 262, "<|pad|>": 261`, 1)
	_, err = LoadBytes(tinyFile("F16"), []byte(bad))
	if err == nil || !strings.Contains(err.Error(), "special <|pad|> is 261") {
		t.Errorf("swapped specials: err = %v", err)
	}
}

func testTokenizerJSON(t *testing.T) string {
	b, err := os.ReadFile("assets/tokenizer.json")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestLoadPath(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "tiny.safetensors")
	if err := os.WriteFile(path, tinyFile("BF16"), 0o644); err != nil {
		t.Fatal(err)
	}
	// Without a tokenizer.json beside it, the built-in tokenizer is used, which does not fit.
	if _, err := Load(path); err == nil || !strings.Contains(err.Error(), "tokenizer has 8192 ids") {
		t.Fatalf("without tokenizer.json: err = %v", err)
	}
	if err := os.WriteFile(filepath.Join(dir, "tokenizer.json"), []byte(tinyTokenizer), 0o644); err != nil {
		t.Fatal(err)
	}
	m, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if m.Config().VocabSize != 264 || m.Tokenizer().VocabSize() != 264 {
		t.Errorf("loaded %+v", m.Config())
	}
	t.Setenv("REDRAFT_MODEL", path)
	if m, err := Load(""); err != nil || m.Config().DModel != 8 {
		t.Errorf("Load(\"\") with $REDRAFT_MODEL: %v", err)
	}
	if _, err := Load(filepath.Join(dir, "none.safetensors")); err == nil || !strings.Contains(err.Error(), "none.safetensors") {
		t.Errorf("missing file: err = %v", err)
	}
}

// TestTinyForwardMatchesNaive checks the forward pass on the tiny model (other shapes than the
// shipped one: head dim 4, d_ff 12) against a direct float64 transcription of model/MODEL.md.
func TestTinyForwardMatchesNaive(t *testing.T) {
	m := loadTiny(t, tinyFile("F32"))
	rng := rand.New(rand.NewPCG(3, 4))
	for _, n := range []int{1, 2, 7, 32} {
		ids := make([]int, n)
		for i := range ids {
			ids[i] = rng.IntN(264)
		}
		got := m.Forward(ids, allPositions(n))
		want := naiveForward(m, ids)
		for p := range n {
			for v := range want[p] {
				if d := math.Abs(float64(got[p][v]) - want[p][v]); d > 1e-4*math.Max(1, math.Abs(want[p][v])) {
					t.Fatalf("n=%d pos %d id %d: got %v, want %v", n, p, v, got[p][v], want[p][v])
				}
			}
		}
	}
}

// allWeights returns every parameter of m, in float32, back to back.
func allWeights(m *Model) []float32 {
	all := m.w.tokEmb.Dense()
	for _, lw := range m.w.layers {
		all = append(all, lw.attnNorm...)
		all = append(all, lw.wqkv.Dense()...)
		all = append(all, lw.wo.Dense()...)
		all = append(all, lw.mlpNorm...)
		all = append(all, lw.w13.Dense()...)
		all = append(all, lw.w2.Dense()...)
	}
	return append(all, m.w.finalNorm...)
}

// naiveForward is MODEL.md's forward pass written out plainly in float64 from m's weights.
func naiveForward(m *Model, ids []int) [][]float64 {
	c := m.cfg
	tokEmb := m.w.tokEmb.Dense()
	d, hd, L, f := c.DModel, c.HeadDim(), len(ids), c.DFF
	w := func(s []float32, i int) float64 { return float64(s[i]) }
	linear := func(x []float64, W []float32, out int) []float64 { // y = W·x, W (out, len(x))
		y := make([]float64, out)
		for o := range out {
			for i := range x {
				y[o] += w(W, o*len(x)+i) * x[i]
			}
		}
		return y
	}
	rms := func(x []float64, g []float32) []float64 {
		var s float64
		for _, v := range x {
			s += v * v
		}
		inv := 1 / math.Sqrt(s/float64(len(x))+float64(c.NormEps))
		y := make([]float64, len(x))
		for i := range x {
			y[i] = x[i] * inv * w(g, i)
		}
		return y
	}
	rope := func(v []float64, p int) {
		for h := 0; h < d; h += hd {
			for j := range hd / 2 {
				th := float64(p) * math.Pow(c.RopeTheta, -2*float64(j)/float64(hd))
				x1, x2 := v[h+j], v[h+j+hd/2]
				v[h+j] = x1*math.Cos(th) - x2*math.Sin(th)
				v[h+j+hd/2] = x2*math.Cos(th) + x1*math.Sin(th)
			}
		}
	}
	x := make([][]float64, L)
	for p, id := range ids {
		x[p] = make([]float64, d)
		for i := range d {
			x[p][i] = w(tokEmb, id*d+i)
		}
	}
	for _, lw := range m.w.layers {
		wqkv, wo, w13, w2 := lw.wqkv.Dense(), lw.wo.Dense(), lw.w13.Dense(), lw.w2.Dense()
		q, k, v := make([][]float64, L), make([][]float64, L), make([][]float64, L)
		for p := range L {
			qkv := linear(rms(x[p], lw.attnNorm), wqkv, 3*d)
			q[p], k[p], v[p] = qkv[:d], qkv[d:2*d], qkv[2*d:]
			rope(q[p], p)
			rope(k[p], p)
		}
		for p := range L {
			a := make([]float64, d)
			for h := 0; h < d; h += hd {
				s := make([]float64, L)
				mx := math.Inf(-1)
				for r := range L {
					for j := range hd {
						s[r] += q[p][h+j] * k[r][h+j]
					}
					s[r] /= math.Sqrt(float64(hd))
					mx = math.Max(mx, s[r])
				}
				var sum float64
				for r := range L {
					s[r] = math.Exp(s[r] - mx)
					sum += s[r]
				}
				for r := range L {
					for j := range hd {
						a[h+j] += s[r] / sum * v[r][h+j]
					}
				}
			}
			o := linear(a, wo, d)
			for i := range d {
				x[p][i] += o[i]
			}
		}
		for p := range L {
			n := rms(x[p], lw.mlpNorm)
			g, u := linear(n, w13[:f*d], f), linear(n, w13[f*d:], f)
			for j := range f {
				g[j] = g[j] / (1 + math.Exp(-g[j])) * u[j]
			}
			o := linear(g, w2, d)
			for i := range d {
				x[p][i] += o[i]
			}
		}
	}
	out := make([][]float64, L)
	for p := range L {
		out[p] = linear(rms(x[p], m.w.finalNorm), tokEmb, c.VocabSize)
	}
	return out
}
