package lsp_test

import (
	"encoding/json"
	"strings"
	"testing"

	"go.lsp.dev/protocol"

	"github.com/redraft/redraft/lsp"
	"github.com/redraft/redraft/lsp/lsptest"
)

// The full path a user takes: code action → executeCommand → one workspace/applyEdit with minimal
// word edits at UTF-16 positions (emoji and CJK before them), in documentChanges for version 1.
func TestRefineAppliesMinimalEdits(t *testing.T) {
	e := start(t, lsptest.Hooks{}, nil)
	uri := protocol.DocumentURI("file:///doc.md")
	const doc = "# 日本語\n\n🙂🙂 The quick fox is big.\r\nA happy é day.\n"
	e.open(uri, doc)
	sel := e.c.Range(uri, strings.Index(doc, "The"), strings.Index(doc, " day"))
	acts, err := e.c.CodeActions(e.ctx, uri, sel)
	if err != nil || len(acts) < 1 || acts[0].Title != lsp.TitleRefine {
		t.Fatalf("code actions: %v %v", acts, err)
	}
	raw, err := e.c.Execute(e.ctx, acts[0].Command.Command, acts[0].Command.Arguments[0], nil)
	if err != nil {
		t.Fatal(err)
	}
	var res lsp.CommandResult
	_ = json.Unmarshal(raw, &res)
	if res.Status != lsp.StatusApplied || res.Edits != 3 {
		t.Errorf("result = %+v, want applied with 3 edits", res)
	}

	edits := e.c.Edits()
	if len(edits) != 1 {
		t.Fatalf("%d workspace/applyEdit requests, want 1", len(edits))
	}
	we := edits[0]
	if we.Label != "Redraft: refine" || len(we.Edit.Changes) != 0 || len(we.Edit.DocumentChanges) != 1 {
		t.Fatalf("applyEdit = %+v", we)
	}
	dc := we.Edit.DocumentChanges[0]
	if dc.TextDocument.URI != uri || dc.TextDocument.Version == nil || *dc.TextDocument.Version != 1 {
		t.Errorf("textDocument = %+v, want %s version 1", dc.TextDocument, uri)
	}
	pos := func(line, char uint32) protocol.Position { return protocol.Position{Line: line, Character: char} }
	want := []protocol.TextEdit{
		// line 2 is "🙂🙂 The quick fox is big.": each emoji is 2 UTF-16 units.
		{Range: protocol.Range{Start: pos(2, 9), End: pos(2, 14)}, NewText: "swift"},
		{Range: protocol.Range{Start: pos(2, 22), End: pos(2, 25)}, NewText: "large"},
		{Range: protocol.Range{Start: pos(3, 2), End: pos(3, 7)}, NewText: "glad"},
	}
	if got, _ := json.Marshal(dc.Edits); string(got) != mustJSON(want) {
		t.Errorf("edits:\n got %s\nwant %s", got, mustJSON(want))
	}
	if got := e.c.Text(uri); got != "# 日本語\n\n🙂🙂 The swift fox is large.\r\nA glad é day.\n" {
		t.Errorf("text after the edit = %q", got)
	}
	calls := e.f.Calls()
	if len(calls) != 1 || calls[0].doc != doc || doc[calls[0].start:calls[0].end] != "The quick fox is big.\r\nA happy é" {
		t.Errorf("refiner call = %+v", calls)
	}
}

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}

func TestNoBetterRevision(t *testing.T) {
	e := start(t, lsptest.Hooks{}, nil)
	uri := protocol.DocumentURI("file:///a.md")
	e.open(uri, "Nothing the fake knows.")
	res := e.mustExec(lsp.CommandRefine, refineArg(uri, e.c.Range(uri, 0, 10)), lsp.StatusUnchanged)
	if len(e.c.Edits()) != 0 {
		t.Error("no better revision must not send an edit")
	}
	m := e.lastMessage()
	if m.Type != protocol.MessageTypeInfo || !strings.Contains(m.Message, "no better revision") || m.Message != res.Message {
		t.Errorf("message = %+v, result %+v", m, res)
	}
}

