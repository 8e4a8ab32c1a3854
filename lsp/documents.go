package lsp

import (
	"fmt"
	"sync"

	"go.lsp.dev/protocol"
)

// MaxDocumentBytes is the largest document the server tracks. A bigger one is refused at didOpen
// (or dropped when a didChange makes it bigger) with a message to the user; nothing else breaks.
const MaxDocumentBytes = 32 << 20

// snapshot is one version of an open document. It is immutable: handlers take one under the
// store's lock and then work on it (model runs included) without holding any lock.
//
// version is the client's number, sent back in versioned edits; gen is the server's own
// generation, unique across every open, change and reopen, and is what freshness is judged by: a
// client may reuse a version number (close and reopen at version 1), so an edit computed for an
// older text must not look current because the number matches.
type snapshot struct {
	uri     protocol.DocumentURI
	version int32
	gen     uint64
	opened  uint64 // the generation of the didOpen this text descends from
	*lineIndex
}

// change is one applied content change, in bytes of the text it was applied to; full marks a
// whole-document replacement, which no range can be carried across.
type change struct {
	gen              uint64 // document generation after the change
	start, end, size int    // replaced [start,end) with size bytes
	full             bool
}

// maxHistory bounds the per-document change log used to carry a range across edits.
const maxHistory = 256

type document struct {
	snap    snapshot
	base    uint64   // history holds every change made after generation base
	history []change // oldest first
}

// documents owns the text of every open document. All access goes through its mutex.
type documents struct {
	mu   sync.Mutex
	gen  uint64 // the last generation handed out
	docs map[protocol.DocumentURI]*document
}

func newDocuments() *documents {
	return &documents{docs: make(map[protocol.DocumentURI]*document)}
}

// errUnknownDocument is wrapped by get when a URI is not open.
type errUnknownDocument struct{ uri protocol.DocumentURI }

func (e errUnknownDocument) Error() string {
	return fmt.Sprintf("unknown document %s: it is not open (didOpen first)", e.uri)
}

// errTooLarge is a document over MaxDocumentBytes.
type errTooLarge struct{ size int }

func (e errTooLarge) Error() string {
	return fmt.Sprintf("the document is %.1f MiB; Redraft works on documents up to %d MiB",
		float64(e.size)/(1<<20), MaxDocumentBytes>>20)
}

// open starts tracking a document (replacing any earlier one at the URI).
func (d *documents) open(uri protocol.DocumentURI, version int32, text string) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if len(text) > MaxDocumentBytes {
		delete(d.docs, uri)
		return errTooLarge{len(text)}
	}
	d.gen++
	d.docs[uri] = &document{snap: snapshot{uri: uri, version: version, gen: d.gen, opened: d.gen, lineIndex: newLineIndex(text)}, base: d.gen}
	return nil
}

func (d *documents) close(uri protocol.DocumentURI) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	_, ok := d.docs[uri]
	delete(d.docs, uri)
	return ok
}

func (d *documents) get(uri protocol.DocumentURI) (snapshot, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	doc, ok := d.docs[uri]
	if !ok {
		return snapshot{}, errUnknownDocument{uri}
	}
	return doc.snap, nil
}

// apply applies content changes in order and sets the new version. Positions are in enc. If any
// change is invalid, or the text would outgrow MaxDocumentBytes, the document is dropped (so it
// can never be edited from a wrong text) and the error says why; the caller tells the user to
// reopen it.
func (d *documents) apply(uri protocol.DocumentURI, version int32, changes []contentChange, enc encoding) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	doc, ok := d.docs[uri]
	if !ok {
		return errUnknownDocument{uri}
	}
	gen := d.gen + 1
	idx := doc.snap.lineIndex
	var log []change
	for i, c := range changes {
		if c.Range == nil {
			if len(c.Text) > MaxDocumentBytes {
				delete(d.docs, uri)
				return errTooLarge{len(c.Text)}
			}
			log = append(log, change{gen: gen, full: true})
			idx = newLineIndex(c.Text)
			continue
		}
		start, end, err := idx.span(*c.Range, enc)
		if err != nil {
			delete(d.docs, uri)
			return fmt.Errorf("change %d of version %d: %w", i+1, version, err)
		}
		if size := len(idx.text) - (end - start) + len(c.Text); size > MaxDocumentBytes {
			delete(d.docs, uri)
			return errTooLarge{size}
		}
		log = append(log, change{gen: gen, start: start, end: end, size: len(c.Text)})
		idx = idx.replace(start, end, c.Text)
	}
	d.gen = gen
	doc.snap = snapshot{uri: uri, version: version, gen: gen, opened: doc.snap.opened, lineIndex: idx}
	doc.history = append(doc.history, log...)
	if n := len(doc.history) - maxHistory; n > 0 {
		doc.base = doc.history[n-1].gen
		doc.history = append([]change(nil), doc.history[n:]...)
	}
	return nil
}

// whileCurrent runs queue while the document is still at generation gen, holding off every open,
// change and close until queue returns, and reports whether it ran. queue must only put a message
// in the outgoing queue (not wait for an answer): then no change the server reads after the check
// can reach the editor before that message does.
func (d *documents) whileCurrent(uri protocol.DocumentURI, gen uint64, queue func()) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	doc, ok := d.docs[uri]
	if !ok || doc.snap.gen != gen {
		return false
	}
	queue()
	return true
}

// rebase carries the byte range [start,end) of generation from across the changes made since,
// into the latest snapshot. ok is false when a change touched the range, replaced the whole
// document, or is no longer in the log, or when the document was closed or reopened since.
func (d *documents) rebase(uri protocol.DocumentURI, from uint64, start, end int) (snap snapshot, s, e int, ok bool) {
	spans := [][2]int{{start, end}}
	snap, ok = d.carry(uri, from, spans)
	return snap, spans[0][0], spans[0][1], ok
}

// carry is rebase for several ranges at once; it updates spans in place when it succeeds.
func (d *documents) carry(uri protocol.DocumentURI, from uint64, spans [][2]int) (snapshot, bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	doc, found := d.docs[uri]
	if !found {
		return snapshot{}, false
	}
	if doc.snap.gen == from {
		return doc.snap, true
	}
	if from < doc.base || from > doc.snap.gen {
		return doc.snap, false // from an earlier opening, or older than the log
	}
	moved := make([][2]int, len(spans))
	copy(moved, spans)
	for _, c := range doc.history {
		if c.gen <= from {
			continue
		}
		for i, sp := range moved {
			s, e := sp[0], sp[1]
			switch {
			case c.full:
				return doc.snap, false
			case c.end <= s: // before the range (an insertion at its start counts as before)
				delta := c.size - (c.end - c.start)
				moved[i] = [2]int{s + delta, e + delta}
			case c.start >= e: // after the range: nothing moves
			default:
				return doc.snap, false
			}
		}
	}
	copy(spans, moved)
	return doc.snap, true
}
