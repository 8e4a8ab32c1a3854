package lsp

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
	"time"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.uber.org/zap"
)

// Limits of the wire format. A message over MaxMessageBytes ends the connection (its body is not
// read, so the stream cannot be resynchronised); a document over MaxDocumentBytes is refused by
// didOpen and didChange with a message to the user (see documents.go).
const (
	MaxMessageBytes = 128 << 20
	maxHeaderLine   = 4 << 10 // bytes in one header line
	maxHeaderLines  = 32
	// writeBacklog is how many bytes of outgoing messages may wait for a peer that is not reading
	// before Write blocks.
	writeBacklog = 64 << 20
	// closeFlush bounds how long Close waits for queued messages to go out.
	closeFlush = 2 * time.Second
)

// Stream is the LSP framing (Content-Length headers, JSON-RPC 2.0 bodies) that Serve needs.
// Unlike jsonrpc2.NewStream, it keeps a session alive through bad input from the peer:
//
//   - a well-framed message that is not valid JSON-RPC is answered with a ParseError or
//     InvalidRequest error (to its id when it has one, else to null) and skipped; jsonrpc2's own
//     stream returns it as a read error, which ends the connection;
//   - a response to a call the server did not make, or a second response to one call, is logged
//     and dropped (jsonrpc2.Conn would block its read loop for good on the second);
//   - writes go through a queue drained by one goroutine, so the read loop never waits for a
//     peer that is itself busy writing (over a net.Pipe both would stop).
//
// Broken framing (no or a bad Content-Length, an over-long header, a message over
// MaxMessageBytes, a body cut short) is a read error: jsonrpc2.Conn then closes the connection,
// and Serve logs why.
type Stream struct {
	rwc    io.ReadWriteCloser
	in     *bufio.Reader
	logger *zap.Logger

	mu      sync.Mutex
	cond    *sync.Cond             // signalled when out changes or the stream closes
	out     [][]byte               // framed messages waiting to be written
	queued  int                    // bytes in out
	calls   map[jsonrpc2.ID]string // calls sent and not yet answered: id -> method
	closed  bool
	werr    error         // the first write error; later writes return it
	flushed chan struct{} // closed when the writer goroutine has stopped

	opened *decodedOpen // the didOpen Read returned last, decoded on the fast path (read loop only)
}

// decodedOpen is a large didOpen notification decoded by the stream itself: msg is handed to
// jsonrpc2 with null params, and the handler takes params from the stream (see takeOpened).
type decodedOpen struct {
	msg    jsonrpc2.Request
	params protocol.DidOpenTextDocumentParams
}

// fastOpenBytes is the size from which a didOpen goes the fast path (jsonread.go); smaller
// messages are decoded the ordinary way.
const fastOpenBytes = 64 << 10

var _ jsonrpc2.Stream = (*Stream)(nil)

// NewStream returns a Stream over rwc; logger (may be nil) receives what the stream skips.
func NewStream(rwc io.ReadWriteCloser, logger *zap.Logger) *Stream {
	if logger == nil {
		logger = zap.NewNop()
	}
	s := &Stream{
		rwc:     rwc,
		in:      bufio.NewReaderSize(rwc, maxHeaderLine),
		logger:  logger,
		calls:   make(map[jsonrpc2.ID]string),
		flushed: make(chan struct{}),
	}
	s.cond = sync.NewCond(&s.mu)
	go s.writer()
	return s
}

// Read returns the next JSON-RPC message, skipping (and answering) the ones that cannot be one.
func (s *Stream) Read(ctx context.Context) (jsonrpc2.Message, int64, error) {
	var total int64
	for {
		if err := ctx.Err(); err != nil {
			return nil, total, err
		}
		body, n, err := s.readFrame()
		total += n
		if err != nil {
			return nil, total, err
		}
		s.opened = nil
		if len(body) >= fastOpenBytes {
			if msg, ok := s.fastOpen(body); ok {
				return msg, total, nil
			}
		}
		// jsonrpc2 decodes the first JSON value and ignores what follows; a body must be one.
		if err := checkJSON(body); err != nil {
			s.refuse(body, err)
			continue
		}
		msg, err := jsonrpc2.DecodeMessage(body)
		if err != nil {
			s.refuse(body, err)
			continue
		}
		if r, ok := msg.(*jsonrpc2.Response); ok && !s.answered(r.ID()) {
			continue
		}
		return msg, total, nil
	}
}

