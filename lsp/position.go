package lsp

import (
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"go.lsp.dev/protocol"
)

// encoding is the unit LSP Position.Character counts in. UTF-16 is the LSP default; a 3.17 client
// may offer utf-8 or utf-32 through general.positionEncodings.
type encoding int

const (
	encUTF16 encoding = iota
	encUTF8
	encUTF32
)

func (e encoding) String() string {
	switch e {
	case encUTF8:
		return "utf-8"
	case encUTF32:
		return "utf-32"
	default:
		return "utf-16"
	}
}

// negotiateEncoding picks the first encoding the client lists that the server supports (the list
// is in the client's order of preference); utf-16 when the client lists none.
func negotiateEncoding(offered []string) encoding {
	for _, name := range offered {
		switch name {
		case "utf-16":
			return encUTF16
		case "utf-8":
			return encUTF8
		case "utf-32":
			return encUTF32
		}
	}
	return encUTF16
}

// units is how many position units r takes in encoding e (size is its UTF-8 length).
func (e encoding) units(r rune, size int) int {
	switch e {
	case encUTF8:
		return size
	case encUTF32:
		return 1
	default:
		if r >= 0x10000 && r != utf8.RuneError {
			return 2 // a surrogate pair
		}
		return 1
	}
}

// lineIndex maps between byte offsets and LSP positions for one immutable text. Lines end at
// "\n", "\r\n" or "\r", as LSP specifies.
type lineIndex struct {
	text   string
	starts []int // byte offset where each line starts; starts[0] == 0
}

func newLineIndex(text string) *lineIndex {
	starts := make([]int, 1, strings.Count(text, "\n")+1)
	if strings.IndexByte(text, '\r') < 0 { // the common case, at memchr speed
		for off := 0; ; {
			i := strings.IndexByte(text[off:], '\n')
			if i < 0 {
				break
			}
			off += i + 1
			starts = append(starts, off)
		}
		return &lineIndex{text: text, starts: starts}
	}
	for i := 1; i <= len(text); i++ {
		if lineStartsAt(text, i) {
			starts = append(starts, i)
		}
	}
	return &lineIndex{text: text, starts: starts}
}

// lineStartsAt reports whether a line starts at byte i > 0 of text: after "\n", or after a "\r"
// that no "\n" follows.
func lineStartsAt(text string, i int) bool {
	switch text[i-1] {
	case '\n':
		return true
	case '\r':
		return i == len(text) || text[i] != '\n'
	}
	return false
}

// replace returns the index of the text with [start,end) replaced by repl. Only the line starts
// around the change are scanned; the ones after it are shifted, so an edit costs the copy of the
// text and of the line table, not a scan of the whole text.
func (x *lineIndex) replace(start, end int, repl string) *lineIndex {
	text := x.text[:start] + repl + x.text[end:]
	delta := len(repl) - (end - start)
	// Line starts before start keep their place (they depend on bytes before start only); a start
	// at new offset p in [start, start+len(repl)] depends on the changed bytes and is found again;
	// old starts from end+1 on depend on unchanged bytes and move by delta.
	before := sort.SearchInts(x.starts, start)
	after := sort.SearchInts(x.starts, end+1)
	starts := make([]int, 0, before+strings.Count(repl, "\n")+2+len(x.starts)-after)
	starts = append(starts, x.starts[:before]...)
	for p := max(start, 1); p <= start+len(repl) && p <= len(text); p++ {
		if lineStartsAt(text, p) {
			starts = append(starts, p)
		}
	}
	if start == 0 && before == 0 {
		starts = append([]int{0}, starts...)
	}
	for _, q := range x.starts[after:] {
		starts = append(starts, q+delta)
	}
	return &lineIndex{text: text, starts: starts}
}

// lineEnd is the byte offset of the end of line l's content (before its terminator).
func (x *lineIndex) lineEnd(l int) int {
	if l+1 >= len(x.starts) {
		return len(x.text)
	}
	e := x.starts[l+1]
	if x.text[e-1] == '\n' {
		e--
	}
	if e > x.starts[l] && x.text[e-1] == '\r' {
		e--
	}
	return e
}

// offset converts a position to a byte offset. A character past the end of its line means the end
// of the line (as the LSP specification says); a line past the last one is an error, except
// {line: lineCount, character: 0}, which clients use for "the end of the document". A position
// inside a character (half of a surrogate pair, a byte inside a UTF-8 sequence) is an error.
func (x *lineIndex) offset(p protocol.Position, enc encoding) (int, error) {
	line := int(p.Line)
	if line >= len(x.starts) {
		if line == len(x.starts) && p.Character == 0 {
			return len(x.text), nil
		}
		return 0, fmt.Errorf("position %d:%d is past the end of the document (%d lines)",
			p.Line, p.Character, len(x.starts))
	}
	off, end := x.starts[line], x.lineEnd(line)
	want := int(p.Character)
	for n := 0; n < want; {
		if off >= end {
			return end, nil
		}
		r, size := utf8.DecodeRuneInString(x.text[off:end])
		u := enc.units(r, size)
		if n+u > want {
			return 0, fmt.Errorf("position %d:%d is inside a character (%s)", p.Line, p.Character, enc)
		}
		n += u
		off += size
	}
	return off, nil
}

// position converts a byte offset to a position. The offset must lie on a character boundary; an
// offset inside a "\r\n" terminator maps to the end of that line.
func (x *lineIndex) position(off int, enc encoding) (protocol.Position, error) {
	if off < 0 || off > len(x.text) {
		return protocol.Position{}, fmt.Errorf("offset %d is outside the document (%d bytes)", off, len(x.text))
	}
	if off < len(x.text) && !utf8.RuneStart(x.text[off]) {
		return protocol.Position{}, fmt.Errorf("offset %d is inside a UTF-8 sequence", off)
	}
	line := sort.SearchInts(x.starts, off+1) - 1
	start, end := x.starts[line], x.lineEnd(line)
	if off > end {
		off = end
	}
	n := 0
	for i := start; i < off; {
		r, size := utf8.DecodeRuneInString(x.text[i:off])
		n += enc.units(r, size)
		i += size
	}
	return protocol.Position{Line: uint32(line), Character: uint32(n)}, nil
}

// span converts an LSP range to byte offsets; a reversed range is an error.
func (x *lineIndex) span(r protocol.Range, enc encoding) (start, end int, err error) {
	if r.End.Line < r.Start.Line || (r.End.Line == r.Start.Line && r.End.Character < r.Start.Character) {
		return 0, 0, fmt.Errorf("range end %d:%d is before its start %d:%d",
			r.End.Line, r.End.Character, r.Start.Line, r.Start.Character)
	}
	if start, err = x.offset(r.Start, enc); err != nil {
		return 0, 0, err
	}
	if end, err = x.offset(r.End, enc); err != nil {
		return 0, 0, err
	}
	if end < start { // both clamped past the end of one line
		end = start
	}
	return start, end, nil
}

// rangeOf converts byte offsets to an LSP range.
func (x *lineIndex) rangeOf(start, end int, enc encoding) (protocol.Range, error) {
	s, err := x.position(start, enc)
	if err != nil {
		return protocol.Range{}, err
	}
	e, err := x.position(end, enc)
	if err != nil {
		return protocol.Range{}, err
	}
	return protocol.Range{Start: s, End: e}, nil
}
