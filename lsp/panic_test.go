package lsp_test

import (
	"strings"
	"sync/atomic"
	"testing"

	"go.lsp.dev/protocol"
	"go.uber.org/zap"
	"go.uber.org/zap/zaptest/observer"

	"github.com/redraft/redraft/lsp"
	"github.com/redraft/redraft/lsp/lsptest"
)

// A panic in any handler becomes an InternalError reply and an error log with the stack, and the
// server keeps serving. Each method is sent as a call, so that even a notification's handler has
// a reply to give.
func TestHandlerPanicsAreContained(t *testing.T) {
	uri := protocol.DocumentURI("file:///p.md")
	methods := map[string]any{
		protocol.MethodInitialized:                     map[string]any{},
		protocol.MethodTextDocumentDidOpen:             map[string]any{"textDocument": map[string]any{"uri": uri, "languageId": "markdown", "version": 9, "text": "x"}},
		protocol.MethodTextDocumentDidChange:           map[string]any{"textDocument": map[string]any{"uri": uri, "version": 2}, "contentChanges": []any{}},
		protocol.MethodTextDocumentDidClose:            map[string]any{"textDocument": map[string]any{"uri": uri}},
		protocol.MethodTextDocumentDidSave:             map[string]any{"textDocument": map[string]any{"uri": uri}},
		protocol.MethodTextDocumentCodeAction:          map[string]any{"textDocument": map[string]any{"uri": uri}, "range": protocol.Range{}, "context": map[string]any{}},
		"codeAction/resolve":                           map[string]any{"title": "x"},
		protocol.MethodWorkspaceExecuteCommand:         map[string]any{"command": lsp.CommandRefine, "arguments": []any{map[string]any{"uri": uri}}},
		protocol.MethodWorkspaceDidChangeConfiguration: map[string]any{"settings": map[string]any{}},
		protocol.MethodSetTrace:                        map[string]any{"value": "off"},
		protocol.MethodCancelRequest:                   map[string]any{"id": 99},
		protocol.MethodWorkDoneProgressCancel:          map[string]any{"token": "x"},
		"textDocument/hover":                           map[string]any{},
		protocol.MethodShutdown:                        nil,
	}
	for method, params := range methods {
		t.Run(strings.ReplaceAll(method, "/", "_"), func(t *testing.T) {
			core, logs := observer.New(zap.ErrorLevel)
			var armed atomic.Bool // one panic, in the call below
			hook := func(m string) {
				if m == method && armed.CompareAndSwap(true, false) {
					panic("injected into " + m)
				}
			}
			e := newEnv(t, newFake(), lsptest.Hooks{}, lsp.WithLogger(zap.New(core)), lsp.WithHandlerHook(hook))
			if _, err := e.c.Initialize(e.ctx, nil, nil); err != nil {
				t.Fatal(err)
			}
			e.open(uri, "A quick fox.")
			e.sync()
			armed.Store(true)
			var res any
			_, err := e.c.Conn.Call(e.ctx, method, params, &res)
			if rpcCode(err) != -32603 || !strings.Contains(err.Error(), "injected into "+method) {
				t.Fatalf("%s: %v, want InternalError naming the panic", method, err)
			}
			entries := logs.FilterMessage("panic in handler").All()
			if len(entries) != 1 || !strings.Contains(string(entries[0].Context[2].Interface.([]byte)), "goroutine") {
				t.Errorf("logs: %+v, want one panic with a stack", logs.All())
			}
			if method == protocol.MethodShutdown {
				return
			}
			// Still serving: a refine runs and applies.
			e.mustExec(lsp.CommandRefine, refineArg(uri, e.c.Range(uri, 0, 11)), lsp.StatusApplied)
		})
	}
}

// A panic in the model worker becomes an InternalError reply, a message to the user and an error
// log with the stack; the worker runs the next request.
func TestWorkerPanicIsContained(t *testing.T) {
	core, logs := observer.New(zap.ErrorLevel)
	f := newFake()
	f.panics = true
	e := newEnv(t, f, lsptest.Hooks{}, lsp.WithLogger(zap.New(core)))
	if _, err := e.c.Initialize(e.ctx, nil, nil); err != nil {
		t.Fatal(err)
	}
	uri := protocol.DocumentURI("file:///a.md")
	e.open(uri, "A quick [...] fox.")
	for _, c := range []struct {
		command string
		arg     any
	}{
		{lsp.CommandRefine, refineArg(uri, e.c.Range(uri, 0, 7))},
		{lsp.CommandFill, map[string]any{"uri": uri, "position": e.c.Range(uri, 9, 9).Start}},
		{lsp.CommandFillAll, map[string]any{"uri": uri}},
	} {
		if _, err := e.exec(c.command, c.arg); rpcCode(err) != -32603 {
			t.Errorf("%s: %v, want InternalError", c.command, err)
		}
	}
	if n := logs.FilterMessage("panic in model work").Len(); n != 3 {
		t.Errorf("%d panic logs, want 3", n)
	}
	if m := e.lastMessage(); m.Type != protocol.MessageTypeError || !strings.Contains(m.Message, "internal error: fake refiner exploded") {
		t.Errorf("message = %+v", m)
	}
	f.mu.Lock()
	f.panics = false
	f.mu.Unlock()
	e.mustExec(lsp.CommandFillAll, map[string]any{"uri": uri}, lsp.StatusApplied)
}
