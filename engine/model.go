package engine

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"unsafe"

	"github.com/redraft/redraft/engine/assets"
	"github.com/redraft/redraft/engine/kernels"
	"github.com/redraft/redraft/internal/hugemem"
)

// Config is the model's shape and special ids, from the safetensors metadata ("config").
type Config struct {
	VocabSize int     `json:"vocab_size"` // ids 0..VocabSize-1, specials included
	DModel    int     `json:"d_model"`    // width of the residual stream
	NLayers   int     `json:"n_layers"`   // transformer blocks
	NHeads    int     `json:"n_heads"`    // attention heads; head dim = DModel/NHeads
	DFF       int     `json:"d_ff"`       // hidden width of the SwiGLU MLP
	MaxLen    int     `json:"max_len"`    // longest window (RoPE table length)
	RopeTheta float64 `json:"rope_theta"` // RoPE base
	NormEps   float32 `json:"norm_eps"`   // RMSNorm epsilon
	MaskID    int     `json:"mask_id"`    // <|mask|>
	PadID     int     `json:"pad_id"`     // <|pad|>
	NullID    int     `json:"null_id"`    // <|null|>: "this slot is empty"
	DocID     int     `json:"doc_id"`     // <|doc|>: follows every document

	// ErrorAware is true when the model was trained with the error-aware objective (metadata
	// "objective" = "mdlm+edit", see model/MODEL.md): its logits at an unmasked token name the
	// token that belongs there, so one forward pass over unmasked text finds and corrects errors.
	ErrorAware bool `json:"-"`
}

// ObjectiveErrorAware is the "objective" metadata value of a model trained with visible writing
// errors as well as masks.
const ObjectiveErrorAware = "mdlm+edit"

// HeadDim is the width of one attention head.
func (c Config) HeadDim() int { return c.DModel / c.NHeads }

// parseConfig reads the config JSON of the safetensors metadata; every field must be present.
func parseConfig(s string) (Config, error) {
	var present map[string]json.RawMessage
	if err := json.Unmarshal([]byte(s), &present); err != nil {
		return Config{}, fmt.Errorf("config: %w", err)
	}
	for _, k := range []string{"vocab_size", "d_model", "n_layers", "n_heads", "d_ff", "max_len",
		"rope_theta", "norm_eps", "mask_id", "pad_id", "null_id", "doc_id"} {
		if _, ok := present[k]; !ok {
			return Config{}, fmt.Errorf("config: %q missing", k)
		}
	}
	var c Config
	if err := json.Unmarshal([]byte(s), &c); err != nil {
		return Config{}, fmt.Errorf("config: %w", err)
	}
	return c, c.validate()
}

// validate checks that the config describes a model this package can run.
func (c Config) validate() error {
	const maxDim = 1 << 16
	for _, d := range []struct {
		name string
		v    int
	}{{"vocab_size", c.VocabSize}, {"d_model", c.DModel}, {"n_layers", c.NLayers}, {"n_heads", c.NHeads},
		{"d_ff", c.DFF}, {"max_len", c.MaxLen}} {
		if d.v <= 0 || d.v > maxDim*16 || (d.name != "vocab_size" && d.name != "max_len" && d.v > maxDim) {
			return fmt.Errorf("config: %s = %d out of range", d.name, d.v)
		}
	}
	if c.DModel%c.NHeads != 0 {
		return fmt.Errorf("config: n_heads %d does not divide d_model %d", c.NHeads, c.DModel)
	}
	if c.HeadDim()%2 != 0 {
		return fmt.Errorf("config: head dim %d is odd; RoPE needs pairs", c.HeadDim())
	}
	if !(c.RopeTheta > 1) || math.IsInf(c.RopeTheta, 0) {
		return fmt.Errorf("config: rope_theta = %v, want a finite value > 1", c.RopeTheta)
	}
	if !(c.NormEps > 0 && c.NormEps < 1) {
		return fmt.Errorf("config: norm_eps = %v, want 0 < eps < 1", c.NormEps)
	}
	seen := map[int]string{}
	for _, s := range []struct {
		name string
		id   int
	}{{"mask_id", c.MaskID}, {"pad_id", c.PadID}, {"null_id", c.NullID}, {"doc_id", c.DocID}} {
		if s.id < 0 || s.id >= c.VocabSize {
			return fmt.Errorf("config: %s = %d outside the vocabulary [0, %d)", s.name, s.id, c.VocabSize)
		}
		if other, dup := seen[s.id]; dup {
			return fmt.Errorf("config: %s and %s are both %d", other, s.name, s.id)
		}
		seen[s.id] = s.name
	}
	if int64(c.VocabSize)*int64(c.DModel)+int64(c.NLayers)*int64(c.DModel)*int64(4*c.DModel+3*c.DFF) > math.MaxInt32 {
		return errors.New("config: model too large")
	}
	return nil
}

