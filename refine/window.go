package refine

import (
	"fmt"
	"strings"

	"github.com/redraft/redraft/engine"
)

// Window is a model input around a span, built on token boundaries.
type Window struct {
	IDs            []int // full window: [<|doc|>?] left context, span tokens, right context [<|doc|>?]
	SpanLo, SpanHi int   // span = IDs[SpanLo:SpanHi]
	// Start, End are the byte offsets in doc of the span after boundary adjustment: horizontal
	// whitespace just before it moved in, surrounding whitespace with newlines and trailing
	// whitespace moved out, and ends inside a pre-tokenizer piece widened to the whole piece.
	Start, End int
	// CtxStart, CtxEnd are the byte offsets where the left context starts and the right context
	// ends: IDs without the <|doc|> markers encode doc[CtxStart:CtxEnd].
	CtxStart, CtxEnd int
	// Protected[i] is true where span token SpanLo+i overlaps a protected range of doc (see
	// ProtectedRanges): the token must not change. len == SpanHi-SpanLo.
	Protected []bool
}

// SpanIDs returns the span's token ids (a sub-slice of IDs).
func (w *Window) SpanIDs() []int { return w.IDs[w.SpanLo:w.SpanHi] }

// docToken is the name of the document separator token in the tokenizer.
const docToken = "<|doc|>"

// BuildWindow tokenizes around doc[start:end] with up to ctxTokens tokens of context each side
// (the <|doc|> markers are not counted), and returns the window with the span on token
// boundaries.
//
// Boundaries: the tokenizer's pieces carry their leading space (" word" is one token), so the
// horizontal whitespace right before the span moves into it, and the left context never ends
// with a lone " " token; a newline before the span stays in the left context. Leading whitespace
// of the selection up to its last newline, and all its trailing whitespace, move out of the span.
// An end inside a piece (mid-word) is widened to the whole piece. The left context, the span and
// the right context are tokenized separately at the adjusted byte offsets, so the ids decode to
// doc[CtxStart:CtxEnd] exactly.
//
// Context is cut, within the budget, preferably at a paragraph break, then at a sentence end,
// then at a line break, then at any piece boundary (a preferred cut must keep at least half the
// budget, or the budget is used in full). <|doc|> opens the window when the left context reaches
// the start of doc and closes it when the right context reaches its end.
//
// Errors wrap ErrInvalidUTF8 or ErrInvalidRange (also for a selection that is only whitespace)
// or ErrTooLong (span over MaxSelectionTokens tokens).
func BuildWindow(tok *engine.Tokenizer, doc string, start, end, ctxTokens int, allowNumbers bool) (*Window, error) {
	if err := ValidateRange(doc, start, end); err != nil {
		return nil, err
	}
	return buildWindow(tok, doc, start, end, ctxTokens, func(s, e int) [][2]int { return protectedNear(doc, s, e, allowNumbers) })
}

// buildWindow is BuildWindow with the protected ranges around the span given by protected
// (Refine computes them once for all its sentences).
func buildWindow(tok *engine.Tokenizer, doc string, start, end, ctxTokens int, protected func(s, e int) [][2]int) (*Window, error) {
	docID, ok := tok.Special(docToken)
	if !ok {
		return nil, fmt.Errorf("refine: tokenizer has no %s token", docToken)
	}
	ctxTokens = max(ctxTokens, 0)

	s, e, err := adjustSpan(tok, doc, start, end)
	if err != nil {
		return nil, err
	}
	span := tok.Encode(doc[s:e])
	if len(span) > MaxSelectionTokens {
		return nil, fmt.Errorf("%w: %d tokens, at most %d", ErrTooLong, len(span), MaxSelectionTokens)
	}
	c := leftCut(tok, doc, s, ctxTokens)
	d := rightCut(tok, doc, e, ctxTokens)
	left, right := tok.Encode(doc[c:s]), tok.Encode(doc[e:d])

	w := &Window{Start: s, End: e, CtxStart: c, CtxEnd: d}
	ids := make([]int, 0, len(left)+len(span)+len(right)+2)
	if c == 0 {
		ids = append(ids, docID)
	}
	ids = append(ids, left...)
	w.SpanLo = len(ids)
	ids = append(ids, span...)
	w.SpanHi = len(ids)
	ids = append(ids, right...)
	if d == len(doc) {
		ids = append(ids, docID)
	}
	w.IDs = ids

	prot := protected(s, e)
	w.Protected = make([]bool, len(span))
	off := s
	for i, id := range span {
		n := len(tok.TokenBytes(id))
		w.Protected[i] = overlapsAny(prot, off, off+n)
		off += n
	}
	return w, nil
}

