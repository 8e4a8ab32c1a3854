package lsp

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"go.lsp.dev/protocol"

	"github.com/redraft/redraft/refine"
)

// effective returns the edits that change something, sorted by start (stable, so insertions at
// one offset keep their order).
func effective(text string, edits []refine.Edit) []refine.Edit {
	out := make([]refine.Edit, 0, len(edits))
	for _, e := range edits {
		if e.Start < 0 || e.End < e.Start || e.End > len(text) || text[e.Start:e.End] != e.Text {
			out = append(out, e)
		}
	}
	slices.SortStableFunc(out, func(a, b refine.Edit) int { return a.Start - b.Start })
	return out
}

// textEdits converts byte-offset edits on snap into LSP TextEdits. It refuses, rather than
// clamps, anything that could corrupt the document: edits outside the text, overlapping edits,
// offsets inside a UTF-8 sequence, replacement text that is not UTF-8.
func textEdits(snap snapshot, edits []refine.Edit, enc encoding) ([]protocol.TextEdit, error) {
	out := make([]protocol.TextEdit, 0, len(edits))
	prev := 0
	for _, e := range effective(snap.text, edits) {
		if e.Start < prev || e.End < e.Start || e.End > len(snap.text) {
			return nil, fmt.Errorf("edit [%d,%d) overlaps another or lies outside the document (%d bytes)",
				e.Start, e.End, len(snap.text))
		}
		if !utf8.ValidString(e.Text) {
			return nil, fmt.Errorf("edit [%d,%d): replacement text is not valid UTF-8", e.Start, e.End)
		}
		r, err := snap.rangeOf(e.Start, e.End, enc)
		if err != nil {
			return nil, fmt.Errorf("edit [%d,%d): %w", e.Start, e.End, err)
		}
		out = append(out, protocol.TextEdit{Range: r, NewText: e.Text})
		prev = e.End
	}
	return out, nil
}

// appendProposal adds a candidate's edits unless they change nothing or repeat an earlier one.
func appendProposal(props []proposal, text string, edits []refine.Edit) []proposal {
	edits = effective(text, edits)
	if len(edits) == 0 {
		return props
	}
	for _, p := range props {
		if slices.Equal(p.edits, edits) {
			return props
		}
	}
	return append(props, proposal{edits: edits, preview: preview(text, edits)})
}

// fillProposals gathers every fill's edits into one proposal.
func fillProposals(text string, res *refine.FillResult) []proposal {
	if res == nil {
		return nil
	}
	var edits []refine.Edit
	for _, f := range res.Fills {
		if len(f.Edits) == 0 && f.Text != "" {
			edits = append(edits, refine.Edit{Start: f.Gap.Start, End: f.Gap.End, Text: f.Text})
			continue
		}
		edits = append(edits, f.Edits...)
	}
	return appendProposal(nil, text, edits)
}

// previewRunes bounds a preview (a showMessageRequest button title).
const previewRunes = 60

// preview describes edits briefly, e.g. "quick → swift, +very, −really".
func preview(text string, edits []refine.Edit) string {
	parts := make([]string, 0, len(edits))
	for _, e := range edits {
		old, repl := "", strings.Join(strings.Fields(e.Text), " ")
		if e.Start >= 0 && e.Start <= e.End && e.End <= len(text) {
			old = strings.Join(strings.Fields(text[e.Start:e.End]), " ")
		}
		switch {
		case old == "" && repl == "":
			continue // whitespace only
		case old == "":
			parts = append(parts, "+"+repl)
		case repl == "":
			parts = append(parts, "−"+old)
		default:
			parts = append(parts, old+" → "+repl)
		}
	}
	s := strings.Join(parts, ", ")
	if s == "" {
		s = "whitespace"
	}
	if utf8.RuneCountInString(s) > previewRunes {
		r := []rune(s)
		s = string(r[:previewRunes-1]) + "…"
	}
	return s
}
