package lsp

import (
	"context"
	"errors"
	"io"
	"io/fs"
	"net"
	"sync"
	"time"

	"go.lsp.dev/jsonrpc2"
	"go.uber.org/zap"

	"github.com/redraft/redraft/refine"
)

// Refiner is the model work the server needs; *refine.Refiner implements it. Implementations need
// not be safe for concurrent use: the server calls them from one goroutine at a time. Offsets are
// bytes into doc; p is called once per denoising step and may be nil.
type Refiner interface {
	Refine(ctx context.Context, doc string, start, end int, opt refine.Options, p refine.Progress) (*refine.Result, error)
	Fill(ctx context.Context, doc string, gaps []refine.Gap, opt refine.Options, p refine.Progress) (*refine.FillResult, error)
}

// Loader loads a model and returns a Refiner over it. path is the modelPath setting; "" means the
// default model ($REDRAFT_MODEL or the one built into the binary). It runs on the model worker.
type Loader func(path string) (Refiner, error)

// Option configures Serve.
type Option func(*options)

type options struct {
	logger         *zap.Logger
	level          *zap.AtomicLevel
	refiner        Refiner
	loader         Loader
	setThreads     func(n int)
	onExit         func(code int)
	version        string
	checkDelay     *time.Duration
	userDictionary *string
	handlerHook    func(method string) // tests: called first in every handler (export_test.go)
	workspaceRoot  *string             // tests: the workspace folder, whatever the client names (export_test.go)
}

// WithLogger sets the logger (default: none). It must not write to the protocol stream.
func WithLogger(l *zap.Logger) Option { return func(o *options) { o.logger = l } }

// WithLogLevel lets the logLevel setting change the level of the logger's core.
func WithLogLevel(l zap.AtomicLevel) Option { return func(o *options) { o.level = &l } }

// WithRefiner sets the model to use. Without WithLoader, the modelPath setting cannot change it.
func WithRefiner(r Refiner) Option { return func(o *options) { o.refiner = r } }

// WithLoader sets how to load a model, at first use (or right after "initialized") and whenever the
// modelPath setting changes. A failed load is reported to the user; the previous model stays.
func WithLoader(l Loader) Option { return func(o *options) { o.loader = l } }

// WithThreads is called with the threads setting (0 = all cores) at start-up and when it changes.
func WithThreads(f func(n int)) Option { return func(o *options) { o.setThreads = f } }

// WithExitHandler is called on the "exit" notification with the process exit code the
// specification asks for: 0 after "shutdown", 1 otherwise. The connection is closed after it.
func WithExitHandler(f func(code int)) Option { return func(o *options) { o.onExit = f } }

// WithVersion sets the version reported in serverInfo.
func WithVersion(v string) Option { return func(o *options) { o.version = v } }

// Serve runs the language server on stream (normally one made by NewStream) until the client sends
// "exit", the stream closes, or ctx ends. Wait on the returned connection's Done channel; a
// stream that broke (bad framing) is logged.
func Serve(ctx context.Context, stream jsonrpc2.Stream, opts ...Option) (jsonrpc2.Conn, error) {
	o := options{logger: zap.NewNop(), version: "dev"}
	for _, opt := range opts {
		opt(&o)
	}
	if o.refiner == nil && o.loader == nil {
		return nil, errors.New("lsp: Serve needs WithRefiner or WithLoader")
	}
	conn := jsonrpc2.NewConn(stream)
	connCtx, cancel := context.WithCancel(ctx)
	s := newServer(connCtx, conn, o)
	s.stream, _ = stream.(*Stream)
	sc := &serverConn{Conn: conn, done: make(chan struct{})}
	workerDone := make(chan struct{})
	go func() {
		s.worker.loop(connCtx)
		close(workerDone)
	}()
	go func() {
		select {
		case <-conn.Done():
		case <-connCtx.Done():
			_ = conn.Close()
			<-conn.Done()
		}
		if err := conn.Err(); brokenStream(err) {
			o.logger.Error("connection ended", zap.Error(err))
		}
		s.checks.stop()
		cancel()
		<-workerDone
		close(sc.done)
	}()
	conn.Go(connCtx, s.handler())
	return sc, nil
}

// serverConn is the connection Serve returns: Done is closed once the server has stopped
// entirely (connection closed, model work drained, a broken stream logged).
type serverConn struct {
	jsonrpc2.Conn
	done chan struct{}
}

func (c *serverConn) Done() <-chan struct{} { return c.done }

// brokenStream reports whether the connection ended for a reason worth an error log: not the
// peer closing between messages, nor a close on this side.
func brokenStream(err error) bool {
	switch {
	case err == nil, err == io.EOF, errors.Is(err, context.Canceled):
		return false
	case errors.Is(err, errFraming):
		return true
	}
	return !errors.Is(err, io.ErrClosedPipe) && !errors.Is(err, net.ErrClosed) && !errors.Is(err, fs.ErrClosed)
}

// lifecycle states, in order.
type lifecycle int

const (
	stateNew          lifecycle = iota // before initialize
	stateRunning                       // after initialize
	stateShuttingDown                  // after shutdown
	stateExited                        // after exit
)

// server is the state behind one connection. Documents, the worker queue and progress tokens each
// have their own lock; mu guards the fields below it.
type server struct {
	unimplemented

	conn     jsonrpc2.Conn
	stream   *Stream         // nil when Serve was given another jsonrpc2.Stream
	connCtx  context.Context // ends with the connection
	logger   *zap.Logger
	opts     options
	docs     *documents
	worker   *worker
	progress *progressTracker
	checks   *checker
	dict     *dictionary

	mu          sync.Mutex
	state       lifecycle
	caps        clientCapabilities
	enc         encoding
	settings    Settings
	pendingErrs []string // settings problems found during initialize, shown after initialized
	model       Refiner
	modelPath   string // the modelPath the current model was loaded from
	failedPath  string // a modelPath that failed to load while the current model kept serving
	active      map[*context.CancelFunc]struct{}
}

func newServer(ctx context.Context, conn jsonrpc2.Conn, o options) *server {
	s := &server{
		conn:     conn,
		connCtx:  ctx,
		logger:   o.logger,
		opts:     o,
		docs:     newDocuments(),
		worker:   newWorker(o.logger),
		progress: newProgressTracker(),
		settings: DefaultSettings(),
		model:    o.refiner,
		active:   make(map[*context.CancelFunc]struct{}),
	}
	delay := defaultCheckDelay
	if o.checkDelay != nil {
		delay = *o.checkDelay
	}
	s.checks = newChecker(s, delay)
	userDict := defaultUserDictionary()
	if o.userDictionary != nil {
		userDict = *o.userDictionary
	}
	s.dict = newDictionary(userDict)
	return s
}

func (s *server) clientCaps() clientCapabilities {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.caps
}

func (s *server) encoding() encoding {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.enc
}

func (s *server) currentSettings() Settings {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.settings
}

func (s *server) lifecycle() lifecycle {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.state
}

// track registers the cancel function of running model work, so shutdown can stop it.
func (s *server) track(cancel context.CancelFunc) (untrack func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	key := &cancel
	s.active[key] = struct{}{}
	return func() {
		s.mu.Lock()
		delete(s.active, key)
		s.mu.Unlock()
	}
}
