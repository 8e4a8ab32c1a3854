package main

import (
	"bufio"
	"cmp"
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
	"github.com/redraft/redraft/internal/cpupeak"
	"github.com/redraft/redraft/internal/cputime"
)

const benchUsage = `usage: redraft bench [--json] [--model PATH] [--runs N] [--no-serve | --serve-only]

Measure the engine on this machine: model load time, full forward passes over windows of 64,
128, 256 and 512 tokens (logits at every position, like shared/bench/torch_forward.py), one
cached denoising step, peak memory, and how far the context cache is from the exact pass on
realistic refine windows. Times are medians over N runs after 3 warm-up runs; beside them, the
CPU time the runs used (GFLOP per CPU-second, cores busy), and the fraction of this CPU's
float32 FMA peak, measured in the same run by a register-only FMA loop. Then it starts
"redraft serve" as a child process and, over real LSP messages on its stdio, reports its model
load, its first refine, its peak memory after it, and its CPU use while idle (--serve-only: that
alone). The server's load (serve.load_ms) is the time between its "loading model" and "model
loaded" log lines, at whose end the model and the lexicon refine reads are both ready;
serve.load_cpu_ms is the CPU time it took, all threads, steadier than the wall time on a busy
machine.

The arithmetic is the engine's default for this CPU (int8 where it has int8 kernels); set
REDRAFT_INT8=off or =on to measure the other (the child server inherits it).

flags:
`

// benchLengths are the window lengths of the forward benchmark (those of torch_forward.py).
var benchLengths = [...]int{64, 128, 256, 512}

// benchResult is the JSON object `redraft bench --json` prints.
type benchResult struct {
	ForwardMS       perLength    `json:"forward_ms"`         // median full pass, logits at every position
	GFLOPS          perLength    `json:"gflops"`             // FLOPs counted as torch_forward.py does
	GFLOPPerCPUS    perLength    `json:"gflop_per_cpu_s"`    // the same FLOPs per second of CPU time (all threads)
	CoresBusy       perLength    `json:"cores_busy"`         // CPU time / wall time over the timed runs
	OfFMAPeak       perLength    `json:"of_fma_peak"`        // gflops / (fma_peak per core × threads)
	OfFMAPeakCPU    perLength    `json:"of_fma_peak_cpu"`    // gflop_per_cpu_s / fma_peak per core: load-independent
	CachedStepMS    float64      `json:"cached_step_ms"`     // one Step: 32 active positions, 256 cached, logits at all 32
	CachedStepCPUMS float64      `json:"cached_step_cpu_ms"` // its CPU time (all threads)
	StepCoresBusy   float64      `json:"step_cores_busy"`    // CPU time / wall time over the timed steps
	NewCacheMS      float64      `json:"new_cache_ms"`       // building that cache (288-token window)
	LoadMS          float64      `json:"load_ms"`            // engine.Load, once, at start
	RSSMB           float64      `json:"rss_mb"`             // peak resident memory of the process (VmHWM)
	CacheKL         float64      `json:"cache_kl"`           // mean KL(exact ‖ cached), cache built on the masked span
	CacheKLOriginal float64      `json:"cache_kl_original"`  // same, cache built on the original span
	CacheKLPos      int          `json:"cache_kl_positions"`
	Runs            int          `json:"runs"`
	Threads         int          `json:"threads"`
	Kernels         string       `json:"kernels"`
	Arithmetic      string       `json:"arithmetic"`                 // "int8" or "float"; REDRAFT_INT8 chooses
	Int8Kernel      string       `json:"int8_kernel,omitempty"`      // wqkv, w1, w3: int8 weights × int8 activations
	Int8WideKernel  string       `json:"int8_wide_kernel,omitempty"` // wo, w2, head: int8 weights × int16 activations ("": float16 panels)
	Go              string       `json:"go"`
	CPU             benchCPU     `json:"cpu"`
	Serve           *serveResult `json:"serve,omitempty"` // nil with --no-serve
}

