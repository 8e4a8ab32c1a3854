package lsp

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"go.lsp.dev/protocol"
)

// A document is opened with one message that carries its whole text. encoding/json (and the
// segmentio decoder go.lsp.dev/protocol uses) validate such a message byte by byte, twice over
// once the envelope is counted: about 130 ms of CPU for 10 MB. jsonReader is a small strict JSON
// reader for that one message: it finds string ends with memchr-speed searches and copies the
// text between escapes in blocks, so a 10 MB didOpen decodes in a few milliseconds. Its results
// match encoding/json's (invalid UTF-8 becomes U+FFFD, object keys match case-insensitively, the
// last of duplicate keys wins); FuzzDecodeDidOpen checks that.

// maxJSONDepth bounds nesting in skipped values.
const maxJSONDepth = 1000

type jsonReader struct {
	data []byte
	i    int
}

var errJSONSyntax = errors.New("invalid JSON")

func (r *jsonReader) fail(what string) error {
	return fmt.Errorf("%w: %s at byte %d", errJSONSyntax, what, r.i)
}

func (r *jsonReader) space() {
	for r.i < len(r.data) {
		switch r.data[r.i] {
		case ' ', '\t', '\n', '\r':
			r.i++
		default:
			return
		}
	}
}

// peek returns the next non-space byte (0 at the end).
func (r *jsonReader) peek() byte {
	r.space()
	if r.i < len(r.data) {
		return r.data[r.i]
	}
	return 0
}

func (r *jsonReader) literal(word string) bool {
	if bytes.HasPrefix(r.data[r.i:], []byte(word)) {
		r.i += len(word)
		return true
	}
	return false
}

// null consumes a null if one comes next.
func (r *jsonReader) null() bool {
	return r.peek() == 'n' && r.literal("null")
}

// object calls field for each key of an object; field must consume the value.
func (r *jsonReader) object(field func(key string) error) error {
	if r.peek() != '{' {
		return r.fail("expected an object")
	}
	r.i++
	if r.peek() == '}' {
		r.i++
		return nil
	}
	for {
		if r.peek() != '"' {
			return r.fail("expected a key")
		}
		key, err := r.str()
		if err != nil {
			return err
		}
		if r.peek() != ':' {
			return r.fail("expected ':'")
		}
		r.i++
		if err := field(key); err != nil {
			return err
		}
		switch r.peek() {
		case ',':
			r.i++
		case '}':
			r.i++
			return nil
		default:
			return r.fail("expected ',' or '}'")
		}
	}
}

// str reads a string, unescaping it; invalid UTF-8 becomes U+FFFD as in encoding/json. It first
// finds the closing quote (memchr for quotes, counting the backslashes before each), then copies
// the blocks between escapes into a buffer of the right size.
func (r *jsonReader) str() (string, error) {
	if r.peek() != '"' {
		return "", r.fail("expected a string")
	}
	start := r.i + 1
	end, err := r.stringEnd()
	if err != nil {
		return "", err
	}
	raw := r.data[start:end]
	r.i = start
	if bytes.IndexByte(raw, '\\') < 0 {
		if err := r.plain(raw); err != nil {
			return "", err
		}
		r.i = end + 1
		return validString(raw), nil
	}
	var sb strings.Builder
	sb.Grow(len(raw)) // unescaping only shortens
	for r.i < end {
		b := bytes.IndexByte(r.data[r.i:end], '\\')
		if b < 0 {
			b = end - r.i
		}
		block := r.data[r.i : r.i+b]
		if err := r.plain(block); err != nil {
			return "", err
		}
		sb.Write(block)
		r.i += b
		if r.i < end {
			if err := r.escape(&sb); err != nil {
				return "", err
			}
		}
	}
	r.i = end + 1
	if out := sb.String(); utf8.ValidString(out) {
		return out, nil
	}
	return validString([]byte(sb.String())), nil
}

// stringEnd finds the closing quote of the string starting at r.i: memchr for quotes, counting
// the backslashes before each.
func (r *jsonReader) stringEnd() (int, error) {
	start := r.i + 1
	end := start
	for {
		q := bytes.IndexByte(r.data[end:], '"')
		if q < 0 {
			r.i = len(r.data)
			return 0, r.fail("unterminated string")
		}
		end += q
		k := end
		for k > start && r.data[k-1] == '\\' {
			k--
		}
		if (end-k)%2 == 0 {
			return end, nil // not escaped
		}
		end++
	}
}