// layerWeights are one transformer block's weights. The matrices are packed for the matmul
// kernels (kernels.Packed: float16 panels on AVX-512, else float32); the norms are float32.
type layerWeights struct {
	attnNorm []float32       // (dim)
	wqkv     *kernels.Packed // (3*dim, dim): rows 0..dim-1 make q, then k, then v
	wo       *kernels.Packed // (dim, dim)
	mlpNorm  []float32       // (dim)
	w13      *kernels.Packed // (2*ffn, dim): w1 (gate) rows, then w3 (up) rows, one matmul for both
	w2       *kernels.Packed // (dim, ffn)
}

// weights are the model's parameters. The packed matrices live in one allocation outside the
// Go heap (hugemem.Alloc).
type weights struct {
	tokEmb    *kernels.Packed // (vocab, dim): token embedding (rows), and the output head (tied)
	layers    []layerWeights  // (layer)
	finalNorm []float32       // (dim)
}

// Model is a loaded denoiser: config, weights and tokenizer, plus the RoPE tables and the
// scratch buffers of the forward pass.
//
// A Model is safe for concurrent use, but its forward passes (Forward, ForwardBatch, NewCache,
// Cache.Step) run one at a time: each one uses all cores already.
type Model struct {
	cfg Config
	w   weights
	tok *Tokenizer
	cos []float32 // (max_len, head_dim/2): cos of the RoPE angle of each position and pair
	sin []float32 // (max_len, head_dim/2)

	// int8 says the int8 weights of an int8 file stay int8 and are multiplied in int8
	// (int8arith.go); otherwise they are dequantized to float16.
	int8 bool

	mu  sync.Mutex // guards run: one forward pass at a time
	run runState
}

// Config returns the model's config.
func (m *Model) Config() Config { return m.cfg }

// Tokenizer returns the model's tokenizer.
func (m *Model) Tokenizer() *Tokenizer { return m.tok }

// Load loads a model. path "" means $REDRAFT_MODEL if set, else the model built into the binary
// (engine/assets). A path is a .safetensors file; its tokenizer is the tokenizer.json in the same
// directory if there is one, else the built-in tokenizer.
func Load(path string) (*Model, error) {
	if path == "" {
		path = os.Getenv("REDRAFT_MODEL")
	}
	if path == "" {
		populatePages(readOnlyBytes(assets.Model))
		m, err := LoadBytes(readOnlyBytes(assets.Model), readOnlyBytes(assets.Tokenizer))
		releasePages(readOnlyBytes(assets.Model)) // converted: the float16 bytes are not read again
		return m, err
	}
	weights, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("engine: load model: %w", err)
	}
	tokPath := filepath.Join(filepath.Dir(path), "tokenizer.json")
	tokJSON, err := os.ReadFile(tokPath)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		tokJSON = readOnlyBytes(assets.Tokenizer)
	case err != nil:
		return nil, fmt.Errorf("engine: load tokenizer: %w", err)
	}
	m, err := LoadBytes(weights, tokJSON)
	if err != nil {
		return nil, fmt.Errorf("engine: %s: %w", path, err)
	}
	return m, nil
}

// readOnlyBytes views an embedded string as bytes without copying. The bytes are in read-only
// memory: nothing may write to them (the loaders only read).
func readOnlyBytes(s string) []byte {
	return unsafe.Slice(unsafe.StringData(s), len(s))
}

// LoadBytes loads a model from the bytes of a safetensors file and a tokenizer.json. It checks
// the header, the config and every tensor's dtype and shape, and converts the weights to float32;
// it keeps no reference to either argument.
func LoadBytes(weights, tokenizerJSON []byte) (*Model, error) {
	return loadBytes(weights, tokenizerJSON, int8Arithmetic())
}