// isHSpace: horizontal whitespace, which belongs to the piece after it.
func isHSpace(c byte) bool { return c == ' ' || c == '\t' }

// isTokSpace: the whitespace class of the pre-tokenizer pattern.
func isTokSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'
}

// pieceSpan is a pre-tokenizer piece at byte offsets [start,end) of the document.
type pieceSpan struct {
	start, end int
	text       string
}

func (p pieceSpan) isSpace() bool { return strings.TrimLeft(p.text, "\t\n\f\r ") == "" }

// piecesIn splits doc[a:b] with the tokenizer's pattern and returns the pieces with their
// document offsets. a and b should be safe boundaries (see safeBefore/safeAfter).
func piecesIn(tok *engine.Tokenizer, doc string, a, b int) []pieceSpan {
	ps := tok.Pieces(doc[a:b])
	out := make([]pieceSpan, len(ps))
	off := a
	for i, p := range ps {
		out[i] = pieceSpan{off, off + len(p), p}
		off += len(p)
	}
	return out
}

// isSafe reports whether every pre-tokenization of doc places a piece boundary at i whatever
// comes before: the document ends, a non-space byte after '\n', or a ' ' between ASCII letters.
func isSafe(doc string, i int) bool {
	switch {
	case i <= 0 || i >= len(doc):
		return true
	case doc[i-1] == '\n' && !isTokSpace(doc[i]):
		return true
	case doc[i] == ' ' && i+1 < len(doc) && isLetter(doc[i-1]) && isLetter(doc[i+1]):
		return true
	}
	return false
}

func isLetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

// safeBefore returns the last safe boundary at or before i (0 if none).
func safeBefore(doc string, i int) int {
	for ; i > 0; i-- {
		if isSafe(doc, i) {
			return i
		}
	}
	return 0
}

// safeAfter returns the first safe boundary at or after i (len(doc) if none).
func safeAfter(doc string, i int) int {
	for ; i < len(doc); i++ {
		if isSafe(doc, i) {
			return i
		}
	}
	return len(doc)
}

// adjustSpan moves the span's ends onto piece boundaries as BuildWindow documents.
func adjustSpan(tok *engine.Tokenizer, doc string, start, end int) (int, int, error) {
	s, e := start, end
	for e > s && isTokSpace(doc[e-1]) {
		e--
	}
	if e == s {
		return 0, 0, fmt.Errorf("%w: %d:%d has no text to work on (empty or only whitespace)", ErrInvalidRange, start, end)
	}
	lead := s
	for lead < e && isTokSpace(doc[lead]) {
		lead++
	}
	if nl := strings.LastIndexByte(doc[s:lead], '\n'); nl >= 0 {
		s += nl + 1
	}

	pieces := piecesIn(tok, doc, safeBefore(doc, max(s-64, 0)), safeAfter(doc, e+64))
	for _, p := range pieces {
		if p.start < s && s < p.end && !p.isSpace() {
			s = p.start // mid-piece start: take the whole piece
		}
		if p.start < e && e < p.end && !p.isSpace() {
			e = p.end // mid-piece end: take the whole piece
		}
	}
	for s > 0 && isHSpace(doc[s-1]) {
		s--
	}
	return s, e, nil
}

// cutClass ranks context cut points: lower is preferred.
type cutClass int

