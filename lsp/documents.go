package lsp

import (
	"fmt"
	"sync"

	"go.lsp.dev/protocol"
)

// snapshot is one version of an open document. It is immutable: handlers take one under the
// store's lock and then work on it (model runs included) without holding any lock.
type snapshot struct {
	uri     protocol.DocumentURI
	version int32
	*lineIndex
}

// change is one applied content change, in bytes of the text it was applied to; full marks a
// whole-document replacement, which no range can be carried across.
type change struct {
	version          int32 // document version after the change
	start, end, size int   // replaced [start,end) with size bytes
	full             bool
}

// maxHistory bounds the per-document change log used to carry a range across edits.
const maxHistory = 256

type document struct {
	snap    snapshot
	history []change // oldest first; the changes since versions still in flight
}

// documents owns the text of every open document. All access goes through its mutex.
type documents struct {
	mu   sync.Mutex
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

func (d *documents) open(uri protocol.DocumentURI, version int32, text string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.docs[uri] = &document{snap: snapshot{uri: uri, version: version, lineIndex: newLineIndex(text)}}
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
// change is invalid the document is dropped (so it can never be edited from a wrong text) and the
// error says why; the caller tells the user to reopen it.
func (d *documents) apply(uri protocol.DocumentURI, version int32, changes []contentChange, enc encoding) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	doc, ok := d.docs[uri]
	if !ok {
		return errUnknownDocument{uri}
	}
	idx := doc.snap.lineIndex
	var log []change
	for i, c := range changes {
		if c.Range == nil {
			log = append(log, change{version: version, full: true})
			idx = newLineIndex(c.Text)
			continue
		}
		start, end, err := idx.span(*c.Range, enc)
		if err != nil {
			delete(d.docs, uri)
			return fmt.Errorf("change %d of version %d: %w", i+1, version, err)
		}
		log = append(log, change{version: version, start: start, end: end, size: len(c.Text)})
		idx = newLineIndex(idx.text[:start] + c.Text + idx.text[end:])
	}
	doc.snap = snapshot{uri: uri, version: version, lineIndex: idx}
	doc.history = append(doc.history, log...)
	if n := len(doc.history) - maxHistory; n > 0 {
		doc.history = append([]change(nil), doc.history[n:]...)
	}
	return nil
}

// current returns the document's snapshot if it is still at version, else the latest one and
// false. An unknown (closed) document is an error.
func (d *documents) current(uri protocol.DocumentURI, version int32) (snapshot, bool, error) {
	snap, err := d.get(uri)
	if err != nil {
		return snapshot{}, false, err
	}
	return snap, snap.version == version, nil
}

// rebase carries the byte range [start,end) of version from across the changes made since, into
// the latest snapshot. ok is false when a change touched the range, replaced the whole document,
// or is no longer in the log.
func (d *documents) rebase(uri protocol.DocumentURI, from int32, start, end int) (snap snapshot, s, e int, ok bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	doc, found := d.docs[uri]
	if !found {
		return snapshot{}, 0, 0, false
	}
	snap = doc.snap
	if snap.version == from {
		return snap, start, end, true
	}
	// Find the first change after version from; the change log must reach back to it.
	first := -1
	for i, c := range doc.history {
		if c.version > from {
			first = i
			break
		}
	}
	if first < 0 || (first == 0 && len(doc.history) >= maxHistory) {
		return snap, 0, 0, false
	}
	s, e = start, end
	for _, c := range doc.history[first:] {
		switch {
		case c.full:
			return snap, 0, 0, false
		case c.end <= s: // before the range (an insertion at its start counts as before)
			delta := c.size - (c.end - c.start)
			s += delta
			e += delta
		case c.start >= e: // after the range: nothing moves
		default:
			return snap, 0, 0, false
		}
	}
	return snap, s, e, true
}
