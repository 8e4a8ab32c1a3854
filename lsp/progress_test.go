package lsp_test

import (
	"encoding/json"
	"fmt"
	"testing"

	"go.lsp.dev/protocol"

	"github.com/redraft/redraft/lsp"
	"github.com/redraft/redraft/lsp/lsptest"
)

// progressLog renders the $/progress sequence of one token, e.g. "begin 0% | report 25% | end".
func progressLog(t *testing.T, ps []lsptest.Progress, token json.RawMessage) []string {
	t.Helper()
	var out []string
	for _, p := range ps {
		if string(p.Token) != string(token) {
			t.Errorf("progress for token %s, want %s", p.Token, token)
			continue
		}
		s := p.Value.Kind
		if p.Value.Percentage != nil {
			s += fmt.Sprintf(" %d%%", *p.Value.Percentage)
		}
		out = append(out, s)
	}
	return out
}

func TestProgressSequence(t *testing.T) {
	e := start(t, lsptest.Hooks{}, nil)
	uri := protocol.DocumentURI("file:///a.md")
	e.open(uri, "A quick fox.")
	e.mustExec(lsp.CommandRefine, refineArg(uri, e.c.Range(uri, 0, 11)), lsp.StatusApplied)

	created := e.c.Created()
	if len(created) != 1 {
		t.Fatalf("window/workDoneProgress/create sent %d times, want 1", len(created))
	}
	ps := e.c.Progress()
	got := progressLog(t, ps, created[0])
	want := []string{"begin 0%", "report 0%", "report 25%", "report 50%", "report 75%", "report 100%", "end"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("progress = %v, want %v", got, want)
	}
	if b := ps[0].Value; b.Title != "Redraft: refining" || !b.Cancellable {
		t.Errorf("begin = %+v, want a cancellable \"Redraft: refining\"", b)
	}
}

// A workDoneToken sent with the command is used as is, without window/workDoneProgress/create.
func TestProgressClientToken(t *testing.T) {
	e := start(t, lsptest.Hooks{}, nil)
	uri := protocol.DocumentURI("file:///a.md")
	e.open(uri, "A [...] fox.")
	if _, err := e.execCtx(e.ctx, lsp.CommandFillAll, map[string]any{"uri": uri}, "client-token-7"); err != nil {
		t.Fatal(err)
	}
	if n := len(e.c.Created()); n != 0 {
		t.Errorf("create sent %d times for a client token", n)
	}
	got := progressLog(t, e.c.Progress(), json.RawMessage(`"client-token-7"`))
	if len(got) < 3 || got[0] != "begin 0%" || got[len(got)-1] != "end" {
		t.Errorf("progress = %v", got)
	}
}

// A client without window.workDoneProgress gets no progress at all.
func TestNoProgressWithoutSupport(t *testing.T) {
	e := newEnv(t, newFake(), lsptest.Hooks{})
	caps := lsptest.DefaultCapabilities()
	delete(caps, "window")
	if _, err := e.c.Initialize(e.ctx, nil, caps); err != nil {
		t.Fatal(err)
	}
	uri := protocol.DocumentURI("file:///a.md")
	e.open(uri, "A quick fox.")
	e.mustExec(lsp.CommandRefine, refineArg(uri, e.c.Range(uri, 0, 11)), lsp.StatusApplied)
	if len(e.c.Created()) != 0 || len(e.c.Progress()) != 0 {
		t.Errorf("progress sent to a client without support: %v %v", e.c.Created(), e.c.Progress())
	}
}

// A client that refuses the token still gets its edit, without progress.
func TestProgressCreateRefused(t *testing.T) {
	refuse := func(json.RawMessage) error { return fmt.Errorf("no progress today") }
	e := start(t, lsptest.Hooks{OnCreateProgress: refuse}, nil)
	uri := protocol.DocumentURI("file:///a.md")
	e.open(uri, "A quick fox.")
	e.mustExec(lsp.CommandRefine, refineArg(uri, e.c.Range(uri, 0, 11)), lsp.StatusApplied)
	if len(e.c.Progress()) != 0 {
		t.Errorf("progress after a refused create: %v", e.c.Progress())
	}
}
