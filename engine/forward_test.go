package engine

import (
	"math"
	"strconv"
	"sync"
	"testing"

	"github.com/redraft/redraft/engine/assets"

	"github.com/redraft/redraft/engine/kernels"
)

var loadTestModel = sync.OnceValues(func() (*Model, error) {
	return loadBytes(readOnlyBytes(assets.Model), readOnlyBytes(assets.Tokenizer), false)
})

// testModel is the built-in model in float16 arithmetic (its int8 weights dequantized, as the
// PyTorch reference computes), loaded once for all tests. int8Models adds int8 arithmetic.
func testModel(t testing.TB) *Model {
	t.Helper()
	m, err := loadTestModel()
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func allPositions(n int) []int {
	p := make([]int, n)
	for i := range p {
		p[i] = i
	}
	return p
}

func argmax(v []float32) int {
	best := 0
	for i, x := range v {
		if x > v[best] {
			best = i
		}
	}
	return best
}

func logSumExp(v []float32) float64 {
	mx := float64(v[argmax(v)])
	var s float64
	for _, x := range v {
		s += math.Exp(float64(x) - mx)
	}
	return mx + math.Log(s)
}

// TestForwardReference checks the forward pass against the PyTorch reference vectors: the same
// argmax at every position, max logit and logsumexp within 1e-3, and the full logits at three
// positions per case within 2e-3.
func TestForwardReference(t *testing.T) {
	checkForwardCases(t, testModel(t), testReference(t))
}

// checkForwardCases checks m's logits on each reference window against PyTorch's.
func checkForwardCases(t *testing.T, m *Model, ref *reference) {
	t.Helper()
	if len(ref.ForwardCases) == 0 {
		t.Fatal("no forward cases")
	}
	for ci, c := range ref.ForwardCases {
		logits := m.Forward(c.IDs, allPositions(len(c.IDs)))
		var worstMax, worstLSE, worstFull float64
		for p, lg := range logits {
			if len(lg) != m.Config().VocabSize {
				t.Fatalf("case %d: %d logits", ci, len(lg))
			}
			if got := argmax(lg); got != c.Argmax[p] {
				t.Errorf("case %d pos %d: argmax %d, want %d", ci, p, got, c.Argmax[p])
			}
			worstMax = max(worstMax, math.Abs(float64(lg[argmax(lg)])-c.MaxLogit[p]))
			worstLSE = max(worstLSE, math.Abs(logSumExp(lg)-c.LogSumExp[p]))
		}
		for ps, want := range c.FullLogits {
			p, err := strconv.Atoi(ps)
			if err != nil {
				t.Fatal(err)
			}
			for i, w := range want {
				worstFull = max(worstFull, math.Abs(float64(logits[p][i])-w))
			}
		}
		t.Logf("case %d (%d tokens): max |Δ| max_logit %.2g, logsumexp %.2g, full logits %.2g",
			ci, len(c.IDs), worstMax, worstLSE, worstFull)
		if worstMax > 1e-3 || worstLSE > 1e-3 {
			t.Errorf("case %d: max_logit off by %.3g, logsumexp by %.3g (tolerance 1e-3)", ci, worstMax, worstLSE)
		}
		if worstFull > 2e-3 {
			t.Errorf("case %d: full logits off by %.3g (tolerance 2e-3)", ci, worstFull)
		}
	}
}

// TestForwardBatchMatchesForward checks that packing windows of different lengths into one pass
// gives each window's own logits, and that logits come only at the positions asked for.
func TestForwardBatchMatchesForward(t *testing.T) {
	ref, m := testReference(t), testModel(t)
	// The three reference windows (16, 100 and 300 tokens), then more copies of the longest
	// so that the batch needs two passes (passRows).
	cases := []int{0, 1, 2, 2, 2, 2}
	var seqs, outs [][]int
	for _, c := range cases {
		ids := ref.ForwardCases[c].IDs
		seqs = append(seqs, ids)
		outs = append(outs, []int{len(ids) - 1, 0, len(ids) / 2})
	}
	batch := m.ForwardBatch(seqs, outs)
	single := make(map[int][][]float32)
	for b, c := range cases {
		if single[c] == nil {
			single[c] = m.Forward(seqs[b], outs[b])
		}
		if len(batch[b]) != len(outs[b]) {
			t.Fatalf("window %d: %d results, want %d", b, len(batch[b]), len(outs[b]))
		}
		if d := maxAbsDiff(batch[b], single[c]); d > 1e-4 {
			t.Errorf("window %d: batched logits differ from Forward by %.3g", b, d)
		}
	}
	if got := m.Forward(seqs[0], nil); len(got) != 0 {
		t.Errorf("Forward with no positions returned %d results", len(got))
	}
	if got := m.Forward(nil, nil); len(got) != 0 {
		t.Errorf("Forward of an empty window returned %d results", len(got))
	}
}

func maxAbsDiff(a, b [][]float32) float64 {
	var d float64
	for i := range a {
		for j := range a[i] {
			d = max(d, math.Abs(float64(a[i][j]-b[i][j])))
		}
	}
	return d
}

func TestForwardPanics(t *testing.T) {
	m := testModel(t)
	long := make([]int, m.Config().MaxLen+1)
	for _, c := range []struct {
		name string
		f    func()
		want string
	}{
		{"id", func() { m.Forward([]int{1, 8192}, nil) }, "engine: id out of range"},
		{"negative id", func() { m.Forward([]int{-1}, nil) }, "engine: id out of range"},
		{"position", func() { m.Forward([]int{1, 2}, []int{2}) }, "engine: output position out of range"},
		{"long", func() { m.Forward(long, nil) }, "engine: window longer than MaxLen"},
		{"batch", func() { m.ForwardBatch([][]int{{1}}, nil) }, "engine: seqs and outPos differ in length"},
		{"span", func() { m.NewCache([]int{1, 2}, 1, 3) }, "engine: active span outside the window"},
		{"step", func() { m.NewCache([]int{1, 2, 3}, 1, 2).Step([]int{1, 2}, nil) }, "engine: active ids do not fit the cache's span"},
	} {
		func() {
			defer func() {
				if r := recover(); r != c.want {
					t.Errorf("%s: panic %v, want %q", c.name, r, c.want)
				}
			}()
			c.f()
		}()
	}
}

func TestF16ToF32(t *testing.T) {
	for _, c := range []struct {
		h    uint16
		want float32
	}{
		{0x0000, 0}, {0x3c00, 1}, {0xc000, -2}, {0x7bff, 65504}, {0x0001, 5.960464477539063e-08},
		{0x03ff, 6.097555160522461e-05}, {0x0400, 6.103515625e-05}, {0x3555, 0.333251953125},
	} {
		if got := kernels.HalfToFloat(c.h); got != c.want {
			t.Errorf("kernels.HalfToFloat(%#04x) = %v, want %v", c.h, got, c.want)
		}
	}
	if v := kernels.HalfToFloat(0x7c00); !math.IsInf(float64(v), 1) {
		t.Errorf("kernels.HalfToFloat(0x7c00) = %v, want +Inf", v)
	}
	if v := kernels.HalfToFloat(0x7e00); v == v {
		t.Errorf("kernels.HalfToFloat(0x7e00) = %v, want NaN", v)
	}
}
