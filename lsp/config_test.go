package lsp_test

import (
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"

	"go.lsp.dev/protocol"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
	"go.uber.org/zap/zaptest/observer"

	"github.com/redraft/redraft/lsp"
	"github.com/redraft/redraft/lsp/lsptest"
)

func TestInitializationOptions(t *testing.T) {
	for name, opts := range map[string]any{
		"nested": map[string]any{"redraft": map[string]any{"strength": 0.6, "contextTokens": 64, "seed": 42, "markers": []string{"(gap)"}}},
		"bare":   map[string]any{"strength": 0.6, "contextTokens": 64, "seed": 42, "markers": []string{"(gap)"}, "someFutureKey": true},
	} {
		t.Run(name, func(t *testing.T) {
			e := start(t, lsptest.Hooks{}, opts)
			uri := protocol.DocumentURI("file:///a.md")
			e.open(uri, "A (gap) fox [...].")
			e.mustExec(lsp.CommandFillAll, map[string]any{"uri": uri}, lsp.StatusApplied)
			c := e.f.Calls()[0]
			if c.opt.Strength != 0.6 || c.opt.Context != 64 || c.opt.Seed != 42 || !slices.Equal(c.opt.Markers, []string{"(gap)"}) {
				t.Errorf("options = %+v", c.opt)
			}
			if len(c.gaps) != 1 || c.doc[c.gaps[0].Start:c.gaps[0].End] != "(gap)" {
				t.Errorf("gaps = %+v, want only the custom marker", c.gaps)
			}
			if len(e.c.Messages()) != 0 {
				t.Errorf("messages for good settings: %+v", e.c.Messages())
			}
		})
	}
}

// Unknown keys are ignored with a log line naming them.
func TestUnknownSettingLogged(t *testing.T) {
	core, logs := observer.New(zapcore.InfoLevel)
	e := newEnv(t, newFake(), lsptest.Hooks{}, lsp.WithLogger(zap.New(core)))
	if _, err := e.c.Initialize(e.ctx, map[string]any{"redraft": map[string]any{"strength": 0.5, "colour": "blue"}}, nil); err != nil {
		t.Fatal(err)
	}
	e.sync()
	found := logs.FilterMessage("ignoring unknown setting").FilterField(zap.String("key", "colour")).Len()
	if found != 1 || len(e.c.Messages()) != 0 {
		t.Errorf("log lines for the unknown key: %d (want 1); messages %+v", found, e.c.Messages())
	}
}

// Bad values are reported in one message (after initialized); each keeps its previous value.
func TestBadInitializationOptions(t *testing.T) {
	e := start(t, lsptest.Hooks{}, map[string]any{"redraft": map[string]any{
		"strength": 1.5, "alternatives": 0, "markers": []any{}, "logLevel": "loud", "threads": -1, "seed": 2.5,
		"contextTokens": 100, "diagnostics": "yes", "dialect": "en-NZ",
	}})
	e.sync()
	m := e.lastMessage()
	if m.Type != protocol.MessageTypeError {
		t.Errorf("type = %v", m.Type)
	}
	for _, want := range []string{
		"strength: must be a number greater than 0 and at most 1, got 1.5; keeping 0.35",
		"alternatives: must be an integer from 1 to 8, got 0; keeping 1",
		"markers: must be a non-empty list",
		`logLevel: must be one of "debug", "info", "warn", "error", got "loud"`,
		"threads: must be an integer from 0 to",
		"seed: must be an integer, got 2.5",
		"diagnostics: must be true or false",
		`dialect: must be one of en-US, en-GB, en-CA, en-AU, got "en-NZ"; keeping "en-US"`,
	} {
		if !strings.Contains(m.Message, want) {
			t.Errorf("message lacks %q:\n%s", want, m.Message)
		}
	}
	uri := protocol.DocumentURI("file:///a.md")
	e.open(uri, "A quick fox.")
	e.mustExec(lsp.CommandRefine, refineArg(uri, e.c.Range(uri, 0, 11)), lsp.StatusApplied)
	if o := e.f.Calls()[0].opt; o.Strength != 0.35 || o.Alternatives != 1 || o.Context != 100 {
		t.Errorf("options = %+v: bad values must keep the defaults, good ones apply", o)
	}
}