// fastOpen decodes a didOpen notification whose envelope has exactly the keys "jsonrpc" ("2.0"),
// "method" and "params"; anything else goes the ordinary way.
func (s *Stream) fastOpen(body []byte) (jsonrpc2.Message, bool) {
	r := &jsonReader{data: body}
	var method, version string
	var params []byte
	err := r.object(func(key string) error {
		var err error
		switch key {
		case "jsonrpc":
			version, err = r.str()
		case "method":
			method, err = r.str()
		case "params":
			r.space()
			from := r.i
			err = r.skip(0)
			params = body[from:r.i]
		default:
			err = errors.New("another key")
		}
		return err
	})
	if err != nil || r.end() != nil || version != "2.0" || method != protocol.MethodTextDocumentDidOpen || params == nil {
		return nil, false
	}
	p, err := decodeDidOpen(params)
	if err != nil {
		return nil, false
	}
	msg, err := jsonrpc2.NewNotification(method, nil)
	if err != nil {
		return nil, false
	}
	s.opened = &decodedOpen{msg: msg, params: p}
	return msg, true
}

// takeOpened returns the params of req if the stream decoded it on the fast path. Only the
// handler called on the read loop for the message Read returned last may ask.
func (s *Stream) takeOpened(req jsonrpc2.Request) (*protocol.DidOpenTextDocumentParams, bool) {
	d := s.opened
	s.opened = nil
	if d == nil || d.msg != req {
		return nil, false
	}
	return &d.params, true
}

// errFraming marks a broken byte stream: the connection cannot go on after it.
var errFraming = errors.New("broken framing")

// readFrame reads one Content-Length framed body.
func (s *Stream) readFrame() ([]byte, int64, error) {
	var total int64
	length := int64(-1)
	for lines := 0; ; lines++ {
		if lines == maxHeaderLines {
			return nil, total, fmt.Errorf("%w: more than %d header lines", errFraming, maxHeaderLines)
		}
		line, err := s.in.ReadSlice('\n')
		total += int64(len(line))
		switch {
		case errors.Is(err, bufio.ErrBufferFull):
			return nil, total, fmt.Errorf("%w: a header line is longer than %d bytes", errFraming, maxHeaderLine)
		case err == io.EOF && len(line) == 0 && lines == 0:
			return nil, total, io.EOF // the peer closed between messages
		case err != nil:
			if err == io.EOF {
				err = io.ErrUnexpectedEOF
			}
			return nil, total, fmt.Errorf("%w: reading a header: %w", errFraming, err)
		}
		text := strings.TrimSpace(string(line))
		if text == "" {
			break
		}
		name, value, ok := strings.Cut(text, ":")
		if !ok {
			return nil, total, fmt.Errorf("%w: header line %q has no colon", errFraming, truncateString(text, 64))
		}
		if strings.EqualFold(strings.TrimSpace(name), "Content-Length") {
			n, err := strconv.ParseInt(strings.TrimSpace(value), 10, 64)
			switch {
			case err != nil || n < 0:
				return nil, total, fmt.Errorf("%w: bad Content-Length %q", errFraming, truncateString(value, 64))
			case n > MaxMessageBytes:
				return nil, total, fmt.Errorf("%w: a message of %d bytes is over the %d MiB limit", errFraming, n, MaxMessageBytes>>20)
			}
			length = n
		}
	}
	if length < 0 {
		return nil, total, fmt.Errorf("%w: a message has no Content-Length header", errFraming)
	}
	body := make([]byte, length)
	n, err := io.ReadFull(s.in, body)
	total += int64(n)
	if err != nil {
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		return nil, total, fmt.Errorf("%w: the body ended after %d of %d bytes: %w", errFraming, n, length, err)
	}
	return body, total, nil
}

// refuse answers a well-framed message that is not JSON-RPC: ParseError when it is not JSON,
// InvalidRequest otherwise, to its id if one can be read.
func (s *Stream) refuse(body []byte, decodeErr error) {
	code, what := jsonrpc2.InvalidRequest, "invalid JSON-RPC message"
	if checkJSON(body) != nil {
		code, what = jsonrpc2.ParseError, "message is not valid JSON"
	}
	var envelope struct {
		ID     json.RawMessage `json:"id"`
		Method json.RawMessage `json:"method"`
	}
	id := json.RawMessage("null")
	if json.Unmarshal(body, &envelope) == nil && validID(envelope.ID) {
		if len(envelope.Method) == 0 {
			// A response the stream cannot read: answering it would start a ping-pong.
			s.logger.Warn("dropped a malformed response", zap.ByteString("id", envelope.ID), zap.Error(decodeErr))
			return
		}
		id = envelope.ID
	}
	s.logger.Warn("refused a message", zap.String("reason", what), zap.ByteString("id", id),
		zap.ByteString("message", truncate(body, 256)), zap.Error(decodeErr))
	reply, _ := json.Marshal(struct {
		Version string          `json:"jsonrpc"`
		ID      json.RawMessage `json:"id"`
		Error   *jsonrpc2.Error `json:"error"`
	}{"2.0", id, jsonrpc2.NewError(code, what+": "+decodeErr.Error())})
	_ = s.enqueue(reply)
}