// loadBytes is LoadBytes, with int8 arithmetic for int8 weights when int8 is true.
func loadBytes(weights, tokenizerJSON []byte, int8 bool) (*Model, error) {
	st, err := parseSafetensors(weights)
	if err != nil {
		return nil, err
	}
	cfgJSON, ok := st.metadata["config"]
	if !ok {
		return nil, errors.New("safetensors: no config in __metadata__")
	}
	cfg, err := parseConfig(cfgJSON)
	if err != nil {
		return nil, err
	}
	cfg.ErrorAware = st.metadata["objective"] == ObjectiveErrorAware
	tok, err := LoadTokenizer(tokenizerJSON)
	if err != nil {
		return nil, err
	}
	if err := checkTokenizer(cfg, tok); err != nil {
		return nil, err
	}
	m := &Model{cfg: cfg, tok: tok, int8: int8}
	free, err := m.loadWeights(st)
	if err != nil {
		return nil, err
	}
	runtime.AddCleanup(m, func(free func()) { free() }, free)
	m.cos, m.sin = ropeTables(cfg)
	return m, nil
}

// checkTokenizer checks that the tokenizer belongs to a model with this config.
func checkTokenizer(c Config, t *Tokenizer) error {
	if t.VocabSize() != c.VocabSize {
		return fmt.Errorf("tokenizer has %d ids, model config %d", t.VocabSize(), c.VocabSize)
	}
	for _, s := range []struct {
		name string
		id   int
	}{{"<|mask|>", c.MaskID}, {"<|pad|>", c.PadID}, {"<|null|>", c.NullID}, {"<|doc|>", c.DocID}} {
		if id, ok := t.Special(s.name); !ok || id != s.id {
			return fmt.Errorf("tokenizer: special %s is %d (present: %v), model config says %d", s.name, id, ok, s.id)
		}
	}
	return nil
}

