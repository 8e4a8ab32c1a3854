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
}

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

// layerWeights are one transformer block's weights, sub-slices of weights.all.
type layerWeights struct {
	attnNorm []float32 // (dim)
	wqkv     []float32 // (3*dim, dim): rows 0..dim-1 make q, then k, then v
	wo       []float32 // (dim, dim)
	mlpNorm  []float32 // (dim)
	w13      []float32 // (2*ffn, dim): w1 (gate) rows, then w3 (up) rows, one matmul for both
	w2       []float32 // (dim, ffn)
}

// weights are the model's parameters in float32, all sub-slices of one allocation.
type weights struct {
	all       []float32      // every parameter, back to back
	tokEmb    []float32      // (vocab, dim): token embedding, and the output head (tied)
	layers    []layerWeights // (layer)
	finalNorm []float32      // (dim)
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
	tok, err := LoadTokenizer(tokenizerJSON)
	if err != nil {
		return nil, err
	}
	if err := checkTokenizer(cfg, tok); err != nil {
		return nil, err
	}
	m := &Model{cfg: cfg, tok: tok}
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
// shapes, then lays out m.w as sub-slices of one allocation and converts each tensor into it.
// free releases the allocation (see allocWeights).
func (m *Model) loadWeights(st *safetensors) (free func(), err error) {
	c := m.cfg
	dim, ffn := c.DModel, c.DFF
	// The layout: every tensor's name, shape and place (offset into m.w.all), in order.
	type place struct {
		name  string
		shape []int
		off   int
	}
	var places []place
	size := 0
	add := func(name string, shape ...int) {
		places = append(places, place{name, shape, size})
		n := 1
		for _, d := range shape {
			n *= d
		}
		size += n
	}
	add("tok_emb", c.VocabSize, dim)
	for i := range c.NLayers {
		p := fmt.Sprintf("layers.%d.", i)
		add(p+"attn_norm", dim)
		add(p+"wqkv", 3*dim, dim)
		add(p+"wo", dim, dim)
		add(p+"mlp_norm", dim)
		add(p+"w1", ffn, dim) // w1 and w3 back to back: one (2*ffn, dim) matmul
		add(p+"w3", ffn, dim)
		add(p+"w2", dim, ffn)
	}
	add("final_norm", dim)

	if len(st.tensors) > len(places) {
		names := map[string]bool{}
		for _, p := range places {
			names[p.name] = true
		}
		for name := range st.tensors {
			if !names[name] {
				return nil, fmt.Errorf("safetensors: unexpected tensor %q", name)
			}
		}
	}
	for _, p := range places {
		t, ok := st.tensors[p.name]
		if !ok {
			return nil, fmt.Errorf("safetensors: tensor %q missing", p.name)
		}
		if !equalShape(t.shape, p.shape) {
			return nil, fmt.Errorf("safetensors: tensor %q: shape %v, the config needs %v", p.name, t.shape, p.shape)
		}
	}

	m.w.all, free = allocWeights(size)
	at := func(i int) []float32 { // the i-th tensor of places
		end := size
		if i+1 < len(places) {
			end = places[i+1].off
		}
		return m.w.all[places[i].off:end:end]
	}
	f16 := f16Table()
	for i, p := range places {
		if err := st.convert(st.tensors[p.name], at(i), f16); err != nil {
			free()
			return nil, err
		}
	}
	m.w.tokEmb = at(0)
	m.w.layers = make([]layerWeights, c.NLayers)
	for l := range m.w.layers {
		i := 1 + 7*l
		w13 := m.w.all[places[i+4].off:places[i+6].off:places[i+6].off]
		m.w.layers[l] = layerWeights{attnNorm: at(i), wqkv: at(i + 1), wo: at(i + 2), mlpNorm: at(i + 3), w13: w13, w2: at(i + 6)}
	}
	m.w.finalNorm = at(len(places) - 1)
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
	for j := range half {
		inv := 1 / math.Pow(c.RopeTheta, float64(2*j)/float64(c.HeadDim()))
		for p := range c.MaxLen {
			a := float64(p) * inv
			cos[p*half+j] = float32(math.Cos(a))
			sin[p*half+j] = float32(math.Sin(a))
		}
	}
	return cos, sin
}
