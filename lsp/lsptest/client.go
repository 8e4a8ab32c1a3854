// Package lsptest is a fake editor for testing Redraft's language server over a jsonrpc2 stream
// (usually one end of a net.Pipe). It keeps its own copy of each open document, applies
// workspace/applyEdit the way an editor does (checking the document version, then sending the
// resulting didChange), answers window/workDoneProgress/create and window/showMessageRequest
// through optional hooks, and records everything the server sends.
package lsptest

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
)

// Hooks customise the client's answers. Every hook is optional; hooks run on the client's read
// loop, in message order, so they must not block on the server.
type Hooks struct {
	// OnApplyEdit decides workspace/applyEdit. nil: apply it to the client's copy (refusing a
	// version mismatch, as editors do) and send didChange.
	OnApplyEdit func(protocol.ApplyWorkspaceEditParams) protocol.ApplyWorkspaceEditResponse
	// OnShowMessageRequest picks an action (nil result: the user dismissed it). nil: dismiss.
	OnShowMessageRequest func(protocol.ShowMessageRequestParams) *protocol.MessageActionItem
	// OnCreateProgress answers window/workDoneProgress/create; a non-nil error refuses the token.
	OnCreateProgress func(token json.RawMessage) error
	// OnProgress sees every $/progress.
	OnProgress func(Progress)
	// OnShowMessage sees every window/showMessage.
	OnShowMessage func(protocol.ShowMessageParams)
	// OnConfiguration answers workspace/configuration. nil: one null per item.
	OnConfiguration func(protocol.ConfigurationParams) []any
	// OnDiagnostics sees every textDocument/publishDiagnostics.
	OnDiagnostics func(protocol.PublishDiagnosticsParams)
}

// Progress is one $/progress notification.
type Progress struct {
	Token json.RawMessage `json:"token"`
	Value struct {
		Kind        string  `json:"kind"`
		Title       string  `json:"title"`
		Cancellable bool    `json:"cancellable"`
		Message     string  `json:"message"`
		Percentage  *uint32 `json:"percentage"`
	} `json:"value"`
}

// CodeAction is a code action as the server sends it (protocol v0.12.0's type has no data).
type CodeAction struct {
	Title   string                  `json:"title"`
	Kind    protocol.CodeActionKind `json:"kind"`
	Edit    *protocol.WorkspaceEdit `json:"edit"`
	Command *protocol.Command       `json:"command"`
	Data    json.RawMessage         `json:"data"`

	IsPreferred bool                  `json:"isPreferred"`
	Diagnostics []protocol.Diagnostic `json:"diagnostics"`
}

type document struct {
	version int32
	text    string
}

// Client is the fake editor. Create it with New.
type Client struct {
	Conn     jsonrpc2.Conn
	Encoding Encoding // position encoding for the client's own arithmetic (default utf-16)

	hooks Hooks

	mu       sync.Mutex
	docs     map[protocol.DocumentURI]*document
	edits    []protocol.ApplyWorkspaceEditParams
	progress []Progress
	messages []protocol.ShowMessageParams
	requests []protocol.ShowMessageRequestParams
	created  []json.RawMessage
	diags    []protocol.PublishDiagnosticsParams
	other    []string // methods of other messages received
}

// New starts a client on stream. Close it with Close (or by closing the stream).
func New(ctx context.Context, stream jsonrpc2.Stream, hooks Hooks) *Client {
	c := &Client{
		Conn:     jsonrpc2.NewConn(stream),
		Encoding: UTF16,
		hooks:    hooks,
		docs:     make(map[protocol.DocumentURI]*document),
	}
	c.Conn.Go(ctx, c.handle)
	return c
}

// Close closes the connection and waits for it to end.
func (c *Client) Close() error {
	err := c.Conn.Close()
	<-c.Conn.Done()
	return err
}

