package lsp_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"

	"github.com/redraft/redraft/lsp"
	"github.com/redraft/redraft/lsp/lsptest"
	"github.com/redraft/redraft/refine"
)

// Bad arguments are JSON-RPC InvalidParams errors that say what is wrong; the document is never
// touched and the model never runs.
func TestCommandInvalidParams(t *testing.T) {
	e := start(t, lsptest.Hooks{}, nil)
	uri := protocol.DocumentURI("file:///a.md")
	e.open(uri, "🙂 one line\nsecond")
	pos := func(l, c uint32) protocol.Position { return protocol.Position{Line: l, Character: c} }
	rng := func(a, b protocol.Position) protocol.Range { return protocol.Range{Start: a, End: b} }
	for _, tc := range []struct {
		name, command string
		arg           any
		want          string // in the error message
	}{
		{"unknown document", lsp.CommandRefine, refineArg("file:///nope.md", rng(pos(0, 0), pos(0, 1))), "unknown document file:///nope.md"},
		{"unknown document fill", lsp.CommandFill, map[string]any{"uri": "file:///nope.md", "position": pos(0, 0)}, "unknown document"},
		{"unknown document fillAll", lsp.CommandFillAll, map[string]any{"uri": "file:///nope.md"}, "unknown document"},
		{"line out of range", lsp.CommandRefine, refineArg(uri, rng(pos(0, 0), pos(7, 0))), "past the end of the document"},
		{"reversed range", lsp.CommandRefine, refineArg(uri, rng(pos(1, 4), pos(0, 3))), "before its start"},
		{"inside a surrogate pair", lsp.CommandRefine, refineArg(uri, rng(pos(0, 1), pos(0, 6))), "inside a character"},
		{"fill position out of range", lsp.CommandFill, map[string]any{"uri": uri, "position": pos(9, 0)}, "past the end"},
		{"missing range", lsp.CommandRefine, map[string]any{"uri": uri}, `no "range"`},
		{"missing position", lsp.CommandFill, map[string]any{"uri": uri}, `no "position"`},
		{"missing uri", lsp.CommandFillAll, map[string]any{}, `no "uri"`},
		{"bad alternatives", lsp.CommandRefine, map[string]any{"uri": uri, "range": rng(pos(0, 0), pos(0, 3)), "alternatives": 99}, "alternatives must be"},
		{"argument not an object", lsp.CommandFillAll, "file:///a.md", "bad argument"},
		{"unknown command", "redraft.explode", map[string]any{"uri": uri}, "unknown command"},
		{"apply without version", lsp.CommandApply, map[string]any{"uri": uri, "edits": []any{}}, `no "version"`},
		{"apply with a bad range", lsp.CommandApply, map[string]any{"uri": uri, "version": 1,
			"edits": []any{map[string]any{"range": rng(pos(5, 0), pos(5, 1)), "newText": "x"}}}, "edit 1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := e.exec(tc.command, tc.arg)
			if rpcCode(err) != jsonrpc2.InvalidParams || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error = %v (code %d), want InvalidParams containing %q", err, rpcCode(err), tc.want)
			}
		})
	}
	if _, err := e.c.Execute(e.ctx, lsp.CommandFillAll, nil, nil); rpcCode(err) != jsonrpc2.InvalidParams {
		t.Errorf("null argument: %v", err)
	}
	if len(e.f.Calls()) != 0 || len(e.c.Edits()) != 0 {
		t.Error("a bad request reached the model or changed the document")
	}
}

// Errors from the model that the user can act on arrive as window/showMessage, with status
// "failed"; the document is unchanged.
func TestModelErrorsAreShown(t *testing.T) {
	for _, tc := range []struct {
		name string
		err  error
		typ  protocol.MessageType
		want string
	}{
		{"too long", fmt.Errorf("%w: 700 tokens (max 512)", refine.ErrTooLong), protocol.MessageTypeWarning, "too long to refine"},
		{"invalid UTF-8", fmt.Errorf("%w: byte 3", refine.ErrInvalidUTF8), protocol.MessageTypeWarning, "not valid UTF-8"},
		{"bad options", fmt.Errorf("%w: strength 3", refine.ErrInvalidOptions), protocol.MessageTypeError, "out of range"},
		{"other", errors.New("the cores melted"), protocol.MessageTypeError, "refining failed: the cores melted"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := start(t, lsptest.Hooks{}, nil)
			e.f.err = tc.err
			uri := protocol.DocumentURI("file:///a.md")
			e.open(uri, "A quick fox.")
			res := e.mustExec(lsp.CommandRefine, refineArg(uri, e.c.Range(uri, 0, 11)), lsp.StatusFailed)
			m := e.lastMessage()
			if m.Type != tc.typ || !strings.Contains(m.Message, tc.want) || res.Message != m.Message {
				t.Errorf("message = %+v (result %q), want type %v containing %q", m, res.Message, tc.typ, tc.want)
			}
			if len(e.c.Edits()) != 0 {
				t.Error("an edit was applied after an error")
			}
		})
	}
}

