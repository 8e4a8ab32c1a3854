package lsp_test

import (
	"encoding/json"
	"fmt"
	"net"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"go.lsp.dev/protocol"

	"github.com/redraft/redraft/internal/cputime"
	"github.com/redraft/redraft/lsp"
	"github.com/redraft/redraft/lsp/lsptest"
)

// BenchmarkFairDuringFillAll: a fill-all over 200 gaps runs (each gap one model call of about
// 40 ms, the fake refiner sleeping through it) while the editor asks for code actions and small
// refines. Reported: the listing's latency (p50 and max) and how long after the running gap's
// model call ended the small refine's model call started (p50 and max). Targets: listing
// ≤ 200 ms; a small refine starts ≤ 200 ms after the running step ends.
//
//	go test -run '^$' -bench FairDuringFillAll -benchtime 20x ./lsp
func BenchmarkFairDuringFillAll(b *testing.B) {
	f := &fakeRefiner{steps: 4, delay: 10 * time.Millisecond}
	e := newEnv(b, f, lsptest.Hooks{}, lsp.WithDiagnosticDelay(time.Hour))
	if _, err := e.c.Initialize(e.ctx, map[string]any{"diagnostics": false}, nil); err != nil {
		b.Fatal(err)
	}
	gaps := protocol.DocumentURI("file:///gaps.md")
	e.open(gaps, strings.Repeat("The [...] sat on a mat.\n\n", 200))
	small := protocol.DocumentURI("file:///small.md")
	e.open(small, "A quick fox.")
	fill := e.goExec(lsp.CommandFillAll, map[string]any{"uri": gaps})
	for len(f.Calls()) == 0 {
		time.Sleep(time.Millisecond)
	}

	var listing, startAfter []time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		if _, err := e.c.CodeActions(e.ctx, small, e.c.Range(small, 0, 11)); err != nil {
			b.Fatal(err)
		}
		listing = append(listing, time.Since(t0))

		before := len(f.Calls())
		arg := refineArg(small, e.c.Range(small, 0, 11))
		if _, err := e.exec(lsp.CommandRefine, arg); err != nil {
			b.Fatal(err)
		}
		calls := f.Calls()
		var refineCall, prevFill *fakeCall
		for k := before; k < len(calls); k++ {
			if calls[k].kind == "refine" {
				refineCall = &calls[k]
			}
		}
		for k := range calls {
			if calls[k].kind == "fill" && !calls[k].ended.IsZero() && !calls[k].ended.After(refineCall.began) {
				prevFill = &calls[k] // the last gap that ended before the refine started
			}
		}
		if refineCall == nil || prevFill == nil {
			b.Fatalf("no refine call, or it ran before any gap (%d calls)", len(calls))
		}
		startAfter = append(startAfter, refineCall.began.Sub(prevFill.ended))
		// Undo the refine so the next iteration has work again.
		e.mustExec(lsp.CommandApply, map[string]any{"uri": small, "version": e.c.Version(small),
			"edits": []protocol.TextEdit{{Range: e.c.Range(small, 0, len(e.c.Text(small))), NewText: "A quick fox."}}}, lsp.StatusApplied)
	}
	b.StopTimer()
	select {
	case o := <-fill:
		b.Fatalf("the fill-all ended during the benchmark (%+v); use a smaller -benchtime", o)
	default:
	}
	reportQuantiles(b, "listing", listing)
	reportQuantiles(b, "refine-start-after-step", startAfter)
}

