package lsp

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"strings"

	"go.lsp.dev/protocol"

	"github.com/redraft/redraft/refine"
)

// Command arguments: every command takes exactly one JSON object.

// refineArgs is redraft.refine's argument: {"uri", "range", "alternatives"?}.
type refineArgs struct {
	URI          protocol.DocumentURI `json:"uri"`
	Range        *protocol.Range      `json:"range"`
	Alternatives int                  `json:"alternatives,omitempty"` // 0: the alternatives setting
}

// fillArgs is redraft.fill's argument: {"uri", "position"}.
type fillArgs struct {
	URI      protocol.DocumentURI `json:"uri"`
	Position *protocol.Position   `json:"position"`
}

// fillAllArgs is redraft.fillAll's argument: {"uri"}.
type fillAllArgs struct {
	URI protocol.DocumentURI `json:"uri"`
}

// applyArgs is redraft.apply's argument: {"uri", "version", "edits"}.
type applyArgs struct {
	URI     protocol.DocumentURI `json:"uri"`
	Version *int32               `json:"version"`
	Edits   []protocol.TextEdit  `json:"edits"`
}

// executeCommand decodes the argument of each command the server offers and runs it.
func (s *server) executeCommand(ctx context.Context, p *executeCommandParams) (*CommandResult, error) {
	switch p.Command {
	case CommandRefine:
		var a refineArgs
		if err := commandArg(p, &a.URI, &a); err != nil {
			return nil, err
		}
		return s.refineCommand(ctx, p.WorkDoneToken, a)
	case CommandFill:
		var a fillArgs
		if err := commandArg(p, &a.URI, &a); err != nil {
			return nil, err
		}
		return s.fillCommand(ctx, p.WorkDoneToken, a)
	case CommandFillAll:
		var a fillAllArgs
		if err := commandArg(p, &a.URI, &a); err != nil {
			return nil, err
		}
		return s.fillAllCommand(ctx, p.WorkDoneToken, a)
	case CommandApply:
		var a applyArgs
		if err := commandArg(p, &a.URI, &a); err != nil {
			return nil, err
		}
		return s.applyCommand(ctx, a)
	case CommandAddWord:
		var a addWordArgs
		if err := commandArg(p, &a.URI, &a); err != nil {
			return nil, err
		}
		return s.addWordCommand(a)
	case CommandIgnore:
		var a ignoreArgs
		if err := commandArg(p, &a.URI, &a); err != nil {
			return nil, err
		}
		return s.ignoreCommand(a)
	}
	return nil, invalidParams("unknown command %q (the server offers %s)", p.Command, strings.Join(serverCommands(), ", "))
}

// commandArg decodes the single argument object into dst and checks that it names a document.
func commandArg(p *executeCommandParams, uri *protocol.DocumentURI, dst any) error {
	if len(p.Arguments) != 1 {
		return invalidParams("%s takes one argument object, got %d arguments", p.Command, len(p.Arguments))
	}
	if err := json.Unmarshal(p.Arguments[0], dst); err != nil {
		return invalidParams("%s: bad argument: %v", p.Command, err)
	}
	if *uri == "" {
		return invalidParams(`%s: the argument has no "uri"`, p.Command)
	}
	return nil
}

func (s *server) refineCommand(ctx context.Context, token json.RawMessage, a refineArgs) (*CommandResult, error) {
	if a.Range == nil {
		return nil, invalidParams(`%s: the argument has no "range"`, CommandRefine)
	}
	if a.Alternatives < 0 || a.Alternatives > maxAlternatives {
		return nil, invalidParams("%s: alternatives must be from 1 to %d, got %d", CommandRefine, maxAlternatives, a.Alternatives)
	}
	snap, err := s.docs.get(a.URI)
	if err != nil {
		return nil, err
	}
	start, end, err := snap.span(*a.Range, s.encoding())
	if err != nil {
		return nil, invalidParams("%s: %v", CommandRefine, err)
	}
	if strings.TrimSpace(snap.text[start:end]) == "" {
		return s.tell(protocol.MessageTypeInfo, StatusUnchanged, "Redraft: select the text to refine first.")
	}
	set := s.currentSettings()
	n := a.Alternatives
	if n == 0 {
		n = set.Alternatives
	}
	opt := s.refineOptions(n)
	req := &request{
		verb:  "refining",
		label: "Redraft: refine",
		none:  "Redraft: no better revision found; the text is unchanged.",
		unit:  "paragraph",
		key:   fmt.Sprintf("refine %s %d %d %d %x", a.URI, start, end, n, sha256.Sum256([]byte(snap.text[start:end]))),
		snap:  snap,
		plan:  paragraphTargets(snap.text, start, end),
	}
	if len(req.plan) > 1 {
		opt.Alternatives = 1 // one revision per paragraph; no picker
	}
	req.compute = func(ctx context.Context, r Refiner, snap snapshot, t target, p refine.Progress) ([]proposal, error) {
		res, err := r.Refine(ctx, snap.text, t.start, t.end, opt, p)
		if err != nil || res == nil {
			return nil, err
		}
		var props []proposal
		for _, c := range res.Candidates {
			props = appendProposal(props, snap.text, c.Edits)
		}
		return props, nil
	}
	return s.run(ctx, token, req)
}

