package lsp_test

import (
	"encoding/json"
	"testing"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"

	"github.com/redraft/redraft/lsp"
	"github.com/redraft/redraft/lsp/lsptest"
)

func TestInitializeCapabilities(t *testing.T) {
	e := newEnv(t, newFake(), lsptest.Hooks{})
	raw, err := e.c.Initialize(e.ctx, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	var res struct {
		Capabilities struct {
			PositionEncoding *string `json:"positionEncoding"`
			TextDocumentSync struct {
				OpenClose bool `json:"openClose"`
				Change    int  `json:"change"`
			} `json:"textDocumentSync"`
			CodeActionProvider struct {
				CodeActionKinds []string `json:"codeActionKinds"`
				ResolveProvider bool     `json:"resolveProvider"`
			} `json:"codeActionProvider"`
			ExecuteCommandProvider struct {
				Commands []string `json:"commands"`
			} `json:"executeCommandProvider"`
		} `json:"capabilities"`
		ServerInfo struct {
			Name string `json:"name"`
		} `json:"serverInfo"`
	}
	if err := json.Unmarshal(raw, &res); err != nil {
		t.Fatal(err)
	}
	c := res.Capabilities
	if !c.TextDocumentSync.OpenClose || c.TextDocumentSync.Change != 2 {
		t.Errorf("textDocumentSync = %+v, want openClose and incremental (2)", c.TextDocumentSync)
	}
	if k := c.CodeActionProvider.CodeActionKinds; len(k) != 2 || k[0] != "quickfix" || k[1] != "refactor.rewrite" {
		t.Errorf("codeActionKinds = %v", c.CodeActionProvider.CodeActionKinds)
	}
	want := []string{lsp.CommandRefine, lsp.CommandFill, lsp.CommandFillAll, lsp.CommandApply, lsp.CommandAddWord, lsp.CommandIgnore}
	if got := c.ExecuteCommandProvider.Commands; len(got) != len(want) {
		t.Errorf("commands = %v, want %v", got, want)
	}
	if c.PositionEncoding != nil {
		t.Errorf("positionEncoding = %q for a client that offered none", *c.PositionEncoding)
	}
	if res.ServerInfo.Name != "redraft" {
		t.Errorf("serverInfo.name = %q", res.ServerInfo.Name)
	}
}

func TestPositionEncodingNegotiation(t *testing.T) {
	for _, tc := range []struct {
		offered []string
		want    string
	}{
		{[]string{"utf-8", "utf-16"}, "utf-8"},
		{[]string{"utf-32"}, "utf-32"},
		{[]string{"latin-1", "utf-16"}, "utf-16"},
		{[]string{"latin-1"}, "utf-16"},
	} {
		e := newEnv(t, newFake(), lsptest.Hooks{})
		caps := lsptest.DefaultCapabilities()
		caps["general"] = map[string]any{"positionEncodings": tc.offered}
		raw, err := e.c.Initialize(e.ctx, nil, caps)
		if err != nil {
			t.Fatal(err)
		}
		var res struct {
			Capabilities struct {
				PositionEncoding string `json:"positionEncoding"`
			} `json:"capabilities"`
		}
		_ = json.Unmarshal(raw, &res)
		if res.Capabilities.PositionEncoding != tc.want {
			t.Errorf("offered %v: positionEncoding %q, want %q", tc.offered, res.Capabilities.PositionEncoding, tc.want)
		}
	}
}

// With utf-8 positions negotiated, the edit's columns count bytes.
func TestUTF8PositionsWhenNegotiated(t *testing.T) {
	e := newEnv(t, newFake(), lsptest.Hooks{})
	e.c.Encoding = lsptest.UTF8
	caps := lsptest.DefaultCapabilities()
	caps["general"] = map[string]any{"positionEncodings": []string{"utf-8"}}
	if _, err := e.c.Initialize(e.ctx, nil, caps); err != nil {
		t.Fatal(err)
	}
	uri := protocol.DocumentURI("file:///u8.md")
	text := "日本 the quick fox"
	e.open(uri, text)
	e.mustExec(lsp.CommandRefine, refineArg(uri, e.c.Range(uri, 0, len(text))), lsp.StatusApplied)
	edits := e.c.Edits()[0].Edit.DocumentChanges[0].Edits
	// "日本 the " is 6+1+4 = 11 bytes.
	if r := edits[0].Range; r.Start.Character != 11 || r.End.Character != 16 {
		t.Errorf("utf-8 edit range = %+v, want characters 11..16", r)
	}
	if got := e.c.Text(uri); got != "日本 the swift fox" {
		t.Errorf("text = %q", got)
	}
}

func TestRequestsBeforeInitialize(t *testing.T) {
	e := newEnv(t, newFake(), lsptest.Hooks{})
	_, err := e.c.CodeActions(e.ctx, "file:///a.md", protocol.Range{})
	if rpcCode(err) != jsonrpc2.ServerNotInitialized {
		t.Fatalf("codeAction before initialize: %v, want ServerNotInitialized (-32002)", err)
	}
	if _, err := e.c.Initialize(e.ctx, nil, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := e.c.Initialize(e.ctx, nil, nil); rpcCode(err) != jsonrpc2.InvalidRequest {
		t.Fatalf("second initialize: %v, want InvalidRequest", err)
	}
}

func TestShutdownThenExit(t *testing.T) {
	e := start(t, lsptest.Hooks{}, nil)
	if err := e.c.Shutdown(e.ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := e.c.CodeActions(e.ctx, "file:///a.md", protocol.Range{}); rpcCode(err) != jsonrpc2.InvalidRequest {
		t.Errorf("request after shutdown: %v, want InvalidRequest", err)
	}
	if err := e.c.Exit(e.ctx); err != nil {
		t.Fatal(err)
	}
	if code := <-e.exit; code != 0 {
		t.Errorf("exit code after shutdown = %d, want 0", code)
	}
	<-e.conn.Done()
}

func TestExitWithoutShutdown(t *testing.T) {
	e := start(t, lsptest.Hooks{}, nil)
	if err := e.c.Exit(e.ctx); err != nil {
		t.Fatal(err)
	}
	if code := <-e.exit; code != 1 {
		t.Errorf("exit code without shutdown = %d, want 1", code)
	}
	<-e.conn.Done()
}

// Shutdown cancels model work in flight.
func TestShutdownCancelsWork(t *testing.T) {
	e := start(t, lsptest.Hooks{}, nil)
	e.f.holdN, e.f.hold, e.f.started = 1, make(chan struct{}), make(chan string, 1)
	uri := protocol.DocumentURI("file:///a.md")
	e.open(uri, "a quick fox")
	done := make(chan error, 1)
	go func() {
		_, err := e.exec(lsp.CommandRefine, refineArg(uri, e.c.Range(uri, 0, 11)))
		done <- err
	}()
	<-e.f.started
	if err := e.c.Shutdown(e.ctx); err != nil {
		t.Fatal(err)
	}
	if err := <-done; rpcCode(err) != protocol.CodeRequestCancelled {
		t.Fatalf("refine during shutdown: %v, want RequestCancelled", err)
	}
	if len(e.c.Edits()) != 0 {
		t.Error("an edit was applied after shutdown")
	}
}

func TestUnimplementedMethod(t *testing.T) {
	e := start(t, lsptest.Hooks{}, nil)
	_, err := e.c.Conn.Call(e.ctx, protocol.MethodTextDocumentHover, map[string]any{
		"textDocument": map[string]any{"uri": "file:///a.md"}, "position": map[string]any{"line": 0, "character": 0},
	}, nil)
	if rpcCode(err) != jsonrpc2.MethodNotFound {
		t.Fatalf("hover: %v, want MethodNotFound", err)
	}
	if _, err := e.c.Conn.Call(e.ctx, "redraft/unknown", map[string]any{}, nil); rpcCode(err) != jsonrpc2.MethodNotFound {
		t.Fatalf("unknown method: %v, want MethodNotFound", err)
	}
}
