package lsp

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"time"

	"go.lsp.dev/protocol"
	"go.uber.org/zap"
)

// progressTracker maps work-done tokens to the cancel function of the work they report on, for
// window/workDoneProgress/cancel.
type progressTracker struct {
	mu      sync.Mutex
	seq     int
	byToken map[string]*progress
}

func newProgressTracker() *progressTracker {
	return &progressTracker{byToken: make(map[string]*progress)}
}

// tokenKey normalises a raw token (a string or an integer) into a map key.
func tokenKey(raw json.RawMessage) (string, bool) {
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		return "", false
	}
	switch v := v.(type) {
	case string:
		return "s:" + v, true
	case float64:
		return fmt.Sprintf("n:%v", v), true
	}
	return "", false
}

// cancel cancels the work reported under token; it reports whether the token was known.
func (t *progressTracker) cancel(raw json.RawMessage) bool {
	key, ok := tokenKey(raw)
	if !ok {
		return false
	}
	t.mu.Lock()
	p := t.byToken[key]
	t.mu.Unlock()
	if p == nil {
		return false
	}
	p.cancel()
	return true
}

// progress is one work-done progress report. A nil *progress is valid and does nothing, so
// callers never check whether the client supports progress.
type progress struct {
	s      *server
	token  json.RawMessage
	key    string
	create bool // the server made the token: announce it with window/workDoneProgress/create
	title  string
	cancel context.CancelFunc
	ready  chan struct{} // closed once begin has been sent (or has failed)

	mu    sync.Mutex
	state int // 0 new, 1 begun, 2 ended
	pct   int
}

// newProgress prepares a progress report for work that cancel stops. It uses the client's token if
// the request carried one, else a fresh server token when the client supports
// window/workDoneProgress; otherwise it returns nil. Nothing is sent until begin.
func (s *server) newProgress(title string, clientToken json.RawMessage, cancel context.CancelFunc) *progress {
	p := &progress{s: s, title: title, cancel: cancel, ready: make(chan struct{})}
	t := s.progress
	t.mu.Lock()
	defer t.mu.Unlock()
	if key, ok := tokenKey(clientToken); ok {
		p.token, p.key = clientToken, key
	} else if s.clientCaps().Window.WorkDoneProgress {
		t.seq++
		p.token, _ = json.Marshal(fmt.Sprintf("redraft/%d", t.seq))
		p.key, _ = tokenKey(p.token)
		p.create = true
	} else {
		return nil
	}
	t.byToken[p.key] = p
	return p
}

// begin announces the token if needed, then sends "begin" with 0%.
func (p *progress) begin(ctx context.Context, message string) {
	if p == nil {
		return
	}
	defer close(p.ready)
	if p.create {
		err := protocol.Call(ctx, p.s.conn, protocol.MethodWorkDoneProgressCreate,
			map[string]json.RawMessage{"token": p.token}, nil)
		if err != nil {
			p.s.logger.Debug("window/workDoneProgress/create failed", zap.Error(err))
			p.unregister()
			return
		}
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.state != 0 {
		return
	}
	p.state = 1
	cancellable, zero := true, uint32(0)
	p.send(progressValue{Kind: "begin", Title: p.title, Cancellable: &cancellable, Message: message, Percentage: &zero})
}

// beginWait bounds how long model work waits for "begin" to go out before it starts anyway.
const beginWait = 5 * time.Second

// waitBegun waits until begin has been sent, so the first step reports are not lost; a client
// slow to answer window/workDoneProgress/create delays the work by at most beginWait.
func (p *progress) waitBegun(ctx context.Context) {
	if p == nil {
		return
	}
	t := time.NewTimer(beginWait)
	defer t.Stop()
	select {
	case <-p.ready:
	case <-ctx.Done():
	case <-t.C:
	}
}

// report sends the share of denoising steps done; repeated percentages are not re-sent.
func (p *progress) report(done, total int) {
	if p == nil || total <= 0 {
		return
	}
	pct := min(max(done*100/total, 0), 100)
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.state != 1 || pct == p.pct {
		return
	}
	p.pct = pct
	u := uint32(pct)
	p.send(progressValue{Kind: "report", Message: fmt.Sprintf("step %d of %d", done, total), Percentage: &u})
}

// step reports the start of target k (from 0) of n, e.g. "gap 3 of 160", with the share done.
func (p *progress) step(k, n int, unit string) {
	if p == nil || n <= 0 {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.state != 1 {
		return
	}
	p.pct = min(k*100/n, 100)
	u := uint32(p.pct)
	p.send(progressValue{Kind: "report", Message: fmt.Sprintf("%s %d of %d", unit, k+1, n), Percentage: &u})
}

// message sends a report with a new message and the current percentage.
func (p *progress) message(msg string) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.state != 1 {
		return
	}
	u := uint32(p.pct)
	p.send(progressValue{Kind: "report", Message: msg, Percentage: &u})
}

// end sends "end" (even when the work was cancelled) and forgets the token.
func (p *progress) end(message string) {
	if p == nil {
		return
	}
	p.mu.Lock()
	if p.state == 1 {
		p.send(progressValue{Kind: "end", Message: message})
	}
	p.state = 2
	p.mu.Unlock()
	p.unregister()
}

func (p *progress) unregister() {
	t := p.s.progress
	t.mu.Lock()
	if t.byToken[p.key] == p {
		delete(t.byToken, p.key)
	}
	t.mu.Unlock()
}

// send writes one $/progress notification; called with p.mu held, so messages keep their order.
// The context is detached: "end" must go out after the request was cancelled.
func (p *progress) send(v progressValue) {
	ctx := context.WithoutCancel(p.s.connCtx)
	if err := p.s.conn.Notify(ctx, protocol.MethodProgress, progressParams{Token: p.token, Value: v}); err != nil {
		p.s.logger.Debug("$/progress failed", zap.Error(err))
	}
}