// plain checks a block of string bytes for control characters, which JSON does not allow raw.
// It tests eight bytes at a time: a word has a byte below 0x20 exactly when
// (w - 0x20…20) & ^w & 0x80…80 is not zero.
func (r *jsonReader) plain(block []byte) error {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	k := 0
	for ; k+8 <= len(block); k += 8 {
		w := binary.LittleEndian.Uint64(block[k:])
		if (w-0x20*ones)&^w&highs != 0 {
			break
		}
	}
	for ; k < len(block); k++ {
		if block[k] < 0x20 {
			r.i += k
			return r.fail("control character in a string")
		}
	}
	return nil
}

// escape decodes the escape at r.i (a backslash) onto sb.
func (r *jsonReader) escape(sb *strings.Builder) error {
	if r.i+1 >= len(r.data) {
		return r.fail("unterminated escape")
	}
	c := r.data[r.i+1]
	r.i += 2
	switch c {
	case '"', '\\', '/':
	case 'b':
		c = '\b'
	case 'f':
		c = '\f'
	case 'n':
		c = '\n'
	case 'r':
		c = '\r'
	case 't':
		c = '\t'
	case 'u':
		u, ok := r.hex4()
		if !ok {
			return r.fail("bad \\u escape")
		}
		ru := rune(u)
		if utf16.IsSurrogate(ru) {
			// A high surrogate followed by an escaped low one is one character; anything else is
			// U+FFFD, as encoding/json decodes it.
			save := r.i
			if r.i+1 < len(r.data) && r.data[r.i] == '\\' && r.data[r.i+1] == 'u' {
				r.i += 2
				if u2, ok := r.hex4(); ok {
					if dec := utf16.DecodeRune(ru, rune(u2)); dec != utf8.RuneError {
						sb.WriteRune(dec)
						return nil
					}
				}
			}
			r.i = save
			ru = utf8.RuneError
		}
		sb.WriteRune(ru)
		return nil
	default:
		r.i--
		return r.fail("bad escape")
	}
	sb.WriteByte(c)
	return nil
}

func (r *jsonReader) hex4() (uint16, bool) {
	if r.i+4 > len(r.data) {
		return 0, false
	}
	v, err := strconv.ParseUint(string(r.data[r.i:r.i+4]), 16, 16)
	if err != nil {
		return 0, false
	}
	r.i += 4
	return uint16(v), true
}

// validString converts b, replacing each byte that is not part of valid UTF-8 with U+FFFD (one
// per byte, as encoding/json does).
func validString(b []byte) string {
	if utf8.Valid(b) {
		return string(b)
	}
	out := make([]byte, 0, len(b)+16)
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		if r == utf8.RuneError && size == 1 {
			out = utf8.AppendRune(out, utf8.RuneError)
		} else {
			out = append(out, b[:size]...)
		}
		b = b[size:]
	}
	return string(out)
}

// number reads a JSON number and returns its text.
func (r *jsonReader) number() (string, error) {
	r.space()
	start := r.i
	if r.i < len(r.data) && r.data[r.i] == '-' {
		r.i++
	}
	digits := func() int {
		n := 0
		for r.i < len(r.data) && r.data[r.i] >= '0' && r.data[r.i] <= '9' {
			r.i++
			n++
		}
		return n
	}
	first := r.i
	if n := digits(); n == 0 || (n > 1 && r.data[first] == '0') {
		return "", r.fail("bad number")
	}
	if r.i < len(r.data) && r.data[r.i] == '.' {
		r.i++
		if digits() == 0 {
			return "", r.fail("bad number")
		}
	}
	if r.i < len(r.data) && (r.data[r.i] == 'e' || r.data[r.i] == 'E') {
		r.i++
		if r.i < len(r.data) && (r.data[r.i] == '+' || r.data[r.i] == '-') {
			r.i++
		}
		if digits() == 0 {
			return "", r.fail("bad number")
		}
	}
	return string(r.data[start:r.i]), nil
}

