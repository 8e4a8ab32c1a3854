package lsp

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"go.lsp.dev/protocol"
	"go.uber.org/zap"

	"github.com/redraft/redraft/refine"
)

// request is one piece of model work on a document snapshot, described so that it can be run
// again on a newer version of the document.
type request struct {
	verb  string   // "refining", for progress and messages
	label string   // the workspace/applyEdit label (clients name the undo step after it)
	none  string   // what to tell the user when the model proposes nothing
	snap  snapshot // the version compute runs on
	// compute runs on the worker and returns the proposals, best first.
	compute func(ctx context.Context, r Refiner, snap snapshot, p refine.Progress) ([]proposal, error)
	// retarget carries the request onto the document's latest version; false when it cannot
	// (the change touched the text the request is about).
	retarget func(old snapshot) (snapshot, bool)
}

// proposal is one candidate edit set with a short preview for the alternatives picker.
type proposal struct {
	edits   []refine.Edit
	preview string
}

const staleMessage = "Redraft: the document changed while the model was running; nothing was applied. Run the command again."

// run queues req on the model worker with progress and cancellation, lets the next request in
// (the order is kept by the queue from here on), recomputes once if the document changed during
// the run, asks the user to pick when there are several proposals, and applies the chosen one if
// the document is still at the version it was computed for.
func (s *server) run(ctx context.Context, token json.RawMessage, req *request) (*CommandResult, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	defer s.track(cancel)()
	p := s.newProgress("Redraft: "+req.verb, token, cancel)

	var props []proposal
	for attempt := 0; ; attempt++ {
		snap := req.snap
		j := s.worker.enqueue(ctx, func(ctx context.Context) error {
			r, err := s.ensureModel()
			if err != nil {
				return err
			}
			p.waitBegun(ctx)
			p.message(req.verb)
			props, err = req.compute(ctx, r, snap, p.report)
			return err
		})
		if attempt == 0 {
			release(ctx)
			msg := req.verb
			if n := s.worker.position(j); n > 0 {
				msg = fmt.Sprintf("queued (%d ahead)", n)
			}
			p.begin(ctx, msg)
		}
		if err := s.worker.wait(j); err != nil {
			if ctx.Err() != nil {
				p.end("cancelled")
			} else {
				p.end("failed")
			}
			return s.failure(req, err)
		}
		_, same, err := s.docs.current(snap.uri, snap.gen)
		if err != nil || same || attempt > 0 || len(props) == 0 {
			break
		}
		newer, ok := req.retarget(snap)
		if !ok {
			break // applyEdit below reports the stale document
		}
		s.logger.Info("document changed during the run; running again",
			zap.String("uri", string(snap.uri)), zap.Int32("from", snap.version), zap.Int32("to", newer.version))
		req.snap = newer
		p.message("the document changed: running again")
	}
	if err := ctx.Err(); err != nil {
		// Cancelled after the model finished: the user asked for nothing to happen.
		p.end("cancelled")
		return nil, err
	}
	if len(props) == 0 {
		p.end("no change")
		return s.tell(protocol.MessageTypeInfo, StatusUnchanged, req.none)
	}
	p.end("done")

	choice := 0
	if len(props) > 1 {
		i, ok, err := s.pick(ctx, props)
		if err != nil {
			return nil, err
		}
		if !ok {
			return &CommandResult{Status: StatusDismissed}, nil
		}
		choice = i
	}
	edits, err := textEdits(req.snap, props[choice].edits, s.encoding())
	if err != nil {
		s.logger.Error("refiner returned a bad edit", zap.Error(err))
		return s.tell(protocol.MessageTypeError, StatusFailed,
			"Redraft: internal error: the model's edit does not fit the document ("+err.Error()+"); nothing was changed.")
	}
	if len(edits) == 0 {
		return s.tell(protocol.MessageTypeInfo, StatusUnchanged, req.none)
	}
	return s.applyEdit(ctx, req.snap, edits, req.label)
}

