package lsp

import (
	"context"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
)

// unimplemented answers every protocol.Server method the server does not advertise with a
// MethodNotFound error naming the method. server embeds it and overrides what it implements.
type unimplemented struct{}

var _ protocol.Server = unimplemented{}

func notImplemented(method string) error {
	return jsonrpc2.NewError(jsonrpc2.MethodNotFound, "redraft does not implement "+method)
}

func (unimplemented) Initialize(_ context.Context, _ *protocol.InitializeParams) (*protocol.InitializeResult, error) {
	return nil, notImplemented("initialize")
}

func (unimplemented) Initialized(_ context.Context, _ *protocol.InitializedParams) error {
	return notImplemented("initialized")
}

func (unimplemented) Shutdown(_ context.Context) error {
	return notImplemented("shutdown")
}

func (unimplemented) Exit(_ context.Context) error {
	return notImplemented("exit")
}

func (unimplemented) WorkDoneProgressCancel(_ context.Context, _ *protocol.WorkDoneProgressCancelParams) error {
	return notImplemented("window/workDoneProgress/cancel")
}

func (unimplemented) LogTrace(_ context.Context, _ *protocol.LogTraceParams) error {
	return notImplemented("$/logTrace")
}

func (unimplemented) SetTrace(_ context.Context, _ *protocol.SetTraceParams) error {
	return notImplemented("$/setTrace")
}

func (unimplemented) CodeAction(_ context.Context, _ *protocol.CodeActionParams) ([]protocol.CodeAction, error) {
	return nil, notImplemented("textDocument/codeAction")
}

func (unimplemented) CodeLens(_ context.Context, _ *protocol.CodeLensParams) ([]protocol.CodeLens, error) {
	return nil, notImplemented("textDocument/codeLens")
}

func (unimplemented) CodeLensResolve(_ context.Context, _ *protocol.CodeLens) (*protocol.CodeLens, error) {
	return nil, notImplemented("codeLens/resolve")
}

func (unimplemented) ColorPresentation(_ context.Context, _ *protocol.ColorPresentationParams) ([]protocol.ColorPresentation, error) {
	return nil, notImplemented("textDocument/colorPresentation")
}

func (unimplemented) Completion(_ context.Context, _ *protocol.CompletionParams) (*protocol.CompletionList, error) {
	return nil, notImplemented("textDocument/completion")
}

func (unimplemented) CompletionResolve(_ context.Context, _ *protocol.CompletionItem) (*protocol.CompletionItem, error) {
	return nil, notImplemented("completionItem/resolve")
}

func (unimplemented) Declaration(_ context.Context, _ *protocol.DeclarationParams) ([]protocol.Location, error) {
	return nil, notImplemented("textDocument/declaration")
}

func (unimplemented) Definition(_ context.Context, _ *protocol.DefinitionParams) ([]protocol.Location, error) {
	return nil, notImplemented("textDocument/definition")
}

func (unimplemented) DidChange(_ context.Context, _ *protocol.DidChangeTextDocumentParams) error {
	return notImplemented("textDocument/didChange")
}

func (unimplemented) DidChangeConfiguration(_ context.Context, _ *protocol.DidChangeConfigurationParams) error {
	return notImplemented("workspace/didChangeConfiguration")
}

func (unimplemented) DidChangeWatchedFiles(_ context.Context, _ *protocol.DidChangeWatchedFilesParams) error {
	return notImplemented("workspace/didChangeWatchedFiles")
}

func (unimplemented) DidChangeWorkspaceFolders(_ context.Context, _ *protocol.DidChangeWorkspaceFoldersParams) error {
	return notImplemented("workspace/didChangeWorkspaceFolders")
}

func (unimplemented) DidClose(_ context.Context, _ *protocol.DidCloseTextDocumentParams) error {
	return notImplemented("textDocument/didClose")
}

func (unimplemented) DidOpen(_ context.Context, _ *protocol.DidOpenTextDocumentParams) error {
	return notImplemented("textDocument/didOpen")
}

