package lsp_test

import (
	"encoding/json"
	"strings"
	"testing"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"

	"github.com/redraft/redraft/lsp"
	"github.com/redraft/redraft/lsp/lsptest"
)

func TestCodeActions(t *testing.T) {
	e := start(t, lsptest.Hooks{}, nil)
	const doc = "🙂 The quick fox [...] jumps.\nA second ___ line.\n"
	const plain = "No gaps here at all.\n"
	e.open("file:///gaps.md", doc)
	e.open("file:///plain.md", plain)
	at := func(s, sub string) int { return strings.Index(s, sub) }
	for _, tc := range []struct {
		name       string
		uri        protocol.DocumentURI
		start, end int // byte offsets
		want       []string
	}{
		{"selection in a document with gaps", "file:///gaps.md", at(doc, "The"), at(doc, " fox"),
			[]string{lsp.TitleRefine, lsp.TitleAlternatives, lsp.TitleFillAll}},
		{"cursor inside a gap", "file:///gaps.md", at(doc, "[...]") + 2, at(doc, "[...]") + 2,
			[]string{lsp.TitleFill, lsp.TitleFillAll}},
		{"cursor just after a gap", "file:///gaps.md", at(doc, "[...]") + 5, at(doc, "[...]") + 5,
			[]string{lsp.TitleFill, lsp.TitleFillAll}},
		{"selection over a gap", "file:///gaps.md", at(doc, "fox"), at(doc, "jumps"),
			[]string{lsp.TitleRefine, lsp.TitleAlternatives, lsp.TitleFill, lsp.TitleFillAll}},
		{"cursor elsewhere in a document with gaps", "file:///gaps.md", 0, 0, []string{lsp.TitleFillAll}},
		{"selection without gaps", "file:///plain.md", 0, 8, []string{lsp.TitleRefine, lsp.TitleAlternatives}},
		{"whitespace-only selection", "file:///plain.md", 2, 3, nil},
		{"cursor without gaps", "file:///plain.md", 3, 3, nil},
		{"document not open", "file:///closed.md", 0, 0, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := lsptest.Range(map[protocol.DocumentURI]string{"file:///gaps.md": doc, "file:///plain.md": plain}[tc.uri],
				tc.start, tc.end, lsptest.UTF16)
			acts, err := e.c.CodeActions(e.ctx, tc.uri, r)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, a := range acts {
				got = append(got, a.Title)
				if a.Kind != protocol.RefactorRewrite {
					t.Errorf("%q kind = %q", a.Title, a.Kind)
				}
				if a.Command == nil || a.Command.Title != a.Title || len(a.Command.Arguments) != 1 {
					t.Errorf("%q command = %+v, want one argument object", a.Title, a.Command)
				}
			}
			if strings.Join(got, "|") != strings.Join(tc.want, "|") {
				t.Errorf("titles = %q, want %q", got, tc.want)
			}
		})
	}
}

// The actions' commands carry exactly the argument objects the contract names.
func TestCodeActionArguments(t *testing.T) {
	e := start(t, lsptest.Hooks{}, nil)
	uri := protocol.DocumentURI("file:///a.md")
	const doc = "Paris is the [...] of France."
	e.open(uri, doc)
	sel := e.c.Range(uri, 0, 5)
	acts, err := e.c.CodeActions(e.ctx, uri, sel)
	if err != nil {
		t.Fatal(err)
	}
	args := map[string]string{}
	for _, a := range acts {
		b, _ := json.Marshal(a.Command.Arguments[0])
		args[a.Title] = a.Command.Command + " " + string(b)
	}
	want := map[string]string{
		lsp.TitleRefine:       `redraft.refine {"range":{"end":{"character":5,"line":0},"start":{"character":0,"line":0}},"uri":"file:///a.md"}`,
		lsp.TitleAlternatives: `redraft.refine {"alternatives":3,"range":{"end":{"character":5,"line":0},"start":{"character":0,"line":0}},"uri":"file:///a.md"}`,
		lsp.TitleFillAll:      `redraft.fillAll {"uri":"file:///a.md"}`,
	}
	for title, w := range want {
		if args[title] != w {
			t.Errorf("%s:\n got %s\nwant %s", title, args[title], w)
		}
	}
	acts, err = e.c.CodeActions(e.ctx, uri, e.c.Range(uri, 15, 15))
	if err != nil || len(acts) == 0 {
		t.Fatal(acts, err)
	}
	b, _ := json.Marshal(acts[0].Command.Arguments[0])
	if got := acts[0].Command.Command + " " + string(b); got != `redraft.fill {"position":{"character":13,"line":0},"uri":"file:///a.md"}` {
		t.Errorf("Fill gap: %s", got)
	}
}

func TestCodeActionOnlyFilter(t *testing.T) {
	e := start(t, lsptest.Hooks{}, nil)
	uri := protocol.DocumentURI("file:///a.md")
	e.open(uri, "Some text [...] here.")
	for _, tc := range []struct {
		only []string
		want int
	}{
		{[]string{"quickfix"}, 0},
		{[]string{"refactor"}, 3},
		{[]string{"refactor.rewrite"}, 3},
	} {
		var acts []lsptest.CodeAction
		_, err := e.c.Conn.Call(e.ctx, protocol.MethodTextDocumentCodeAction, map[string]any{
			"textDocument": map[string]any{"uri": uri},
			"range":        e.c.Range(uri, 0, 4),
			"context":      map[string]any{"diagnostics": []any{}, "only": tc.only},
		}, &acts)
		if err != nil {
			t.Fatal(err)
		}
		if len(acts) != tc.want {
			t.Errorf("only %v: %d actions, want %d", tc.only, len(acts), tc.want)
		}
	}
}

func TestCodeActionBadRange(t *testing.T) {
	e := start(t, lsptest.Hooks{}, nil)
	uri := protocol.DocumentURI("file:///a.md")
	e.open(uri, "one line")
	for name, r := range map[string]protocol.Range{
		"past the last line": {Start: protocol.Position{Line: 5}, End: protocol.Position{Line: 5, Character: 1}},
		"reversed":           {Start: protocol.Position{Character: 4}, End: protocol.Position{Character: 1}},
	} {
		if _, err := e.c.CodeActions(e.ctx, uri, r); rpcCode(err) != jsonrpc2.InvalidParams {
			t.Errorf("%s: %v, want InvalidParams", name, err)
		}
	}
}

// Listing is instant even while the model is busy: the server answers code actions meanwhile.
func TestCodeActionsWhileModelRuns(t *testing.T) {
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
	e.open("file:///b.md", "a big [...] dog")
	acts, err := e.c.CodeActions(e.ctx, "file:///b.md", e.c.Range("file:///b.md", 0, 5))
	if err != nil || len(acts) != 3 {
		t.Fatalf("code actions while the model runs: %v %v", acts, err)
	}
	close(e.f.hold)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

func TestResolveReturnsAction(t *testing.T) {
	e := start(t, lsptest.Hooks{}, nil)
	in := map[string]any{"title": lsp.TitleFillAll, "kind": "refactor.rewrite",
		"command": map[string]any{"title": lsp.TitleFillAll, "command": lsp.CommandFillAll, "arguments": []any{map[string]any{"uri": "file:///a.md"}}}}
	var out map[string]any
	if _, err := e.c.Conn.Call(e.ctx, "codeAction/resolve", in, &out); err != nil {
		t.Fatal(err)
	}
	a, _ := json.Marshal(in)
	b, _ := json.Marshal(out)
	if string(a) != string(b) {
		t.Errorf("resolve changed the action:\n%s\n%s", a, b)
	}
}
