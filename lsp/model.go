package lsp

import (
	"context"
	"errors"
	"fmt"

	"go.lsp.dev/protocol"
	"go.uber.org/zap"

	"github.com/redraft/redraft/internal/cputime"
)

// modelError is a failed model load.
type modelError struct {
	path string
	err  error
}

func (e *modelError) Error() string {
	if e.path == "" {
		return fmt.Sprintf("could not load the default model: %v", e.err)
	}
	return fmt.Sprintf("could not load the model %q: %v", e.path, e.err)
}

func (e *modelError) Unwrap() error { return e.err }

var errNoModel = errors.New("no model is available (the server was started without one)")

// ensureModel returns the model for the current modelPath setting, loading it if needed. It runs
// on the worker only, so a load never overlaps model work. If a load fails while an older model is
// loaded, the user is told once and the older model keeps serving.
func (s *server) ensureModel() (Refiner, error) {
	s.mu.Lock()
	cur, loaded, want, failed := s.model, s.modelPath, s.settings.ModelPath, s.failedPath
	s.mu.Unlock()
	if cur != nil && (s.opts.loader == nil || want == loaded || want == failed) {
		return cur, nil
	}
	if s.opts.loader == nil {
		return nil, errNoModel
	}
	s.logger.Info("loading model", zap.String("path", want))
	cpu0 := cputime.Process()
	next, err := s.opts.loader(want)
	if err != nil {
		lerr := &modelError{path: want, err: err}
		s.logger.Warn("model load failed", zap.Error(lerr))
		if cur == nil {
			return nil, lerr
		}
		s.mu.Lock()
		s.failedPath = want
		s.mu.Unlock()
		s.showMessage(protocol.MessageTypeError, "Redraft: "+lerr.Error()+"; still using the previous model.")
		return cur, nil
	}
	s.mu.Lock()
	s.model, s.modelPath, s.failedPath = next, want, ""
	s.mu.Unlock()
	// cpu_ms is the process's CPU time over the load, all threads: on a busy machine the wall
	// time between the two lines swings with the other load, the CPU time much less.
	s.logger.Info("model loaded", zap.String("path", want),
		zap.Float64("cpu_ms", float64((cputime.Process()-cpu0).Microseconds())/1000))
	return next, nil
}

// reloadModel loads the model for a new modelPath setting in the background (on the worker, after
// the work already queued).
func (s *server) reloadModel(path string) {
	if s.opts.loader == nil {
		s.showMessage(protocol.MessageTypeWarning,
			"Redraft: modelPath cannot be changed: this server was started with a fixed model.")
		return
	}
	s.mu.Lock()
	s.failedPath = ""
	s.mu.Unlock()
	s.worker.enqueue(s.connCtx, func(context.Context) error {
		if _, err := s.ensureModel(); err != nil {
			s.showMessage(protocol.MessageTypeError, "Redraft: "+err.Error())
		}
		return nil
	})
}