func TestDidChangeConfiguration(t *testing.T) {
	e := start(t, lsptest.Hooks{}, nil)
	uri := protocol.DocumentURI("file:///a.md")
	e.open(uri, "A quick fox.")
	change := func(settings any) {
		t.Helper()
		if err := e.c.Conn.Notify(e.ctx, protocol.MethodWorkspaceDidChangeConfiguration, map[string]any{"settings": settings}); err != nil {
			t.Fatal(err)
		}
		e.sync()
	}
	change(map[string]any{"redraft": map[string]any{"strength": 0.5, "alternatives": 2}})
	change(map[string]any{"seed": 7}) // the bare object
	change(map[string]any{"redraft": map[string]any{"strength": "high"}})
	if m := e.lastMessage(); !strings.Contains(m.Message, "strength: must be a number") || !strings.Contains(m.Message, "keeping 0.5") {
		t.Errorf("message = %q", m.Message)
	}
	e.mustExec(lsp.CommandRefine, refineArg(uri, e.c.Range(uri, 0, 11)), lsp.StatusDismissed) // 2 alternatives: picker
	if o := e.f.Calls()[0].opt; o.Strength != 0.5 || o.Alternatives != 2 || o.Seed != 7 {
		t.Errorf("options = %+v", o)
	}
	change(map[string]any{"redraft": map[string]any{"alternatives": nil}}) // null: back to the default
	e.mustExec(lsp.CommandRefine, refineArg(uri, e.c.Range(uri, 0, 11)), lsp.StatusApplied)
}

// A client that sends no settings (pull model) is asked with workspace/configuration.
func TestConfigurationPull(t *testing.T) {
	asked := make(chan struct{}, 1)
	hooks := lsptest.Hooks{OnConfiguration: func(p protocol.ConfigurationParams) []any {
		if len(p.Items) == 1 && p.Items[0].Section == "redraft" {
			asked <- struct{}{}
		}
		return []any{map[string]any{"strength": 0.8}}
	}}
	e := newEnv(t, newFake(), hooks)
	caps := lsptest.DefaultCapabilities()
	caps["workspace"].(map[string]any)["configuration"] = true
	if _, err := e.c.Initialize(e.ctx, nil, caps); err != nil {
		t.Fatal(err)
	}
	if err := e.c.Conn.Notify(e.ctx, protocol.MethodWorkspaceDidChangeConfiguration, map[string]any{"settings": nil}); err != nil {
		t.Fatal(err)
	}
	<-asked
	uri := protocol.DocumentURI("file:///a.md")
	e.open(uri, "A quick fox.")
	// The answer is applied right after the client replies; wait until it shows.
	for i := 0; ; i++ {
		e.mustExec(lsp.CommandRefine, refineArg(uri, e.c.Range(uri, 0, 11)), lsp.StatusApplied)
		calls := e.f.Calls()
		if calls[len(calls)-1].opt.Strength == 0.8 {
			break
		}
		if i == 100 {
			t.Fatal("pulled settings never applied")
		}
		e.open(uri, "A quick fox.")
	}
}