func (c *Client) handle(ctx context.Context, reply jsonrpc2.Replier, req jsonrpc2.Request) error {
	switch req.Method() {
	case protocol.MethodWorkspaceApplyEdit:
		var p protocol.ApplyWorkspaceEditParams
		if err := json.Unmarshal(req.Params(), &p); err != nil {
			return reply(ctx, nil, err)
		}
		c.mu.Lock()
		c.edits = append(c.edits, p)
		c.mu.Unlock()
		if c.hooks.OnApplyEdit != nil {
			return reply(ctx, c.hooks.OnApplyEdit(p), nil)
		}
		return reply(ctx, c.applyEdit(ctx, p), nil)
	case protocol.MethodWorkDoneProgressCreate:
		var p struct {
			Token json.RawMessage `json:"token"`
		}
		_ = json.Unmarshal(req.Params(), &p)
		c.mu.Lock()
		c.created = append(c.created, p.Token)
		c.mu.Unlock()
		if c.hooks.OnCreateProgress != nil {
			if err := c.hooks.OnCreateProgress(p.Token); err != nil {
				return reply(ctx, nil, err)
			}
		}
		return reply(ctx, nil, nil)
	case protocol.MethodProgress:
		var p Progress
		_ = json.Unmarshal(req.Params(), &p)
		c.mu.Lock()
		c.progress = append(c.progress, p)
		c.mu.Unlock()
		if c.hooks.OnProgress != nil {
			c.hooks.OnProgress(p)
		}
		return reply(ctx, nil, nil)
	case protocol.MethodWindowShowMessage:
		var p protocol.ShowMessageParams
		_ = json.Unmarshal(req.Params(), &p)
		c.mu.Lock()
		c.messages = append(c.messages, p)
		c.mu.Unlock()
		if c.hooks.OnShowMessage != nil {
			c.hooks.OnShowMessage(p)
		}
		return reply(ctx, nil, nil)
	case protocol.MethodWindowShowMessageRequest:
		var p protocol.ShowMessageRequestParams
		_ = json.Unmarshal(req.Params(), &p)
		c.mu.Lock()
		c.requests = append(c.requests, p)
		c.mu.Unlock()
		var choice *protocol.MessageActionItem
		if c.hooks.OnShowMessageRequest != nil {
			choice = c.hooks.OnShowMessageRequest(p)
		}
		return reply(ctx, choice, nil)
	case protocol.MethodTextDocumentPublishDiagnostics:
		var p protocol.PublishDiagnosticsParams
		_ = json.Unmarshal(req.Params(), &p)
		c.mu.Lock()
		c.diags = append(c.diags, p)
		c.mu.Unlock()
		if c.hooks.OnDiagnostics != nil {
			c.hooks.OnDiagnostics(p)
		}
		return reply(ctx, nil, nil)
	case protocol.MethodWorkspaceConfiguration:
		var p protocol.ConfigurationParams
		_ = json.Unmarshal(req.Params(), &p)
		res := make([]any, len(p.Items))
		if c.hooks.OnConfiguration != nil {
			res = c.hooks.OnConfiguration(p)
		}
		return reply(ctx, res, nil)
	}
	c.mu.Lock()
	c.other = append(c.other, req.Method())
	c.mu.Unlock()
	return reply(ctx, nil, nil)
}

// applyEdit applies an edit to the client's copies like an editor: every TextDocumentEdit must
// name the current version; then the text changes, the version goes up by one, and the client
// sends didChange with the edits (in reverse order, so each range is valid when applied).
func (c *Client) applyEdit(ctx context.Context, p protocol.ApplyWorkspaceEditParams) protocol.ApplyWorkspaceEditResponse {
	type change struct {
		uri   protocol.DocumentURI
		edits []protocol.TextEdit
		check *int32
	}
	var changes []change
	for _, dc := range p.Edit.DocumentChanges {
		changes = append(changes, change{dc.TextDocument.URI, dc.Edits, dc.TextDocument.Version})
	}
	for uri, edits := range p.Edit.Changes {
		changes = append(changes, change{uri, edits, nil})
	}
	c.mu.Lock()
	for i, ch := range changes {
		d := c.docs[ch.uri]
		if d == nil {
			c.mu.Unlock()
			return protocol.ApplyWorkspaceEditResponse{FailureReason: "document not open: " + string(ch.uri), FailedChange: uint32(i)}
		}
		if ch.check != nil && *ch.check != d.version {
			c.mu.Unlock()
			return protocol.ApplyWorkspaceEditResponse{
				FailureReason: fmt.Sprintf("version mismatch: edit for %d, document at %d", *ch.check, d.version),
				FailedChange:  uint32(i),
			}
		}
	}
	type notify struct {
		uri     protocol.DocumentURI
		version int32
		edits   []protocol.TextEdit
	}
	var sends []notify
	for i, ch := range changes {
		d := c.docs[ch.uri]
		text, err := ApplyEdits(d.text, ch.edits, c.Encoding)
		if err != nil {
			c.mu.Unlock()
			return protocol.ApplyWorkspaceEditResponse{FailureReason: err.Error(), FailedChange: uint32(i)}
		}
		d.text = text
		d.version++
		sends = append(sends, notify{ch.uri, d.version, ch.edits})
	}
	c.mu.Unlock()
	for _, n := range sends {
		events := make([]map[string]any, 0, len(n.edits))
		for i := len(n.edits) - 1; i >= 0; i-- {
			events = append(events, map[string]any{"range": n.edits[i].Range, "text": n.edits[i].NewText})
		}
		_ = c.Conn.Notify(ctx, protocol.MethodTextDocumentDidChange, map[string]any{
			"textDocument":   map[string]any{"uri": n.uri, "version": n.version},
			"contentChanges": events,
		})
	}
	return protocol.ApplyWorkspaceEditResponse{Applied: true}
}

