package lsp_test

import (
	"strings"
	"testing"

	"go.lsp.dev/protocol"

	"github.com/redraft/redraft/lsp"
	"github.com/redraft/redraft/lsp/lsptest"
)

type outcome struct {
	res lsp.CommandResult
	err error
}

// goExec runs a command in the background.
func (e *env) goExec(command string, arg any) chan outcome {
	ch := make(chan outcome, 1)
	go func() {
		res, err := e.exec(command, arg)
		ch <- outcome{res, err}
	}()
	return ch
}

// $/cancelRequest with the numeric id of a running executeCommand stops the model (which sees its
// context end), ends the progress, answers RequestCancelled and applies nothing.
func TestCancelRequestMidRun(t *testing.T) {
	e := start(t, lsptest.Hooks{}, nil) // initialize was call #1
	e.f.holdN, e.f.hold, e.f.started = 1, make(chan struct{}), make(chan string, 1)
	uri := protocol.DocumentURI("file:///a.md")
	e.open(uri, "A quick fox.")
	run := e.goExec(lsp.CommandRefine, refineArg(uri, e.c.Range(uri, 0, 11))) // call #2
	<-e.f.started
	if err := e.c.Conn.Notify(e.ctx, protocol.MethodCancelRequest, map[string]any{"id": 2}); err != nil {
		t.Fatal(err)
	}
	o := <-run
	if rpcCode(o.err) != protocol.CodeRequestCancelled {
		t.Fatalf("cancelled refine: %+v, want RequestCancelled (-32800)", o)
	}
	if e.f.cancelled.Load() != 1 {
		t.Errorf("the refiner did not see the cancellation")
	}
	if len(e.c.Edits()) != 0 {
		t.Error("a cancelled refine applied an edit")
	}
	if ps := e.c.Progress(); len(ps) == 0 || ps[len(ps)-1].Value.Kind != "end" || ps[len(ps)-1].Value.Message != "cancelled" {
		t.Errorf("progress did not end as cancelled: %+v", ps)
	}
	// The worker is free again.
	e.mustExec(lsp.CommandRefine, refineArg(uri, e.c.Range(uri, 0, 11)), lsp.StatusApplied)
}

// window/workDoneProgress/cancel with the progress token cancels the same way.
func TestWorkDoneProgressCancel(t *testing.T) {
	e := start(t, lsptest.Hooks{}, nil)
	e.f.holdN, e.f.hold, e.f.started = 1, make(chan struct{}), make(chan string, 1)
	uri := protocol.DocumentURI("file:///a.md")
	e.open(uri, "One [...] two.")
	run := e.goExec(lsp.CommandFillAll, map[string]any{"uri": uri})
	<-e.f.started
	token := e.c.Created()[0]
	if err := e.c.Conn.Notify(e.ctx, protocol.MethodWorkDoneProgressCancel, map[string]any{"token": token}); err != nil {
		t.Fatal(err)
	}
	if o := <-run; rpcCode(o.err) != protocol.CodeRequestCancelled {
		t.Fatalf("fill after progress cancel: %+v, want RequestCancelled", o)
	}
	if len(e.c.Edits()) != 0 || e.f.cancelled.Load() != 1 {
		t.Error("the fill was not stopped")
	}
}

// A queued request can be cancelled while another runs: it never reaches the model.
func TestCancelQueuedRequest(t *testing.T) {
	begins := make(chan string, 4)
	hooks := lsptest.Hooks{OnProgress: func(p lsptest.Progress) {
		if p.Value.Kind == "begin" {
			begins <- p.Value.Message
		}
	}}
	e := start(t, hooks, nil)
	e.f.holdN, e.f.hold, e.f.started = 1, make(chan struct{}), make(chan string, 1)
	e.open("file:///a.md", "A quick fox.")
	e.open("file:///b.md", "A big dog.")
	first := e.goExec(lsp.CommandRefine, refineArg("file:///a.md", e.c.Range("file:///a.md", 0, 11))) // call #2
	<-begins
	<-e.f.started
	second := e.goExec(lsp.CommandRefine, refineArg("file:///b.md", e.c.Range("file:///b.md", 0, 9))) // call #3
	if msg := <-begins; msg != "queued (1 ahead)" {
		t.Errorf("queued begin message = %q", msg)
	}
	if err := e.c.Conn.Notify(e.ctx, protocol.MethodCancelRequest, map[string]any{"id": 3}); err != nil {
		t.Fatal(err)
	}
	if o := <-second; rpcCode(o.err) != protocol.CodeRequestCancelled {
		t.Fatalf("queued request: %+v, want RequestCancelled", o)
	}
	close(e.f.hold)
	if o := <-first; o.err != nil || o.res.Status != lsp.StatusApplied {
		t.Fatalf("first request: %+v", o)
	}
	if n := len(e.f.Calls()); n != 1 {
		t.Errorf("the model ran %d times, want 1 (the cancelled request must not run)", n)
	}
	if e.c.Text("file:///b.md") != "A big dog." {
		t.Error("the cancelled request changed its document")
	}
}

