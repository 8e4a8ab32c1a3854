package lsp

import (
	"encoding/json"
	"slices"
	"strings"

	"go.lsp.dev/protocol"
	"go.uber.org/zap"

	"github.com/redraft/redraft/refine"
)

// Quick fixes for the diagnostics of diagnostics.go. For each redraft diagnostic the client sends
// with textDocument/codeAction, in this order:
//
//	fix         "Change to “…”", "Remove “…”" or "Insert “…”": exactly the edit, as one versioned
//	            workspace edit on the document's current version (carried across later edits)
//	add word    "Add “w” to the dictionary" (redraft.addWord), and "… to the workspace
//	            dictionary" when the editor opened a workspace folder
//	ignore      TitleIgnore (redraft.ignore): not shown again while the document is open
//
// All are of kind quickfix. No model work happens here.

// Command names of the quick fixes.
const (
	CommandAddWord = "redraft.addWord"
	CommandIgnore  = "redraft.ignore"
)

// TitleIgnore is the title of the "ignore here" quick fix.
const TitleIgnore = "Ignore this suggestion here"

// addWordArgs is redraft.addWord's argument: {"uri", "word", "scope"?} (scope "user", the
// default, or "workspace").
type addWordArgs struct {
	URI   protocol.DocumentURI `json:"uri"`
	Word  string               `json:"word"`
	Scope string               `json:"scope,omitempty"`
}

// ignoreArgs is redraft.ignore's argument: {"uri", "key"}, the key a quick fix carries.
type ignoreArgs struct {
	URI protocol.DocumentURI `json:"uri"`
	Key string               `json:"key"`
}

// wantsQuickFix reports whether a codeAction "only" filter admits quickfix.
func wantsQuickFix(only []protocol.CodeActionKind) bool {
	return len(only) == 0 || slices.ContainsFunc(only, func(k protocol.CodeActionKind) bool {
		return k == protocol.QuickFix || k == ""
	})
}

// quickFixes returns the quick fixes for the redraft diagnostics among diags.
func (s *server) quickFixes(uri protocol.DocumentURI, diags []protocol.Diagnostic) []codeAction {
	var out []codeAction
	for _, d := range diags {
		if d.Source != "redraft" {
			continue
		}
		f, ok := s.checks.lookup(uri, d)
		if !ok {
			continue
		}
		one := []protocol.Diagnostic{d}
		if edit, ok := s.fixEdit(uri, f); ok {
			out = append(out, codeAction{Title: fixTitle(f), Kind: protocol.QuickFix, IsPreferred: true,
				Diagnostics: one, Edit: edit})
		}
		if f.word != "" {
			out = append(out, quickCommand("Add “"+f.word+"” to the dictionary", one, CommandAddWord,
				addWordArgs{URI: uri, Word: f.word, Scope: scopeUser}))
			if s.dict.hasWorkspace() {
				out = append(out, quickCommand("Add “"+f.word+"” to the workspace dictionary", one, CommandAddWord,
					addWordArgs{URI: uri, Word: f.word, Scope: scopeWorkspace}))
			}
		}
		out = append(out, quickCommand(TitleIgnore, one, CommandIgnore, ignoreArgs{URI: uri, Key: f.key}))
	}
	return out
}

func quickCommand(title string, diags []protocol.Diagnostic, command string, arg any) codeAction {
	return codeAction{Title: title, Kind: protocol.QuickFix, Diagnostics: diags,
		Command: &protocol.Command{Title: title, Command: command, Arguments: []any{arg}}}
}

// fixTitle names the fix: "Change to “receive”", "Remove “the”", "Insert “a”".
func fixTitle(f finding) string {
	old, repl := strings.TrimSpace(f.old), strings.Join(strings.Fields(f.text), " ")
	switch {
	case old == "":
		return "Insert “" + repl + "”"
	case repl == "":
		return "Remove “" + old + "”"
	}
	return "Change to “" + repl + "”"
}