// DefaultCapabilities are the client capabilities Initialize sends unless told otherwise: UTF-16,
// work-done progress, showMessageRequest, applyEdit with documentChanges.
func DefaultCapabilities() map[string]any {
	return map[string]any{
		"window": map[string]any{
			"workDoneProgress": true,
			"showMessage":      map[string]any{"messageActionItem": map[string]any{"additionalPropertiesSupport": false}},
		},
		"workspace": map[string]any{
			"applyEdit":     true,
			"workspaceEdit": map[string]any{"documentChanges": true},
		},
		"textDocument": map[string]any{
			"synchronization": map[string]any{"dynamicRegistration": false},
			"codeAction": map[string]any{
				"codeActionLiteralSupport": map[string]any{
					"codeActionKind": map[string]any{"valueSet": []string{"", "refactor", "refactor.rewrite"}},
				},
			},
		},
	}
}

// Initialize sends initialize (with capabilities, or DefaultCapabilities when nil) and then
// initialized, and returns the server's result.
func (c *Client) Initialize(ctx context.Context, initOptions any, capabilities map[string]any) (json.RawMessage, error) {
	if capabilities == nil {
		capabilities = DefaultCapabilities()
	}
	params := map[string]any{
		"processId":    nil,
		"clientInfo":   map[string]any{"name": "lsptest", "version": "0"},
		"rootUri":      nil,
		"capabilities": capabilities,
	}
	if initOptions != nil {
		params["initializationOptions"] = initOptions
	}
	var res json.RawMessage
	if _, err := c.Conn.Call(ctx, protocol.MethodInitialize, params, &res); err != nil {
		return nil, err
	}
	return res, c.Conn.Notify(ctx, protocol.MethodInitialized, map[string]any{})
}

// Open sends didOpen (version 1, language markdown) and keeps a copy of the text.
func (c *Client) Open(ctx context.Context, uri protocol.DocumentURI, text string) error {
	return c.OpenAs(ctx, uri, "markdown", text)
}

// OpenAs is Open with a language id.
func (c *Client) OpenAs(ctx context.Context, uri protocol.DocumentURI, language, text string) error {
	c.mu.Lock()
	c.docs[uri] = &document{version: 1, text: text}
	c.mu.Unlock()
	return c.Conn.Notify(ctx, protocol.MethodTextDocumentDidOpen, map[string]any{
		"textDocument": map[string]any{"uri": uri, "languageId": language, "version": 1, "text": text},
	})
}

// Change is one content change: a range in the client's encoding, or nil for the whole text.
type Change struct {
	Range *protocol.Range
	Text  string
}

// Edit changes the client's copy (each change applied in turn), bumps the version and sends
// didChange with the same changes.
func (c *Client) Edit(ctx context.Context, uri protocol.DocumentURI, changes ...Change) error {
	c.mu.Lock()
	d := c.docs[uri]
	if d == nil {
		c.mu.Unlock()
		return fmt.Errorf("lsptest: %s is not open", uri)
	}
	events := make([]map[string]any, 0, len(changes))
	text := d.text
	for _, ch := range changes {
		ev := map[string]any{"text": ch.Text}
		if ch.Range == nil {
			text = ch.Text
		} else {
			var err error
			if text, err = ApplyEdits(text, []protocol.TextEdit{{Range: *ch.Range, NewText: ch.Text}}, c.Encoding); err != nil {
				c.mu.Unlock()
				return err
			}
			ev["range"] = *ch.Range
		}
		events = append(events, ev)
	}
	d.text = text
	d.version++
	version := d.version
	c.mu.Unlock()
	return c.Conn.Notify(ctx, protocol.MethodTextDocumentDidChange, map[string]any{
		"textDocument":   map[string]any{"uri": uri, "version": version},
		"contentChanges": events,
	})
}