// Requests queue: the model never runs two at once, and every request completes.
func TestQueueNeverConcurrent(t *testing.T) {
	begins := make(chan struct{}, 8)
	hooks := lsptest.Hooks{OnProgress: func(p lsptest.Progress) {
		if p.Value.Kind == "begin" {
			begins <- struct{}{}
		}
	}}
	e := start(t, hooks, nil)
	e.f.holdN, e.f.hold = 1, make(chan struct{})
	docs := []protocol.DocumentURI{"file:///1.md", "file:///2.md", "file:///3.md"}
	var runs []chan outcome
	for i, uri := range docs {
		if i%2 == 0 {
			e.open(uri, "A quick fox.")
			runs = append(runs, e.goExec(lsp.CommandRefine, refineArg(uri, e.c.Range(uri, 0, 11))))
		} else {
			e.open(uri, "A [...] fox.")
			runs = append(runs, e.goExec(lsp.CommandFillAll, map[string]any{"uri": uri}))
		}
	}
	for range docs {
		<-begins // all three are queued
	}
	close(e.f.hold)
	for i, r := range runs {
		if o := <-r; o.err != nil || o.res.Status != lsp.StatusApplied {
			t.Errorf("request %d: %+v", i, o)
		}
	}
	if m := e.f.maxActive.Load(); m != 1 {
		t.Errorf("%d model calls ran at once, want 1", m)
	}
	if n := len(e.f.Calls()); n != 3 {
		t.Errorf("%d model calls, want 3", n)
	}
}

// The document changes (outside the selection) while the model runs: the edit is carried to the
// new version (its text is unchanged) and applied there, without running the model again.
func TestStaleVersionCarried(t *testing.T) {
	e := start(t, lsptest.Hooks{}, nil)
	e.f.holdN, e.f.hold, e.f.started = 1, make(chan struct{}), make(chan string, 1)
	uri := protocol.DocumentURI("file:///a.md")
	e.open(uri, "Intro. A quick fox.")
	run := e.goExec(lsp.CommandRefine, refineArg(uri, e.c.Range(uri, 7, 18)))
	<-e.f.started
	insert := e.c.Range(uri, 0, 0)
	if err := e.c.Edit(e.ctx, uri, lsptest.Change{Range: &insert, Text: "New 🙂 "}); err != nil {
		t.Fatal(err)
	}
	e.sync()
	close(e.f.hold)
	o := <-run
	if o.err != nil || o.res.Status != lsp.StatusApplied {
		t.Fatalf("refine: %+v", o)
	}
	if calls := e.f.Calls(); len(calls) != 1 {
		t.Fatalf("%d model calls, want 1", len(calls))
	}
	we := e.c.Edits()
	if len(we) != 1 || *we[0].Edit.DocumentChanges[0].TextDocument.Version != 2 {
		t.Fatalf("applyEdit = %+v, want one for version 2", we)
	}
	if got := e.c.Text(uri); got != "New 🙂 Intro. A swift fox." {
		t.Errorf("text = %q", got)
	}
}

// A change inside the selection cannot be carried over: nothing is applied and the user is told.
func TestStaleVersionRefused(t *testing.T) {
	e := start(t, lsptest.Hooks{}, nil)
	e.f.holdN, e.f.hold, e.f.started = 1, make(chan struct{}), make(chan string, 1)
	uri := protocol.DocumentURI("file:///a.md")
	e.open(uri, "A quick fox.")
	run := e.goExec(lsp.CommandRefine, refineArg(uri, e.c.Range(uri, 0, 11)))
	<-e.f.started
	r := e.c.Range(uri, 2, 7)
	if err := e.c.Edit(e.ctx, uri, lsptest.Change{Range: &r, Text: "slow"}); err != nil {
		t.Fatal(err)
	}
	e.sync()
	close(e.f.hold)
	o := <-run
	if o.err != nil || o.res.Status != lsp.StatusStale {
		t.Fatalf("refine: %+v, want stale", o)
	}
	if len(e.c.Edits()) != 0 || e.c.Text(uri) != "A slow fox." {
		t.Error("a stale edit was applied")
	}
	if m := e.lastMessage(); m.Type != protocol.MessageTypeWarning || !strings.Contains(m.Message, "document changed") {
		t.Errorf("message = %+v", m)
	}
	if len(e.f.Calls()) != 1 {
		t.Errorf("%d model calls, want 1", len(e.f.Calls()))
	}
}

