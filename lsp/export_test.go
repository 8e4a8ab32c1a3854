package lsp

import "go.lsp.dev/protocol"

// ApplyChange applies one didChange content change (nil range: the whole text) the way the
// server does, so test clients can mirror the server's copy of a document exactly.
func ApplyChange(text string, r *protocol.Range, newText, enc string) (string, error) {
	if r == nil {
		return newText, nil
	}
	x := newLineIndex(text)
	start, end, err := x.span(*r, negotiateEncoding([]string{enc}))
	if err != nil {
		return "", err
	}
	return text[:start] + newText + text[end:], nil
}

// WithHandlerHook calls f(method) at the start of every handler, on the handler's goroutine
// (tests use it to inject panics).
func WithHandlerHook(f func(method string)) Option { return func(o *options) { o.handlerHook = f } }

// WithWorkspaceRoot makes dir the workspace folder whatever initialize names, so fuzzed input
// cannot make the server write a workspace dictionary outside a test's temporary folder.
func WithWorkspaceRoot(dir string) Option { return func(o *options) { o.workspaceRoot = &dir } }

// DecodeDidOpen decodes didOpen params as the server does.
func DecodeDidOpen(data []byte) (protocol.DidOpenTextDocumentParams, error) {
	return decodeDidOpen(data)
}
