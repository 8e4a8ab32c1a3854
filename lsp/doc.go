// Package lsp is Redraft's language server: it owns the protocol surface (lifecycle, open
// documents, code actions, commands, progress, settings) and turns the refine package's byte-offset
// results into minimal, versioned workspace edits. It checks prose as the writer types
// (diagnostics.go: background diagnostics with quick fixes, quickfix.go) against the writer's
// dictionary (dictionary.go).
//
// The main entry point is Serve, which runs the server on a Stream (NewStream: LSP framing that
// answers a malformed message instead of ending the session). The model is reached only through
// the Refiner interface (normally a *refine.Refiner); this package imports refine for its types
// and gap finder, never the engine. All model work runs on one worker goroutine (worker.go), so
// two denoising loops never fight for the cores, while every other request keeps being answered:
// work is cut into steps of one model call (fill-all: one gap; a long refine: one paragraph) and
// the worker serves whatever else was queued between them; background checks run only when no
// request waits and are preempted by one. Freshness is judged by the server's own document
// generation (documents.go), never by the client's version number alone.
//
// Limits: documents up to MaxDocumentBytes (32 MiB; a bigger one is refused with a message),
// messages up to MaxMessageBytes (128 MiB; a bigger one ends the connection, logged), a selection
// of at most refine.MaxSelectionTokens tokens per paragraph (a longer one gets a message).
// A panic in a handler or in model work is an InternalError reply and an error log with its stack.
//
// It is built on go.lsp.dev/protocol v0.12.0 (LSP 3.15/3.16). Where that library is missing a
// field or mis-decodes one (codeAction data, positionEncoding, didChange events without a range,
// numeric $/cancelRequest ids, the workspace/applyEdit result), the handlers in this package use
// their own small types from types.go and route those methods before protocol's dispatcher.
package lsp
