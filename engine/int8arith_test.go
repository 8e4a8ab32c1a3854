package engine

import (
	"bufio"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/redraft/redraft/engine/assets"
	"github.com/redraft/redraft/engine/kernels"
)

// builtinInt8 is the built-in model as an int8-g64 file: the file itself when it is one, else
// its float16 matrices quantized as model/MODEL.md says (per row and group of 64: s =
// float16(max|w|/127), q = round(w/s) within ±127).
var builtinInt8 = sync.OnceValues(func() ([]byte, error) {
	st, err := parseSafetensors([]byte(assets.Model))
	if err != nil {
		return nil, err
	}
	if st.metadata["quant"] == QuantInt8G64 {
		return []byte(assets.Model), nil
	}
	var ts []testTensor
	for name, t := range st.tensors {
		vals := make([]float32, (t.end-t.begin)/dtypeSizeOf(t.dtype))
		st.convert(t, vals)
		if len(t.shape) != 2 {
			ts = append(ts, testTensor{name, "F16", t.shape, vals})
			continue
		}
		n, k := t.shape[0], t.shape[1]
		scales := make([]float32, n*k/int8Group)
		for g := range scales {
			group := vals[g*int8Group : (g+1)*int8Group]
			var m float32
			for _, v := range group {
				m = max(m, float32(math.Abs(float64(v))))
			}
			s := kernels.HalfToFloat(floatToHalf(m / 127))
			scales[g] = s
			for i, v := range group {
				q := 0.0
				if s > 0 {
					q = max(-127, min(127, math.RoundToEven(float64(v/s))))
				}
				group[i] = float32(q)
			}
		}
		ts = append(ts, testTensor{name, "I8", t.shape, vals}, testTensor{name + ".scale", "F16", []int{n, k / int8Group}, scales})
	}
	return writeSafetensors(ts, st.metadata["config"], func(h map[string]any) {
		h["__metadata__"].(map[string]string)["quant"] = QuantInt8G64
	}), nil
})

// int8Models loads the built-in model as int8 twice: dequantized to float16, and with int8
// arithmetic.
func int8Models(t testing.TB) (float, int8 *Model) {
	t.Helper()
	file, err := builtinInt8()
	if err != nil {
		t.Fatal(err)
	}
	if float, err = loadBytes(file, []byte(assets.Tokenizer), false); err != nil {
		t.Fatal(err)
	}
	if int8, err = loadBytes(file, []byte(assets.Tokenizer), true); err != nil {
		t.Fatal(err)
	}
	if float.Int8Arithmetic() || !int8.Int8Arithmetic() {
		t.Fatalf("Int8Arithmetic: %v with float16 panels, %v with int8", float.Int8Arithmetic(), int8.Int8Arithmetic())
	}
	return float, int8
}

// maskEvery replaces every step-th id (from offset) by the mask: a denoising input.
func maskEvery(ids []int, step, offset, mask int) []int {
	out := append([]int(nil), ids...)
	for i := offset; i < len(out); i += step {
		out[i] = mask
	}
	return out
}

// TestInt8ArithmeticAgrees runs the reference windows, one position in seven masked, through
// int8 arithmetic and through the float16 weights of the same file, and compares the argmax
// at every position. Near ties may flip; 95% is the floor a broken product falls far below
// (the measured rate is logged; REDRAFT_EVAL_DIR=/work/shared/eval adds that set's clean
// sentences, 63,834 positions in all: see int8Kept).
func TestInt8ArithmeticAgrees(t *testing.T) {
	if testing.Short() && !kernels.Int8Fast() {
		t.Skip("the portable int8 kernel is slow")
	}
	ref := testReference(t)
	float, int8 := int8Models(t)
	var windows [][]int
	for _, c := range ref.ForwardCases {
		windows = append(windows, c.IDs)
	}
	if dir := os.Getenv("REDRAFT_EVAL_DIR"); dir != "" {
		windows = append(windows, evalWindows(t, float.Tokenizer(), filepath.Join(dir, "clean.jsonl"))...)
	}
	same, total := 0, 0
	var worst float64
	for w0 := 0; w0 < len(windows); w0 += 16 { // a batch of windows per pass
		var seqs, outs [][]int
		for wi := w0; wi < min(len(windows), w0+16); wi++ {
			seqs = append(seqs, maskEvery(windows[wi], 7, wi%7, float.Config().MaskID))
			outs = append(outs, allPositions(len(windows[wi])))
		}
		a, b := float.ForwardBatch(seqs, outs), int8.ForwardBatch(seqs, outs)
		for s := range a {
			for p := range a[s] {
				total++
				if argmax(a[s][p]) == argmax(b[s][p]) {
					same++
				}
				worst = max(worst, math.Abs(logSumExp(a[s][p])-logSumExp(b[s][p])))
			}
		}
	}
	rate := float64(same) / float64(total)
	t.Logf("argmax agrees at %d of %d positions (%.2f%%); largest logsumexp difference %.3g", same, total, 100*rate, worst)
	if rate < 0.95 {
		t.Errorf("int8 arithmetic agrees with float16 at %.2f%% of positions, want ≥ 95%%", 100*rate)
	}
}

// evalWindows tokenizes left+text+right of each row of a dev set's clean.jsonl.
func evalWindows(t *testing.T, tok *Tokenizer, path string) [][]int {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out [][]int
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var row struct{ Left, Text, Right string }
		if err := json.Unmarshal(sc.Bytes(), &row); err != nil {
			t.Fatal(err)
		}
		if ids := tok.Encode(row.Left + row.Text + row.Right); len(ids) > 0 {
			out = append(out, ids[:min(len(ids), 512)])
		}
	}
	return out
}
