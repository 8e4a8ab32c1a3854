package lsp_test

import (
	"testing"

	"go.lsp.dev/protocol"

	"github.com/redraft/redraft/lsp"
	"github.com/redraft/redraft/lsp/lsptest"
)

// hintEnv starts a server with hints on and no pause before they are computed.
func hintEnv(t *testing.T) (*env, chan protocol.PublishDiagnosticsParams) {
	t.Helper()
	diags := make(chan protocol.PublishDiagnosticsParams, 64)
	e := newEnv(t, newFake(), lsptest.Hooks{OnDiagnostics: func(p protocol.PublishDiagnosticsParams) { diags <- p }},
		lsp.WithHintDelay(0))
	if _, err := e.c.Initialize(e.ctx, map[string]any{"redraft": map[string]any{"hints": true}}, nil); err != nil {
		t.Fatal(err)
	}
	return e, diags
}

// next waits for the next publishDiagnostics for uri at version (0: any version).
func (e *env) nextDiagnostics(ch chan protocol.PublishDiagnosticsParams, uri protocol.DocumentURI, version uint32) protocol.PublishDiagnosticsParams {
	e.t.Helper()
	for {
		select {
		case p := <-ch:
			if p.URI == uri && (version == 0 || p.Version == version) {
				return p
			}
		case <-e.ctx.Done():
			e.t.Fatalf("no diagnostics for %s version %d", uri, version)
		}
	}
}

func TestHints(t *testing.T) {
	e, diags := hintEnv(t)
	uri := protocol.DocumentURI("file:///h.md")
	e.open(uri, "A quick fox.\n\nNothing known here.\n\n🙂 A big dog.\n")
	p := e.nextDiagnostics(diags, uri, 1)
	if len(p.Diagnostics) != 2 {
		t.Fatalf("diagnostics = %+v, want 2", p.Diagnostics)
	}
	d := p.Diagnostics[0]
	if d.Severity != protocol.DiagnosticSeverityHint || d.Source != "redraft" || d.Message != "Redraft would write “swift”" ||
		d.Range != e.c.Range(uri, 2, 7) {
		t.Errorf("first hint = %+v", d)
	}
	if r := p.Diagnostics[1].Range; r.Start.Line != 4 || r.Start.Character != 5 || r.End.Character != 8 {
		t.Errorf("second hint range = %+v (the emoji is 2 UTF-16 units)", r)
	}
	if n := len(e.f.Calls()); n != 3 {
		t.Errorf("%d model calls for 3 paragraphs", n)
	}

	// Edit one paragraph: only it is recomputed.
	r := e.c.Range(uri, 2, 7)
	if err := e.c.Edit(e.ctx, uri, lsptest.Change{Range: &r, Text: "happy"}); err != nil {
		t.Fatal(err)
	}
	p = e.nextDiagnostics(diags, uri, 2)
	if len(p.Diagnostics) != 2 || p.Diagnostics[0].Message != "Redraft would write “glad”" {
		t.Errorf("after the edit: %+v", p.Diagnostics)
	}
	if n := len(e.f.Calls()); n != 4 {
		t.Errorf("%d model calls in all, want 4 (unchanged paragraphs are cached)", n)
	}

	// Turning hints off clears them.
	err := e.c.Conn.Notify(e.ctx, protocol.MethodWorkspaceDidChangeConfiguration,
		map[string]any{"settings": map[string]any{"redraft": map[string]any{"hints": false}}})
	if err != nil {
		t.Fatal(err)
	}
	if p := e.nextDiagnostics(diags, uri, 0); len(p.Diagnostics) != 0 {
		t.Errorf("after hints off: %+v", p.Diagnostics)
	}
}

// A user request preempts hint work: the hint pass is cancelled, the request runs at once, and
// the hints come back afterwards.
func TestHintsYieldToRequests(t *testing.T) {
	e, diags := hintEnv(t)
	e.f.holdN, e.f.hold, e.f.started = 1, make(chan struct{}), make(chan string, 8)
	uri := protocol.DocumentURI("file:///h.md")
	e.open(uri, "A quick fox.")
	<-e.f.started // the hint pass is running (and held)
	e.mustExec(lsp.CommandRefine, refineArg(uri, e.c.Range(uri, 0, 11)), lsp.StatusApplied)
	if e.f.cancelled.Load() != 1 {
		t.Errorf("the hint pass was not cancelled by the request")
	}
	if m := e.f.maxActive.Load(); m != 1 {
		t.Errorf("%d model calls at once", m)
	}
	p := e.nextDiagnostics(diags, uri, 2) // the text is "A swift fox." now: nothing to hint
	if len(p.Diagnostics) != 0 {
		t.Errorf("hints = %+v", p.Diagnostics)
	}
}

func TestHintsClearedOnClose(t *testing.T) {
	e, diags := hintEnv(t)
	uri := protocol.DocumentURI("file:///h.md")
	e.open(uri, "A quick fox.")
	if p := e.nextDiagnostics(diags, uri, 1); len(p.Diagnostics) != 1 {
		t.Fatalf("hints = %+v", p.Diagnostics)
	}
	if err := e.c.CloseDocument(e.ctx, uri); err != nil {
		t.Fatal(err)
	}
	if p := e.nextDiagnostics(diags, uri, 0); len(p.Diagnostics) != 0 {
		t.Errorf("after close: %+v", p.Diagnostics)
	}
}

func TestHintsOffByDefault(t *testing.T) {
	e := start(t, lsptest.Hooks{}, nil)
	uri := protocol.DocumentURI("file:///h.md")
	e.open(uri, "A quick fox.")
	e.mustExec(lsp.CommandRefine, refineArg(uri, e.c.Range(uri, 0, 11)), lsp.StatusApplied)
	if len(e.c.Diagnostics()) != 0 || len(e.f.Calls()) != 1 {
		t.Errorf("hints ran while off: %d diagnostics, %d model calls", len(e.c.Diagnostics()), len(e.f.Calls()))
	}
}