// paragraphTargets splits [start,end) at blank lines into the paragraphs that have text, so a
// long selection is refined one paragraph per model call (and other requests get their turn
// between them). A selection within one paragraph is one target, as selected.
func paragraphTargets(text string, start, end int) []target {
	var out []target
	for from := start; from < end; {
		cut := strings.Index(text[from:end], "\n\n")
		to := end
		if cut >= 0 {
			to = from + cut
		}
		if strings.TrimSpace(text[from:to]) != "" {
			out = append(out, target{from, to})
		}
		if cut < 0 {
			break
		}
		from = to + 2
	}
	if len(out) <= 1 {
		return []target{{start, end}}
	}
	return out
}

func (s *server) fillCommand(ctx context.Context, token json.RawMessage, a fillArgs) (*CommandResult, error) {
	if a.Position == nil {
		return nil, invalidParams(`%s: the argument has no "position"`, CommandFill)
	}
	snap, err := s.docs.get(a.URI)
	if err != nil {
		return nil, err
	}
	off, err := snap.offset(*a.Position, s.encoding())
	if err != nil {
		return nil, invalidParams("%s: %v", CommandFill, err)
	}
	set := s.currentSettings()
	gap, ok := gapIn(refine.FindGaps(snap.text, set.Markers), off, off)
	if !ok {
		return s.tell(protocol.MessageTypeInfo, StatusUnchanged,
			"Redraft: there is no gap marker ("+strings.Join(set.Markers, ", ")+") at the cursor.")
	}
	opt := s.refineOptions(1)
	req := &request{
		verb:  "filling the gap",
		label: "Redraft: fill gap",
		none:  "Redraft: the model found nothing to put in the gap; the text is unchanged.",
		unit:  "gap",
		key:   fmt.Sprintf("fill %s %d %d", a.URI, gap.Start, gap.End),
		snap:  snap,
		plan:  []target{{gap.Start, gap.End}},
	}
	req.compute = func(ctx context.Context, r Refiner, snap snapshot, t target, p refine.Progress) ([]proposal, error) {
		return fillTarget(ctx, r, snap, t, set.Markers, opt, p)
	}
	return s.run(ctx, token, req)
}

// fillTarget fills the gap at t, if the text there is still a gap.
func fillTarget(ctx context.Context, r Refiner, snap snapshot, t target, markers []string, opt refine.Options, p refine.Progress) ([]proposal, error) {
	for _, g := range refine.FindGaps(snap.text, markers) {
		if g.Start == t.start && g.End == t.end {
			res, err := r.Fill(ctx, snap.text, []refine.Gap{g}, opt, p)
			return fillProposals(snap.text, res), err
		}
	}
	return nil, nil
}

func (s *server) fillAllCommand(ctx context.Context, token json.RawMessage, a fillAllArgs) (*CommandResult, error) {
	snap, err := s.docs.get(a.URI)
	if err != nil {
		return nil, err
	}
	set := s.currentSettings()
	gaps := refine.FindGaps(snap.text, set.Markers)
	if len(gaps) == 0 {
		return s.tell(protocol.MessageTypeInfo, StatusUnchanged,
			"Redraft: the document has no gap markers ("+strings.Join(set.Markers, ", ")+").")
	}
	opt := s.refineOptions(1)
	req := &request{
		verb:  plural(len(gaps), "filling %d gap", "filling %d gaps"),
		label: "Redraft: fill all gaps",
		none:  "Redraft: the model found nothing to put in the gaps; the text is unchanged.",
		unit:  "gap",
		key:   "fillAll " + string(a.URI),
		snap:  snap,
	}
	gapsOf := func(snap snapshot) []target {
		var plan []target
		for _, g := range refine.FindGaps(snap.text, set.Markers) {
			plan = append(plan, target{g.Start, g.End})
		}
		return plan
	}
	req.plan, req.replan = gapsOf(snap), gapsOf
	// One gap per model call: progress per gap, cancellation and other requests between gaps.
	req.compute = func(ctx context.Context, r Refiner, snap snapshot, t target, p refine.Progress) ([]proposal, error) {
		return fillTarget(ctx, r, snap, t, set.Markers, opt, p)
	}
	return s.run(ctx, token, req)
}

// applyCommand applies edits a client computed earlier against a given version (no model work).
func (s *server) applyCommand(ctx context.Context, a applyArgs) (*CommandResult, error) {
	if a.Version == nil {
		return nil, invalidParams(`%s: the argument has no "version"`, CommandApply)
	}
	snap, err := s.docs.get(a.URI)
	if err != nil {
		return nil, err
	}
	if snap.version != *a.Version {
		return s.tell(protocol.MessageTypeWarning, StatusStale, staleMessage)
	}
	enc := s.encoding()
	for i, e := range a.Edits {
		if _, _, err := snap.span(e.Range, enc); err != nil {
			return nil, invalidParams("%s: edit %d: %v", CommandApply, i+1, err)
		}
	}
	if len(a.Edits) == 0 {
		return &CommandResult{Status: StatusUnchanged}, nil
	}
	return s.applyEdit(ctx, snap, a.Edits, "Redraft: apply")
}

func plural(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf(one, n)
	}
	return fmt.Sprintf(many, n)
}

// tell shows msg to the user and returns it as the command's result.
func (s *server) tell(typ protocol.MessageType, status, msg string) (*CommandResult, error) {
	s.showMessage(typ, msg)
	return &CommandResult{Status: status, Message: msg}, nil
}
