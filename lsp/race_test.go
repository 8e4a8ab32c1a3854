package lsp_test

import (
	"context"
	"fmt"
	"math/rand"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"go.lsp.dev/protocol"

	"github.com/redraft/redraft/engine"
	"github.com/redraft/redraft/lsp"
	"github.com/redraft/redraft/lsp/lsptest"
	"github.com/redraft/redraft/refine"
)

// Edits raced against refines and fills, on purpose: the editor changes the document while the
// server computes (before the model starts, while it runs, between fill-all's gaps, right after),
// in every way that matters — before or after the text being refined, inside it, the whole
// document at once, a close and reopen at the same version number. Every sequence must end with
// the edit applied to the text it was computed for, or the user told why not; a stale edit
// (applied to another text) or a lost request (neither) fails the test.

// raceDoc is the document each sequence starts from; its paragraphs are what the commands target.
const raceDoc = "Intro line here.\n\nA quick fox and a big dog ran.\n\nThe happy [...] cat sat.\n"

// raceCheck is the editor side's bookkeeping: what it applied and what broke the rules.
type raceCheck struct {
	c *lsptest.Client

	mu      sync.Mutex
	epoch   map[protocol.DocumentURI]int // opens so far, per document
	asked   map[protocol.DocumentURI]int // the epoch each running command was asked in
	applied map[protocol.DocumentURI]int
	target  map[protocol.DocumentURI]string // the text a refine was asked for ("" for fills)
	fake    bool                            // edits must be the fake refiner's
	stale   []string
}

func newRaceCheck(fake bool) *raceCheck {
	return &raceCheck{epoch: map[protocol.DocumentURI]int{}, asked: map[protocol.DocumentURI]int{},
		applied: map[protocol.DocumentURI]int{}, target: map[protocol.DocumentURI]string{}, fake: fake}
}

// onApplyEdit checks an edit before applying it the way an editor does (refusing a version
// mismatch). It runs on the client's read loop.
func (rc *raceCheck) onApplyEdit(p protocol.ApplyWorkspaceEditParams) protocol.ApplyWorkspaceEditResponse {
	for _, dc := range p.Edit.DocumentChanges {
		uri := dc.TextDocument.URI
		if dc.TextDocument.Version == nil || *dc.TextDocument.Version != rc.c.Version(uri) {
			continue // the editor refuses it: not applied, so not stale
		}
		text := rc.c.Text(uri)
		rc.mu.Lock()
		sameEpoch, target := rc.epoch[uri] == rc.asked[uri], rc.target[uri]
		rc.mu.Unlock()
		if why := rc.misfit(text, target, dc.Edits); !sameEpoch || why != "" {
			rc.mu.Lock()
			rc.stale = append(rc.stale, fmt.Sprintf("%s v%d (same opening %v): %s: %+v on %q",
				uri, *dc.TextDocument.Version, sameEpoch, why, dc.Edits, text))
			rc.mu.Unlock()
		}
	}
	res := rc.c.Apply(context.Background(), p.Edit)
	if res.Applied {
		rc.mu.Lock()
		for _, dc := range p.Edit.DocumentChanges {
			rc.applied[dc.TextDocument.URI]++
		}
		rc.mu.Unlock()
	}
	return res
}