// loadWeights checks that the file holds exactly the tensors the config asks for, with their
// shapes and finite values (int8 matrices: their scales, codes and quant metadata, int8.go),
// then converts the norms to float32 and packs every matrix for the matmul kernels (float16
// data stays float16 where the kernels take it, int8 data is dequantized to float16) into one
// allocation.
// free releases that allocation (hugemem.Alloc).
func (m *Model) loadWeights(st *safetensors) (free func(), err error) {
	c := m.cfg
	dim, ffn := c.DModel, c.DFF
	type tensor struct {
		name  string
		shape []int
	}
	var want []tensor
	add := func(name string, shape ...int) { want = append(want, tensor{name, shape}) }
	add("tok_emb", c.VocabSize, dim)
	for i := range c.NLayers {
		p := fmt.Sprintf("layers.%d.", i)
		add(p+"attn_norm", dim)
		add(p+"wqkv", 3*dim, dim)
		add(p+"wo", dim, dim)
		add(p+"mlp_norm", dim)
		add(p+"w1", ffn, dim)
		add(p+"w3", ffn, dim)
		add(p+"w2", dim, ffn)
	}
	add("final_norm", dim)

	if q, ok := st.metadata["quant"]; ok && q != QuantInt8G64 {
		return nil, fmt.Errorf("safetensors: quant %q not supported (want %q)", q, QuantInt8G64)
	}
	expected := map[string]bool{}
	for _, t := range want {
		info, ok := st.tensors[t.name]
		if !ok {
			return nil, fmt.Errorf("safetensors: tensor %q missing", t.name)
		}
		if !equalShape(info.shape, t.shape) {
			return nil, fmt.Errorf("safetensors: tensor %q: shape %v, the config needs %v", t.name, info.shape, t.shape)
		}
		expected[t.name] = true
		if info.dtype != "I8" {
			continue
		}
		if len(t.shape) != 2 {
			return nil, fmt.Errorf("safetensors: tensor %q: dtype I8 is for linear weights only", t.name)
		}
		info, err := st.int8Matrix(info, t.shape[0], t.shape[1])
		if err != nil {
			return nil, err
		}
		st.tensors[t.name] = info
		expected[info.scale.name] = true
	}
	for name := range st.tensors {
		if !expected[name] {
			return nil, fmt.Errorf("safetensors: unexpected tensor %q", name)
		}
	}
	for _, t := range want { // the norms; each matrix is checked where it is packed
		if len(t.shape) == 1 {
			if err := st.checkFinite(st.tensors[t.name]); err != nil {
				return nil, err
			}
		}
	}

	// The matrices to pack, each from one tensor or (w13) two stacked.
	type matrix struct {
		dst   **kernels.Packed
		parts []tensorInfo
		n, k  int
	}
	var mats []matrix
	mat := func(dst **kernels.Packed, n, k int, names ...string) {
		var parts []tensorInfo
		for _, name := range names {
			parts = append(parts, st.tensors[name])
		}
		mats = append(mats, matrix{dst, parts, n, k})
	}
	norm := func(name string) []float32 {
		v := make([]float32, dim)
		st.convert(st.tensors[name], v)
		return v
	}
	m.w.layers = make([]layerWeights, c.NLayers)
	mat(&m.w.tokEmb, c.VocabSize, dim, "tok_emb")
	for l := range m.w.layers {
		p, lw := fmt.Sprintf("layers.%d.", l), &m.w.layers[l]
		lw.attnNorm, lw.mlpNorm = norm(p+"attn_norm"), norm(p+"mlp_norm")
		mat(&lw.wqkv, 3*dim, dim, p+"wqkv")
		mat(&lw.wo, dim, dim, p+"wo")
		mat(&lw.w13, 2*ffn, dim, p+"w1", p+"w3")
		mat(&lw.w2, dim, ffn, p+"w2")
	}
	m.w.finalNorm = norm("final_norm")

	// Lay the packed matrices out in one allocation, then check and pack them on all cores: each
	// matrix's data is read from memory once, by its check, and packed from the cache.
	half := func(mt matrix) bool { // float16 or int8 data: packed as float16
		for _, t := range mt.parts {
			if t.dtype != "F16" && t.dtype != "I8" {
				return false
			}
		}
		return true
	}
	int8 := func(mt matrix) bool { // int8 data kept int8, for int8 arithmetic
		return m.int8 && allInt8(mt.parts) && int8Panels(mt.parts[0].name)
	}
	offs := make([]int, len(mats)+1)
	for i, mt := range mats {
		size := kernels.PackedSize(mt.n, mt.k, half(mt))
		if int8(mt) {
			size = kernels.PackedSizeInt8(mt.n, mt.k)
		}
		offs[i+1] = offs[i] + size
	}
	mem, free := hugemem.Alloc(offs[len(mats)])
	bufs := make([][]byte, workers(len(mats))) // each worker's float16 rows of a panel
	errs := make([]error, len(mats))           // each matrix's check
	parallelFor(len(mats), func(worker, i int) {
		mt := mats[i]
		for _, t := range mt.parts {
			if errs[i] = st.checkFinite(t); errs[i] != nil {
				return
			}
		}
		dst := mem[offs[i]:offs[i+1]:offs[i+1]]
		if int8(mt) {
			codes, scales := st.int8Parts(mt.parts)
			*mt.dst = packInt8(dst, codes, scales, mt.parts[0].name, mt.n, mt.k)
			return
		}
		if half(mt) { // a panel's rows at a time: dequantized rows stay in cache
			*mt.dst = kernels.PackF16Rows(dst, mt.n, mt.k, func(i, r int) []byte {
				h := st.halfRows(mt.parts, mt.k, i, r, bufs[worker])
				if len(mt.parts) > 1 || mt.parts[0].dtype != "F16" { // h is the buffer
					bufs[worker] = h
				}
				return h
			})
			return
		}
		f := make([]float32, mt.n*mt.k)
		at := 0
		for _, t := range mt.parts {
			n := (t.end - t.begin) / dtypeSizeOf(t.dtype)
			st.convert(t, f[at:at+n])
			at += n
		}
		*mt.dst = kernels.PackF32(dst, f, mt.k, mt.n, mt.k)
	})
	for _, err := range errs {
		if err != nil {
			free()
			return nil, err // the first, in file order
		}
	}
	return free, nil
}

func equalShape(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// ropeTables computes cos and sin of the RoPE angle θ = p · theta^(−2j/head_dim) for every
// position p < max_len and pair j < head_dim/2, in float64 and rounded to float32.
func ropeTables(c Config) (cos, sin []float32) {
	half := c.HeadDim() / 2
	cos = make([]float32, c.MaxLen*half)
	sin = make([]float32, c.MaxLen*half)
	inv := make([]float64, half)
	for j := range inv {
		inv[j] = 1 / math.Pow(c.RopeTheta, float64(2*j)/float64(c.HeadDim()))
	}
	const block = 128 // positions per task
	parallelFor((c.MaxLen+block-1)/block, func(_, b int) {
		for p := b * block; p < min(c.MaxLen, (b+1)*block); p++ {
			for j, f := range inv {
				a := float64(p) * f
				cos[p*half+j] = float32(math.Cos(a))
				sin[p*half+j] = float32(math.Sin(a))
			}
		}
	})
	return cos, sin
}
