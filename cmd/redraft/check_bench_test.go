package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"

	"github.com/redraft/redraft/engine"
	"github.com/redraft/redraft/internal/cputime"
	"github.com/redraft/redraft/lsp"
	"github.com/redraft/redraft/lsp/lsptest"
	"github.com/redraft/redraft/refine"
)

// BenchmarkCheckCosts measures checking as you write (lsp/diagnostics.go) with the built-in
// model, the three costs issue 11 names, each reported as a metric:
//
//	first-check-s      opening a 2,000-word document until its first check is complete
//	                   (first-check-cpu-s: CPU time of the whole process meanwhile)
//	refine-start-ms    a refine asked for while a check runs: from the request until its model
//	                   call starts (the check is preempted)
//	idle-cpu-%         CPU use of the server over 3 s with every document checked
//
//	go test -run '^$' -bench CheckCosts -benchtime 1x ./cmd/redraft/
//
// The document is sentences of ../shared/eval (repair cases, with one mistake each, between
// clean ones) in paragraphs of four; the benchmark is skipped without them.
func BenchmarkCheckCosts(b *testing.B) {
	doc, words := checkDocument(b, 2000)
	m, err := engine.Load("")
	if err != nil {
		b.Fatal(err)
	}
	r := &timedRefiner{inner: refine.New(m)}
	var first, firstCPU, start, idle time.Duration
	for i := 0; i < b.N; i++ {
		e := startCheckServer(b, r)

		// First check of a fresh document.
		r.reset()
		uri := protocol.DocumentURI(fmt.Sprintf("file:///bench/%d.md", i))
		t0, c0 := time.Now(), cputime.Process()
		if err := e.c.Open(e.ctx, uri, doc); err != nil {
			b.Fatal(err)
		}
		e.waitChecked(b, uri, doc)
		first += time.Since(t0)
		b.Logf("first check: %v", time.Since(t0))
		firstCPU += cputime.Process() - c0

		// Nothing left to check: the server should sleep.
		c1 := cputime.Process()
		time.Sleep(3 * time.Second)
		idle += cputime.Process() - c1

		// A refine while another document's check runs.
		// (The last paragraph: the check reaches it last, so its first model call is the refine's.)
		uri2 := protocol.DocumentURI(fmt.Sprintf("file:///bench/%d-b.md", i))
		r.reset()
		if err := e.c.Open(e.ctx, uri2, doc); err != nil {
			b.Fatal(err)
		}
		r.waitCalls(b, e.ctx, 2) // the check is under way
		end := len(strings.TrimRight(doc, "\n"))
		target := [2]int{strings.LastIndex(doc[:end], "\n\n") + 2, end}
		r.watch(target)
		sent := time.Now()
		res, err := e.c.Execute(e.ctx, lsp.CommandRefine, map[string]any{
			"uri": uri2, "range": e.c.Range(uri2, target[0], target[1]),
		}, nil)
		if err != nil {
			b.Fatal(err)
		}
		at, ok := r.started()
		if !ok {
			b.Fatalf("the refine of %v made no model call for that range (result %s; calls since: %v)", target, res, r.since())
		}
		start += at.Sub(sent)
		e.close()
	}
	n := float64(b.N)
	b.ReportMetric(first.Seconds()/n, "first-check-s")
	b.ReportMetric(firstCPU.Seconds()/n, "first-check-cpu-s")
	b.ReportMetric(float64(start.Milliseconds())/n, "refine-start-ms")
	b.ReportMetric(100*idle.Seconds()/(3*n), "idle-cpu-%")
	b.ReportMetric(float64(words), "words")
}

// checkDocument builds a Markdown document of at least n words from ../shared/eval: paragraphs
// of four sentences, a repair case (one mistake) between clean ones.
func checkDocument(b *testing.B, n int) (string, int) {
	if s := os.Getenv("REDRAFT_BENCH_WORDS"); s != "" { // a shorter run to try the benchmark out
		fmt.Sscan(s, &n)
	}
	dir := filepath.Join("..", "..", "..", "shared", "eval")
	repair, clean := evalTexts(b, filepath.Join(dir, "repair.jsonl")), evalTexts(b, filepath.Join(dir, "clean.jsonl"))
	var sb strings.Builder
	sb.WriteString("# Notes\n\n")
	words := 0
	for i := 0; words < n; i++ {
		if i >= len(repair) || i >= len(clean) {
			b.Fatalf("../shared/eval has too few sentences for %d words", n)
		}
		para := []string{clean[i], repair[i], clean[(i+100)%len(clean)], repair[(i+150)%len(repair)]}
		for _, s := range para {
			words += len(strings.Fields(s))
		}
		sb.WriteString(strings.Join(para, " ") + "\n\n")
	}
	return sb.String(), words
}

