package main

import (
	"os"
	"runtime"
	"strings"
	"testing"
)

// benchChildEnv makes the test binary act as the redraft binary, so that benchServe can start
// it as `redraft serve`.
const benchChildEnv = "REDRAFT_TEST_AS_BINARY"

func TestMain(m *testing.M) {
	if os.Getenv(benchChildEnv) == "1" {
		os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

func TestServeLoad(t *testing.T) {
	log := "2026-12-07T10:30:00.100Z\tINFO\tredraft\tserving\t{\"version\": \"dev\"}\n" +
		"2026-12-07T10:30:00.250Z\tINFO\tredraft.lsp\tloading model\t{\"path\": \"\"}\n" +
		"not a log line\n" +
		"2026-12-07T10:30:00.362Z\tINFO\tredraft.lsp\tmodel loaded\t{\"path\": \"\", \"cpu_ms\": 161.5}\n"
	if ms, cpu, err := serveLoad(log); err != nil || ms != 112 || cpu != 161.5 {
		t.Fatalf("serveLoad = %v, %v, %v; want 112, 161.5", ms, cpu, err)
	}
	if _, _, err := serveLoad(strings.SplitAfter(log, "\n")[1]); err == nil {
		t.Fatal("a log without \"model loaded\" gave no error")
	}
	old := strings.Replace(log, `, "cpu_ms": 161.5`, "", 1) // a server from before cpu_ms
	if ms, cpu, err := serveLoad(old); err != nil || ms != 112 || cpu != 0 {
		t.Fatalf("serveLoad without cpu_ms = %v, %v, %v; want 112, 0", ms, cpu, err)
	}
}

func TestProcCPUTicks(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("reads /proc")
	}
	before, ok := procCPUTicks(os.Getpid())
	if !ok {
		t.Fatal("no CPU time for this process")
	}
	x := 0.0
	for i := range 200_000_000 {
		x += float64(i & 7)
	}
	after, _ := procCPUTicks(os.Getpid())
	if x == 0 || after <= before {
		t.Fatalf("CPU ticks did not advance over a busy loop: %d → %d", before, after)
	}
}

// TestBenchServe drives this test binary as `redraft serve` with the built-in model.
func TestBenchServe(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the model in a child process")
	}
	t.Setenv(benchChildEnv, "1")
	r, err := benchServe("")
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%+v", r)
	if r.RefineStatus != "applied" && r.RefineStatus != "unchanged" {
		t.Errorf("refine status %q", r.RefineStatus)
	}
	if !(r.LoadMS > 0 && r.LoadCPUMS > 0 && r.InitializeMS > 0 && r.FirstRefineMS >= r.RefineMS && r.RefineMS > 0) {
		t.Errorf("times: %+v", r)
	}
	if runtime.GOOS == "linux" && !(r.PeakRSSMB > 10 && r.IdleCPUPercent >= 0) {
		t.Errorf("memory or CPU: %+v", r)
	}
}
