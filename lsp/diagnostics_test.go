package lsp_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"go.lsp.dev/protocol"

	"github.com/redraft/redraft/lsp"
	"github.com/redraft/redraft/lsp/lsptest"
)

// checkEnv starts a server that checks as soon as a document opens or changes, with its own user
// dictionary file (returned).
func checkEnv(t *testing.T, settings map[string]any) (*env, chan protocol.PublishDiagnosticsParams, string) {
	t.Helper()
	userDict := filepath.Join(t.TempDir(), "config", "redraft", "dictionary.txt")
	diags := make(chan protocol.PublishDiagnosticsParams, 64)
	e := newEnv(t, newFake(), lsptest.Hooks{OnDiagnostics: func(p protocol.PublishDiagnosticsParams) { diags <- p }},
		lsp.WithDiagnosticDelay(0), lsp.WithUserDictionary(userDict))
	caps := lsptest.DefaultCapabilities()
	raw := map[string]any{"redraft": settings}
	if _, err := e.c.Initialize(e.ctx, raw, caps); err != nil {
		t.Fatal(err)
	}
	return e, diags, userDict
}

// nextDiagnostics waits for the next publishDiagnostics for uri at version (0: any version).
func (e *env) nextDiagnostics(ch chan protocol.PublishDiagnosticsParams, uri protocol.DocumentURI, version uint32) protocol.PublishDiagnosticsParams {
	e.t.Helper()
	for {
		select {
		case p := <-ch:
			if p.URI == uri && (version == 0 || p.Version == version) {
				return p
			}
		case <-e.ctx.Done():
			e.t.Fatalf("no diagnostics for %s version %d", uri, version)
		}
	}
}

func messages(p protocol.PublishDiagnosticsParams) []string {
	var out []string
	for _, d := range p.Diagnostics {
		out = append(out, d.Message)
	}
	return out
}

func TestDiagnostics(t *testing.T) {
	e, diags, _ := checkEnv(t, nil)
	uri := protocol.DocumentURI("file:///d.md")
	e.open(uri, "A quick fox.\n\nNothing known here.\n\n🙂 A big dog.\n")
	p := e.nextDiagnostics(diags, uri, 1)
	if len(p.Diagnostics) != 2 {
		t.Fatalf("diagnostics = %+v, want 2", p.Diagnostics)
	}
	d := p.Diagnostics[0]
	if d.Severity != protocol.DiagnosticSeverityInformation || d.Source != "redraft" ||
		d.Message != "Redraft would write “swift” (rewrite)" || d.Range != e.c.Range(uri, 2, 7) || d.Code != "rewrite" {
		t.Errorf("first diagnostic = %+v", d)
	}
	if r := p.Diagnostics[1].Range; r.Start.Line != 4 || r.Start.Character != 5 || r.End.Character != 8 {
		t.Errorf("second diagnostic range = %+v (the emoji is 2 UTF-16 units)", r)
	}
	if n := len(e.f.Calls()); n != 3 {
		t.Errorf("%d model calls for 3 paragraphs", n)
	}
	for _, c := range e.f.Calls() {
		if c.opt.Dialect != "en-US" {
			t.Errorf("dialect %q, want the default en-US", c.opt.Dialect)
		}
	}

	// Edit one paragraph: only it is checked again.
	r := e.c.Range(uri, 2, 7)
	if err := e.c.Edit(e.ctx, uri, lsptest.Change{Range: &r, Text: "happy"}); err != nil {
		t.Fatal(err)
	}
	p = e.nextDiagnostics(diags, uri, 2)
	if got := messages(p); len(got) != 2 || got[0] != "Redraft would write “glad” (rewrite)" {
		t.Errorf("after the edit: %q", got)
	}
	if n := len(e.f.Calls()); n != 4 {
		t.Errorf("%d model calls in all, want 4 (unchanged paragraphs keep their results)", n)
	}

	// Turning diagnostics off clears them.
	err := e.c.Conn.Notify(e.ctx, protocol.MethodWorkspaceDidChangeConfiguration,
		map[string]any{"settings": map[string]any{"redraft": map[string]any{"diagnostics": false}}})
	if err != nil {
		t.Fatal(err)
	}
	if p := e.nextDiagnostics(diags, uri, 0); len(p.Diagnostics) != 0 {
		t.Errorf("after diagnostics off: %+v", p.Diagnostics)
	}
}