func TestAlternativesPick(t *testing.T) {
	pickSecond := func(p protocol.ShowMessageRequestParams) *protocol.MessageActionItem { return &p.Actions[1] }
	e := start(t, lsptest.Hooks{OnShowMessageRequest: pickSecond}, nil)
	uri := protocol.DocumentURI("file:///a.md")
	e.open(uri, "A quick and happy fox.")
	acts, _ := e.c.CodeActions(e.ctx, uri, e.c.Range(uri, 0, 21))
	if len(acts) < 2 || acts[1].Title != lsp.TitleAlternatives {
		t.Fatalf("actions = %v", acts)
	}
	raw, err := e.c.Execute(e.ctx, acts[1].Command.Command, acts[1].Command.Arguments[0], nil)
	if err != nil {
		t.Fatal(err)
	}
	reqs := e.c.MessageRequests()
	if len(reqs) != 1 {
		t.Fatalf("%d showMessageRequests, want 1", len(reqs))
	}
	var titles []string
	for _, a := range reqs[0].Actions {
		titles = append(titles, a.Title)
	}
	want := []string{"1: quick → swift, happy → glad", "2: quick → fast, happy → cheerful", "3: quick → rapid, happy → joyful"}
	if strings.Join(titles, "|") != strings.Join(want, "|") {
		t.Errorf("titles = %q, want %q", titles, want)
	}
	if e.f.Calls()[0].opt.Alternatives != 3 {
		t.Errorf("alternatives asked = %d, want 3", e.f.Calls()[0].opt.Alternatives)
	}
	if got := e.c.Text(uri); got != "A fast and cheerful fox." {
		t.Errorf("text = %q (status %s)", got, raw)
	}
}

func TestAlternativesDismissed(t *testing.T) {
	e := start(t, lsptest.Hooks{}, nil) // nil hook: the user closes the picker
	uri := protocol.DocumentURI("file:///a.md")
	e.open(uri, "A quick fox.")
	e.mustExec(lsp.CommandRefine, map[string]any{"uri": uri, "range": e.c.Range(uri, 0, 11), "alternatives": 2},
		lsp.StatusDismissed)
	if len(e.c.Edits()) != 0 || e.c.Text(uri) != "A quick fox." {
		t.Error("a dismissed picker must change nothing")
	}
}

// One candidate needs no picker even when more were asked for.
func TestAlternativesSingleCandidate(t *testing.T) {
	e := start(t, lsptest.Hooks{}, nil)
	e.f.steps = 1
	uri := protocol.DocumentURI("file:///a.md")
	e.open(uri, "A quick fox.")
	synonymsBackup := synonyms
	synonyms = synonyms[:1]
	defer func() { synonyms = synonymsBackup }()
	e.mustExec(lsp.CommandRefine, map[string]any{"uri": uri, "range": e.c.Range(uri, 0, 11), "alternatives": 3},
		lsp.StatusApplied)
	if len(e.c.MessageRequests()) != 0 {
		t.Error("a single candidate must be applied without asking")
	}
}

func TestFillGap(t *testing.T) {
	e := start(t, lsptest.Hooks{}, nil)
	uri := protocol.DocumentURI("file:///a.md")
	const doc = "😀 Paris is the [...] of France, and ___ is its river."
	e.open(uri, doc)
	gap := strings.Index(doc, "[...]")
	res := e.mustExec(lsp.CommandFill, map[string]any{"uri": uri, "position": lsptest.Position(doc, gap+3, lsptest.UTF16)},
		lsp.StatusApplied)
	if res.Edits != 1 {
		t.Errorf("edits = %d", res.Edits)
	}
	calls := e.f.Calls()
	if len(calls) != 1 || len(calls[0].gaps) != 1 || calls[0].gaps[0].Start != gap {
		t.Fatalf("fill call = %+v", calls)
	}
	dc := e.c.Edits()[0].Edit.DocumentChanges[0]
	if r := dc.Edits[0].Range; r.Start.Character != 16 || r.End.Character != 21 {
		t.Errorf("range = %+v, want 16..21 (the emoji is 2 UTF-16 units)", r)
	}
	if got := e.c.Text(uri); got != "😀 Paris is the filled of France, and ___ is its river." {
		t.Errorf("text = %q", got)
	}
}