// skipStr consumes a string without building it: its end, its bytes and its escapes are checked
// as str checks them.
func (r *jsonReader) skipStr() error {
	start := r.i + 1
	end, err := r.stringEnd()
	if err != nil {
		return err
	}
	raw := r.data[start:end]
	r.i = start
	if err := r.plain(raw); err != nil {
		return err
	}
	for k := 0; ; {
		b := bytes.IndexByte(raw[k:], '\\')
		if b < 0 {
			break
		}
		k += b + 1
		if k >= len(raw) {
			r.i = start + k
			return r.fail("unterminated escape")
		}
		switch raw[k] {
		case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
			k++
		case 'u':
			r.i = start + k + 1
			if _, ok := r.hex4(); !ok {
				return r.fail("bad \\u escape")
			}
			k += 5
		default:
			r.i = start + k
			return r.fail("bad escape")
		}
	}
	r.i = end + 1
	return nil
}

// checkJSON reports whether data is exactly one JSON value (with space around it), as json.Valid
// does.
func checkJSON(data []byte) error {
	r := &jsonReader{data: data}
	if err := r.skip(0); err != nil {
		return err
	}
	return r.end()
}

// skip consumes any value.
func (r *jsonReader) skip(depth int) error {
	if depth > maxJSONDepth {
		return r.fail("nested too deeply")
	}
	switch c := r.peek(); {
	case c == '"':
		return r.skipStr()
	case c == '{':
		return r.object(func(string) error { return r.skip(depth + 1) })
	case c == '[':
		r.i++
		if r.peek() == ']' {
			r.i++
			return nil
		}
		for {
			if err := r.skip(depth + 1); err != nil {
				return err
			}
			switch r.peek() {
			case ',':
				r.i++
			case ']':
				r.i++
				return nil
			default:
				return r.fail("expected ',' or ']'")
			}
		}
	case c == '-' || (c >= '0' && c <= '9'):
		_, err := r.number()
		return err
	case r.literal("true"), r.literal("false"), r.literal("null"):
		return nil
	}
	return r.fail("expected a value")
}

// end checks that nothing but space follows the value read.
func (r *jsonReader) end() error {
	if r.space(); r.i < len(r.data) {
		return r.fail("data after the value")
	}
	return nil
}

// stringField reads a string or null into *dst.
func (r *jsonReader) stringField(name string, dst *string) error {
	if r.null() {
		return nil
	}
	if r.peek() != '"' {
		return fmt.Errorf("%s must be a string", name)
	}
	s, err := r.str()
	*dst = s
	return err
}

// decodeDidOpen decodes textDocument/didOpen params ({"textDocument": {"uri", "languageId",
// "version", "text"}}), with encoding/json's results and errors for anything else.
func decodeDidOpen(data []byte) (protocol.DidOpenTextDocumentParams, error) {
	var p protocol.DidOpenTextDocumentParams
	r := &jsonReader{data: data}
	if r.null() {
		return p, r.end()
	}
	d := &p.TextDocument
	err := r.object(func(key string) error {
		if !strings.EqualFold(key, "textDocument") {
			return r.skip(0)
		}
		if r.null() {
			return nil
		}
		return r.object(func(key string) error {
			switch {
			case strings.EqualFold(key, "uri"):
				var s string
				err := r.stringField("textDocument.uri", &s)
				d.URI = protocol.DocumentURI(s)
				return err
			case strings.EqualFold(key, "languageId"):
				var s string
				err := r.stringField("textDocument.languageId", &s)
				d.LanguageID = protocol.LanguageIdentifier(s)
				return err
			case strings.EqualFold(key, "text"):
				return r.stringField("textDocument.text", &d.Text)
			case strings.EqualFold(key, "version"):
				if r.null() {
					return nil
				}
				c := r.peek()
				if c != '-' && (c < '0' || c > '9') {
					return errors.New("textDocument.version must be a number")
				}
				num, err := r.number()
				if err != nil {
					return err
				}
				v, err := strconv.ParseInt(num, 10, 32)
				if err != nil {
					return fmt.Errorf("textDocument.version %s is not a 32-bit integer", num)
				}
				d.Version = int32(v)
				return nil
			}
			return r.skip(0)
		})
	})
	if err != nil {
		return p, err
	}
	return p, r.end()
}