// misfit says why edits do not belong to text ("" when they do): a refine's edits lie inside the
// text it was asked for (found where it is now), a fill replaces a gap marker; the fake
// refiner's edits must also be its own synonyms and "filled".
func (rc *raceCheck) misfit(text, target string, edits []protocol.TextEdit) string {
	lo, hi := 0, len(text)
	if target != "" {
		// Where the refined text is now. If it is gone, the edit racing the command reached the
		// server first and the server refined what was there: only the other checks apply.
		if i := strings.Index(text, target); i >= 0 {
			lo, hi = i, i+len(target)
		}
	}
	gaps := refine.FindGaps(text, lsp.DefaultSettings().Markers)
	for _, e := range edits {
		r := e.Range
		marked, err := lsp.ApplyChange(text, &r, "\x00", "utf-16")
		if err != nil {
			return "a range outside the text: " + err.Error()
		}
		start := strings.IndexByte(marked, 0)
		end := start + len(text) - (len(marked) - 1)
		old := text[start:end]
		isGap := false
		for _, g := range gaps {
			isGap = isGap || g.Start == start && g.End == end
		}
		switch {
		case target == "" && !isGap:
			return fmt.Sprintf("a fill replaced %q, not a gap", old)
		case target != "" && (start < lo || end > hi):
			return fmt.Sprintf("a refine edit at %d:%d is outside the refined text at %d:%d", start, end, lo, hi)
		case rc.fake && target == "" && e.NewText != "filled":
			return fmt.Sprintf("the fake fills with %q", e.NewText)
		case rc.fake && target != "" && !isSynonym(old, e.NewText):
			return fmt.Sprintf("the fake does not write %q for %q", e.NewText, old)
		}
	}
	return ""
}

func isSynonym(old, repl string) bool {
	for _, syn := range synonyms {
		if syn[old] == repl {
			return true
		}
	}
	return false
}

func (rc *raceCheck) open(e *env, uri protocol.DocumentURI, text string) {
	rc.mu.Lock()
	rc.epoch[uri]++
	rc.mu.Unlock()
	e.open(uri, text)
}

// raceTally counts how sequences ended.
type raceTally struct {
	runs, applied, told, stale, lost int
}

// raceOnce runs one sequence on a fresh document: a command, and an edit racing it.
func raceOnce(t *testing.T, e *env, rc *raceCheck, rng *rand.Rand, i int, tally *raceTally) {
	uri := protocol.DocumentURI(fmt.Sprintf("file:///race/%d.md", i))
	rc.open(e, uri, raceDoc)
	para := strings.Index(raceDoc, "A quick")
	paraEnd := para + len("A quick fox and a big dog ran.")
	gap := strings.Index(raceDoc, "[...]")

	var command string
	var arg any
	target := ""
	switch rng.Intn(4) {
	case 0:
		command, arg, target = lsp.CommandRefine, refineArg(uri, e.c.Range(uri, para, paraEnd)), raceDoc[para:paraEnd]
	case 1:
		command, arg = lsp.CommandFill, map[string]any{"uri": uri, "position": e.c.Range(uri, gap+1, gap+1).Start}
	case 2:
		command, arg = lsp.CommandFillAll, map[string]any{"uri": uri}
	case 3: // the whole document: one paragraph per model call
		command, arg, target = lsp.CommandRefine, refineArg(uri, e.c.Range(uri, 0, len(raceDoc))), raceDoc
	}
	rc.mu.Lock()
	rc.asked[uri], rc.target[uri] = rc.epoch[uri], target
	rc.mu.Unlock()

	created := len(e.c.Created())
	run := e.goExec(command, arg)
	// The edit must reach the server after the command: wait until the server has taken the
	// command up (it announces its progress token), or answered it already.
	for len(e.c.Created()) == created && len(run) == 0 {
		runtime.Gosched()
	}
	switch rng.Intn(4) { // when the edit lands
	case 0:
	case 1:
		runtime.Gosched()
	case 2:
		time.Sleep(time.Duration(rng.Intn(300)) * time.Microsecond)
	case 3:
		time.Sleep(time.Duration(rng.Intn(3)) * time.Millisecond)
	}
	text := e.c.Text(uri)
	edit := func(start, end int, repl string) {
		r := e.c.Range(uri, start, end)
		if err := e.c.Edit(e.ctx, uri, lsptest.Change{Range: &r, Text: repl}); err != nil {
			t.Error(err)
		}
	}
	switch rng.Intn(7) {
	case 0: // no edit
	case 1:
		edit(0, 0, "Well. ")
	case 2:
		edit(len(text), len(text), "\nMore text.\n")
	case 3: // inside the target
		if i := strings.Index(text, "quick"); i >= 0 {
			edit(i, i+1, "Q")
		}
	case 4: // the whole document, unchanged, as one change
		if err := e.c.Edit(e.ctx, uri, lsptest.Change{Text: text}); err != nil {
			t.Error(err)
		}
	case 5: // closed and reopened at version 1 with another text
		if err := e.c.CloseDocument(e.ctx, uri); err != nil {
			t.Error(err)
		}
		// One round trip between close and reopen, as any editor takes: an edit the server sent
		// before it saw the close reaches the editor while the document is closed (and is
		// refused); one sent later would be the server's fault.
		e.sync()
		rc.open(e, uri, "Other words first.\n\n"+raceDoc)
	case 6: // inside the gap: fill-all plans again
		if i := strings.Index(text, "[...]"); i >= 0 {
			edit(i, i+5, "[...]")
		}
	}
	o := <-run
	tally.runs++
	rc.mu.Lock()
	applied := rc.applied[uri]
	rc.mu.Unlock()
	switch {
	case o.err != nil:
		if o.err.Error() == "" {
			tally.lost++
			t.Errorf("sequence %d: %s failed with an empty error", i, command)
		} else {
			tally.told++
		}
	case o.res.Status == lsp.StatusApplied:
		if applied == 0 {
			tally.lost++
			t.Errorf("sequence %d: %s says applied, but the editor applied nothing", i, command)
		} else {
			tally.applied++
		}
	case o.res.Message != "":
		tally.told++
	default:
		tally.lost++
		t.Errorf("sequence %d: %s ended %q with nothing applied and nothing said", i, command, o.res.Status)
	}
	if err := e.c.CloseDocument(e.ctx, uri); err != nil {
		t.Error(err)
	}
	rc.mu.Lock()
	delete(rc.epoch, uri)
	delete(rc.asked, uri)
	delete(rc.applied, uri)
	delete(rc.target, uri)
	rc.mu.Unlock()
}

