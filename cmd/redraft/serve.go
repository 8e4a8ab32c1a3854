package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"runtime"
	"runtime/debug"
	"syscall"

	"go.lsp.dev/jsonrpc2"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/redraft/redraft/engine"
	"github.com/redraft/redraft/lsp"
	"github.com/redraft/redraft/refine"
	"github.com/redraft/redraft/refine/lexicon"
)

const serveUsage = `usage: redraft serve [flags]

Run the Redraft language server over standard input and output. Logs go to standard error (or
--log FILE), never to standard output. Closing standard input ends the server. --listen serves a
single TCP client instead, for debugging.

flags:
`

// serveStdin is the server's input (tests may replace it).
var serveStdin io.ReadCloser = os.Stdin

func runServe(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, serveUsage); fs.PrintDefaults() }
	var (
		listen    = fs.String("listen", "", "serve one client on TCP `ADDR` (e.g. 127.0.0.1:7777) instead of stdio")
		logFile   = fs.String("log", "", "append logs to `FILE` instead of standard error")
		logLevel  = fs.String("log-level", "info", "log level: debug, info, warn or error (the logLevel setting overrides it)")
		modelPath = fs.String("model", "", "model .safetensors `PATH` (default $REDRAFT_MODEL, else built in; the modelPath setting overrides it)")
	)
	// Many clients (vscode-languageclient's stdio transport among them) add --stdio; stdio is
	// the default, so accept it and do nothing.
	fs.Bool("stdio", false, "accepted for clients that pass it; stdio is the default")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	logger, level, closeLog, err := newLogger(*logFile, *logLevel, stderr)
	if err != nil {
		return err
	}
	defer closeLog()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	var stream jsonrpc2.Stream
	if *listen != "" {
		conn, err := acceptOne(ctx, *listen, logger)
		if err != nil {
			return err
		}
		stream = lsp.NewStream(conn, logger)
	} else {
		stream = lsp.NewStream(stdio{serveStdin, stdout}, logger)
	}
	return serve(ctx, stream, logger, level, *modelPath)
}

// serve runs the server until exit, the end of its input, or a signal. The error reports an exit
// without shutdown (exit status 1, as the specification asks) or a broken stream.
func serve(ctx context.Context, stream jsonrpc2.Stream, logger *zap.Logger, level zap.AtomicLevel, defaultModel string) error {
	exited := make(chan int, 1)
	conn, err := lsp.Serve(ctx, stream,
		lsp.WithLogger(logger),
		lsp.WithLogLevel(level),
		lsp.WithVersion(version),
		lsp.WithLoader(func(path string) (lsp.Refiner, error) {
			if path == "" {
				path = defaultModel
			}
			return loadRefiner(path)
		}),
		lsp.WithThreads(func(n int) {
			if n <= 0 {
				n = runtime.NumCPU()
			}
			runtime.GOMAXPROCS(n)
		}),
		lsp.WithExitHandler(func(code int) { exited <- code }),
	)
	if err != nil {
		return err
	}
	logger.Info("serving", zap.String("version", version))
	exitCode := func(code int) error {
		if code != 0 {
			return errors.New("exit without shutdown")
		}
		return nil
	}
	select {
	case code := <-exited:
		return exitCode(code)
	case <-conn.Done():
		select {
		case code := <-exited: // exit closes the connection after reporting its code
			return exitCode(code)
		default:
		}
		if err := conn.Err(); err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrClosedPipe) &&
			!errors.Is(err, net.ErrClosed) && ctx.Err() == nil {
			return fmt.Errorf("connection: %w", err)
		}
		logger.Info("connection closed")
		return nil
	}
}

// loadRefiner loads the model at path and the lexicon refine reads (lexicon.Default), side by
// side: the lexicon's parse runs on one core, and the model's on all cores but with serial
// stretches. Both are ready when it returns. The garbage collector is off meanwhile: nearly all
// that the two allocate stays live (the packed weights are outside the heap), so a collection
// would only scan it again; the setting before is restored on return.
func loadRefiner(path string) (*refine.Refiner, error) {
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	lexDone := make(chan any, 1) // what lexicon.Default panicked with, or nil
	go func() {
		defer func() { lexDone <- recover() }()
		lexicon.Default()
	}()
	m, err := engine.Load(path)
	if p := <-lexDone; p != nil {
		panic(p) // on the loader's goroutine, as if refine.New had parsed it
	}
	if err != nil {
		return nil, err
	}
	return refine.New(m), nil
}

// stdio joins standard input and output into the stream's connection.
type stdio struct {
	in  io.ReadCloser
	out io.Writer
}

func (s stdio) Read(p []byte) (int, error)  { return s.in.Read(p) }
func (s stdio) Write(p []byte) (int, error) { return s.out.Write(p) }
func (s stdio) Close() error                { return s.in.Close() }

// acceptOne listens on addr and returns the first connection.
func acceptOne(ctx context.Context, addr string, logger *zap.Logger) (net.Conn, error) {
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", addr)
	if err != nil {
		return nil, err
	}
	defer ln.Close()
	logger.Info("waiting for one client", zap.String("addr", ln.Addr().String()))
	go func() {
		<-ctx.Done()
		ln.Close()
	}()
	return ln.Accept()
}

// newLogger logs to file (appending) or to stderr, never to stdout, at a level the logLevel
// setting can change later.
func newLogger(file, levelName string, stderr io.Writer) (*zap.Logger, zap.AtomicLevel, func(), error) {
	lvl, err := zapcore.ParseLevel(levelName)
	if err != nil {
		return nil, zap.AtomicLevel{}, nil, fmt.Errorf("--log-level: %w", err)
	}
	level := zap.NewAtomicLevelAt(lvl)
	var sink zapcore.WriteSyncer = zapcore.AddSync(stderr)
	closeLog := func() {}
	if file != "" {
		f, err := os.OpenFile(file, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
		if err != nil {
			return nil, level, nil, fmt.Errorf("--log: %w", err)
		}
		sink, closeLog = zapcore.Lock(f), func() { _ = f.Close() }
	} else {
		sink = zapcore.Lock(sink)
	}
	enc := zap.NewDevelopmentEncoderConfig()
	enc.EncodeTime = zapcore.ISO8601TimeEncoder
	core := zapcore.NewCore(zapcore.NewConsoleEncoder(enc), sink, level)
	return zap.New(core).Named("redraft"), level, closeLog, nil
}
