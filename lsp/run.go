package lsp

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.uber.org/zap"

	"github.com/redraft/redraft/refine"
)

// request is one piece of model work on a document, planned as targets (byte ranges of snap),
// each computed by one model call, one worker step. Between steps the worker serves whatever
// else was queued, and the plan is carried across the edits made meanwhile.
type request struct {
	verb  string   // "refining", for progress and messages
	label string   // the workspace/applyEdit label (clients name the undo step after it)
	none  string   // what to tell the user when the model proposes nothing
	unit  string   // what one target is, for progress ("gap", "paragraph")
	key   string   // a newer request with the same key supersedes this one while it waits
	snap  snapshot // the version the plan is for
	plan  []target
	// compute runs one target on the worker and returns its proposals, best first, with edits in
	// bytes of snap. Only a request of one target offers alternatives.
	compute func(ctx context.Context, r Refiner, snap snapshot, t target, p refine.Progress) ([]proposal, error)
	// replan finds the targets again on a newer snapshot after an edit touched one (fill-all
	// finds the gaps again); nil means the request is stale then.
	replan func(snap snapshot) []target
}

// target is one model call's range.
type target struct{ start, end int }

// proposal is one candidate edit set with a short preview for the alternatives picker.
type proposal struct {
	edits   []refine.Edit
	preview string
}

const staleMessage = "Redraft: the document changed while the model was running; nothing was applied. Run the command again."

// maxReplans bounds how often a request of several targets starts over because edits touched
// them.
const maxReplans = 3

// errStale ends a request whose targets an edit touched.
var errStale = errors.New("the document changed under the request")

// progress is planned per target when there are several: "gap 3 of 160".
func (req *request) stepProgress(p *progress, k int) refine.Progress {
	n := len(req.plan)
	if n == 1 {
		return p.report
	}
	p.step(k, n, req.unit)
	return nil
}

// running is the state of a request between its steps. Only the worker touches it while the job
// runs; the handler reads it after the job ends.
type running struct {
	req     *request
	results [][]proposal // per target of req.plan, in order
	replans int
}

// carry brings the plan and the results so far onto the document's latest version. It returns
// errStale when an edit touched them and the request cannot start over.
func (s *server) carry(st *running) error {
	req := st.req
	latest, err := s.docs.get(req.snap.uri)
	if err != nil || latest.opened != req.snap.opened {
		return errStale // closed, or closed and opened again: another text now
	}
	if latest.gen == req.snap.gen {
		return nil
	}
	var spans [][2]int
	for _, t := range req.plan {
		spans = append(spans, [2]int{t.start, t.end})
	}
	for _, props := range st.results {
		for _, p := range props {
			for _, e := range p.edits {
				spans = append(spans, [2]int{e.Start, e.End})
			}
		}
	}
	if snap, ok := s.docs.carry(req.snap.uri, req.snap.gen, spans); ok {
		for i := range req.plan {
			req.plan[i] = target{spans[i][0], spans[i][1]}
		}
		k := len(req.plan)
		for _, props := range st.results {
			for _, p := range props {
				for i := range p.edits {
					p.edits[i].Start, p.edits[i].End = spans[k][0], spans[k][1]
					k++
				}
			}
		}
		req.snap = snap
		return nil
	}
	if req.replan == nil || st.replans == maxReplans {
		return errStale
	}
	st.replans++
	s.logger.Info("an edit touched the request's text; planning again",
		zap.String("uri", string(req.snap.uri)), zap.Int("replans", st.replans))
	req.snap = latest
	req.plan = req.replan(latest)
	st.results = st.results[:0]
	return nil
}

