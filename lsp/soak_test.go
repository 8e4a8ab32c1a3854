package lsp_test

import (
	"bytes"
	"math/rand"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"strconv"
	"testing"
	"time"

	"go.lsp.dev/protocol"

	"github.com/redraft/redraft/engine"
	"github.com/redraft/redraft/lsp"
	"github.com/redraft/redraft/refine"
)

// The soak test runs one server for thousands of cycles (REDRAFT_SOAK=1; a few minutes with the
// fake refiner, longer with the real model): each cycle opens a document, runs a command with an
// edit racing it (raceOnce: every applied edit checked, every other ending must say why), lists
// code actions, sends a malformed request and closes the document. It fails on a stale or lost
// edit, an unanswered request, or RSS growing more than 10% over the second half of the run.
//
//	REDRAFT_SOAK=1 go test -run TestSoak -v -timeout 60m ./lsp
func TestSoak(t *testing.T) {
	if os.Getenv("REDRAFT_SOAK") != "1" {
		t.Skip("set REDRAFT_SOAK=1 to run the soak test")
	}
	t.Run("fake", func(t *testing.T) {
		soak(t, &fakeRefiner{steps: 3, delay: 50 * time.Microsecond}, true, soakCycles(5000))
	})
	t.Run("model", func(t *testing.T) {
		m, err := engine.Load("")
		if err != nil {
			t.Fatal(err)
		}
		soak(t, refine.New(m), false, soakCycles(300))
	})
}

// soakCycles is n, or $REDRAFT_SOAK_SCALE × n.
func soakCycles(n int) int {
	if f, err := strconv.ParseFloat(os.Getenv("REDRAFT_SOAK_SCALE"), 64); err == nil && f > 0 {
		return max(int(f*float64(n)), 20)
	}
	return n
}

func soak(t *testing.T, r lsp.Refiner, fake bool, cycles int) {
	e, rc := newRaceEnv(t, 2*time.Hour, r, fake)
	rng := rand.New(rand.NewSource(7))
	var tally raceTally
	var rss []int64 // one sample per tenth of the run
	start := time.Now()
	for i := 0; i < cycles && !t.Failed(); i++ {
		raceOnce(t, e, rc, rng, i, &tally)
		uri := protocol.DocumentURI("file:///soak/listing.md")
		e.open(uri, raceDoc)
		if _, err := e.c.CodeActions(e.ctx, uri, e.c.Range(uri, 0, 10)); err != nil {
			t.Fatalf("cycle %d: code actions: %v", i, err)
		}
		if _, err := e.exec(lsp.CommandFill, map[string]any{"uri": uri, "position": "nowhere"}); rpcCode(err) != -32602 {
			t.Fatalf("cycle %d: a malformed command: %v, want InvalidParams", i, err)
		}
		if err := e.c.CloseDocument(e.ctx, uri); err != nil {
			t.Fatal(err)
		}
		// What the test itself records would grow without end: keep only the server's memory.
		e.c.Forget()
		if f, ok := r.(*fakeRefiner); ok {
			f.mu.Lock()
			f.calls = nil
			f.mu.Unlock()
		}
		if (i+1)%(cycles/10) == 0 {
			debug.FreeOSMemory() // RSS then follows what is live, not when the GC last ran
			rss = append(rss, residentBytes(t))
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			t.Logf("cycle %d: RSS %.1f MB (Go heap in use %.1f MB, runtime %.1f MB), %d goroutines, %s", i+1,
				float64(rss[len(rss)-1])/1e6, float64(ms.HeapInuse)/1e6, float64(ms.Sys-ms.HeapSys)/1e6,
				runtime.NumGoroutine(), time.Since(start).Round(time.Second))
		}
	}
	rc.report(t, tally)
	if path := os.Getenv("REDRAFT_SOAK_HEAP"); path != "" { // a heap profile of the live session
		runtime.GC()
		if f, err := os.Create(path); err == nil {
			_ = pprof.WriteHeapProfile(f)
			f.Close()
		}
	}
	if tally.stale+tally.lost > 0 || len(rss) < 10 {
		return
	}
	mid, last := rss[4], rss[len(rss)-1]
	growth := float64(last-mid) / float64(mid)
	t.Logf("RSS over the second half: %.1f → %.1f MB (%+.1f%%)", float64(mid)/1e6, float64(last)/1e6, 100*growth)
	if growth > 0.10 {
		t.Errorf("RSS grew %.1f%% over the second half of the run", 100*growth)
	}
}

// residentBytes reads this process's resident set size from /proc.
func residentBytes(t *testing.T) int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		t.Skipf("no /proc/self/status: %v", err)
	}
	for _, line := range bytes.Split(b, []byte("\n")) {
		if v, ok := bytes.CutPrefix(line, []byte("VmRSS:")); ok {
			kb, err := strconv.ParseInt(string(bytes.TrimSpace(bytes.TrimSuffix(bytes.TrimSpace(v), []byte("kB")))), 10, 64)
			if err != nil {
				t.Fatal(err)
			}
			return kb << 10
		}
	}
	t.Fatal("no VmRSS")
	return 0
}