// benchCPU describes the processor the bench ran on.
type benchCPU struct {
	Model    string       `json:"model"` // /proc/cpuinfo's model name, where there is one
	Arch     string       `json:"arch"`
	Features []string     `json:"features"` // those the kernels use or could use
	FMAPeak  cpupeak.Peak `json:"fma_peak"` // one core, per CPU-second, measured in this run
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
		noServe   = fs.Bool("no-serve", false, "skip the measurements of a child `redraft serve`")
		serveOnly = fs.Bool("serve-only", false, "measure only a child `redraft serve` (its JSON is {\"serve\": {...}})")
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
	if *serveOnly {
		if *noServe {
			return errors.New("--serve-only and --no-serve exclude each other")
		}
		sr, err := benchServe(*modelPath)
		if err != nil {
			return fmt.Errorf("measuring redraft serve: %w", err)
		}
		if *asJSON {
			return printJSON(stdout, struct {
				Serve serveResult `json:"serve"`
			}{sr})
		}
		var b strings.Builder
		printServe(&b, sr)
		_, err = io.WriteString(stdout, b.String())
		return err
	}

	start := time.Now()
	m, err := engine.Load(*modelPath)
	if err != nil {
		return fmt.Errorf("loading the model: %w", err)
	}
	res := benchResult{
		LoadMS:     benchRound(benchMSSince(start), 2),
		Runs:       *runs,
		Threads:    runtime.GOMAXPROCS(0),
		Kernels:    kernels.Describe(),
		Arithmetic: "float",
		Go:         runtime.Version(),
		CPU: benchCPU{Model: benchCPUModel(), Arch: runtime.GOARCH, Features: kernels.CPUFeatures(),
			FMAPeak: cpupeak.Measure(500 * time.Millisecond)},
	}
	if m.Int8Arithmetic() {
		res.Arithmetic, res.Int8Kernel, res.Int8WideKernel = "int8", kernels.Int8Kernel(), kernels.Int8WideKernel()
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
		t := benchTime(*runs, func() { m.Forward(ids, outs) })
		gflop := benchFLOPs(cfg, L) / 1e9
		res.ForwardMS.set(L, benchRound(t.medianMS, 2))
		res.GFLOPS.set(L, benchRound(gflop/(t.medianMS/1000), 1))
		res.GFLOPPerCPUS.set(L, benchRound(gflop/(t.cpuMS/1000), 1))
		res.CoresBusy.set(L, benchRound(t.cpuMS/t.meanMS, 2))
		peak := res.CPU.FMAPeak.GFLOPSPerCore
		res.OfFMAPeak.set(L, benchRound(gflop/(t.medianMS/1000)/(peak*float64(res.Threads)), 3))
		res.OfFMAPeakCPU.set(L, benchRound(gflop/(t.cpuMS/1000)/peak, 3))
	}

	ids := randomIDs(288) // 128 cached, 32 active, 128 cached
	var c *engine.Cache
	res.NewCacheMS = benchRound(benchMedian(*runs, func() { c = m.NewCache(ids, 128, 160) }), 2)
	active, outs := ids[128:160], every(32)
	st := benchTime(*runs, func() { c.Step(active, outs) })
	res.CachedStepMS, res.CachedStepCPUMS = benchRound(st.medianMS, 2), benchRound(st.cpuMS, 2)
	res.StepCoresBusy = benchRound(st.cpuMS/st.meanMS, 2)

	probe := m.MeasureCache(1)
	res.CacheKL, res.CacheKLOriginal = benchRound(probe.KL, 5), benchRound(probe.KLOriginal, 5)
	res.CacheKLPos = probe.Positions
	res.RSSMB = benchPeakRSSMB("/proc/self/status")

	if !*noServe {
		sr, err := benchServe(*modelPath)
		if err != nil {
			return fmt.Errorf("measuring redraft serve: %w", err)
		}
		res.Serve = &sr
	}

	if *asJSON {
		return printJSON(stdout, res)
	}
	return printBench(stdout, res, probe.Windows)
}

// printJSON writes v as one line of JSON.
func printJSON(w io.Writer, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "%s\n", b)
	return err
}

// benchFLOPs counts one full pass with logits at every position as torch_forward.py does:
// 2·L·(body + vocab·dim) + 4·layers·L²·dim, body = layers·(4·dim² + 3·dim·d_ff).
func benchFLOPs(c engine.Config, L int) float64 {
	body := float64(c.NLayers) * float64(4*c.DModel*c.DModel+3*c.DModel*c.DFF)
	return 2*float64(L)*(body+float64(c.VocabSize*c.DModel)) + 4*float64(c.NLayers)*float64(L)*float64(L)*float64(c.DModel)
}

// benchMedian runs f 3 times to warm up, then runs times, and returns the median in milliseconds.
func benchMedian(runs int, f func()) float64 { return benchTime(runs, f).medianMS }

// benchTimes are the times of one measurement's runs, in milliseconds: the median and mean wall
// time of a run, and the process's CPU time per run (all threads).
type benchTimes struct{ medianMS, meanMS, cpuMS float64 }

// benchTime runs f 3 times to warm up, then runs times, timing each.
func benchTime(runs int, f func()) benchTimes {
	for range 3 {
		f()
	}
	ts := make([]float64, runs)
	cpu0, start := cputime.Process(), time.Now()
	for i := range ts {
		t := time.Now()
		f()
		ts[i] = benchMSSince(t)
	}
	r := benchTimes{
		meanMS: benchMSSince(start) / float64(runs),
		cpuMS:  float64((cputime.Process() - cpu0).Microseconds()) / 1000 / float64(runs),
	}
	slices.Sort(ts)
	r.medianMS = ts[runs/2]
	if runs%2 == 0 {
		r.medianMS = (ts[runs/2-1] + ts[runs/2]) / 2
	}
	return r
}

func benchMSSince(t time.Time) float64 { return float64(time.Since(t).Microseconds()) / 1000 }

func benchRound(v float64, digits int) float64 {
	s := strconv.FormatFloat(v, 'f', digits, 64)
	r, _ := strconv.ParseFloat(s, 64)
	return r
}