// fixEdit carries a finding's edit onto the document's current version and wraps it as a
// workspace edit for that version; false when a later change touched it.
func (s *server) fixEdit(uri protocol.DocumentURI, f finding) (*protocol.WorkspaceEdit, bool) {
	snap, start, end, ok := s.docs.rebase(uri, f.gen, f.start, f.end)
	if !ok || snap.text[start:end] != f.old {
		return nil, false
	}
	r, err := snap.rangeOf(start, end, s.encoding())
	if err != nil {
		return nil, false
	}
	edits := []protocol.TextEdit{{Range: r, NewText: f.text}}
	edit := &protocol.WorkspaceEdit{}
	if s.clientCaps().Workspace.WorkspaceEdit.DocumentChanges {
		v := snap.version
		edit.DocumentChanges = []protocol.TextDocumentEdit{{
			TextDocument: protocol.OptionalVersionedTextDocumentIdentifier{
				TextDocumentIdentifier: protocol.TextDocumentIdentifier{URI: uri},
				Version:                &v,
			},
			Edits: edits,
		}}
	} else {
		edit.Changes = map[protocol.DocumentURI][]protocol.TextEdit{uri: edits}
	}
	return edit, true
}

// lookup finds the published finding a client's diagnostic stands for: by the id in its data,
// else by range and message, else by start line and message (clients that rebuild diagnostics
// from their own positions).
func (c *checker) lookup(uri protocol.DocumentURI, d protocol.Diagnostic) (finding, bool) {
	id := 0
	if raw, err := json.Marshal(d.Data); err == nil {
		var data diagnosticData
		if json.Unmarshal(raw, &data) == nil {
			id = data.ID
		}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	doc := c.docs[uri]
	if doc == nil {
		return finding{}, false
	}
	for _, match := range []func(f finding) bool{
		func(f finding) bool { return id != 0 && f.id == id },
		func(f finding) bool { return f.rng == d.Range && f.message == d.Message },
		func(f finding) bool { return f.rng.Start.Line == d.Range.Start.Line && f.message == d.Message },
	} {
		for _, f := range doc.published {
			if match(f) {
				return f, true
			}
		}
	}
	return finding{}, false
}

// ignore remembers an ignore key for a document while it is open and publishes it again.
func (c *checker) ignore(uri protocol.DocumentURI, key string) bool {
	c.mu.Lock()
	doc := c.docs[uri]
	if doc != nil {
		doc.ignored[key] = true
	}
	c.mu.Unlock()
	if doc != nil {
		c.publish(uri)
	}
	return doc != nil
}

// addWordCommand adds a word to a dictionary file and publishes every document again without it.
func (s *server) addWordCommand(a addWordArgs) (*CommandResult, error) {
	if a.Scope == "" {
		a.Scope = scopeUser
	}
	path, err := s.dict.add(a.Scope, a.Word)
	if err != nil {
		if path == "" {
			return nil, invalidParams("%s: %v", CommandAddWord, err)
		}
		s.logger.Warn("dictionary write failed", zap.String("path", path), zap.Error(err))
		return s.tell(protocol.MessageTypeError, StatusFailed,
			"Redraft: could not add “"+a.Word+"” to "+path+": "+err.Error())
	}
	s.logger.Info("dictionary word added", zap.String("word", a.Word), zap.String("path", path))
	s.checks.republishAll()
	return &CommandResult{Status: StatusApplied, Message: "Redraft: added “" + a.Word + "” to " + path + "."}, nil
}

// ignoreCommand hides one finding for as long as its document is open.
func (s *server) ignoreCommand(a ignoreArgs) (*CommandResult, error) {
	if a.Key == "" {
		return nil, invalidParams(`%s: the argument has no "key"`, CommandIgnore)
	}
	if !s.checks.ignore(a.URI, a.Key) {
		return &CommandResult{Status: StatusUnchanged, Message: "Redraft: the document is not checked."}, nil
	}
	return &CommandResult{Status: StatusApplied}, nil
}

// userWords returns the dictionary's words for refine (a file that cannot be read is logged).
func (s *server) userWords() []string {
	words, err := s.dict.words()
	if err != nil {
		s.logger.Warn("dictionary unreadable", zap.Error(err))
	}
	return words
}

// refineOptions are the refine options of the current settings, asking for n candidates, with
// the dictionary's words.
func (s *server) refineOptions(n int) refine.Options {
	o := s.currentSettings().options(n)
	o.UserWords = s.userWords()
	return o
}
