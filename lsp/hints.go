package lsp

import (
	"context"
	"errors"
	"strings"
	"sync"
	"time"

	"go.lsp.dev/protocol"
	"go.uber.org/zap"

	"github.com/redraft/redraft/refine"
)

// Weak-spot hints (setting "hints", off by default): once edits settle, the model refines each
// paragraph in the background and the words its revision would change become Hint diagnostics
// ("Redraft would write “swift”"). Hint work runs on the model worker at the back of the queue,
// and any user request preempts it (it is cancelled and tried again after the next pause), so it
// never delays a request. Results are cached per paragraph text.

const (
	defaultHintDelay  = 1500 * time.Millisecond
	hintMaxParagraph  = 2000 // bytes; longer paragraphs are skipped
	hintMaxParagraphs = 64   // per document pass
	hintCacheSize     = 512  // paragraphs
)

// WithHintDelay sets how long edits must pause before hints are recomputed (default 1.5 s).
func WithHintDelay(d time.Duration) Option { return func(o *options) { o.hintDelay = &d } }

type hinter struct {
	s     *server
	delay time.Duration

	mu        sync.Mutex
	timers    map[protocol.DocumentURI]*time.Timer
	published map[protocol.DocumentURI]bool
	cache     map[string][]refine.Edit // paragraph text -> edits relative to its start
	seq       int
	jobs      map[int]context.CancelFunc // hint jobs queued or running
}

func newHinter(s *server, delay time.Duration) *hinter {
	return &hinter{
		s: s, delay: delay,
		timers:    make(map[protocol.DocumentURI]*time.Timer),
		published: make(map[protocol.DocumentURI]bool),
		cache:     make(map[string][]refine.Edit),
		jobs:      make(map[int]context.CancelFunc),
	}
}

