package lsp

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"runtime/debug"
	"sync"
	"time"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.uber.org/zap"
)

// handler builds the chain every incoming message goes through, outermost first:
//
//	logging    logs method, duration and error (the protocol library itself gets no logger)
//	cancelling handles $/cancelRequest and window/workDoneProgress/cancel at once, on the read
//	           loop, and gives each call a context that they cancel
//	ordered    runs each message on its own goroutine but in arrival order; a handler may release
//	           the order early (after snapshotting a document and queueing model work), so later
//	           requests are answered while the model runs
//	guard      recovers panics and makes sure every call gets exactly one reply
//	gate       enforces the lifecycle (nothing before initialize, nothing after shutdown)
//	route      methods this package decodes itself, then protocol's dispatcher for the rest
//
// Before all of them, claimOpened picks up a large didOpen that the stream decoded on its fast
// path.
//
// Cancelling must sit outside ordered: a cancel has to reach a request that is still waiting for
// its turn, and must not wait behind it.
func (s *server) handler() jsonrpc2.Handler {
	h := s.route(protocol.ServerHandler(s, jsonrpc2.MethodNotFoundHandler))
	h = s.gate(h)
	h = s.guard(h)
	h = ordered(h)
	h = s.cancelling(h)
	return s.claimOpened(s.recovering(s.logging(h)))
}

// recovering contains a panic in the handlers that run on the read loop (cancelling and the
// dispatch in ordered; guard covers everything after): it is logged with its stack and a call
// gets an InternalError reply, and the read loop goes on.
func (s *server) recovering(next jsonrpc2.Handler) jsonrpc2.Handler {
	return func(ctx context.Context, reply jsonrpc2.Replier, req jsonrpc2.Request) (err error) {
		defer func() {
			if p := recover(); p != nil {
				s.logger.Error("panic in handler", zap.String("method", req.Method()),
					zap.Any("panic", p), zap.ByteString("stack", debug.Stack()))
				go func() { // a reply writes; never from the read loop
					_ = reply(context.WithoutCancel(ctx), nil,
						jsonrpc2.Errorf(jsonrpc2.InternalError, "internal error in %s: %v", req.Method(), p))
				}()
				err = nil
			}
		}()
		return next(ctx, reply, req)
	}
}

type openedKey struct{}

// claimOpened takes a didOpen the stream decoded itself (see Stream.fastOpen) on the read loop,
// right after the stream returned it, and passes its params down in the context.
func (s *server) claimOpened(next jsonrpc2.Handler) jsonrpc2.Handler {
	return func(ctx context.Context, reply jsonrpc2.Replier, req jsonrpc2.Request) error {
		if s.stream != nil {
			if p, ok := s.stream.takeOpened(req); ok {
				ctx = context.WithValue(ctx, openedKey{}, p)
			}
		}
		return next(ctx, reply, req)
	}
}

func (s *server) logging(next jsonrpc2.Handler) jsonrpc2.Handler {
	return func(ctx context.Context, reply jsonrpc2.Replier, req jsonrpc2.Request) error {
		start := time.Now()
		method := req.Method()
		s.logger.Debug("<- "+method, zap.ByteString("params", truncate(req.Params(), 512)))
		return next(ctx, func(ctx context.Context, result any, err error) error {
			if _, call := req.(*jsonrpc2.Call); call {
				s.logger.Debug("-> "+method, zap.Duration("took", time.Since(start)), zap.Error(err))
			}
			if rerr := reply(ctx, result, err); rerr != nil {
				s.logger.Warn("reply failed", zap.String("method", method), zap.Error(rerr))
			}
			return nil
		}, req)
	}
}

func truncate(b []byte, n int) []byte {
	if len(b) <= n {
		return b
	}
	return b[:n]
}

func (s *server) cancelling(next jsonrpc2.Handler) jsonrpc2.Handler {
	inner, cancelID := cancellable(next)
	return func(ctx context.Context, reply jsonrpc2.Replier, req jsonrpc2.Request) error {
		switch req.Method() {
		case protocol.MethodCancelRequest, protocol.MethodWorkDoneProgressCancel:
			if hook := s.opts.handlerHook; hook != nil {
				hook(req.Method())
			}
		}
		switch req.Method() {
		case protocol.MethodCancelRequest:
			var p cancelParams
			var id jsonrpc2.ID
			if err := json.Unmarshal(req.Params(), &p); err != nil || id.UnmarshalJSON(p.ID) != nil {
				s.logger.Warn("malformed $/cancelRequest", zap.ByteString("params", req.Params()))
			} else {
				cancelID(id)
			}
			go func() { _ = reply(ctx, nil, nil) }() // never write from the read loop
			return nil
		case protocol.MethodWorkDoneProgressCancel:
			var p progressCancelParams
			if err := json.Unmarshal(req.Params(), &p); err != nil || !s.progress.cancel(p.Token) {
				s.logger.Debug("window/workDoneProgress/cancel for no running work", zap.ByteString("params", req.Params()))
			}
			go func() { _ = reply(ctx, nil, nil) }()
			return nil
		}
		return inner(ctx, reply, req)
	}
}

