package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"time"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"

	"github.com/redraft/redraft/lsp"
	"github.com/redraft/redraft/lsp/lsptest"
)

// serveResult is what `redraft bench` measures of a child `redraft serve`, driven over its stdio
// with real LSP messages as an editor sends them.
type serveResult struct {
	InitializeMS   float64 `json:"initialize_ms"`    // process start → initialize answered
	LoadMS         float64 `json:"load_ms"`          // the server's log: "loading model" → "model loaded" (the model and the lexicon ready)
	LoadCPUMS      float64 `json:"load_cpu_ms"`      // the server's CPU time over that load, all threads (its "model loaded" line's cpu_ms)
	FirstRefineMS  float64 `json:"first_refine_ms"`  // process start → the first redraft.refine answered
	RefineMS       float64 `json:"refine_ms"`        // that refine alone: request → answer
	RefineStatus   string  `json:"refine_status"`    // its result's status ("applied", "unchanged", ...)
	PeakRSSMB      float64 `json:"peak_rss_mb"`      // the server's VmHWM right after it
	SettledMS      float64 `json:"settled_ms"`       // the refine's answer → the background check of the new text published
	IdleCPUPercent float64 `json:"idle_cpu_percent"` // the server's CPU time while idle after that, % of one core
	IdleSeconds    float64 `json:"idle_seconds"`     // over this long
}

const (
	// serveIdleWindow is how long the idle server's CPU use is watched.
	serveIdleWindow = 4 * time.Second
	// serveSettle bounds the wait for the background check of the refined text (diagnostics
	// on); with diagnostics off no publish comes and the idle window starts after it.
	serveSettle = 20 * time.Second
	// serveTimeout bounds the whole measurement.
	serveTimeout = 2 * time.Minute
	// serveText is the document refined: a sentence with errors the model repairs.
	serveText = "We was going to the the station when it start to rain.\n"
	// userHz is the unit of /proc/PID/stat's CPU times (USER_HZ, 100 on Linux everywhere).
	userHz = 100
)

// benchServe starts this binary as `redraft serve` (with --model if modelPath is set), opens
// a document, asks for one refine of all of it as soon as initialize is answered (the model
// loads meanwhile, as in an editor that refines at once), then reads the server's peak memory,
// waits for its background check of the refined text (its diagnostics), measures its CPU use
// while idle, and shuts it down. Memory and CPU come from /proc (zero
// elsewhere).
func benchServe(modelPath string) (serveResult, error) {
	var res serveResult
	exe, err := os.Executable()
	if err != nil {
		return res, err
	}
	args := []string{"serve", "--log-level", "info"}
	if modelPath != "" {
		args = append(args, "--model", modelPath)
	}
	ctx, cancel := context.WithTimeout(context.Background(), serveTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, exe, args...)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return res, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return res, err
	}
	var logs lockedBuffer
	cmd.Stderr = &logs
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return res, err
	}
	exited := false
	defer func() {
		if !exited {
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
		}
	}()
	pid := cmd.Process.Pid

	published := make(chan uint32, 64) // versions of the document's diagnostics
	client := lsptest.New(ctx, jsonrpc2.NewStream(pipeConn{stdout, stdin}), lsptest.Hooks{
		OnDiagnostics: func(p protocol.PublishDiagnosticsParams) {
			select {
			case published <- p.Version:
			default:
			}
		},
	})
	defer client.Close()
	if _, err := client.Initialize(ctx, nil, nil); err != nil {
		return res, fmt.Errorf("initialize: %w", err)
	}
	res.InitializeMS = benchMSSince(start)
	uri := protocol.DocumentURI("file:///redraft-bench.md")
	if err := client.Open(ctx, uri, serveText); err != nil {
		return res, err
	}
	sent := time.Now()
	raw, err := client.Execute(ctx, lsp.CommandRefine,
		map[string]any{"uri": uri, "range": client.Range(uri, 0, len(serveText))}, nil)
	if err != nil {
		return res, fmt.Errorf("refine: %w", err)
	}
	res.RefineMS, res.FirstRefineMS = benchMSSince(sent), benchMSSince(start)
	var cr lsp.CommandResult
	if err := json.Unmarshal(raw, &cr); err != nil {
		return res, fmt.Errorf("refine result %s: %w", raw, err)
	}
	res.RefineStatus = cr.Status
	res.PeakRSSMB = benchPeakRSSMB(fmt.Sprintf("/proc/%d/status", pid))

	answered, settle := time.Now(), time.After(serveSettle)
	for settled := false; !settled; {
		select {
		case v := <-published:
			settled = v >= uint32(client.Version(uri))
		case <-settle:
			settled = true
		}
	}
	res.SettledMS = benchMSSince(answered)

	cpu0, ok0 := procCPUTicks(pid)
	time.Sleep(serveIdleWindow)
	cpu1, ok1 := procCPUTicks(pid)
	res.IdleSeconds = serveIdleWindow.Seconds()
	if ok0 && ok1 {
		res.IdleCPUPercent = benchRound(100*float64(cpu1-cpu0)/userHz/serveIdleWindow.Seconds(), 2)
	}

	if err := client.Shutdown(ctx); err != nil {
		return res, fmt.Errorf("shutdown: %w", err)
	}
	if err := client.Exit(ctx); err != nil {
		return res, fmt.Errorf("exit: %w", err)
	}
	err = cmd.Wait()
	exited = true
	if err != nil {
		return res, fmt.Errorf("redraft serve: %w; its log:\n%s", err, logs.String())
	}
	res.LoadMS, res.LoadCPUMS, err = serveLoad(logs.String())
	res.LoadMS = benchRound(res.LoadMS, 2)
	return res, err
}