// Fill-all plans again when an edit touches a gap it is filling, at most three times; after that
// the user is told the document changed.
func TestFillAllReplansThenStale(t *testing.T) {
	e := start(t, lsptest.Hooks{}, nil)
	e.f.holdN, e.f.hold, e.f.started = 4, make(chan struct{}), make(chan string, 4)
	uri := protocol.DocumentURI("file:///a.md")
	e.open(uri, "A [...] fox.")
	run := e.goExec(lsp.CommandFillAll, map[string]any{"uri": uri})
	for i := 0; i < 4; i++ {
		<-e.f.started
		gap := e.c.Range(uri, 2, 7)
		if err := e.c.Edit(e.ctx, uri, lsptest.Change{Range: &gap, Text: "[...]"}); err != nil {
			t.Fatal(err)
		}
		e.sync()
		e.f.hold <- struct{}{}
	}
	if o := <-run; o.err != nil || o.res.Status != lsp.StatusStale {
		t.Fatalf("fill: %+v, want stale", o)
	}
	if len(e.c.Edits()) != 0 || len(e.f.Calls()) != 4 {
		t.Errorf("edits %d, model calls %d; want 0 and 4", len(e.c.Edits()), len(e.f.Calls()))
	}
}

// Fill-all fills one gap per model call and reports progress per gap; an edit elsewhere between
// the gaps is carried.
func TestFillAllOneGapPerCall(t *testing.T) {
	e := start(t, lsptest.Hooks{}, nil)
	e.f.holdN, e.f.hold, e.f.started = 1, make(chan struct{}), make(chan string, 3)
	uri := protocol.DocumentURI("file:///a.md")
	e.open(uri, "One [...] two ___ three [...].")
	run := e.goExec(lsp.CommandFillAll, map[string]any{"uri": uri})
	<-e.f.started
	end := e.c.Range(uri, len(e.c.Text(uri)), len(e.c.Text(uri)))
	if err := e.c.Edit(e.ctx, uri, lsptest.Change{Range: &end, Text: " Four."}); err != nil {
		t.Fatal(err)
	}
	e.sync()
	close(e.f.hold)
	if o := <-run; o.err != nil || o.res.Status != lsp.StatusApplied {
		t.Fatalf("fill: %+v", o)
	}
	calls := e.f.Calls()
	if len(calls) != 3 {
		t.Fatalf("%d model calls, want one per gap", len(calls))
	}
	for _, c := range calls {
		if len(c.gaps) != 1 {
			t.Errorf("a call filled %d gaps", len(c.gaps))
		}
	}
	if got := e.c.Text(uri); got != "One filled two filled three filled. Four." {
		t.Errorf("text = %q", got)
	}
	var steps []string
	for _, p := range e.c.Progress() {
		if strings.HasPrefix(p.Value.Message, "gap ") {
			steps = append(steps, p.Value.Message)
		}
	}
	if strings.Join(steps, ", ") != "gap 1 of 3, gap 2 of 3, gap 3 of 3" {
		t.Errorf("progress %q", steps)
	}
}

// Incremental edits from the client keep the server's text exact: after several edits with
// emoji, the server's edit lands where the client expects.
func TestIncrementalEditsThenFill(t *testing.T) {
	e := start(t, lsptest.Hooks{}, nil)
	uri := protocol.DocumentURI("file:///a.md")
	e.open(uri, "ab\r\ncd\nef")
	edits := []struct {
		start, end int
		text       string
	}{
		{1, 1, "🙂"}, {0, 0, "日本\n"}, {15, 17, "[...]"}, {3, 3, "x"},
	}
	for _, ed := range edits {
		r := e.c.Range(uri, ed.start, ed.end)
		if err := e.c.Edit(e.ctx, uri, lsptest.Change{Range: &r, Text: ed.text}); err != nil {
			t.Fatal(err)
		}
	}
	before := e.c.Text(uri)
	if !strings.Contains(before, "[...]") {
		t.Fatalf("setup: %q has no gap", before)
	}
	e.mustExec(lsp.CommandFillAll, map[string]any{"uri": uri}, lsp.StatusApplied)
	if got, want := e.c.Text(uri), strings.Replace(before, "[...]", "filled", 1); got != want {
		t.Errorf("text = %q, want %q", got, want)
	}
	if v := *e.c.Edits()[0].Edit.DocumentChanges[0].TextDocument.Version; v != 5 {
		t.Errorf("edit for version %d, want 5", v)
	}
	// Whole-document replacement (no range) is accepted too.
	if err := e.c.Edit(e.ctx, uri, lsptest.Change{Text: "Fresh [...] text."}); err != nil {
		t.Fatal(err)
	}
	e.mustExec(lsp.CommandFillAll, map[string]any{"uri": uri}, lsp.StatusApplied)
	if got := e.c.Text(uri); got != "Fresh filled text." {
		t.Errorf("text = %q", got)
	}
}