// cancellable is jsonrpc2.CancelHandler, except that a call's context is also cancelled once it
// has been answered: jsonrpc2's never is, so every call it ever served stayed attached to the
// connection's context (found by the soak test: RSS grew with the number of requests).
func cancellable(next jsonrpc2.Handler) (h jsonrpc2.Handler, cancelID func(jsonrpc2.ID)) {
	var mu sync.Mutex
	running := make(map[jsonrpc2.ID]context.CancelFunc)
	h = func(ctx context.Context, reply jsonrpc2.Replier, req jsonrpc2.Request) error {
		call, ok := req.(*jsonrpc2.Call)
		if !ok {
			return next(ctx, reply, req)
		}
		ctx, cancel := context.WithCancel(ctx)
		mu.Lock()
		running[call.ID()] = cancel
		mu.Unlock()
		return next(ctx, func(ctx context.Context, result any, err error) error {
			mu.Lock()
			if running[call.ID()] != nil {
				delete(running, call.ID())
			}
			mu.Unlock()
			defer cancel()
			return reply(ctx, result, err)
		}, req)
	}
	cancelID = func(id jsonrpc2.ID) {
		mu.Lock()
		cancel := running[id]
		mu.Unlock()
		if cancel != nil {
			cancel()
		}
	}
	return h, cancelID
}

type releaseKey struct{}

// release lets the next message start while this handler goes on (see ordered).
func release(ctx context.Context) {
	if f, ok := ctx.Value(releaseKey{}).(func()); ok {
		f()
	}
}

// ordered is jsonrpc2.AsyncHandler with an early release: each message waits for the previous one
// to reply or call release(ctx).
func ordered(next jsonrpc2.Handler) jsonrpc2.Handler {
	prev := make(chan struct{})
	close(prev)
	return func(ctx context.Context, reply jsonrpc2.Replier, req jsonrpc2.Request) error {
		wait, done := prev, make(chan struct{})
		prev = done // only the read loop calls this handler, so prev needs no lock
		var once sync.Once
		rel := func() { once.Do(func() { close(done) }) }
		ctx = context.WithValue(ctx, releaseKey{}, rel)
		go func() {
			defer rel()
			<-wait
			_ = next(ctx, func(ctx context.Context, result any, err error) error {
				rel()
				return reply(ctx, result, err)
			}, req)
		}()
		return nil
	}
}

// guard recovers panics, turns errors into JSON-RPC errors with a code, replies on a detached
// context (a cancelled request still gets its answer), and replies exactly once.
func (s *server) guard(next jsonrpc2.Handler) jsonrpc2.Handler {
	return func(ctx context.Context, reply jsonrpc2.Replier, req jsonrpc2.Request) error {
		var mu sync.Mutex
		replied := false
		once := func(ctx context.Context, result any, err error) error {
			mu.Lock()
			if replied {
				mu.Unlock()
				s.logger.Error("second reply dropped", zap.String("method", req.Method()))
				return nil
			}
			replied = true
			mu.Unlock()
			if err != nil {
				result, err = nil, rpcError(err)
			}
			return reply(context.WithoutCancel(ctx), result, err)
		}
		defer func() {
			if p := recover(); p != nil {
				s.logger.Error("panic in handler", zap.String("method", req.Method()),
					zap.Any("panic", p), zap.ByteString("stack", debug.Stack()))
				_ = once(ctx, nil, jsonrpc2.Errorf(jsonrpc2.InternalError, "internal error in %s: %v", req.Method(), p))
				return
			}
			mu.Lock()
			missing := !replied
			mu.Unlock()
			if missing {
				_ = once(ctx, nil, jsonrpc2.Errorf(jsonrpc2.InternalError, "internal error: %s got no reply", req.Method()))
			}
		}()
		if err := next(ctx, once, req); err != nil {
			s.logger.Warn("handler error", zap.String("method", req.Method()), zap.Error(err))
		}
		return nil
	}
}