// modelPath: the model loads after initialized; a change reloads it; a failed load is reported
// and the previous model keeps serving.
func TestModelPathReload(t *testing.T) {
	var mu sync.Mutex
	var loads []string
	models := map[string]*fakeRefiner{"first.safetensors": newFake(), "second.safetensors": newFake()}
	loader := func(path string) (lsp.Refiner, error) {
		mu.Lock()
		loads = append(loads, path)
		mu.Unlock()
		if m, ok := models[path]; ok {
			return m, nil
		}
		return nil, errors.New("no such file")
	}
	e := newEnv(t, nil, lsptest.Hooks{}, lsp.WithLoader(loader))
	if _, err := e.c.Initialize(e.ctx, map[string]any{"modelPath": "first.safetensors"}, nil); err != nil {
		t.Fatal(err)
	}
	uri := protocol.DocumentURI("file:///a.md")
	e.open(uri, "A quick fox.")
	refineOnce := func() {
		t.Helper()
		e.mustExec(lsp.CommandRefine, refineArg(uri, e.c.Range(uri, 0, 11)), lsp.StatusApplied)
		e.open(uri, "A quick fox.")
	}
	refineOnce()
	if n := len(models["first.safetensors"].Calls()); n != 1 {
		t.Fatalf("first model ran %d times", n)
	}
	setPath := func(p string) {
		t.Helper()
		err := e.c.Conn.Notify(e.ctx, protocol.MethodWorkspaceDidChangeConfiguration,
			map[string]any{"settings": map[string]any{"redraft": map[string]any{"modelPath": p}}})
		if err != nil {
			t.Fatal(err)
		}
	}
	setPath("missing.safetensors")
	refineOnce() // queued behind the failed load: served by the first model
	if m := e.lastMessage(); !strings.Contains(m.Message, `could not load the model "missing.safetensors": no such file`) ||
		!strings.Contains(m.Message, "previous model") {
		t.Errorf("message = %q", m.Message)
	}
	if n := len(models["first.safetensors"].Calls()); n != 2 {
		t.Errorf("first model ran %d times, want 2", n)
	}
	setPath("second.safetensors")
	refineOnce()
	if n := len(models["second.safetensors"].Calls()); n != 1 {
		t.Errorf("second model ran %d times, want 1", n)
	}
	mu.Lock()
	defer mu.Unlock()
	if want := []string{"first.safetensors", "missing.safetensors", "second.safetensors"}; !slices.Equal(loads, want) {
		t.Errorf("loads = %q, want %q", loads, want)
	}
}

// With no model at all, every request says why.
func TestModelLoadFailure(t *testing.T) {
	loader := func(path string) (lsp.Refiner, error) { return nil, errors.New("bad magic number") }
	e := newEnv(t, nil, lsptest.Hooks{}, lsp.WithLoader(loader))
	if _, err := e.c.Initialize(e.ctx, nil, nil); err != nil {
		t.Fatal(err)
	}
	uri := protocol.DocumentURI("file:///a.md")
	e.open(uri, "A [...] fox.")
	res := e.mustExec(lsp.CommandFillAll, map[string]any{"uri": uri}, lsp.StatusFailed)
	if !strings.Contains(res.Message, "could not load the default model: bad magic number") {
		t.Errorf("result message = %q", res.Message)
	}
	var errs int
	for _, m := range e.c.Messages() {
		if m.Type == protocol.MessageTypeError && strings.Contains(m.Message, "bad magic number") {
			errs++
		}
	}
	if errs != 2 { // once after initialized, once for the request
		t.Errorf("%d error messages about the model, want 2: %+v", errs, e.c.Messages())
	}
}

func TestLogLevelAndThreads(t *testing.T) {
	level := zap.NewAtomicLevelAt(zapcore.InfoLevel)
	var mu sync.Mutex
	var threads []int
	e := newEnv(t, newFake(), lsptest.Hooks{}, lsp.WithLogLevel(level), lsp.WithThreads(func(n int) {
		mu.Lock()
		threads = append(threads, n)
		mu.Unlock()
	}))
	if _, err := e.c.Initialize(e.ctx, map[string]any{"threads": 3, "logLevel": "debug"}, nil); err != nil {
		t.Fatal(err)
	}
	if level.Level() != zapcore.DebugLevel {
		t.Errorf("level = %v after initialize", level.Level())
	}
	err := e.c.Conn.Notify(e.ctx, protocol.MethodWorkspaceDidChangeConfiguration,
		map[string]any{"settings": map[string]any{"redraft": map[string]any{"threads": 0, "logLevel": "WARN"}}})
	if err != nil {
		t.Fatal(err)
	}
	e.sync()
	if level.Level() != zapcore.WarnLevel {
		t.Errorf("level = %v after the change", level.Level())
	}
	mu.Lock()
	defer mu.Unlock()
	if !slices.Equal(threads, []int{3, 0}) {
		t.Errorf("threads calls = %v, want [3 0]", threads)
	}
}