// newRaceEnv starts a server on r with the checking editor, initialized, diagnostics off.
func newRaceEnv(t *testing.T, guard time.Duration, r lsp.Refiner, fake bool) (*env, *raceCheck) {
	rc := newRaceCheck(fake)
	e := newEnvFor(t, guard, nil, lsptest.Hooks{OnApplyEdit: rc.onApplyEdit}, lsp.WithRefiner(r),
		lsp.WithDiagnosticDelay(time.Hour))
	rc.c = e.c
	if _, err := e.c.Initialize(e.ctx, map[string]any{"diagnostics": false}, nil); err != nil {
		t.Fatal(err)
	}
	return e, rc
}

func raceSequences(t *testing.T, guard time.Duration, r lsp.Refiner, fake bool, n int) raceTally {
	e, rc := newRaceEnv(t, guard, r, fake)
	rng := rand.New(rand.NewSource(1))
	var tally raceTally
	for i := 0; i < n && !t.Failed(); i++ {
		raceOnce(t, e, rc, rng, i, &tally)
	}
	return rc.report(t, tally)
}

// report fails the test for every stale edit and logs the tally.
func (rc *raceCheck) report(t *testing.T, tally raceTally) raceTally {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	tally.stale = len(rc.stale)
	for _, s := range rc.stale {
		t.Errorf("stale edit applied: %s", s)
	}
	t.Logf("%d sequences: %d applied, %d told why not, %d stale, %d lost", tally.runs, tally.applied, tally.told, tally.stale, tally.lost)
	return tally
}

// 1,000 raced sequences with the fake refiner (300 under -short, as in the race-detector run).
func TestRaceEditsDuringRefine(t *testing.T) {
	n := 1000
	if testing.Short() {
		n = 300
	}
	raceSequences(t, hangGuard, &fakeRefiner{steps: 3, delay: 100 * time.Microsecond}, true, n)
}

// 50 raced sequences with the real model.
func TestRaceEditsDuringRefineRealModel(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the real model")
	}
	m, err := engine.Load("")
	if err != nil {
		t.Fatal(err)
	}
	raceSequences(t, 15*time.Minute, refine.New(m), false, 50)
}