// rpcError gives every error a JSON-RPC code, keeping the full message.
func rpcError(err error) error {
	var re *jsonrpc2.Error
	var unknown errUnknownDocument
	switch {
	case errors.As(err, &re):
		if re.Error() == err.Error() {
			return re
		}
		return jsonrpc2.NewError(re.Code, err.Error())
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return jsonrpc2.NewError(protocol.CodeRequestCancelled, "request cancelled")
	case errors.As(err, &unknown):
		return jsonrpc2.NewError(jsonrpc2.InvalidParams, err.Error())
	}
	return jsonrpc2.NewError(jsonrpc2.InternalError, err.Error())
}

func invalidParams(format string, args ...any) error {
	return jsonrpc2.Errorf(jsonrpc2.InvalidParams, format, args...)
}

// gate enforces the lifecycle: before initialize only initialize (and exit) are served; after
// shutdown only exit. Other calls get the errors the specification names; notifications are
// dropped.
func (s *server) gate(next jsonrpc2.Handler) jsonrpc2.Handler {
	return func(ctx context.Context, reply jsonrpc2.Replier, req jsonrpc2.Request) error {
		_, call := req.(*jsonrpc2.Call)
		method := req.Method()
		state := s.lifecycle()
		switch {
		case method == protocol.MethodExit:
		case state == stateNew && method != protocol.MethodInitialize:
			if call {
				return reply(ctx, nil, jsonrpc2.NewError(jsonrpc2.ServerNotInitialized,
					fmt.Sprintf("%s before initialize: the server is not initialized yet", method)))
			}
			s.logger.Debug("notification before initialize dropped", zap.String("method", method))
			return reply(ctx, nil, nil)
		case state >= stateShuttingDown:
			if call {
				return reply(ctx, nil, jsonrpc2.NewError(jsonrpc2.InvalidRequest,
					fmt.Sprintf("%s after shutdown: the server is shutting down", method)))
			}
			return reply(ctx, nil, nil)
		}
		return next(ctx, reply, req)
	}
}

// route serves the methods whose parameters or results go.lsp.dev/protocol v0.12.0 cannot express
// (see types.go) and hands everything else to fallback, protocol's dispatcher over *server.
func (s *server) route(fallback jsonrpc2.Handler) jsonrpc2.Handler {
	return func(ctx context.Context, reply jsonrpc2.Replier, req jsonrpc2.Request) error {
		if hook := s.opts.handlerHook; hook != nil {
			hook(req.Method())
		}
		switch req.Method() {
		case protocol.MethodInitialize:
			return handle(ctx, reply, req, s.initialize)
		case protocol.MethodShutdown:
			return handle(ctx, reply, req, s.shutdown)
		case protocol.MethodTextDocumentDidOpen:
			p, ok := ctx.Value(openedKey{}).(*protocol.DidOpenTextDocumentParams)
			if !ok {
				decoded, err := decodeDidOpen(req.Params())
				if err != nil {
					return reply(ctx, nil, invalidParams("%s: bad params: %v", req.Method(), err))
				}
				p = &decoded
			}
			return reply(ctx, nil, s.DidOpen(ctx, p))
		case protocol.MethodExit:
			return handle(ctx, reply, req, s.exit)
		case protocol.MethodTextDocumentDidChange:
			return handle(ctx, reply, req, s.didChange)
		case protocol.MethodWorkspaceDidChangeConfiguration:
			return handle(ctx, reply, req, s.didChangeConfiguration)
		case protocol.MethodTextDocumentCodeAction:
			return handle(ctx, reply, req, s.codeAction)
		case methodCodeActionResolve:
			return handle(ctx, reply, req, s.resolveCodeAction)
		case protocol.MethodWorkspaceExecuteCommand:
			return handle(ctx, reply, req, s.executeCommand)
		}
		return fallback(ctx, reply, req)
	}
}

const methodCodeActionResolve = "codeAction/resolve"

// handle decodes the params into P (absent or null params give P's zero value), calls f and
// replies with its result.
func handle[P, R any](ctx context.Context, reply jsonrpc2.Replier, req jsonrpc2.Request,
	f func(context.Context, *P) (R, error),
) error {
	var p P
	if raw := bytes.TrimSpace(req.Params()); len(raw) > 0 && !bytes.Equal(raw, []byte("null")) {
		if err := json.Unmarshal(raw, &p); err != nil {
			return reply(ctx, nil, invalidParams("%s: bad params: %v", req.Method(), err))
		}
	}
	result, err := f(ctx, &p)
	return reply(ctx, result, err)
}