func (unimplemented) DidSave(_ context.Context, _ *protocol.DidSaveTextDocumentParams) error {
	return notImplemented("textDocument/didSave")
}

func (unimplemented) DocumentColor(_ context.Context, _ *protocol.DocumentColorParams) ([]protocol.ColorInformation, error) {
	return nil, notImplemented("textDocument/documentColor")
}

func (unimplemented) DocumentHighlight(_ context.Context, _ *protocol.DocumentHighlightParams) ([]protocol.DocumentHighlight, error) {
	return nil, notImplemented("textDocument/documentHighlight")
}

func (unimplemented) DocumentLink(_ context.Context, _ *protocol.DocumentLinkParams) ([]protocol.DocumentLink, error) {
	return nil, notImplemented("textDocument/documentLink")
}

func (unimplemented) DocumentLinkResolve(_ context.Context, _ *protocol.DocumentLink) (*protocol.DocumentLink, error) {
	return nil, notImplemented("documentLink/resolve")
}

func (unimplemented) DocumentSymbol(_ context.Context, _ *protocol.DocumentSymbolParams) ([]any, error) {
	return nil, notImplemented("textDocument/documentSymbol")
}

func (unimplemented) ExecuteCommand(_ context.Context, _ *protocol.ExecuteCommandParams) (any, error) {
	return nil, notImplemented("workspace/executeCommand")
}

func (unimplemented) FoldingRanges(_ context.Context, _ *protocol.FoldingRangeParams) ([]protocol.FoldingRange, error) {
	return nil, notImplemented("textDocument/foldingRange")
}

func (unimplemented) Formatting(_ context.Context, _ *protocol.DocumentFormattingParams) ([]protocol.TextEdit, error) {
	return nil, notImplemented("textDocument/formatting")
}

func (unimplemented) Hover(_ context.Context, _ *protocol.HoverParams) (*protocol.Hover, error) {
	return nil, notImplemented("textDocument/hover")
}

func (unimplemented) Implementation(_ context.Context, _ *protocol.ImplementationParams) ([]protocol.Location, error) {
	return nil, notImplemented("textDocument/implementation")
}

func (unimplemented) OnTypeFormatting(_ context.Context, _ *protocol.DocumentOnTypeFormattingParams) ([]protocol.TextEdit, error) {
	return nil, notImplemented("textDocument/onTypeFormatting")
}

func (unimplemented) PrepareRename(_ context.Context, _ *protocol.PrepareRenameParams) (*protocol.Range, error) {
	return nil, notImplemented("textDocument/prepareRename")
}

func (unimplemented) RangeFormatting(_ context.Context, _ *protocol.DocumentRangeFormattingParams) ([]protocol.TextEdit, error) {
	return nil, notImplemented("textDocument/rangeFormatting")
}

func (unimplemented) References(_ context.Context, _ *protocol.ReferenceParams) ([]protocol.Location, error) {
	return nil, notImplemented("textDocument/references")
}

func (unimplemented) Rename(_ context.Context, _ *protocol.RenameParams) (*protocol.WorkspaceEdit, error) {
	return nil, notImplemented("textDocument/rename")
}

func (unimplemented) SignatureHelp(_ context.Context, _ *protocol.SignatureHelpParams) (*protocol.SignatureHelp, error) {
	return nil, notImplemented("textDocument/signatureHelp")
}

func (unimplemented) Symbols(_ context.Context, _ *protocol.WorkspaceSymbolParams) ([]protocol.SymbolInformation, error) {
	return nil, notImplemented("workspace/symbol")
}

func (unimplemented) TypeDefinition(_ context.Context, _ *protocol.TypeDefinitionParams) ([]protocol.Location, error) {
	return nil, notImplemented("textDocument/typeDefinition")
}

func (unimplemented) WillSave(_ context.Context, _ *protocol.WillSaveTextDocumentParams) error {
	return notImplemented("textDocument/willSave")
}