func reportQuantiles(b *testing.B, name string, ds []time.Duration) {
	slices.Sort(ds)
	ms := func(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
	b.ReportMetric(ms(ds[len(ds)/2]), name+"-p50-ms")
	b.ReportMetric(ms(ds[len(ds)-1]), name+"-max-ms")
}

// hugeDocument is about 10 MB of prose: paragraphs of a few sentences, quotes, non-ASCII.
func hugeDocument() string {
	para := "The keeper’s lamp burned late, and the quick fox watched the harbour from the dunes. " +
		"\"Nobody,\" she said, \"comes this way after dark.\" The boats came back before the storm; " +
		"the fishermen tied their ropes and walked home to their families. Café lights, naïve hopes. 🙂\n\n"
	return strings.Repeat(para, 10<<20/len(para))
}

// BenchmarkHugeDocument: a 10 MB document through the whole server (frames on a net.Pipe, the
// stream, the handlers): didOpen, an incremental didChange in the middle, a code-action listing.
// Each request is followed by a round trip, so the time covers its handling. Reported per
// request: CPU time of the process (server and the raw client, which only writes prepared
// frames) and wall time; and the heap the open document holds per byte of text. Target: each
// ≤ 50 ms, memory proportional to the document.
//
//	go test -run '^$' -bench HugeDocument -benchtime 10x ./lsp
func BenchmarkHugeDocument(b *testing.B) {
	a, c := net.Pipe()
	peer, _, end := fuzzSessionOn(b, a, c)
	defer end()
	ids := 0
	call := func(method string, params any) {
		ids++
		body, _ := json.Marshal(map[string]any{"jsonrpc": "2.0", "id": ids, "method": method, "params": params})
		want := map[string]int{canonicalID(json.RawMessage(fmt.Sprint(ids))): 1}
		if err := peer.write(body); err != nil {
			b.Fatal(err)
		}
		if missing := peer.waitAnswers(want); len(missing) > 0 {
			b.Fatalf("no answer to %s", method)
		}
	}
	notify := func(body []byte) { // written as is: the peer does not parse what it sends here
		if err := peer.write(body); err != nil {
			b.Fatal(err)
		}
	}
	call("initialize", map[string]any{"capabilities": map[string]any{}, "initializationOptions": map[string]any{"diagnostics": false}})
	text := hugeDocument()
	uri := "file:///huge.md"
	open, _ := json.Marshal(map[string]any{"jsonrpc": "2.0", "method": "textDocument/didOpen",
		"params": map[string]any{"textDocument": map[string]any{"uri": uri, "languageId": "markdown", "version": 1, "text": text}}})
	sync := func() {
		call("textDocument/codeAction", map[string]any{"textDocument": map[string]any{"uri": "file:///none"}, "range": protocol.Range{}, "context": map[string]any{}})
	}
	mid := protocol.Position{Line: uint32(strings.Count(text, "\n") / 2)}
	changes := make([][]byte, b.N)
	for i := range changes {
		changes[i], _ = json.Marshal(map[string]any{"jsonrpc": "2.0", "method": "textDocument/didChange",
			"params": map[string]any{"textDocument": map[string]any{"uri": uri, "version": 2 + i},
				"contentChanges": []any{map[string]any{"range": protocol.Range{Start: mid, End: mid}, "text": "word "}}}})
	}
	listing := map[string]any{"textDocument": map[string]any{"uri": uri}, "range": protocol.Range{Start: mid, End: protocol.Position{Line: mid.Line, Character: 20}}, "context": map[string]any{}}

	var openCPU, editCPU, listCPU time.Duration
	var openWall, editWall, listWall time.Duration
	measure := func(cpu, wall *time.Duration, f func()) {
		c0, w0 := cputime.Process(), time.Now()
		f()
		*cpu += cputime.Process() - c0
		*wall += time.Since(w0)
	}
	var heapPerByte float64
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		runtime.GC()
		var m0 runtime.MemStats
		runtime.ReadMemStats(&m0)
		measure(&openCPU, &openWall, func() { notify(open); sync() })
		runtime.GC()
		var m1 runtime.MemStats
		runtime.ReadMemStats(&m1)
		heapPerByte = float64(int64(m1.HeapAlloc)-int64(m0.HeapAlloc)) / float64(len(text))
		measure(&editCPU, &editWall, func() { notify(changes[i]); sync() })
		measure(&listCPU, &listWall, func() { call("textDocument/codeAction", listing) })
		closeDoc, _ := json.Marshal(map[string]any{"jsonrpc": "2.0", "method": "textDocument/didClose",
			"params": map[string]any{"textDocument": map[string]any{"uri": uri}}})
		notify(closeDoc)
		sync()
	}
	b.StopTimer()
	ms := func(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) / float64(b.N) }
	b.ReportMetric(ms(openCPU), "open-cpu-ms")
	b.ReportMetric(ms(openWall), "open-wall-ms")
	b.ReportMetric(ms(editCPU), "edit-cpu-ms")
	b.ReportMetric(ms(editWall), "edit-wall-ms")
	b.ReportMetric(ms(listCPU), "list-cpu-ms")
	b.ReportMetric(ms(listWall), "list-wall-ms")
	b.ReportMetric(heapPerByte, "heap-bytes/doc-byte")
	peer.mu.Lock()
	defer peer.mu.Unlock()
	for _, p := range peer.problems {
		b.Error(p)
	}
}
