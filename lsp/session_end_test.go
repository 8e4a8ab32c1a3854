package lsp_test

import (
	"context"
	"net"
	"path/filepath"
	"runtime"
	"testing"
	"time"
	"weak"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"

	"github.com/redraft/redraft/lsp"
	"github.com/redraft/redraft/lsp/lsptest"
)

// TestSessionLeavesNothingBehind ends sessions that still have documents waiting for their
// check (an hour's pause, as in the fuzz targets) and checks that nothing of them stays: every
// goroutine ends, and the server, which holds the refiner, becomes garbage. A pause timer left
// running would hold the whole session until it fired.
func TestSessionLeavesNothingBehind(t *testing.T) {
	for _, tc := range []struct {
		name string
		end  func(ctx context.Context, c *lsptest.Client) error
	}{
		{"connection closed", func(context.Context, *lsptest.Client) error { return nil }},
		{"shutdown and exit", func(ctx context.Context, c *lsptest.Client) error {
			if err := c.Shutdown(ctx); err != nil {
				return err
			}
			return c.Exit(ctx)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := runtime.NumGoroutine()
			refiner := weak.Make(newFake())
			endSession(t, refiner.Value(), tc.end)
			for i := 0; ; i++ {
				runtime.GC()
				if refiner.Value() == nil && runtime.NumGoroutine() <= before {
					break
				}
				if i == 500 {
					buf := make([]byte, 1<<20)
					t.Fatalf("after the session: refiner still reachable %v, %d goroutines (%d before):\n%s",
						refiner.Value() != nil, runtime.NumGoroutine(), before, buf[:runtime.Stack(buf, true)])
				}
				time.Sleep(10 * time.Millisecond)
			}
		})
	}
}

// endSession runs one session with f: three checked documents open, then end, then waits until
// the server has stopped.
func endSession(t *testing.T, f *fakeRefiner, end func(context.Context, *lsptest.Client) error) {
	ctx, cancel := context.WithTimeout(context.Background(), hangGuard)
	defer cancel()
	a, b := net.Pipe()
	conn, err := lsp.Serve(ctx, lsp.NewStream(a, nil), lsp.WithRefiner(f), lsp.WithExitHandler(func(int) {}),
		lsp.WithDiagnosticDelay(time.Hour), lsp.WithUserDictionary(filepath.Join(t.TempDir(), "dictionary.txt")))
	if err != nil {
		t.Fatal(err)
	}
	c := lsptest.New(ctx, jsonrpc2.NewStream(b), lsptest.Hooks{})
	if _, err := c.Initialize(ctx, nil, nil); err != nil {
		t.Fatal(err)
	}
	for _, uri := range []protocol.DocumentURI{"file:///a.md", "file:///b.md", "file:///c.txt"} {
		if err := c.Open(ctx, uri, "A quick fox.\n"); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := c.CodeActions(ctx, "file:///a.md", protocol.Range{}); err != nil { // all opened
		t.Fatal(err)
	}
	if err := end(ctx, c); err != nil {
		t.Fatal(err)
	}
	_ = c.Close()
	select {
	case <-conn.Done():
	case <-ctx.Done():
		t.Fatal("the server did not stop")
	}
}