func (unimplemented) WillSaveWaitUntil(_ context.Context, _ *protocol.WillSaveTextDocumentParams) ([]protocol.TextEdit, error) {
	return nil, notImplemented("textDocument/willSaveWaitUntil")
}

func (unimplemented) ShowDocument(_ context.Context, _ *protocol.ShowDocumentParams) (*protocol.ShowDocumentResult, error) {
	return nil, notImplemented("window/showDocument")
}

func (unimplemented) WillCreateFiles(_ context.Context, _ *protocol.CreateFilesParams) (*protocol.WorkspaceEdit, error) {
	return nil, notImplemented("workspace/willCreateFiles")
}

func (unimplemented) DidCreateFiles(_ context.Context, _ *protocol.CreateFilesParams) error {
	return notImplemented("workspace/didCreateFiles")
}

func (unimplemented) WillRenameFiles(_ context.Context, _ *protocol.RenameFilesParams) (*protocol.WorkspaceEdit, error) {
	return nil, notImplemented("workspace/willRenameFiles")
}

func (unimplemented) DidRenameFiles(_ context.Context, _ *protocol.RenameFilesParams) error {
	return notImplemented("workspace/didRenameFiles")
}

func (unimplemented) WillDeleteFiles(_ context.Context, _ *protocol.DeleteFilesParams) (*protocol.WorkspaceEdit, error) {
	return nil, notImplemented("workspace/willDeleteFiles")
}

func (unimplemented) DidDeleteFiles(_ context.Context, _ *protocol.DeleteFilesParams) error {
	return notImplemented("workspace/didDeleteFiles")
}

func (unimplemented) CodeLensRefresh(_ context.Context) error {
	return notImplemented("workspace/codeLens/refresh")
}

func (unimplemented) PrepareCallHierarchy(_ context.Context, _ *protocol.CallHierarchyPrepareParams) ([]protocol.CallHierarchyItem, error) {
	return nil, notImplemented("textDocument/prepareCallHierarchy")
}

func (unimplemented) IncomingCalls(_ context.Context, _ *protocol.CallHierarchyIncomingCallsParams) ([]protocol.CallHierarchyIncomingCall, error) {
	return nil, notImplemented("callHierarchy/incomingCalls")
}

func (unimplemented) OutgoingCalls(_ context.Context, _ *protocol.CallHierarchyOutgoingCallsParams) ([]protocol.CallHierarchyOutgoingCall, error) {
	return nil, notImplemented("callHierarchy/outgoingCalls")
}

func (unimplemented) SemanticTokensFull(_ context.Context, _ *protocol.SemanticTokensParams) (*protocol.SemanticTokens, error) {
	return nil, notImplemented("textDocument/semanticTokens/full")
}

func (unimplemented) SemanticTokensFullDelta(_ context.Context, _ *protocol.SemanticTokensDeltaParams) (any, error) {
	return nil, notImplemented("textDocument/semanticTokens/full/delta")
}

func (unimplemented) SemanticTokensRange(_ context.Context, _ *protocol.SemanticTokensRangeParams) (*protocol.SemanticTokens, error) {
	return nil, notImplemented("textDocument/semanticTokens/range")
}

func (unimplemented) SemanticTokensRefresh(_ context.Context) error {
	return notImplemented("workspace/semanticTokens/refresh")
}

func (unimplemented) LinkedEditingRange(_ context.Context, _ *protocol.LinkedEditingRangeParams) (*protocol.LinkedEditingRanges, error) {
	return nil, notImplemented("textDocument/linkedEditingRange")
}

func (unimplemented) Moniker(_ context.Context, _ *protocol.MonikerParams) ([]protocol.Moniker, error) {
	return nil, notImplemented("textDocument/moniker")
}

func (unimplemented) Request(_ context.Context, method string, _ any) (any, error) {
	return nil, jsonrpc2.NewError(jsonrpc2.MethodNotFound, "redraft does not implement "+method)
}
