package lsp

import (
	"encoding/json"

	"go.lsp.dev/protocol"
)

// Hand-written wire types for the parts of LSP 3.16/3.17 that go.lsp.dev/protocol v0.12.0 lacks or
// decodes wrongly. Everything else uses protocol's types.

// initializeParams is the subset of InitializeParams the server reads. protocol's type has no
// general.positionEncodings and would force us to re-marshal initializationOptions.
type initializeParams struct {
	ProcessID             *int32                     `json:"processId"`
	ClientInfo            *protocol.ClientInfo       `json:"clientInfo,omitempty"`
	InitializationOptions json.RawMessage            `json:"initializationOptions,omitempty"`
	Capabilities          clientCapabilities         `json:"capabilities"`
	RootURI               protocol.DocumentURI       `json:"rootUri,omitempty"`
	WorkspaceFolders      []protocol.WorkspaceFolder `json:"workspaceFolders,omitempty"`
}

type clientCapabilities struct {
	General struct {
		PositionEncodings []string `json:"positionEncodings,omitempty"` // 3.17
	} `json:"general"`
	Window struct {
		WorkDoneProgress bool             `json:"workDoneProgress,omitempty"`
		ShowMessage      *json.RawMessage `json:"showMessage,omitempty"`
	} `json:"window"`
	Workspace struct {
		ApplyEdit     bool `json:"applyEdit,omitempty"`
		Configuration bool `json:"configuration,omitempty"`
		WorkspaceEdit struct {
			DocumentChanges bool `json:"documentChanges,omitempty"`
		} `json:"workspaceEdit"`
	} `json:"workspace"`
}

// initializeResult carries positionEncoding (3.17), which protocol.ServerCapabilities lacks.
type initializeResult struct {
	Capabilities serverCapabilities   `json:"capabilities"`
	ServerInfo   *protocol.ServerInfo `json:"serverInfo,omitempty"`
}

type serverCapabilities struct {
	PositionEncoding       string                           `json:"positionEncoding,omitempty"`
	TextDocumentSync       protocol.TextDocumentSyncOptions `json:"textDocumentSync"`
	CodeActionProvider     protocol.CodeActionOptions       `json:"codeActionProvider"`
	ExecuteCommandProvider protocol.ExecuteCommandOptions   `json:"executeCommandProvider"`
}

// didChangeParams: protocol's TextDocumentContentChangeEvent has a non-pointer Range, so a
// whole-document change (no range) would read as an insertion at 0:0.
type didChangeParams struct {
	TextDocument   protocol.VersionedTextDocumentIdentifier `json:"textDocument"`
	ContentChanges []contentChange                          `json:"contentChanges"`
}

type contentChange struct {
	Range *protocol.Range `json:"range,omitempty"`
	Text  string          `json:"text"`
}

// executeCommandParams keeps the arguments raw so each command decodes its own object, and the
// work-done token raw so it is echoed back exactly as the client sent it.
type executeCommandParams struct {
	Command       string            `json:"command"`
	Arguments     []json.RawMessage `json:"arguments,omitempty"`
	WorkDoneToken json.RawMessage   `json:"workDoneToken,omitempty"`
}

// cancelParams decodes the id into jsonrpc2's ID type; protocol.CancelParams uses interface{}, so
// numeric ids arrive as float64 and protocol.CancelHandler drops them as "malformed".
type cancelParams struct {
	ID json.RawMessage `json:"id"`
}

// progressCancelParams is window/workDoneProgress/cancel with the token kept raw.
type progressCancelParams struct {
	Token json.RawMessage `json:"token"`
}

// progressParams is $/progress with a raw token (string or number, as created).
type progressParams struct {
	Token json.RawMessage `json:"token"`
	Value any             `json:"value"`
}

// progressValue is the begin/report/end payload. Percentage is a pointer so 0% is sent (protocol's
// types drop it with omitempty, which makes clients show an indeterminate bar).
type progressValue struct {
	Kind        string  `json:"kind"`
	Title       string  `json:"title,omitempty"`
	Cancellable *bool   `json:"cancellable,omitempty"`
	Message     string  `json:"message,omitempty"`
	Percentage  *uint32 `json:"percentage,omitempty"`
}

// codeAction is protocol.CodeAction plus data (3.16), which v0.12.0 lacks.
type codeAction struct {
	Title       string                  `json:"title"`
	Kind        protocol.CodeActionKind `json:"kind,omitempty"`
	Diagnostics []protocol.Diagnostic   `json:"diagnostics,omitempty"`
	IsPreferred bool                    `json:"isPreferred,omitempty"`
	Edit        *protocol.WorkspaceEdit `json:"edit,omitempty"`
	Command     *protocol.Command       `json:"command,omitempty"`
	Data        json.RawMessage         `json:"data,omitempty"`
}

// CommandResult is what workspace/executeCommand returns for every redraft.* command, so scripts
// and editor tests can tell what happened without watching window/showMessage.
type CommandResult struct {
	// Status is one of the Status* constants.
	Status string `json:"status"`
	// Message is the text shown to the user, if any.
	Message string `json:"message,omitempty"`
	// Edits is the number of TextEdits the client applied.
	Edits int `json:"edits,omitempty"`
}

// Command result statuses.
const (
	StatusApplied   = "applied"   // the client applied the edit
	StatusUnchanged = "unchanged" // nothing to do: no better revision, no gap, empty fill
	StatusDismissed = "dismissed" // the user closed the alternatives picker
	StatusStale     = "stale"     // the document changed while the model ran; nothing applied
	// StatusSuperseded: a newer request for the same text was queued before this one started.
	StatusSuperseded = "superseded"
	StatusRejected   = "rejected" // the client refused workspace/applyEdit
	StatusFailed     = "failed"   // the model could not run (too long, model load failure, ...)
)