// The quick fixes of a diagnostic: the fix as one versioned edit, add to the dictionary, ignore.
func TestQuickFixes(t *testing.T) {
	e, diags, userDict := checkEnv(t, nil)
	uri := protocol.DocumentURI("file:///q.md")
	e.open(uri, "A quick fox.\n\nA quick dog.\n")
	p := e.nextDiagnostics(diags, uri, 1)
	if len(p.Diagnostics) != 2 {
		t.Fatalf("diagnostics = %+v", p.Diagnostics)
	}
	actions, err := e.c.CodeActionsFor(e.ctx, uri, p.Diagnostics[0].Range, p.Diagnostics[:1])
	if err != nil {
		t.Fatal(err)
	}
	var titles []string
	for _, a := range actions {
		titles = append(titles, a.Title)
	}
	want := []string{"Change to “swift”", "Add “quick” to the dictionary", lsp.TitleIgnore}
	if len(titles) < 3 || !slices.Equal(titles[:3], want) {
		t.Fatalf("actions = %q, want %q first", titles, want)
	}
	fix := actions[0]
	if fix.Kind != protocol.QuickFix || !fix.IsPreferred || fix.Edit == nil || len(fix.Edit.DocumentChanges) != 1 ||
		len(fix.Diagnostics) != 1 || fix.Diagnostics[0].Message != p.Diagnostics[0].Message {
		t.Fatalf("fix = %+v", fix)
	}
	dc := fix.Edit.DocumentChanges[0]
	if dc.TextDocument.Version == nil || *dc.TextDocument.Version != 1 || len(dc.Edits) != 1 ||
		dc.Edits[0].NewText != "swift" || dc.Edits[0].Range != e.c.Range(uri, 2, 7) {
		t.Errorf("fix edit = %+v", dc)
	}
	for _, a := range actions[1:3] {
		if a.Kind != protocol.QuickFix || a.Command == nil {
			t.Errorf("action %q = %+v", a.Title, a)
		}
	}

	// Ignore the first finding: it is gone, the other stays.
	e.mustExec(actions[2].Command.Command, actions[2].Command.Arguments[0], lsp.StatusApplied)
	p = e.nextDiagnostics(diags, uri, 1)
	if len(p.Diagnostics) != 1 || p.Diagnostics[0].Range.Start.Line != 2 {
		t.Errorf("after ignore: %+v", p.Diagnostics)
	}

	// Apply the fix of the other one, after an edit elsewhere: it is carried to the new version.
	actions, err = e.c.CodeActionsFor(e.ctx, uri, p.Diagnostics[0].Range, p.Diagnostics)
	if err != nil {
		t.Fatal(err)
	}
	r := e.c.Range(uri, 0, 1)
	if err := e.c.Edit(e.ctx, uri, lsptest.Change{Range: &r, Text: "One"}); err != nil {
		t.Fatal(err)
	}
	e.sync()
	actions, err = e.c.CodeActionsFor(e.ctx, uri, p.Diagnostics[0].Range, p.Diagnostics)
	if err != nil || len(actions) == 0 || actions[0].Edit == nil {
		t.Fatalf("actions after an edit elsewhere: %+v, %v", actions, err)
	}
	if res := e.c.Apply(e.ctx, *actions[0].Edit); !res.Applied {
		t.Fatalf("fix not applied: %s", res.FailureReason)
	}
	if got := e.c.Text(uri); got != "One quick fox.\n\nA swift dog.\n" {
		t.Errorf("text after the fix = %q", got)
	}

	// Add "quick" to the dictionary: written to the user file, never flagged again, and passed to
	// refine as a user word.
	e.mustExec(lsp.CommandAddWord, map[string]any{"uri": uri, "word": "quick"}, lsp.StatusApplied)
	b, err := os.ReadFile(userDict)
	if err != nil || !slices.Contains(strings.Split(string(b), "\n"), "quick") {
		t.Fatalf("dictionary file: %q, %v", b, err)
	}
	e.mustExec(lsp.CommandAddWord, map[string]any{"uri": uri, "word": "quick"}, lsp.StatusApplied)
	if b2, _ := os.ReadFile(userDict); string(b2) != string(b) {
		t.Errorf("adding a word twice changed the file: %q", b2)
	}
	// (Publishes of version 3 sent before the word was added still flag it; the one after must not.)
	for p = e.nextDiagnostics(diags, uri, 3); len(p.Diagnostics) != 0; p = e.nextDiagnostics(diags, uri, 3) {
	}
	r = e.c.Range(uri, 0, 3)
	if err := e.c.Edit(e.ctx, uri, lsptest.Change{Range: &r, Text: "Two"}); err != nil {
		t.Fatal(err)
	}
	if p := e.nextDiagnostics(diags, uri, 4); len(p.Diagnostics) != 0 {
		t.Errorf("a dictionary word is flagged again: %+v", p.Diagnostics)
	}
	calls := e.f.Calls()
	if last := calls[len(calls)-1]; !slices.Contains(last.opt.UserWords, "quick") {
		t.Errorf("refine got user words %q", last.opt.UserWords)
	}
}

