package lsp_test

import (
	"strings"
	"testing"

	"go.lsp.dev/protocol"

	"github.com/redraft/redraft/lsp"
	"github.com/redraft/redraft/lsp/lsptest"
)

// A document closed and reopened at the same version number while the model ran is a different
// text: the old edit is not applied to it, although the version in the edit would match.
func TestReopenAtSameVersionIsStale(t *testing.T) {
	e := start(t, lsptest.Hooks{}, nil)
	e.f.holdN, e.f.hold, e.f.started = 1, make(chan struct{}), make(chan string, 1)
	uri := protocol.DocumentURI("file:///a.md")
	e.open(uri, "A quick fox.")
	run := e.goExec(lsp.CommandRefine, refineArg(uri, e.c.Range(uri, 0, 11)))
	<-e.f.started
	if err := e.c.CloseDocument(e.ctx, uri); err != nil {
		t.Fatal(err)
	}
	e.open(uri, "My big cat sat.") // version 1 again
	e.sync()
	close(e.f.hold)
	o := <-run
	if o.err != nil || o.res.Status != lsp.StatusStale {
		t.Fatalf("refine: %+v, want stale", o)
	}
	if len(e.c.Edits()) != 0 || e.c.Text(uri) != "My big cat sat." {
		t.Errorf("an edit for the closed text reached the reopened one: %q", e.c.Text(uri))
	}
}

// A document over the size limit is refused with a message naming the limit; the session and
// other documents go on.
func TestDocumentOverLimit(t *testing.T) {
	if testing.Short() {
		t.Skip("sends 32 MiB")
	}
	e := start(t, lsptest.Hooks{}, nil)
	big := protocol.DocumentURI("file:///big.md")
	e.open(big, strings.Repeat("a quick fox ", lsp.MaxDocumentBytes/12+1))
	e.sync()
	if m := e.lastMessage(); m.Type != protocol.MessageTypeWarning || !strings.Contains(m.Message, "up to 32 MiB") {
		t.Errorf("message = %+v", m)
	}
	if _, err := e.exec(lsp.CommandRefine, refineArg(big, e.c.Range(big, 0, 7))); rpcCode(err) != -32602 {
		t.Errorf("refine on the refused document: %v, want InvalidParams (not open)", err)
	}
	small := protocol.DocumentURI("file:///small.md")
	e.open(small, "A quick fox.")
	e.mustExec(lsp.CommandRefine, refineArg(small, e.c.Range(small, 0, 11)), lsp.StatusApplied)
}