// serveLoad reads the model load from the server's log (zap's console format: ISO 8601 time,
// then tab-separated fields, the last one JSON): the time between its "loading model" and
// "model loaded" lines, and the CPU time the latter reports (0 if it does not).
func serveLoad(log string) (wallMS, cpuMS float64, err error) {
	var from, to time.Time
	for line := range strings.Lines(log) {
		fields := strings.Split(strings.TrimSpace(line), "\t")
		t, err := time.Parse("2006-01-02T15:04:05.000Z0700", fields[0])
		if err != nil {
			continue
		}
		for _, f := range fields[1:] {
			switch {
			case f == "loading model" && from.IsZero():
				from = t
			case f == "model loaded" && to.IsZero():
				to = t
				var extra struct {
					CPUMS float64 `json:"cpu_ms"`
				}
				if json.Unmarshal([]byte(fields[len(fields)-1]), &extra) == nil {
					cpuMS = extra.CPUMS
				}
			}
		}
	}
	if from.IsZero() || to.IsZero() {
		return 0, 0, errors.New("the server's log does not show the model load:\n" + log)
	}
	return float64(to.Sub(from).Microseconds()) / 1000, cpuMS, nil
}

// procCPUTicks is the user + system CPU time of process pid in clock ticks, from
// /proc/PID/stat (fields 14 and 15, counted after the parenthesised command name).
func procCPUTicks(pid int) (int64, bool) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, false
	}
	_, rest, ok := bytes.Cut(data, []byte(") "))
	fields := strings.Fields(string(rest))
	if !ok || len(fields) < 13 {
		return 0, false
	}
	utime, err1 := strconv.ParseInt(fields[11], 10, 64)
	stime, err2 := strconv.ParseInt(fields[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0, false
	}
	return utime + stime, true
}

// pipeConn joins the child's stdout and stdin into the client's connection.
type pipeConn struct {
	r io.ReadCloser
	w io.WriteCloser
}

func (p pipeConn) Read(b []byte) (int, error)  { return p.r.Read(b) }
func (p pipeConn) Write(b []byte) (int, error) { return p.w.Write(b) }
func (p pipeConn) Close() error                { return errors.Join(p.w.Close(), p.r.Close()) }

// lockedBuffer is a bytes.Buffer safe for the writer goroutine exec starts and a reader.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