// run queues req on the model worker as a job of one step per target, with progress and
// cancellation, lets the next request in (the order is kept by the queue from here on), asks the
// user to pick when there are several proposals, and applies the chosen one to the version it was
// carried to, if the document is still at it.
func (s *server) run(ctx context.Context, token json.RawMessage, req *request) (*CommandResult, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	defer s.track(cancel)()
	p := s.newProgress("Redraft: "+req.verb, token, cancel)

	st := &running{req: req}
	step := func(ctx context.Context) (bool, error) {
		if err := s.carry(st); err != nil {
			return true, err
		}
		k := len(st.results)
		if k == len(req.plan) {
			return true, nil // replanned to nothing
		}
		r, err := s.ensureModel()
		if err != nil {
			return true, err
		}
		if k == 0 {
			p.waitBegun(ctx)
			p.message(req.verb)
		}
		props, err := req.compute(ctx, r, req.snap, req.plan[k], req.stepProgress(p, k))
		if err != nil {
			return true, err
		}
		st.results = append(st.results, props)
		return len(st.results) == len(req.plan), nil
	}
	j := s.worker.enqueueSteps(ctx, req.key, step)
	release(ctx)
	msg := req.verb
	if n := s.worker.position(j); n > 0 {
		msg = fmt.Sprintf("queued (%d ahead)", n)
	}
	p.begin(ctx, msg)
	err := s.worker.wait(j)
	for err == nil {
		// Edits made after the last step: carried, or planned again and run again.
		if err = s.carry(st); err != nil || len(st.results) == len(req.plan) {
			break
		}
		err = s.worker.wait(s.worker.enqueueSteps(ctx, "", step))
	}
	switch {
	case errors.Is(err, errStale):
		p.end("stale")
		return s.tell(protocol.MessageTypeWarning, StatusStale, staleMessage)
	case errors.Is(err, errSuperseded):
		p.end("superseded")
		return &CommandResult{Status: StatusSuperseded, Message: supersededMessage}, nil
	case err != nil:
		if ctx.Err() != nil {
			p.end("cancelled")
		} else {
			p.end("failed")
		}
		return s.failure(req, err)
	}
	if err := ctx.Err(); err != nil {
		// Cancelled after the model finished: the user asked for nothing to happen.
		p.end("cancelled")
		return nil, err
	}
	var props []proposal
	if len(st.results) == 1 {
		props = st.results[0]
	} else {
		var edits []refine.Edit
		for _, r := range st.results {
			if len(r) > 0 {
				edits = append(edits, r[0].edits...)
			}
		}
		props = appendProposal(nil, req.snap.text, edits)
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

const supersededMessage = "Redraft: a newer request for the same text replaced this one."

// failure turns a model error into the command's answer: a cancelled request gets the
// RequestCancelled error, a bad range InvalidParams, and everything the user can act on a
// window/showMessage saying what is wrong (and status "failed").
func (s *server) failure(req *request, err error) (*CommandResult, error) {
	var me *modelError
	var pe *panicError
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
	case errors.As(err, &pe):
		// Logged with its stack by the worker; the user gets the error, the server goes on.
		msg := "Redraft: " + req.verb + " failed: " + err.Error()
		s.showMessage(protocol.MessageTypeError, msg)
		return nil, jsonrpc2.NewError(jsonrpc2.InternalError, msg)
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
	// The freshness check and the queueing of the call are one step for the document: a close,
	// reopen or change read meanwhile waits, so it reaches the editor after the edit, which the
	// editor then judges by its version as usual. The answer is awaited outside that step.
	var res protocol.ApplyWorkspaceEditResponse
	done := make(chan error, 1)
	current := s.docs.whileCurrent(snap.uri, snap.gen, func() {
		callCtx, queued := whenQueued(ctx)
		go func() {
			done <- protocol.Call(callCtx, s.conn, protocol.MethodWorkspaceApplyEdit,
				&protocol.ApplyWorkspaceEditParams{Label: label, Edit: edit}, &res)
		}()
		select {
		case <-queued:
		case err := <-done: // not queued: failed before the write
			done <- err
		}
	})
	if !current {
		return s.tell(protocol.MessageTypeWarning, StatusStale, staleMessage)
	}
	if err := <-done; err != nil {
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