func evalTexts(b *testing.B, path string) []string {
	f, err := os.Open(path)
	if err != nil {
		b.Skipf("needs the shared eval sets: %v", err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var c struct {
			Text string `json:"text"`
		}
		if json.Unmarshal(sc.Bytes(), &c) == nil && !strings.ContainsAny(c.Text, "\n`|#") && strings.TrimSpace(c.Text) != "" {
			out = append(out, strings.TrimSpace(c.Text))
		}
	}
	return out
}

// timedRefiner wraps the real refiner and records when each call starts and which ranges have
// completed.
type timedRefiner struct {
	inner lsp.Refiner

	mu     sync.Mutex
	calls  int
	done   map[[2]int]bool
	target [2]int
	at     time.Time
	hit    chan struct{} // set by watch, nil once the watched call started
	log    [][2]int      // calls since watch
}

func (t *timedRefiner) reset() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.calls, t.done, t.hit = 0, make(map[[2]int]bool), nil
}

func (t *timedRefiner) watch(r [2]int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.target, t.hit, t.log = r, make(chan struct{}), nil
}

// started returns when the watched range's call started; false if it has not (the command
// returned without it).
func (t *timedRefiner) started() (time.Time, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.at, t.hit == nil
}

// since lists the ranges called since watch.
func (t *timedRefiner) since() [][2]int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.log
}

func (t *timedRefiner) waitCalls(b *testing.B, ctx context.Context, n int) {
	for {
		t.mu.Lock()
		c := t.calls
		t.mu.Unlock()
		if c >= n {
			return
		}
		if ctx.Err() != nil {
			b.Fatal("the check did not start")
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func (t *timedRefiner) checkedRanges() map[[2]int]bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	out := make(map[[2]int]bool, len(t.done))
	for k := range t.done {
		out[k] = true
	}
	return out
}

func (t *timedRefiner) Refine(ctx context.Context, doc string, start, end int, opt refine.Options, p refine.Progress) (*refine.Result, error) {
	t.mu.Lock()
	t.calls++
	t.log = append(t.log, [2]int{start, end})
	if t.hit != nil && [2]int{start, end} == t.target {
		t.at = time.Now()
		close(t.hit)
		t.hit = nil
	}
	t.mu.Unlock()
	res, err := t.inner.Refine(ctx, doc, start, end, opt, p)
	if ctx.Err() == nil { // done, with a result or refused (too long, nothing to refine)
		t.mu.Lock()
		if t.done != nil {
			t.done[[2]int{start, end}] = true
		}
		t.mu.Unlock()
	}
	return res, err
}

func (t *timedRefiner) Fill(ctx context.Context, doc string, gaps []refine.Gap, opt refine.Options, p refine.Progress) (*refine.FillResult, error) {
	return t.inner.Fill(ctx, doc, gaps, opt, p)
}

// checkServer is an lsp server on a pipe with a test client that counts diagnostics.
type checkServer struct {
	ctx   context.Context
	c     *lsptest.Client
	r     *timedRefiner
	close func()
	diags chan protocol.DocumentURI
}

func startCheckServer(b *testing.B, r *timedRefiner) *checkServer {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Minute)
	a, c := net.Pipe()
	conn, err := lsp.Serve(ctx, jsonrpc2.NewStream(a), lsp.WithRefiner(r),
		lsp.WithUserDictionary(filepath.Join(b.TempDir(), "dictionary.txt")))
	if err != nil {
		b.Fatal(err)
	}
	diags := make(chan protocol.DocumentURI, 1024)
	client := lsptest.New(ctx, jsonrpc2.NewStream(c), lsptest.Hooks{
		OnDiagnostics: func(p protocol.PublishDiagnosticsParams) {
			select {
			case diags <- p.URI:
			default:
			}
		},
	})
	if _, err := client.Initialize(ctx, nil, nil); err != nil {
		b.Fatal(err)
	}
	return &checkServer{ctx: ctx, c: client, r: r, diags: diags, close: func() {
		_ = client.Close()
		_ = conn.Close()
		<-conn.Done()
		cancel()
	}}
}

// waitChecked waits until every paragraph of doc has been checked and published.
func (e *checkServer) waitChecked(b *testing.B, uri protocol.DocumentURI, doc string) {
	paragraphs := 0
	for _, p := range strings.Split(doc, "\n\n") {
		if strings.TrimSpace(p) != "" {
			paragraphs++
		}
	}
	for {
		select {
		case got := <-e.diags:
			if got == uri && len(e.r.checkedRanges()) >= paragraphs {
				return
			}
		case <-e.ctx.Done():
			b.Fatalf("the first check did not finish (%d of %d paragraphs)", len(e.r.checkedRanges()), paragraphs)
		}
	}
}