// benchPeakRSSMB reads a process's peak resident set size (VmHWM) from its /proc status file
// (/proc/self/status, /proc/PID/status); 0 where there is no /proc.
func benchPeakRSSMB(status string) float64 {
	f, err := os.Open(status)
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
	fmt.Fprintf(&b, "redraft bench: %s, GOMAXPROCS %d, %s; medians of %d runs\n", r.Kernels, r.Threads, r.Go, r.Runs)
	arith := "float arithmetic"
	if r.Arithmetic == "int8" {
		wide := "wo, w2 and the head in float16"
		if r.Int8WideKernel != "" {
			wide = "wo, w2 and the head on int16 activations, " + r.Int8WideKernel + " kernel"
		}
		arith = "int8 arithmetic (" + r.Int8Kernel + " kernel; " + wide + ")"
	}
	fmt.Fprintf(&b, "weights: %s\n", arith)
	fmt.Fprintf(&b, "CPU: %s (%s; %s); FMA peak %.1f GFLOP/s per core (%s loop)\n\n", cmp.Or(r.CPU.Model, "unknown model"),
		r.CPU.Arch, strings.Join(r.CPU.Features, " "), r.CPU.FMAPeak.GFLOPSPerCore, r.CPU.FMAPeak.Loop)
	fmt.Fprintf(&b, "%-34s %10s %10s %8s %12s %8s %8s\n", "full forward (logits everywhere)", "ms", "GFLOP/s", "of peak",
		"GFLOP/CPU-s", "of peak", "cores")
	for _, L := range benchLengths {
		fmt.Fprintf(&b, "%-34s %10.2f %10.1f %7.1f%% %12.1f %7.1f%% %8.2f\n", fmt.Sprintf("  %d tokens", L), r.ForwardMS.get(L),
			r.GFLOPS.get(L), 100*r.OfFMAPeak.get(L), r.GFLOPPerCPUS.get(L), 100*r.OfFMAPeakCPU.get(L), r.CoresBusy.get(L))
	}
	fmt.Fprintf(&b, "%-34s %10.2f %10s %8s %12s %8s %8.2f\n", "cached step (32 active, 256 cached)", r.CachedStepMS, "", "",
		fmt.Sprintf("%.2f cpu-ms", r.CachedStepCPUMS), "", r.StepCoresBusy)
	fmt.Fprintf(&b, "%-34s %10.2f\n", "new cache (288 tokens)", r.NewCacheMS)
	fmt.Fprintf(&b, "%-34s %10.2f\n", "model load", r.LoadMS)
	if r.RSSMB > 0 {
		fmt.Fprintf(&b, "%-34s %10.1f MB\n", "peak RSS", r.RSSMB)
	}
	fmt.Fprintf(&b, "\ncache KL(exact ‖ cached), %d masked positions in %d refine windows:\n", r.CacheKLPos, klWindows)
	fmt.Fprintf(&b, "  %.4f nats with the cache built on the masked span (as refine does)\n", r.CacheKL)
	fmt.Fprintf(&b, "  %.4f nats with the cache built on the original span\n", r.CacheKLOriginal)
	if r.Serve != nil {
		b.WriteString("\n")
		printServe(&b, *r.Serve)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// printServe writes the table of a child redraft serve's measurements.
func printServe(b *strings.Builder, sv serveResult) {
	fmt.Fprintf(b, "redraft serve (child process, LSP over stdio):\n")
	fmt.Fprintf(b, "%-34s %10.2f\n", "  initialize answered (ms)", sv.InitializeMS)
	fmt.Fprintf(b, "%-34s %10.2f\n", "  model load (ms, its log)", sv.LoadMS)
	fmt.Fprintf(b, "%-34s %10.2f\n", "  its CPU time (ms, all threads)", sv.LoadCPUMS)
	fmt.Fprintf(b, "%-34s %10.2f\n", "  first refine answered (ms)", sv.FirstRefineMS)
	fmt.Fprintf(b, "%-34s %10.2f\n", "  that refine alone (ms)", sv.RefineMS)
	fmt.Fprintf(b, "%-34s %10.1f\n", "  peak RSS after it (MB)", sv.PeakRSSMB)
	fmt.Fprintf(b, "%-34s %10.2f\n", "  its text checked (ms after it)", sv.SettledMS)
	fmt.Fprintf(b, "%-34s %10.2f\n", fmt.Sprintf("  idle CPU over %gs (%% of a core)", sv.IdleSeconds), sv.IdleCPUPercent)
}

// benchCPUModel is /proc/cpuinfo's "model name" (x86) or "Hardware"/"CPU part" line (arm64);
// empty where there is none.
func benchCPUModel() string {
	data, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return ""
	}
	var part string
	for line := range strings.Lines(string(data)) {
		key, val, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		key, val = strings.TrimSpace(key), strings.TrimSpace(val)
		switch key {
		case "model name", "Hardware":
			return val
		case "CPU part":
			if part == "" {
				part = "CPU part " + val
			}
		}
	}
	return part
}