// schedule (re)starts the pause timer of a document if hints are on.
func (h *hinter) schedule(uri protocol.DocumentURI) {
	if !h.s.currentSettings().Hints {
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if t := h.timers[uri]; t != nil {
		t.Stop()
	}
	h.timers[uri] = time.AfterFunc(h.delay, func() { h.run(uri) })
}

// preempt cancels every queued or running hint job (a user request was queued).
func (h *hinter) preempt() {
	h.mu.Lock()
	cancels := make([]context.CancelFunc, 0, len(h.jobs))
	for _, c := range h.jobs {
		cancels = append(cancels, c)
	}
	h.mu.Unlock()
	for _, c := range cancels {
		c()
	}
}

// forget stops a closed document's timer and clears its hints.
func (h *hinter) forget(uri protocol.DocumentURI) {
	h.mu.Lock()
	if t := h.timers[uri]; t != nil {
		t.Stop()
		delete(h.timers, uri)
	}
	was := h.published[uri]
	delete(h.published, uri)
	h.mu.Unlock()
	if was {
		h.publish(uri, 0, nil)
	}
}

// disable clears every published hint.
func (h *hinter) disable() {
	h.mu.Lock()
	uris := make([]protocol.DocumentURI, 0, len(h.published))
	for uri := range h.published {
		uris = append(uris, uri)
	}
	for _, t := range h.timers {
		t.Stop()
	}
	h.timers = make(map[protocol.DocumentURI]*time.Timer)
	h.published = make(map[protocol.DocumentURI]bool)
	h.mu.Unlock()
	h.preempt()
	for _, uri := range uris {
		h.publish(uri, 0, nil)
	}
}

// run queues one hint pass over a document as background work. If a user request preempts it
// (queued or running), it is tried again after the next pause.
func (h *hinter) run(uri protocol.DocumentURI) {
	s := h.s
	ctx, cancel := context.WithCancel(s.connCtx)
	h.mu.Lock()
	h.seq++
	id := h.seq
	h.jobs[id] = cancel
	h.mu.Unlock()
	j := s.worker.enqueueBackground(ctx, func(ctx context.Context) error {
		if !s.currentSettings().Hints {
			return nil
		}
		return h.pass(ctx, uri)
	})
	go func() {
		err := s.worker.wait(j)
		h.mu.Lock()
		delete(h.jobs, id)
		h.mu.Unlock()
		cancel()
		switch {
		case errors.Is(err, context.Canceled) && s.connCtx.Err() == nil:
			h.schedule(uri)
		case err != nil:
			s.logger.Debug("hints failed", zap.String("uri", string(uri)), zap.Error(err))
		}
	}()
}

// pass computes and publishes the hints of one document version.
func (h *hinter) pass(ctx context.Context, uri protocol.DocumentURI) error {
	s := h.s
	snap, err := s.docs.get(uri)
	if err != nil {
		return nil // closed meanwhile
	}
	r, err := s.ensureModel()
	if err != nil {
		return err
	}
	opt := s.currentSettings().options(1)
	var diags []protocol.Diagnostic
	for i, p := range paragraphs(snap.text) {
		if i == hintMaxParagraphs {
			break
		}
		edits, err := h.paragraphEdits(ctx, r, snap.text, p, opt)
		if err != nil {
			return err
		}
		for _, e := range edits {
			d, ok := hintDiagnostic(snap, p[0], e, s.encoding())
			if ok {
				diags = append(diags, d)
			}
		}
	}
	if _, same, err := s.docs.current(uri, snap.version); err != nil || !same {
		return nil // changed meanwhile: the new version has its own pass scheduled
	}
	h.mu.Lock()
	h.published[uri] = true
	h.mu.Unlock()
	h.publish(uri, snap.version, diags)
	return nil
}

// paragraphEdits returns the model's revision of one paragraph, relative to its start, cached by
// the paragraph's text.
func (h *hinter) paragraphEdits(ctx context.Context, r Refiner, doc string, p [2]int, opt refine.Options) ([]refine.Edit, error) {
	key := doc[p[0]:p[1]]
	h.mu.Lock()
	edits, ok := h.cache[key]
	h.mu.Unlock()
	if ok {
		return edits, nil
	}
	res, err := r.Refine(ctx, doc, p[0], p[1], opt, nil)
	switch {
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return nil, err
	case err != nil:
		res = nil // not refinable (too long, protected...): no hints, and remember that
	}
	edits = []refine.Edit{}
	if res != nil && len(res.Candidates) > 0 {
		for _, e := range effective(doc, res.Candidates[0].Edits) {
			if e.Start >= p[0] && e.End <= p[1] {
				edits = append(edits, refine.Edit{Start: e.Start - p[0], End: e.End - p[0], Text: e.Text})
			}
		}
	}
	h.mu.Lock()
	if len(h.cache) >= hintCacheSize {
		h.cache = make(map[string][]refine.Edit)
	}
	h.cache[key] = edits
	h.mu.Unlock()
	return edits, nil
}

// hintDiagnostic turns one paragraph-relative edit into a Hint on the words it would replace
// (an insertion marks the character before it).
func hintDiagnostic(snap snapshot, base int, e refine.Edit, enc encoding) (protocol.Diagnostic, bool) {
	start, end := base+e.Start, base+e.End
	old := strings.TrimSpace(snap.text[start:end])
	repl := strings.Join(strings.Fields(e.Text), " ")
	msg := "Redraft would write “" + repl + "”"
	switch {
	case old == "" && repl == "":
		return protocol.Diagnostic{}, false
	case old == "":
		msg = "Redraft would insert “" + repl + "” here"
		if start > base {
			start-- // mark the character before the insertion
			for start > base && !isRuneStart(snap.text[start]) {
				start--
			}
		}
	case repl == "":
		msg = "Redraft would remove “" + old + "”"
	}
	rng, err := snap.rangeOf(start, end, enc)
	if err != nil {
		return protocol.Diagnostic{}, false
	}
	return protocol.Diagnostic{
		Range:    rng,
		Severity: protocol.DiagnosticSeverityHint,
		Source:   "redraft",
		Message:  msg,
	}, true
}

func isRuneStart(b byte) bool { return b&0xC0 != 0x80 }

// publish sends textDocument/publishDiagnostics.
func (h *hinter) publish(uri protocol.DocumentURI, version int32, diags []protocol.Diagnostic) {
	if diags == nil {
		diags = []protocol.Diagnostic{}
	}
	params := &protocol.PublishDiagnosticsParams{URI: uri, Diagnostics: diags}
	if version > 0 {
		params.Version = uint32(version)
	}
	err := h.s.conn.Notify(context.WithoutCancel(h.s.connCtx), protocol.MethodTextDocumentPublishDiagnostics, params)
	if err != nil {
		h.s.logger.Debug("publishDiagnostics failed", zap.Error(err))
	}
}

// paragraphs returns the byte ranges of the non-blank paragraphs of text (blank lines separate
// them), trimmed of surrounding whitespace.
func paragraphs(text string) [][2]int {
	var out [][2]int
	start := -1
	flush := func(end int) {
		if start < 0 {
			return
		}
		s, e := start, end
		for s < e && isSpace(text[s]) {
			s++
		}
		for e > s && isSpace(text[e-1]) {
			e--
		}
		if s < e && e-s <= hintMaxParagraph {
			out = append(out, [2]int{s, e})
		}
		start = -1
	}
	for off := 0; off < len(text); {
		nl := strings.IndexByte(text[off:], '\n')
		end := len(text)
		if nl >= 0 {
			end = off + nl + 1
		}
		if strings.TrimSpace(text[off:end]) == "" {
			flush(off)
		} else if start < 0 {
			start = off
		}
		off = end
	}
	flush(len(text))
	return out
}

func isSpace(b byte) bool { return b == ' ' || b == '\t' || b == '\n' || b == '\r' }