func TestFillAllGaps(t *testing.T) {
	e := start(t, lsptest.Hooks{}, nil)
	uri := protocol.DocumentURI("file:///a.md")
	e.open(uri, "One [...] two […] three ____ four.")
	e.mustExec(lsp.CommandFillAll, map[string]any{"uri": uri}, lsp.StatusApplied)
	if got := e.c.Text(uri); got != "One filled two filled three filled four." {
		t.Errorf("text = %q", got)
	}
	if we := e.c.Edits(); len(we) != 1 || len(we[0].Edit.DocumentChanges[0].Edits) != 3 {
		t.Errorf("want one applyEdit with 3 edits, got %+v", we)
	}
}

func TestFillWithoutGap(t *testing.T) {
	e := start(t, lsptest.Hooks{}, nil)
	uri := protocol.DocumentURI("file:///a.md")
	e.open(uri, "No gap [...] here.")
	e.mustExec(lsp.CommandFill, map[string]any{"uri": uri, "position": protocol.Position{Character: 1}}, lsp.StatusUnchanged)
	if m := e.lastMessage(); !strings.Contains(m.Message, "no gap marker") {
		t.Errorf("message = %q", m.Message)
	}
	e.open("file:///b.md", "Nothing to fill.")
	e.mustExec(lsp.CommandFillAll, map[string]any{"uri": "file:///b.md"}, lsp.StatusUnchanged)
	if m := e.lastMessage(); !strings.Contains(m.Message, "no gap markers") {
		t.Errorf("message = %q", m.Message)
	}
	if len(e.f.Calls()) != 0 || len(e.c.Edits()) != 0 {
		t.Error("no gap must mean no model work and no edit")
	}
}

func TestClientRejectsEdit(t *testing.T) {
	refuse := func(protocol.ApplyWorkspaceEditParams) protocol.ApplyWorkspaceEditResponse {
		return protocol.ApplyWorkspaceEditResponse{FailureReason: "read-only buffer"}
	}
	e := start(t, lsptest.Hooks{OnApplyEdit: refuse}, nil)
	uri := protocol.DocumentURI("file:///a.md")
	e.open(uri, "A quick fox.")
	e.mustExec(lsp.CommandRefine, refineArg(uri, e.c.Range(uri, 0, 11)), lsp.StatusRejected)
	if m := e.lastMessage(); !strings.Contains(m.Message, "read-only buffer") {
		t.Errorf("message = %q", m.Message)
	}
}

// Without documentChanges support the edit goes in "changes" (no version), still checked first.
func TestChangesWithoutDocumentChanges(t *testing.T) {
	e := newEnv(t, newFake(), lsptest.Hooks{})
	caps := lsptest.DefaultCapabilities()
	caps["workspace"] = map[string]any{"applyEdit": true}
	if _, err := e.c.Initialize(e.ctx, nil, caps); err != nil {
		t.Fatal(err)
	}
	uri := protocol.DocumentURI("file:///a.md")
	e.open(uri, "A quick fox.")
	e.mustExec(lsp.CommandRefine, refineArg(uri, e.c.Range(uri, 0, 11)), lsp.StatusApplied)
	we := e.c.Edits()[0].Edit
	if len(we.DocumentChanges) != 0 || len(we.Changes[uri]) != 1 {
		t.Errorf("edit = %+v", we)
	}
}

func TestApplyCommand(t *testing.T) {
	e := start(t, lsptest.Hooks{}, nil)
	uri := protocol.DocumentURI("file:///a.md")
	e.open(uri, "A quick fox.")
	edit := []protocol.TextEdit{{Range: e.c.Range(uri, 2, 7), NewText: "sly"}}
	e.mustExec(lsp.CommandApply, map[string]any{"uri": uri, "version": 1, "edits": edit}, lsp.StatusApplied)
	if got := e.c.Text(uri); got != "A sly fox." {
		t.Errorf("text = %q", got)
	}
	// The document is at version 2 now: the same edit for version 1 is stale.
	e.sync()
	e.mustExec(lsp.CommandApply, map[string]any{"uri": uri, "version": 1, "edits": edit}, lsp.StatusStale)
}