// validID reports whether raw is a JSON-RPC id jsonrpc2 can represent (a string or an int32).
func validID(raw json.RawMessage) bool {
	if len(raw) == 0 || bytes.Equal(raw, []byte("null")) {
		return false
	}
	var id jsonrpc2.ID
	return id.UnmarshalJSON(raw) == nil
}

// answered reports whether a response answers a call in flight, forgetting the call; a response
// to anything else is logged.
func (s *Stream) answered(id jsonrpc2.ID) bool {
	s.mu.Lock()
	_, ok := s.calls[id]
	delete(s.calls, id)
	s.mu.Unlock()
	if !ok {
		s.logger.Warn("dropped a response to no call in flight (unknown id, or answered twice)", zap.Any("id", id))
	}
	return ok
}

// maxCallsInFlight bounds the calls remembered for answered; a peer that never answers cannot
// grow it without end (the oldest are forgotten).
const maxCallsInFlight = 4096

// Write queues msg; it blocks only while writeBacklog bytes already wait for the peer.
func (s *Stream) Write(ctx context.Context, msg jsonrpc2.Message) (int64, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	body, err := json.Marshal(msg)
	if err != nil {
		return 0, fmt.Errorf("encoding a message: %w", err)
	}
	if call, ok := msg.(*jsonrpc2.Call); ok {
		s.mu.Lock()
		if len(s.calls) >= maxCallsInFlight {
			for id := range s.calls {
				delete(s.calls, id)
				break
			}
		}
		s.calls[call.ID()] = call.Method()
		s.mu.Unlock()
	}
	if err := s.enqueue(body); err != nil {
		return 0, err
	}
	if q, ok := ctx.Value(queuedKey{}).(*queuedSignal); ok {
		q.once.Do(func() { close(q.ch) })
	}
	return int64(len(body)), nil
}

// queuedKey marks a context whose first Write closes a channel once its message is queued for the
// peer, ahead of everything written after it (see whenQueued). Later writes with the same context
// (a $/cancelRequest for the call) change nothing.
type queuedKey struct{}

type queuedSignal struct {
	once sync.Once
	ch   chan struct{}
}

// whenQueued returns a context for one call, and a channel closed when its message is queued:
// the moment from which later messages cannot overtake it.
func whenQueued(ctx context.Context) (context.Context, <-chan struct{}) {
	q := &queuedSignal{ch: make(chan struct{})}
	return context.WithValue(ctx, queuedKey{}, q), q.ch
}

func (s *Stream) enqueue(body []byte) error {
	frame := make([]byte, 0, len(body)+32)
	frame = append(frame, "Content-Length: "...)
	frame = strconv.AppendInt(frame, int64(len(body)), 10)
	frame = append(frame, "\r\n\r\n"...)
	frame = append(frame, body...)
	s.mu.Lock()
	defer s.mu.Unlock()
	for s.queued > writeBacklog && !s.closed && s.werr == nil {
		s.cond.Wait()
	}
	switch {
	case s.werr != nil:
		return s.werr
	case s.closed:
		return errors.New("write on a closed stream")
	}
	s.out = append(s.out, frame)
	s.queued += len(frame)
	s.cond.Broadcast()
	return nil
}

// writer writes queued frames in order until the stream closes and the queue is empty, or a
// write fails.
func (s *Stream) writer() {
	defer close(s.flushed)
	s.mu.Lock()
	defer s.mu.Unlock()
	for {
		for len(s.out) == 0 && !s.closed {
			s.cond.Wait()
		}
		if len(s.out) == 0 {
			return
		}
		frame := s.out[0]
		s.out[0] = nil
		s.out = s.out[1:]
		s.mu.Unlock()
		_, err := s.rwc.Write(frame)
		s.mu.Lock()
		s.queued -= len(frame)
		s.cond.Broadcast()
		if err != nil {
			s.werr = fmt.Errorf("writing to the peer: %w", err)
			s.out, s.queued = nil, 0
			return
		}
	}
}

// Close lets queued messages go out (for at most closeFlush), then closes the connection.
func (s *Stream) Close() error {
	s.mu.Lock()
	already := s.closed
	s.closed = true
	s.cond.Broadcast()
	s.mu.Unlock()
	if !already {
		select {
		case <-s.flushed:
		case <-time.After(closeFlush):
		}
	}
	return s.rwc.Close()
}

func truncateString(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
