package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/redraft/redraft/engine"
	"github.com/redraft/redraft/engine/kernels"
)

const benchUsage = `usage: redraft bench [--json] [--model PATH] [--runs N]

Measure the engine on this machine: model load time, full forward passes over windows of 64,
128, 256 and 512 tokens (logits at every position, like shared/bench/torch_forward.py), one
cached denoising step, peak memory, and how far the context cache is from the exact pass on
realistic refine windows. Times are medians over N runs after 3 warm-up runs.

flags:
`

// benchLengths are the window lengths of the forward benchmark (those of torch_forward.py).
var benchLengths = [...]int{64, 128, 256, 512}

// benchResult is the JSON object `redraft bench --json` prints.
type benchResult struct {
	ForwardMS       perLength `json:"forward_ms"`        // median full pass, logits at every position
	GFLOPS          perLength `json:"gflops"`            // FLOPs counted as torch_forward.py does
	CachedStepMS    float64   `json:"cached_step_ms"`    // one Step: 32 active positions, 256 cached, logits at all 32
	NewCacheMS      float64   `json:"new_cache_ms"`      // building that cache (288-token window)
	LoadMS          float64   `json:"load_ms"`           // engine.Load, once, at start
	RSSMB           float64   `json:"rss_mb"`            // peak resident memory of the process (VmHWM)
	CacheKL         float64   `json:"cache_kl"`          // mean KL(exact ‖ cached), cache built on the masked span
	CacheKLOriginal float64   `json:"cache_kl_original"` // same, cache built on the original span
	CacheKLPos      int       `json:"cache_kl_positions"`
	Runs            int       `json:"runs"`
	Threads         int       `json:"threads"`
	Kernels         string    `json:"kernels"`
	Go              string    `json:"go"`
}

type perLength struct {
	L64  float64 `json:"64"`
	L128 float64 `json:"128"`
	L256 float64 `json:"256"`
	L512 float64 `json:"512"`
}

func (p *perLength) set(L int, v float64) {
	switch L {
	case 64:
		p.L64 = v
	case 128:
		p.L128 = v
	case 256:
		p.L256 = v
	case 512:
		p.L512 = v
	}
}

func (p perLength) get(L int) float64 {
	return map[int]float64{64: p.L64, 128: p.L128, 256: p.L256, 512: p.L512}[L]
}

func runBench(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, benchUsage); fs.PrintDefaults() }
	var (
		asJSON    = fs.Bool("json", false, "print one JSON object instead of a table")
		modelPath = fs.String("model", "", "model .safetensors file (default $REDRAFT_MODEL, else built in)")
		runs      = fs.Int("runs", 15, "timed runs per measurement; medians are reported")
	)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	if *runs < 1 {
		return errors.New("--runs must be at least 1")
	}

	start := time.Now()
	m, err := engine.Load(*modelPath)
	if err != nil {
		return fmt.Errorf("loading the model: %w", err)
	}
	res := benchResult{
		LoadMS:  benchMSSince(start),
		Runs:    *runs,
		Threads: runtime.GOMAXPROCS(0),
		Kernels: kernels.Describe(),
		Go:      runtime.Version(),
	}
	cfg := m.Config()
	rng := rand.New(rand.NewPCG(1, 2))
	randomIDs := func(n int) []int {
		ids := make([]int, n)
		for i := range ids {
			ids[i] = rng.IntN(8000) // like torch_forward.py: ordinary tokens
		}
		return ids
	}
	every := func(n int) []int {
		p := make([]int, n)
		for i := range p {
			p[i] = i
		}
		return p
	}

	for _, L := range benchLengths {
		ids, outs := randomIDs(L), every(L)
		ms := benchMedian(*runs, func() { m.Forward(ids, outs) })
		res.ForwardMS.set(L, benchRound(ms, 2))
		res.GFLOPS.set(L, benchRound(benchFLOPs(cfg, L)/(ms/1000)/1e9, 1))
	}

	ids := randomIDs(288) // 128 cached, 32 active, 128 cached
	var c *engine.Cache
	res.NewCacheMS = benchRound(benchMedian(*runs, func() { c = m.NewCache(ids, 128, 160) }), 2)
	active, outs := ids[128:160], every(32)
	res.CachedStepMS = benchRound(benchMedian(*runs, func() { c.Step(active, outs) }), 2)

	probe := m.MeasureCache(1)
	res.CacheKL, res.CacheKLOriginal = benchRound(probe.KL, 5), benchRound(probe.KLOriginal, 5)
	res.CacheKLPos = probe.Positions
	res.RSSMB = benchPeakRSSMB()

	if *asJSON {
		b, err := json.Marshal(res)
		if err != nil {
			return err
		}
		_, err = fmt.Fprintf(stdout, "%s\n", b)
		return err
	}
	return printBench(stdout, res, probe.Windows)
}