func TestAddWordErrors(t *testing.T) {
	e, _, _ := checkEnv(t, nil)
	uri := protocol.DocumentURI("file:///q.md")
	for _, w := range []string{"", "two words", "#comment"} {
		if _, err := e.exec(lsp.CommandAddWord, map[string]any{"uri": uri, "word": w}); rpcCode(err) == 0 {
			t.Errorf("word %q: err = %v, want an InvalidParams error", w, err)
		}
	}
	if _, err := e.exec(lsp.CommandAddWord, map[string]any{"uri": uri, "word": "ok", "scope": "workspace"}); rpcCode(err) == 0 {
		t.Errorf("workspace scope without a workspace folder: err = %v", err)
	}
}

// A workspace dictionary is read and written in <root>/.redraft/dictionary.txt.
func TestWorkspaceDictionary(t *testing.T) {
	dir := t.TempDir()
	root := filepath.Join(dir, "project")
	if err := os.MkdirAll(filepath.Join(root, ".redraft"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, ".redraft", "dictionary.txt"), []byte("# terms\nbig\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	diags := make(chan protocol.PublishDiagnosticsParams, 64)
	e := newEnv(t, newFake(), lsptest.Hooks{OnDiagnostics: func(p protocol.PublishDiagnosticsParams) { diags <- p }},
		lsp.WithDiagnosticDelay(0))
	caps := lsptest.DefaultCapabilities()
	if _, err := e.c.Conn.Call(e.ctx, protocol.MethodInitialize, map[string]any{
		"processId": nil, "capabilities": caps, "rootUri": "file://" + filepath.ToSlash(root),
	}, nil); err != nil {
		t.Fatal(err)
	}
	if err := e.c.Conn.Notify(e.ctx, protocol.MethodInitialized, map[string]any{}); err != nil {
		t.Fatal(err)
	}
	uri := protocol.DocumentURI("file:///w.md")
	e.open(uri, "A big dog.\n\nA happy cat.\n")
	p := e.nextDiagnostics(diags, uri, 1)
	if got := messages(p); len(got) != 1 || got[0] != "Redraft would write “glad” (rewrite)" {
		t.Fatalf("diagnostics = %q (\"big\" is a workspace word)", got)
	}
	actions, err := e.c.CodeActionsFor(e.ctx, uri, p.Diagnostics[0].Range, p.Diagnostics)
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(actions, func(a lsptest.CodeAction) bool { return a.Title == "Add “happy” to the workspace dictionary" })
	if i < 0 {
		t.Fatalf("no workspace dictionary action in %+v", actions)
	}
	e.mustExec(actions[i].Command.Command, actions[i].Command.Arguments[0], lsp.StatusApplied)
	b, _ := os.ReadFile(filepath.Join(root, ".redraft", "dictionary.txt"))
	if string(b) != "# terms\nbig\nhappy\n" {
		t.Errorf("workspace dictionary = %q", b)
	}
	if p := e.nextDiagnostics(diags, uri, 1); len(p.Diagnostics) != 0 {
		t.Errorf("after adding the word: %+v", p.Diagnostics)
	}
}

// Only prose is checked: other languages, code blocks, front matter and commit-message comments
// never reach the model.
func TestDiagnosticsOnlyOnProse(t *testing.T) {
	e, diags, _ := checkEnv(t, nil)
	code := protocol.DocumentURI("file:///x.go")
	if err := e.c.OpenAs(e.ctx, code, "go", "// A quick fox.\n"); err != nil {
		t.Fatal(err)
	}
	md := protocol.DocumentURI("file:///x.md")
	e.open(md, "---\ntitle: a quick post\n---\n\n```\nquick code\n```\n\n    quick indented code\n\nSee `quick` at https://quick.example/quick.\n")
	p := e.nextDiagnostics(diags, md, 1)
	if len(p.Diagnostics) != 0 {
		t.Errorf("markdown structure flagged: %+v", p.Diagnostics)
	}
	msg := protocol.DocumentURI("file:///COMMIT_EDITMSG")
	if err := e.c.OpenAs(e.ctx, msg, "git-commit", "Make it quick\n\n# Please enter the commit message: a big change\n# ------------------------ >8 ------------------------\ndiff: a happy line\n"); err != nil {
		t.Fatal(err)
	}
	p = e.nextDiagnostics(diags, msg, 1)
	if got := messages(p); len(got) != 1 || got[0] != "Redraft would write “swift” (rewrite)" {
		t.Errorf("commit message diagnostics = %q, want only the subject's", got)
	}
	for _, c := range e.f.Calls() {
		text := c.doc[c.start:c.end]
		if strings.Contains(text, "code") || strings.Contains(text, "title") || strings.Contains(text, "#") ||
			strings.Contains(text, "diff") || strings.Contains(c.doc, "// A quick") {
			t.Errorf("model call on %q", text)
		}
	}
}

// A user request preempts the check: it is cancelled, the request runs at once, and the check
// comes back afterwards.
func TestDiagnosticsYieldToRequests(t *testing.T) {
	e, diags, _ := checkEnv(t, nil)
	e.f.holdN, e.f.hold, e.f.started = 1, make(chan struct{}), make(chan string, 8)
	uri := protocol.DocumentURI("file:///y.md")
	e.open(uri, "A quick fox.")
	<-e.f.started // the check is running (and held)
	e.mustExec(lsp.CommandRefine, refineArg(uri, e.c.Range(uri, 0, 11)), lsp.StatusApplied)
	if e.f.cancelled.Load() != 1 {
		t.Errorf("the check was not cancelled by the request")
	}
	if m := e.f.maxActive.Load(); m != 1 {
		t.Errorf("%d model calls at once", m)
	}
	if p := e.nextDiagnostics(diags, uri, 2); len(p.Diagnostics) != 0 { // "A swift fox." now
		t.Errorf("diagnostics = %+v", p.Diagnostics)
	}
}

func TestDiagnosticsClearedOnClose(t *testing.T) {
	e, diags, _ := checkEnv(t, nil)
	uri := protocol.DocumentURI("file:///c.md")
	e.open(uri, "A quick fox.")
	if p := e.nextDiagnostics(diags, uri, 1); len(p.Diagnostics) != 1 {
		t.Fatalf("diagnostics = %+v", p.Diagnostics)
	}
	if err := e.c.CloseDocument(e.ctx, uri); err != nil {
		t.Fatal(err)
	}
	if p := e.nextDiagnostics(diags, uri, 0); len(p.Diagnostics) != 0 {
		t.Errorf("after close: %+v", p.Diagnostics)
	}
}

func TestDiagnosticsSettingOff(t *testing.T) {
	e, _, _ := checkEnv(t, map[string]any{"diagnostics": false, "dialect": "en-GB"})
	uri := protocol.DocumentURI("file:///o.md")
	e.open(uri, "A quick fox.")
	e.mustExec(lsp.CommandRefine, refineArg(uri, e.c.Range(uri, 0, 11)), lsp.StatusApplied)
	calls := e.f.Calls()
	if len(e.c.Diagnostics()) != 0 || len(calls) != 1 {
		t.Errorf("checked while off: %d diagnostics, %d model calls", len(e.c.Diagnostics()), len(calls))
	}
	if calls[0].opt.Dialect != "en-GB" {
		t.Errorf("refine got dialect %q, want en-GB", calls[0].opt.Dialect)
	}
}

// A document over 200 KB is never checked whole: only the paragraphs around an edit.
func TestLargeDocumentCheckedAroundEdits(t *testing.T) {
	e, diags, _ := checkEnv(t, nil)
	uri := protocol.DocumentURI("file:///big.md")
	para := "A quick fox jumps over the lazy dog again and again.\n\n"
	text := strings.Repeat(para, 210<<10/len(para)+1)
	e.open(uri, text)
	p := e.nextDiagnostics(diags, uri, 1)
	if len(p.Diagnostics) != 0 || len(e.f.Calls()) != 0 {
		t.Fatalf("a large document was checked on open: %d diagnostics, %d calls", len(p.Diagnostics), len(e.f.Calls()))
	}
	mid := len(text) / 2
	mid -= mid % len(para)
	r := e.c.Range(uri, mid+2, mid+7)
	if err := e.c.Edit(e.ctx, uri, lsptest.Change{Range: &r, Text: "big"}); err != nil {
		t.Fatal(err)
	}
	p = e.nextDiagnostics(diags, uri, 2)
	calls := e.f.Calls()
	if len(calls) == 0 || len(calls) > 3 {
		t.Fatalf("%d model calls for one edited paragraph", len(calls))
	}
	if got := messages(p); len(got) != 1 || got[0] != "Redraft would write “large” (rewrite)" {
		t.Errorf("diagnostics = %q", got)
	}
}