// A real over-long selection: the fake reports ErrTooLong like refine does.
func TestSelectionTooLong(t *testing.T) {
	e := start(t, lsptest.Hooks{}, nil)
	uri := protocol.DocumentURI("file:///long.md")
	doc := strings.Repeat("The quick fox is big. ", 200)
	e.open(uri, doc)
	e.mustExec(lsp.CommandRefine, refineArg(uri, e.c.Range(uri, 0, len(doc))), lsp.StatusFailed)
	if m := e.lastMessage(); !strings.Contains(m.Message, "selection too long") {
		t.Errorf("message = %q", m.Message)
	}
}

// A panic in model work becomes an InternalError reply and a message; the server keeps serving.
func TestModelPanicIsContained(t *testing.T) {
	e := start(t, lsptest.Hooks{}, nil)
	e.f.panics = true
	uri := protocol.DocumentURI("file:///a.md")
	e.open(uri, "A quick fox.")
	if _, err := e.exec(lsp.CommandRefine, refineArg(uri, e.c.Range(uri, 0, 11))); rpcCode(err) != -32603 {
		t.Errorf("refine with a panicking model: %v, want InternalError", err)
	}
	if m := e.lastMessage(); !strings.Contains(m.Message, "internal error") {
		t.Errorf("message = %q", m.Message)
	}
	e.f.panics = false
	e.mustExec(lsp.CommandRefine, refineArg(uri, e.c.Range(uri, 0, 11)), lsp.StatusApplied)
}

// An edit that does not fit the document is refused rather than sent.
type badEditRefiner struct{ *fakeRefiner }

func (b badEditRefiner) Refine(ctx context.Context, doc string, start, end int, opt refine.Options, p refine.Progress) (*refine.Result, error) {
	return &refine.Result{Start: start, End: end, Candidates: []refine.Candidate{{
		Edits: []refine.Edit{{Start: 1, End: 2, Text: "x"}}, // inside the 4-byte emoji
	}}}, nil
}

func TestBadEditFromModelIsRefused(t *testing.T) {
	e := newEnv(t, nil, lsptest.Hooks{}, lsp.WithRefiner(badEditRefiner{newFake()}))
	if _, err := e.c.Initialize(e.ctx, nil, nil); err != nil {
		t.Fatal(err)
	}
	uri := protocol.DocumentURI("file:///a.md")
	e.open(uri, "🙂 quick")
	e.mustExec(lsp.CommandRefine, refineArg(uri, e.c.Range(uri, 0, 10)), lsp.StatusFailed)
	if len(e.c.Edits()) != 0 || e.c.Text(uri) != "🙂 quick" {
		t.Error("a bad edit reached the document")
	}
}

// A didChange that does not fit the server's text drops the document (it is never edited from
// a wrong text) and tells the user to reopen it.
func TestBadDidChangeDropsDocument(t *testing.T) {
	e := start(t, lsptest.Hooks{}, nil)
	uri := protocol.DocumentURI("file:///a.md")
	e.open(uri, "short")
	err := e.c.Conn.Notify(e.ctx, protocol.MethodTextDocumentDidChange, map[string]any{
		"textDocument": map[string]any{"uri": uri, "version": 2},
		"contentChanges": []any{map[string]any{
			"range": protocol.Range{Start: protocol.Position{Line: 4}, End: protocol.Position{Line: 4, Character: 2}}, "text": "x"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	e.sync()
	if m := e.lastMessage(); m.Type != protocol.MessageTypeError || !strings.Contains(m.Message, "reopen") {
		t.Errorf("message = %+v", m)
	}
	if _, err := e.exec(lsp.CommandFillAll, map[string]any{"uri": uri}); rpcCode(err) != jsonrpc2.InvalidParams {
		t.Errorf("command on the dropped document: %v, want InvalidParams", err)
	}
	// Reopening works.
	e.open(uri, "A [...] again.")
	e.mustExec(lsp.CommandFillAll, map[string]any{"uri": uri}, lsp.StatusApplied)
}

// Empty selections are not an error: the user is asked to select text.
func TestEmptySelection(t *testing.T) {
	e := start(t, lsptest.Hooks{}, nil)
	uri := protocol.DocumentURI("file:///a.md")
	e.open(uri, "A quick fox.")
	e.mustExec(lsp.CommandRefine, refineArg(uri, e.c.Range(uri, 3, 3)), lsp.StatusUnchanged)
	if m := e.lastMessage(); !strings.Contains(m.Message, "select the text") {
		t.Errorf("message = %q", m.Message)
	}
}

// Closing a document while its refine runs: nothing is applied.
func TestCloseDuringRun(t *testing.T) {
	e := start(t, lsptest.Hooks{}, nil)
	e.f.holdN, e.f.hold, e.f.started = 1, make(chan struct{}), make(chan string, 1)
	uri := protocol.DocumentURI("file:///a.md")
	e.open(uri, "A quick fox.")
	run := e.goExec(lsp.CommandRefine, refineArg(uri, e.c.Range(uri, 0, 11)))
	<-e.f.started
	if err := e.c.CloseDocument(e.ctx, uri); err != nil {
		t.Fatal(err)
	}
	e.sync()
	close(e.f.hold)
	if o := <-run; o.err != nil || o.res.Status != lsp.StatusStale {
		t.Fatalf("refine: %+v, want stale", o)
	}
	if len(e.c.Edits()) != 0 {
		t.Error("edit sent for a closed document")
	}
}
