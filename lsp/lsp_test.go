package lsp_test

import (
	"context"
	"encoding/json"
	"errors"
	"net"
	"path/filepath"
	"testing"
	"time"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"

	"github.com/redraft/redraft/lsp"
	"github.com/redraft/redraft/lsp/lsptest"
)

// hangGuard only stops a broken test from hanging; no assertion depends on time.
const hangGuard = 60 * time.Second

// env is a server and the fake editor connected over a net.Pipe.
type env struct {
	t    testing.TB
	ctx  context.Context
	c    *lsptest.Client
	f    *fakeRefiner
	conn jsonrpc2.Conn
	exit chan int
}

// newEnv starts a server with f (unless opts supply the model) without initializing it.
func newEnv(t testing.TB, f *fakeRefiner, hooks lsptest.Hooks, opts ...lsp.Option) *env {
	t.Helper()
	return newEnvFor(t, hangGuard, f, hooks, opts...)
}

// newEnvFor is newEnv for a session that may last up to guard (the soak test).
func newEnvFor(t testing.TB, guard time.Duration, f *fakeRefiner, hooks lsptest.Hooks, opts ...lsp.Option) *env {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), guard)
	a, b := net.Pipe()
	exit := make(chan int, 1)
	// Checking as you write waits an hour unless a test asks for it, so model-call counts stay
	// exact; the user dictionary is the test's own.
	all := []lsp.Option{lsp.WithExitHandler(func(code int) { exit <- code }),
		lsp.WithDiagnosticDelay(time.Hour), lsp.WithUserDictionary(filepath.Join(t.TempDir(), "dictionary.txt"))}
	if f != nil {
		all = append(all, lsp.WithRefiner(f))
	}
	conn, err := lsp.Serve(ctx, lsp.NewStream(a, nil), append(all, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	c := lsptest.New(ctx, jsonrpc2.NewStream(b), hooks)
	t.Cleanup(func() {
		_ = c.Close()
		_ = conn.Close()
		<-conn.Done()
		cancel()
	})
	return &env{t: t, ctx: ctx, c: c, f: f, conn: conn, exit: exit}
}

// start is newEnv + initialize/initialized with default capabilities.
func start(t testing.TB, hooks lsptest.Hooks, initOptions any) *env {
	t.Helper()
	e := newEnv(t, newFake(), hooks)
	if _, err := e.c.Initialize(e.ctx, initOptions, nil); err != nil {
		t.Fatal(err)
	}
	return e
}

func (e *env) open(uri protocol.DocumentURI, text string) {
	e.t.Helper()
	if err := e.c.Open(e.ctx, uri, text); err != nil {
		e.t.Fatal(err)
	}
}

// sync makes a round trip: every message the server sent while handling earlier messages has
// been received once it returns (the server handles messages in order).
func (e *env) sync() {
	e.t.Helper()
	if _, err := e.c.CodeActions(e.ctx, "file:///sync-nothing-open", protocol.Range{}); err != nil {
		e.t.Fatal(err)
	}
}

// exec runs a command and decodes its CommandResult.
func (e *env) exec(command string, arg any) (lsp.CommandResult, error) {
	return e.execCtx(e.ctx, command, arg, nil)
}

func (e *env) execCtx(ctx context.Context, command string, arg any, token any) (lsp.CommandResult, error) {
	var res lsp.CommandResult
	raw, err := e.c.Execute(ctx, command, arg, token)
	if err != nil {
		return res, err
	}
	if err := json.Unmarshal(raw, &res); err != nil {
		e.t.Fatalf("result %s: %v", raw, err)
	}
	return res, nil
}

// mustExec runs a command that must succeed with the given status.
func (e *env) mustExec(command string, arg any, status string) lsp.CommandResult {
	e.t.Helper()
	res, err := e.exec(command, arg)
	if err != nil {
		e.t.Fatalf("%s: %v", command, err)
	}
	if res.Status != status {
		e.t.Fatalf("%s: status %q (%q), want %q", command, res.Status, res.Message, status)
	}
	return res
}

// rpcCode returns the JSON-RPC error code of err (0 if it has none).
func rpcCode(err error) jsonrpc2.Code {
	var re *jsonrpc2.Error
	if errors.As(err, &re) {
		return re.Code
	}
	return 0
}

func refineArg(uri protocol.DocumentURI, r protocol.Range) map[string]any {
	return map[string]any{"uri": uri, "range": r}
}

// lastMessage returns the last window/showMessage, failing if there is none.
func (e *env) lastMessage() protocol.ShowMessageParams {
	e.t.Helper()
	ms := e.c.Messages()
	if len(ms) == 0 {
		e.t.Fatal("no window/showMessage")
	}
	return ms[len(ms)-1]
}