// failure turns a model error into the command's answer: a cancelled request gets the
// RequestCancelled error, a bad range InvalidParams, and everything the user can act on a
// window/showMessage saying what is wrong (and status "failed").
func (s *server) failure(req *request, err error) (*CommandResult, error) {
	var me *modelError
	switch {
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return nil, err
	case errors.Is(err, refine.ErrInvalidRange):
		return nil, invalidParams("%v", err)
	case errors.Is(err, refine.ErrTooLong):
		return s.tell(protocol.MessageTypeWarning, StatusFailed,
			"Redraft: the selection is too long to refine at once ("+err.Error()+"); select a shorter passage.")
	case errors.Is(err, refine.ErrInvalidUTF8):
		return s.tell(protocol.MessageTypeWarning, StatusFailed,
			"Redraft: the text is not valid UTF-8 ("+err.Error()+"); nothing was changed.")
	case errors.Is(err, refine.ErrInvalidOptions):
		return s.tell(protocol.MessageTypeError, StatusFailed,
			"Redraft: a setting is out of range ("+err.Error()+"); check the redraft settings.")
	case errors.As(err, &me), errors.Is(err, errNoModel):
		return s.tell(protocol.MessageTypeError, StatusFailed, "Redraft: "+err.Error())
	}
	return s.tell(protocol.MessageTypeError, StatusFailed, "Redraft: "+req.verb+" failed: "+err.Error())
}

// pick asks the user to choose one proposal with window/showMessageRequest.
func (s *server) pick(ctx context.Context, props []proposal) (int, bool, error) {
	items := make([]protocol.MessageActionItem, len(props))
	for i, p := range props {
		items[i].Title = fmt.Sprintf("%d: %s", i+1, p.preview)
	}
	var chosen *protocol.MessageActionItem
	err := protocol.Call(ctx, s.conn, protocol.MethodWindowShowMessageRequest, &protocol.ShowMessageRequestParams{
		Type:    protocol.MessageTypeInfo,
		Message: fmt.Sprintf("Redraft: %d revisions, best first. Pick one to apply:", len(props)),
		Actions: items,
	}, &chosen)
	if err != nil {
		return 0, false, err
	}
	if chosen != nil {
		for i, it := range items {
			if it.Title == chosen.Title {
				return i, true, nil
			}
		}
	}
	return 0, false, nil
}

// applyEdit sends the edits as a workspace/applyEdit for snap's version, unless the document has
// changed since (then the user is told and nothing is sent).
func (s *server) applyEdit(ctx context.Context, snap snapshot, edits []protocol.TextEdit, label string) (*CommandResult, error) {
	if _, same, err := s.docs.current(snap.uri, snap.gen); err != nil || !same {
		return s.tell(protocol.MessageTypeWarning, StatusStale, staleMessage)
	}
	edit := protocol.WorkspaceEdit{}
	if s.clientCaps().Workspace.WorkspaceEdit.DocumentChanges {
		v := snap.version
		edit.DocumentChanges = []protocol.TextDocumentEdit{{
			TextDocument: protocol.OptionalVersionedTextDocumentIdentifier{
				TextDocumentIdentifier: protocol.TextDocumentIdentifier{URI: snap.uri},
				Version:                &v,
			},
			Edits: edits,
		}}
	} else {
		edit.Changes = map[protocol.DocumentURI][]protocol.TextEdit{snap.uri: edits}
	}
	// Not protocol.Client.ApplyEdit: v0.12.0 decodes its result as a bool and fails on real clients.
	var res protocol.ApplyWorkspaceEditResponse
	err := protocol.Call(ctx, s.conn, protocol.MethodWorkspaceApplyEdit,
		&protocol.ApplyWorkspaceEditParams{Label: label, Edit: edit}, &res)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, fmt.Errorf("workspace/applyEdit failed: %w", err)
	}
	if !res.Applied {
		msg := "Redraft: the editor did not apply the edit"
		if res.FailureReason != "" {
			msg += ": " + res.FailureReason
		}
		return s.tell(protocol.MessageTypeWarning, StatusRejected, msg+".")
	}
	return &CommandResult{Status: StatusApplied, Edits: len(edits)}, nil
}