const (
	cutParagraph cutClass = iota
	cutSentence
	cutLine
	cutAny
	nCutClasses
)

// spaceNewlines counts the newlines of a whitespace piece (-1 for other pieces).
func spaceNewlines(p pieceSpan) int {
	if !p.isSpace() {
		return -1
	}
	return strings.Count(p.text, "\n")
}

// endsSentence reports whether text ends with sentence punctuation, possibly followed by closing
// quotes or brackets.
func endsSentence(text string) bool {
	t := strings.TrimRight(text, "\"')]*_”’")
	return strings.HasSuffix(t, ".") || strings.HasSuffix(t, "!") || strings.HasSuffix(t, "?") ||
		strings.HasSuffix(t, "…") || strings.HasSuffix(t, ":")
}

// chooseCut picks among candidate cuts (ordered from the span outward, with the tokens they
// keep) the farthest of the most preferred class that keeps at least half the budget, else the
// farthest cut of all.
func chooseCut(best [nCutClasses]int, used [nCutClasses]int, budget int) int {
	for c := cutParagraph; c < cutAny; c++ {
		if best[c] >= 0 && 2*used[c] >= budget {
			return best[c]
		}
	}
	return best[cutAny]
}

// leftCut returns the byte offset where the left context of a span starting at s begins: 0 when
// all of doc[:s] fits in budget tokens.
func leftCut(tok *engine.Tokenizer, doc string, s, budget int) int {
	for span := budget*8 + 256; ; span *= 2 {
		a := safeBefore(doc, max(s-span, 0))
		pieces := piecesIn(tok, doc, a, s)
		var best, used [nCutClasses]int
		for c := range best {
			best[c] = -1
		}
		best[cutAny] = s
		n := 0
		i := len(pieces) - 1
		for ; i >= 0; i-- {
			n += len(tok.Encode(pieces[i].text))
			if n > budget {
				break
			}
			// The context may start at pieces[i].start; classify by the piece before it.
			cut := pieces[i].start
			class := cutAny
			if i > 0 {
				prev := pieces[i-1]
				switch nl := spaceNewlines(prev); {
				case nl >= 2:
					class = cutParagraph
				case nl == 1:
					class = cutLine
				case endsSentence(prev.text) && (pieces[i].isSpace() || isHSpace(pieces[i].text[0])):
					class = cutSentence
				}
			}
			best[class], used[class] = cut, n
			best[cutAny], used[cutAny] = cut, n
		}
		if i < 0 {
			if a > 0 {
				continue // the whole region fits: look farther back
			}
			return 0 // the whole left side fits
		}
		return chooseCut(best, used, budget)
	}
}

// rightCut returns the byte offset where the right context of a span ending at e ends: len(doc)
// when all of doc[e:] fits in budget tokens.
func rightCut(tok *engine.Tokenizer, doc string, e, budget int) int {
	for span := budget*8 + 256; ; span *= 2 {
		b := safeAfter(doc, min(e+span, len(doc)))
		pieces := piecesIn(tok, doc, e, b)
		var best, used [nCutClasses]int
		for c := range best {
			best[c] = -1
		}
		best[cutAny] = e
		n := 0
		i := 0
		for ; i < len(pieces); i++ {
			n += len(tok.Encode(pieces[i].text))
			if n > budget {
				break
			}
			// The context may end at pieces[i].end; classify by the piece that ends there.
			p := pieces[i]
			cut := p.end
			class := cutAny
			switch nl := spaceNewlines(p); {
			case nl >= 2:
				class = cutParagraph
			case nl == 1:
				class = cutLine
			case endsSentence(p.text) && (i+1 == len(pieces) || pieces[i+1].isSpace() || isHSpace(pieces[i+1].text[0])):
				class = cutSentence
			}
			best[class], used[class] = cut, n
			best[cutAny], used[cutAny] = cut, n
		}
		if i == len(pieces) {
			if b < len(doc) {
				continue
			}
			return len(doc)
		}
		return chooseCut(best, used, budget)
	}
}
