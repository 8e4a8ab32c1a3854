package lsp

import (
	"context"
	"strings"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.uber.org/zap"
)

// Command names (workspace/executeCommand). Each takes one JSON object argument; see command.go.
const (
	CommandRefine  = "redraft.refine"
	CommandFill    = "redraft.fill"
	CommandFillAll = "redraft.fillAll"
	CommandApply   = "redraft.apply"
)

// serverCommands are the commands the server offers.
func serverCommands() []string {
	return []string{CommandRefine, CommandFill, CommandFillAll, CommandApply, CommandAddWord, CommandIgnore}
}

func (s *server) initialize(_ context.Context, p *initializeParams) (*initializeResult, error) {
	s.mu.Lock()
	if s.state != stateNew {
		s.mu.Unlock()
		return nil, jsonrpc2.NewError(jsonrpc2.InvalidRequest, "initialize was already called")
	}
	s.state = stateRunning
	s.caps = p.Capabilities
	s.enc = negotiateEncoding(p.Capabilities.General.PositionEncodings)
	s.mu.Unlock()

	if info := p.ClientInfo; info != nil {
		s.logger.Info("client", zap.String("name", info.Name), zap.String("version", info.Version),
			zap.Stringer("positionEncoding", s.encoding()))
	}
	s.applySettings(p.InitializationOptions, "initializationOptions", true)
	root := workspaceRoot(p)
	if pinned := s.opts.workspaceRoot; pinned != nil {
		root = *pinned
	}
	s.dict.setWorkspace(root)

	res := &initializeResult{
		Capabilities: serverCapabilities{
			TextDocumentSync: protocol.TextDocumentSyncOptions{
				OpenClose: true,
				Change:    protocol.TextDocumentSyncKindIncremental,
			},
			CodeActionProvider: protocol.CodeActionOptions{
				CodeActionKinds: []protocol.CodeActionKind{protocol.QuickFix, protocol.RefactorRewrite},
			},
			ExecuteCommandProvider: protocol.ExecuteCommandOptions{
				Commands: serverCommands(),
			},
		},
		ServerInfo: &protocol.ServerInfo{Name: "redraft", Version: s.opts.version},
	}
	if len(p.Capabilities.General.PositionEncodings) > 0 {
		res.Capabilities.PositionEncoding = s.encoding().String()
	}
	return res, nil
}

// Initialized shows settings problems found during initialize and starts loading the model, so the
// first request does not wait for it.
func (s *server) Initialized(context.Context, *protocol.InitializedParams) error {
	s.mu.Lock()
	errs := s.pendingErrs
	s.pendingErrs = nil
	loadNow := s.opts.loader != nil && (s.model == nil || s.settings.ModelPath != s.modelPath)
	s.mu.Unlock()
	if len(errs) > 0 {
		s.showMessage(protocol.MessageTypeError, "Redraft settings: "+strings.Join(errs, "; "))
	}
	if loadNow {
		s.worker.enqueue(s.connCtx, func(context.Context) error {
			if _, err := s.ensureModel(); err != nil {
				s.showMessage(protocol.MessageTypeError, "Redraft: "+err.Error())
			}
			return nil
		})
	}
	return nil
}

// shutdown stops all model work and checking; afterwards only exit is served.
func (s *server) shutdown(context.Context, *struct{}) (any, error) {
	s.mu.Lock()
	s.state = stateShuttingDown
	active := make([]context.CancelFunc, 0, len(s.active))
	for c := range s.active {
		active = append(active, *c)
	}
	s.mu.Unlock()
	for _, cancel := range active {
		cancel()
	}
	s.checks.stop()
	return nil, nil
}

// exit ends the connection; the exit code is 0 after shutdown and 1 otherwise.
func (s *server) exit(context.Context, *struct{}) (any, error) {
	s.mu.Lock()
	code := 1
	if s.state == stateShuttingDown {
		code = 0
	}
	s.state = stateExited
	s.mu.Unlock()
	s.logger.Info("exit", zap.Int("code", code))
	if s.opts.onExit != nil {
		s.opts.onExit(code)
	}
	_ = s.conn.Close()
	return nil, nil
}

// showMessage sends window/showMessage; failures are only logged.
func (s *server) showMessage(typ protocol.MessageType, msg string) {
	s.logger.Info("showMessage", zap.String("type", typ.String()), zap.String("message", msg))
	err := s.conn.Notify(context.WithoutCancel(s.connCtx), protocol.MethodWindowShowMessage,
		&protocol.ShowMessageParams{Type: typ, Message: msg})
	if err != nil {
		s.logger.Debug("window/showMessage failed", zap.Error(err))
	}
}

// workspaceRoot is the folder of the first workspace folder (or rootUri), "" if none is a file.
func workspaceRoot(p *initializeParams) string {
	uri := p.RootURI
	if len(p.WorkspaceFolders) > 0 {
		uri = protocol.DocumentURI(p.WorkspaceFolders[0].URI)
	}
	if !strings.HasPrefix(string(uri), "file://") {
		return ""
	}
	return uri.Filename()
}
