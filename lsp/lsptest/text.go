package lsptest

import (
	"fmt"
	"slices"
	"unicode/utf16"
	"unicode/utf8"

	"go.lsp.dev/protocol"
)

// This file is the editor's side of position arithmetic. It is written independently of the
// server's (lines split into rune slices, columns counted with unicode/utf16), so tests compare two
// implementations rather than one with itself.

// Encoding is a position encoding: "utf-16" (LSP's default), "utf-8" or "utf-32".
type Encoding string

// Position encodings.
const (
	UTF16 Encoding = "utf-16"
	UTF8  Encoding = "utf-8"
	UTF32 Encoding = "utf-32"
)

// width is how many units r takes in e.
func (e Encoding) width(r rune) int {
	switch e {
	case UTF8:
		return utf8.RuneLen(r)
	case UTF32:
		return 1
	}
	return len(utf16.Encode([]rune{r}))
}

// line is one line of text with the byte offset it starts at; text excludes the terminator.
type line struct {
	start int
	text  string
}

func splitLines(s string) []line {
	var ls []line
	start := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\r':
			ls = append(ls, line{start, s[start:i]})
			if i+1 < len(s) && s[i+1] == '\n' {
				i++
			}
			start = i + 1
		case '\n':
			ls = append(ls, line{start, s[start:i]})
			start = i + 1
		}
	}
	return append(ls, line{start, s[start:]})
}

// Offset converts a position to a byte offset in s. It fails for positions that do not name a
// character boundary on an existing line.
func Offset(s string, p protocol.Position, enc Encoding) (int, error) {
	ls := splitLines(s)
	if int(p.Line) >= len(ls) {
		return 0, fmt.Errorf("line %d of %d", p.Line, len(ls))
	}
	l := ls[p.Line]
	col := 0
	for i, r := range l.text {
		if col == int(p.Character) {
			return l.start + i, nil
		}
		col += enc.width(r)
		if col > int(p.Character) {
			return 0, fmt.Errorf("position %d:%d splits a character", p.Line, p.Character)
		}
	}
	if col == int(p.Character) {
		return l.start + len(l.text), nil
	}
	return 0, fmt.Errorf("position %d:%d is past the end of the line", p.Line, p.Character)
}

// Position converts a byte offset (on a character boundary) in s to a position.
func Position(s string, off int, enc Encoding) protocol.Position {
	ls := splitLines(s)
	li := len(ls) - 1
	for i, l := range ls {
		if off <= l.start+len(l.text) {
			li = i
			break
		}
	}
	l := ls[li]
	col := 0
	for _, r := range l.text[:min(off-l.start, len(l.text))] {
		col += enc.width(r)
	}
	return protocol.Position{Line: uint32(li), Character: uint32(col)}
}

// Range converts byte offsets to a range.
func Range(s string, start, end int, enc Encoding) protocol.Range {
	return protocol.Range{Start: Position(s, start, enc), End: Position(s, end, enc)}
}

// ApplyEdits applies LSP text edits (all against s, non-overlapping) the way an editor does.
func ApplyEdits(s string, edits []protocol.TextEdit, enc Encoding) (string, error) {
	type span struct {
		start, end int
		text       string
	}
	spans := make([]span, 0, len(edits))
	for _, e := range edits {
		a, err := Offset(s, e.Range.Start, enc)
		if err != nil {
			return "", err
		}
		b, err := Offset(s, e.Range.End, enc)
		if err != nil {
			return "", err
		}
		if b < a {
			return "", fmt.Errorf("reversed edit range %v", e.Range)
		}
		spans = append(spans, span{a, b, e.NewText})
	}
	slices.SortStableFunc(spans, func(x, y span) int { return x.start - y.start })
	for i := 1; i < len(spans); i++ {
		if spans[i].start < spans[i-1].end {
			return "", fmt.Errorf("overlapping edits")
		}
	}
	for i := len(spans) - 1; i >= 0; i-- {
		sp := spans[i]
		s = s[:sp.start] + sp.text + s[sp.end:]
	}
	return s, nil
}