// benchFLOPs counts one full pass with logits at every position as torch_forward.py does:
// 2·L·(body + vocab·dim) + 4·layers·L²·dim, body = layers·(4·dim² + 3·dim·d_ff).
func benchFLOPs(c engine.Config, L int) float64 {
	body := float64(c.NLayers) * float64(4*c.DModel*c.DModel+3*c.DModel*c.DFF)
	return 2*float64(L)*(body+float64(c.VocabSize*c.DModel)) + 4*float64(c.NLayers)*float64(L)*float64(L)*float64(c.DModel)
}

// benchMedian runs f 3 times to warm up, then runs times, and returns the median in milliseconds.
func benchMedian(runs int, f func()) float64 {
	for range 3 {
		f()
	}
	ts := make([]float64, runs)
	for i := range ts {
		t := time.Now()
		f()
		ts[i] = benchMSSince(t)
	}
	slices.Sort(ts)
	if runs%2 == 1 {
		return ts[runs/2]
	}
	return (ts[runs/2-1] + ts[runs/2]) / 2
}

func benchMSSince(t time.Time) float64 { return float64(time.Since(t).Microseconds()) / 1000 }

func benchRound(v float64, digits int) float64 {
	s := strconv.FormatFloat(v, 'f', digits, 64)
	r, _ := strconv.ParseFloat(s, 64)
	return r
}

// benchPeakRSSMB reads the process's peak resident set size (VmHWM) from /proc/self/status; 0 where
// there is no /proc.
func benchPeakRSSMB() float64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 64)
			if err != nil {
				return 0
			}
			return benchRound(kb/1024, 1)
		}
	}
	return 0
}

func printBench(w io.Writer, r benchResult, klWindows int) error {
	var b strings.Builder
	fmt.Fprintf(&b, "redraft bench: %s, GOMAXPROCS %d, %s; medians of %d runs\n\n", r.Kernels, r.Threads, r.Go, r.Runs)
	fmt.Fprintf(&b, "%-34s %10s %10s\n", "full forward (logits everywhere)", "ms", "GFLOP/s")
	for _, L := range benchLengths {
		fmt.Fprintf(&b, "%-34s %10.2f %10.1f\n", fmt.Sprintf("  %d tokens", L), r.ForwardMS.get(L), r.GFLOPS.get(L))
	}
	fmt.Fprintf(&b, "%-34s %10.2f\n", "cached step (32 active, 256 cached)", r.CachedStepMS)
	fmt.Fprintf(&b, "%-34s %10.2f\n", "new cache (288 tokens)", r.NewCacheMS)
	fmt.Fprintf(&b, "%-34s %10.2f\n", "model load", r.LoadMS)
	if r.RSSMB > 0 {
		fmt.Fprintf(&b, "%-34s %10.1f MB\n", "peak RSS", r.RSSMB)
	}
	fmt.Fprintf(&b, "\ncache KL(exact ‖ cached), %d masked positions in %d refine windows:\n", r.CacheKLPos, klWindows)
	fmt.Fprintf(&b, "  %.4f nats with the cache built on the masked span (as refine does)\n", r.CacheKL)
	fmt.Fprintf(&b, "  %.4f nats with the cache built on the original span\n", r.CacheKLOriginal)
	_, err := io.WriteString(w, b.String())
	return err
}