// CloseDocument sends didClose and forgets the copy.
func (c *Client) CloseDocument(ctx context.Context, uri protocol.DocumentURI) error {
	c.mu.Lock()
	delete(c.docs, uri)
	c.mu.Unlock()
	return c.Conn.Notify(ctx, protocol.MethodTextDocumentDidClose, map[string]any{
		"textDocument": map[string]any{"uri": uri},
	})
}

// CodeActions asks for the code actions of a range.
func (c *Client) CodeActions(ctx context.Context, uri protocol.DocumentURI, r protocol.Range) ([]CodeAction, error) {
	return c.CodeActionsFor(ctx, uri, r, []protocol.Diagnostic{})
}

// CodeActionsFor asks for the code actions of a range with diagnostics in the context, as an
// editor does for the diagnostics under the cursor.
func (c *Client) CodeActionsFor(ctx context.Context, uri protocol.DocumentURI, r protocol.Range, diags []protocol.Diagnostic) ([]CodeAction, error) {
	var res []CodeAction
	_, err := c.Conn.Call(ctx, protocol.MethodTextDocumentCodeAction, map[string]any{
		"textDocument": map[string]any{"uri": uri},
		"range":        r,
		"context":      map[string]any{"diagnostics": diags},
	}, &res)
	return res, err
}

// Apply applies a code action's workspace edit like workspace/applyEdit does (see applyEdit).
func (c *Client) Apply(ctx context.Context, edit protocol.WorkspaceEdit) protocol.ApplyWorkspaceEditResponse {
	return c.applyEdit(ctx, protocol.ApplyWorkspaceEditParams{Edit: edit})
}

// Execute runs workspace/executeCommand with one argument object; token, if not nil, is sent as
// the workDoneToken. The result is returned raw.
func (c *Client) Execute(ctx context.Context, command string, arg any, token any) (json.RawMessage, error) {
	params := map[string]any{"command": command, "arguments": []any{arg}}
	if token != nil {
		params["workDoneToken"] = token
	}
	var res json.RawMessage
	_, err := c.Conn.Call(ctx, protocol.MethodWorkspaceExecuteCommand, params, &res)
	return res, err
}

// Shutdown sends shutdown; Exit sends exit.
func (c *Client) Shutdown(ctx context.Context) error {
	_, err := c.Conn.Call(ctx, protocol.MethodShutdown, nil, nil)
	return err
}

// Exit sends the exit notification.
func (c *Client) Exit(ctx context.Context) error {
	return c.Conn.Notify(ctx, protocol.MethodExit, nil)
}

// Text and Version return the client's copy of a document.
func (c *Client) Text(uri protocol.DocumentURI) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	if d := c.docs[uri]; d != nil {
		return d.text
	}
	return ""
}

// Version returns the client's version of a document.
func (c *Client) Version(uri protocol.DocumentURI) int32 {
	c.mu.Lock()
	defer c.mu.Unlock()
	if d := c.docs[uri]; d != nil {
		return d.version
	}
	return 0
}

// Range returns the range of the byte offsets [start,end) of the client's copy of uri.
func (c *Client) Range(uri protocol.DocumentURI, start, end int) protocol.Range {
	return Range(c.Text(uri), start, end, c.Encoding)
}

// Edits returns the workspace/applyEdit requests received so far.
func (c *Client) Edits() []protocol.ApplyWorkspaceEditParams {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]protocol.ApplyWorkspaceEditParams(nil), c.edits...)
}

// Progress returns the $/progress notifications received so far.
func (c *Client) Progress() []Progress {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]Progress(nil), c.progress...)
}

// Messages returns the window/showMessage notifications received so far.
func (c *Client) Messages() []protocol.ShowMessageParams {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]protocol.ShowMessageParams(nil), c.messages...)
}

// MessageRequests returns the window/showMessageRequest requests received so far.
func (c *Client) MessageRequests() []protocol.ShowMessageRequestParams {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]protocol.ShowMessageRequestParams(nil), c.requests...)
}

// Created returns the tokens of window/workDoneProgress/create requests received so far.
func (c *Client) Created() []json.RawMessage {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]json.RawMessage(nil), c.created...)
}

// Diagnostics returns the textDocument/publishDiagnostics notifications received so far.
func (c *Client) Diagnostics() []protocol.PublishDiagnosticsParams {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]protocol.PublishDiagnosticsParams(nil), c.diags...)
}

// Forget drops everything the client has recorded so far (edits, progress, messages, requests,
// tokens, diagnostics), so a long session does not keep it all. The documents stay.
func (c *Client) Forget() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.edits, c.progress, c.messages, c.requests, c.created, c.diags, c.other = nil, nil, nil, nil, nil, nil, nil
}
