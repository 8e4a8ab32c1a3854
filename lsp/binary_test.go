package lsp_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"

	"github.com/redraft/redraft/lsp"
	"github.com/redraft/redraft/lsp/lsptest"
)

var (
	buildOnce sync.Once
	binDir    string
	binPath   string
	binErr    error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if binDir != "" {
		_ = os.RemoveAll(binDir)
	}
	os.Exit(code)
}

// redraftBinary builds cmd/redraft once per test run.
func redraftBinary(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the redraft binary and runs the real model")
	}
	buildOnce.Do(func() {
		if binDir, binErr = os.MkdirTemp("", "redraft-lsp-test"); binErr != nil {
			return
		}
		binPath = filepath.Join(binDir, "redraft")
		out, err := exec.Command("go", "build", "-o", binPath, "github.com/redraft/redraft/cmd/redraft").CombinedOutput()
		if err != nil {
			binErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if binErr != nil {
		t.Fatal(binErr)
	}
	return binPath
}

// procIO joins a child process's stdout (read) and stdin (write); Close closes stdin.
type procIO struct {
	io.Reader
	io.WriteCloser
}

// TestServeBinary builds the redraft binary and drives "redraft serve" over stdio with the real
// built-in model: initialize, open a Markdown document with a gap, fill it, shutdown, exit 0.
func TestServeBinary(t *testing.T) {
	bin := redraftBinary(t)
	ctx, cancel := context.WithTimeout(context.Background(), hangGuard)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "serve", "--log-level", "debug")
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		if t.Failed() {
			t.Logf("server log:\n%s", stderr.String())
		}
	}()
	c := lsptest.New(ctx, jsonrpc2.NewStream(procIO{stdout, stdin}), lsptest.Hooks{})
	defer c.Close()

	if _, err := c.Initialize(ctx, map[string]any{"redraft": map[string]any{"seed": 1}}, nil); err != nil {
		t.Fatal(err)
	}
	uri := protocol.DocumentURI("file:///notes.md")
	const doc = "# Notes\n\nThe capital of France is [...], a city on the Seine.\n"
	if err := c.Open(ctx, uri, doc); err != nil {
		t.Fatal(err)
	}
	acts, err := c.CodeActions(ctx, uri, c.Range(uri, strings.Index(doc, "[...]")+1, strings.Index(doc, "[...]")+1))
	if err != nil || len(acts) == 0 || acts[0].Title != lsp.TitleFill {
		t.Fatalf("code actions at the gap: %+v, %v", acts, err)
	}
	raw, err := c.Execute(ctx, acts[0].Command.Command, acts[0].Command.Arguments[0], nil)
	if err != nil {
		t.Fatalf("redraft.fill: %v", err)
	}
	var res lsp.CommandResult
	if err := json.Unmarshal(raw, &res); err != nil {
		t.Fatal(err)
	}
	switch res.Status {
	case lsp.StatusApplied:
		got := c.Text(uri)
		if strings.Contains(got, "[...]") || !strings.HasPrefix(got, "# Notes\n\nThe capital of France is ") ||
			!strings.HasSuffix(got, ", a city on the Seine.\n") {
			t.Errorf("filled document = %q", got)
		}
		t.Logf("filled: %q", got)
	case lsp.StatusUnchanged:
		if len(c.Messages()) == 0 {
			t.Error("unchanged without a message")
		}
	default:
		t.Fatalf("redraft.fill: %+v; messages %+v", res, c.Messages())
	}
	if ps := c.Progress(); len(ps) < 2 || ps[0].Value.Kind != "begin" || ps[len(ps)-1].Value.Kind != "end" {
		t.Errorf("progress = %+v", ps)
	}

	if err := c.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
	if err := c.Exit(ctx); err != nil {
		t.Fatal(err)
	}
	if err := cmd.Wait(); err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			t.Fatalf("exit code %d after shutdown+exit, want 0", ee.ExitCode())
		}
		t.Fatal(err)
	}
	if strings.Contains(stderr.String(), "Content-Length") {
		t.Error("protocol output leaked into the log")
	}
}

// Closing stdin ends the server. The --stdio flag that many clients add is accepted.
func TestServeBinaryStdinEOF(t *testing.T) {
	bin := redraftBinary(t)
	ctx, cancel := context.WithTimeout(context.Background(), hangGuard)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "serve", "--stdio")
	cmd.Stdin = strings.NewReader("") // EOF at once
	var stdout bytes.Buffer
	cmd.Stdout = &stdout
	if err := cmd.Run(); err != nil {
		t.Fatalf("serve with closed stdin: %v", err)
	}
	if stdout.Len() != 0 {
		t.Errorf("stdout = %q", stdout.String())
	}
}

// exit without shutdown: exit status 1.
func TestServeBinaryExitWithoutShutdown(t *testing.T) {
	bin := redraftBinary(t)
	ctx, cancel := context.WithTimeout(context.Background(), hangGuard)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "serve")
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	c := lsptest.New(ctx, jsonrpc2.NewStream(procIO{stdout, stdin}), lsptest.Hooks{})
	defer c.Close()
	if _, err := c.Initialize(ctx, nil, nil); err != nil {
		t.Fatal(err)
	}
	if err := c.Exit(ctx); err != nil {
		t.Fatal(err)
	}
	var ee *exec.ExitError
	if err := cmd.Wait(); !errors.As(err, &ee) || ee.ExitCode() != 1 {
		t.Fatalf("exit without shutdown: %v, want exit status 1", err)
	}
}

// --listen serves one client over TCP (for debugging); the log names the address.
func TestServeBinaryListen(t *testing.T) {
	bin := redraftBinary(t)
	ctx, cancel := context.WithTimeout(context.Background(), hangGuard)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "serve", "--listen", "127.0.0.1:0")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	addr := ""
	sc := bufio.NewScanner(stderr)
	for sc.Scan() {
		if i := strings.Index(sc.Text(), `"addr": "`); i >= 0 {
			addr = strings.SplitN(sc.Text()[i+9:], `"`, 2)[0]
			break
		}
	}
	if addr == "" {
		t.Fatal("no listening address in the log")
	}
	drained := make(chan struct{})
	go func() {
		_, _ = io.Copy(io.Discard, stderr)
		close(drained)
	}()
	var d net.Dialer
	nc, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	c := lsptest.New(ctx, jsonrpc2.NewStream(nc), lsptest.Hooks{})
	defer c.Close()
	if _, err := c.Initialize(ctx, nil, nil); err != nil {
		t.Fatal(err)
	}
	if err := c.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
	if err := c.Exit(ctx); err != nil {
		t.Fatal(err)
	}
	<-drained // the server has exited and closed its stderr
	if err := cmd.Wait(); err != nil {
		t.Fatalf("serve --listen: %v", err)
	}
}
