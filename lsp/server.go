package lsp

import (
	"context"

	"go.lsp.dev/protocol"
	"go.uber.org/zap"
)

// The protocol.Server methods below are the ones protocol's dispatcher decodes correctly for us;
// the embedded unimplemented answers every other one. Methods that need their own wire types are
// routed in handler.go.

var _ protocol.Server = (*server)(nil)

// DidOpen starts tracking a document.
func (s *server) DidOpen(_ context.Context, p *protocol.DidOpenTextDocumentParams) error {
	d := p.TextDocument
	if err := s.docs.open(d.URI, d.Version, d.Text); err != nil {
		s.logger.Warn("didOpen refused", zap.String("uri", string(d.URI)), zap.Error(err))
		s.showMessage(protocol.MessageTypeWarning, "Redraft ignores "+string(d.URI)+": "+err.Error()+".")
		s.checks.close(d.URI)
		return nil
	}
	s.logger.Debug("opened", zap.String("uri", string(d.URI)), zap.Int32("version", d.Version),
		zap.Int("bytes", len(d.Text)))
	s.checks.open(d.URI, string(d.LanguageID), d.Text)
	return nil
}

// didChange applies incremental (or whole-document) changes. A change that does not fit the text
// drops the document rather than guess, and tells the user to reopen it.
func (s *server) didChange(_ context.Context, p *didChangeParams) (any, error) {
	uri := p.TextDocument.URI
	if err := s.docs.apply(uri, p.TextDocument.Version, p.ContentChanges, s.encoding()); err != nil {
		s.logger.Warn("didChange rejected", zap.String("uri", string(uri)), zap.Error(err))
		s.showMessage(protocol.MessageTypeError, "Redraft lost track of "+string(uri)+" ("+err.Error()+
			"); close and reopen the document to use Redraft on it.")
		s.checks.close(uri)
		return nil, nil
	}
	s.checks.schedule(uri)
	return nil, nil
}

// DidClose stops tracking a document.
func (s *server) DidClose(_ context.Context, p *protocol.DidCloseTextDocumentParams) error {
	if !s.docs.close(p.TextDocument.URI) {
		s.logger.Debug("didClose for a document that was not open", zap.String("uri", string(p.TextDocument.URI)))
	}
	s.checks.close(p.TextDocument.URI)
	return nil
}

// DidSave needs no work: the server tracks the editor's text, not the file.
func (s *server) DidSave(context.Context, *protocol.DidSaveTextDocumentParams) error { return nil }

// SetTrace is accepted and ignored: logging is configured with logLevel.
func (s *server) SetTrace(context.Context, *protocol.SetTraceParams) error { return nil }
