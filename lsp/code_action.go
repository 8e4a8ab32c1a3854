package lsp

import (
	"context"
	"encoding/json"
	"slices"
	"strings"

	"go.lsp.dev/protocol"
	"go.uber.org/zap"

	"github.com/redraft/redraft/refine"
)

// Code action titles.
const (
	TitleRefine       = "Refine selection"
	TitleAlternatives = "Refine: more alternatives"
	TitleFill         = "Fill gap"
	TitleFillAll      = "Fill all gaps"
)

// moreAlternatives is how many candidates "Refine: more alternatives" asks for at least.
const moreAlternatives = 3

// codeAction lists the actions for a range. Listing does no model work: every action is a Command
// (redraft.refine, redraft.fill, redraft.fillAll) that runs through workspace/executeCommand, which
// every client supports and which carries progress, cancellation and the alternatives picker.
func (s *server) codeAction(_ context.Context, p *protocol.CodeActionParams) ([]codeAction, error) {
	var actions []codeAction
	if wantsQuickFix(p.Context.Only) {
		actions = s.quickFixes(p.TextDocument.URI, p.Context.Diagnostics)
	}
	if !wantsRewrite(p.Context.Only) {
		return actions, nil
	}
	snap, err := s.docs.get(p.TextDocument.URI)
	if err != nil {
		s.logger.Debug("codeAction on a document that is not open", zap.String("uri", string(p.TextDocument.URI)))
		return actions, nil
	}
	start, end, err := snap.span(p.Range, s.encoding())
	if err != nil {
		return nil, invalidParams("textDocument/codeAction: %v", err)
	}
	set := s.currentSettings()
	uri := snap.uri
	if strings.TrimSpace(snap.text[start:end]) != "" {
		actions = append(actions,
			action(TitleRefine, CommandRefine, refineArgs{URI: uri, Range: &p.Range}),
			action(TitleAlternatives, CommandRefine, refineArgs{URI: uri, Range: &p.Range,
				Alternatives: max(moreAlternatives, set.Alternatives)}))
	}
	gaps := refine.FindGaps(snap.text, set.Markers)
	if g, ok := gapIn(gaps, start, end); ok {
		pos, err := snap.position(g.Start, s.encoding())
		if err == nil {
			actions = append(actions, action(TitleFill, CommandFill, fillArgs{URI: uri, Position: &pos}))
		}
	}
	if len(gaps) > 0 {
		actions = append(actions, action(TitleFillAll, CommandFillAll, fillAllArgs{URI: uri}))
	}
	return actions, nil
}

func action(title, command string, args any) codeAction {
	return codeAction{
		Title:   title,
		Kind:    protocol.RefactorRewrite,
		Command: &protocol.Command{Title: title, Command: command, Arguments: []any{args}},
	}
}

// wantsRewrite reports whether a codeAction "only" filter admits refactor.rewrite.
func wantsRewrite(only []protocol.CodeActionKind) bool {
	if len(only) == 0 {
		return true
	}
	return slices.ContainsFunc(only, func(k protocol.CodeActionKind) bool {
		return k == protocol.Refactor || k == protocol.RefactorRewrite || k == ""
	})
}

// gapIn returns the first gap the range [start,end] touches: for a cursor (start == end), a gap
// the cursor is on or inside, its ends included; for a selection, a gap it overlaps.
func gapIn(gaps []refine.Gap, start, end int) (refine.Gap, bool) {
	for _, g := range gaps {
		if start == end && g.Start <= start && start <= g.End {
			return g, true
		}
		if start < end && g.Start < end && start < g.End {
			return g, true
		}
	}
	return refine.Gap{}, false
}

// resolveCodeAction returns the action unchanged. The server does not advertise resolveProvider
// (its actions are complete Commands), but answers clients that resolve anyway.
func (s *server) resolveCodeAction(_ context.Context, p *json.RawMessage) (json.RawMessage, error) {
	if p == nil || len(*p) == 0 {
		return nil, invalidParams("codeAction/resolve: missing code action")
	}
	return *p, nil
}
