package refine

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Sentences: a selection is refined one sentence at a time, each in its paragraph's context.
// The splitter cuts the selection into blocks (paragraphs, list items, headings, table cells,
// quote lines), leaves out code blocks, front matter and raw HTML, and cuts each block at
// sentence ends. It never cuts after an abbreviation (e.g., i.e., Dr.) or an initial, inside a
// number or version (3.5, v1.2: no space follows the dot), or inside inline code, a URL or a
// link; a heading or a table cell is one unit.

// maxSentenceBytes bounds one unit: a longer run without a sentence end (a huge line) is cut at
// a clause boundary (; or ,) or else at a space, so that each unit stays a short model window.
const maxSentenceBytes = 480

// abbreviations never end a sentence (lower case, without the final dot).
var abbreviations = map[string]bool{
	"e.g": true, "i.e": true, "etc": true, "vs": true, "cf": true, "viz": true, "al": true,
	"dr": true, "mr": true, "mrs": true, "ms": true, "prof": true, "st": true, "jr": true,
	"sr": true, "inc": true, "ltd": true, "co": true, "corp": true, "fig": true, "figs": true,
	"no": true, "nos": true, "vol": true, "ch": true, "sec": true, "approx": true, "resp": true,
	"p": true, "pp": true, "ed": true, "eds": true, "ca": true, "esp": true, "incl": true,
	"u.s": true, "a.m": true, "p.m": true, "ph.d": true, "jan": true, "feb": true, "mar": true,
	"apr": true, "jun": true, "jul": true, "aug": true, "sep": true, "sept": true, "oct": true,
	"nov": true, "dec": true, "mt": true, "gen": true, "gov": true, "rev": true,
}

// reLink is a whole Markdown link or image, text and target: never cut.
var reLink = regexp.MustCompile(`!?\[[^\]\n]*\]\([^)\n]*\)`)

var reBlockStart = regexp.MustCompile(`^(?:[ \t]*>)*[ \t]*(?:#{1,6}[ \t]|[-*+][ \t]|\d{1,9}[.)][ \t])(?:[ \t]*\[[ xX]\][ \t])?[ \t]*`)

// sentences returns the units of doc[start:end] to refine, in order, as trimmed byte ranges.
func sentences(doc string, start, end int) [][2]int {
	pa, pb := paragraphStartBefore(doc, start), paragraphEndAfter(doc, end)
	st := scanStructureIn(doc, pa, pb)
	inline := shift(st.ranges, pa)
	for _, m := range reLink.FindAllStringIndex(doc[pa:pb], -1) {
		inline = append(inline, [2]int{pa + m[0], pa + m[1]})
	}
	inline = mergeRanges(inline)
	blocks := mergeRanges(shift(st.blocks, pa))

	var out [][2]int
	para := [2]int{-1, -1}
	flush := func() {
		if para[0] >= 0 {
			out = append(out, splitSentences(doc, para[0], para[1], inline)...)
		}
		para = [2]int{-1, -1}
	}
	for ls := start; ls < end; {
		le := strings.IndexByte(doc[ls:end], '\n')
		next := end
		if le < 0 {
			le = end
		} else {
			le += ls
			next = le + 1
		}
		line := doc[ls:le]
		trimmed := strings.TrimSpace(line)
		switch {
		case trimmed == "" || overlapsAny(blocks, ls, max(le, ls+1)):
			flush()
		case strings.HasPrefix(trimmed, "|") || (strings.Count(trimmed, "|") >= 2 && !overlapsAny(inline, ls+strings.IndexByte(line, '|'), ls+strings.IndexByte(line, '|')+1)):
			flush()
			out = append(out, tableCells(doc, ls, le)...)
		case reHeading.MatchString(line):
			flush()
			if u, ok := trimUnit(doc, ls+len(reBlockStart.FindString(line)), le); ok {
				out = append(out, u)
			}
		default:
			if p := reBlockStart.FindString(line); p != "" || para[0] < 0 {
				flush()
				para = [2]int{ls + len(p), le}
			} else {
				para[1] = le
			}
		}
		ls = next
	}
	flush()
	var units [][2]int
	for _, u := range out {
		units = append(units, capLength(doc, u)...)
	}
	return units
}

func shift(rs [][2]int, by int) [][2]int {
	out := make([][2]int, len(rs))
	for i, r := range rs {
		out[i] = [2]int{r[0] + by, r[1] + by}
	}
	return out
}

// tableCells returns the cells of the table row doc[ls:le] (a delimiter row has none: no letters).
func tableCells(doc string, ls, le int) [][2]int {
	var out [][2]int
	from := ls
	for i := ls; i <= le; i++ {
		if i == le || (doc[i] == '|' && (i == ls || doc[i-1] != '\\')) {
			if u, ok := trimUnit(doc, from, i); ok {
				out = append(out, u)
			}
			from = i + 1
		}
	}
	return out
}

// trimUnit trims whitespace from doc[a:b] and reports whether what is left has a letter.
func trimUnit(doc string, a, b int) ([2]int, bool) {
	for a < b && unicode.IsSpace(rune(doc[a])) {
		a++
	}
	for b > a && unicode.IsSpace(rune(doc[b-1])) {
		b--
	}
	return [2]int{a, b}, strings.IndexFunc(doc[a:b], unicode.IsLetter) >= 0
}

// splitSentences cuts the block doc[a:b] at sentence ends outside the inline protected ranges.
func splitSentences(doc string, a, b int, inline [][2]int) [][2]int {
	var out [][2]int
	from := a
	emit := func(to int) {
		if u, ok := trimUnit(doc, from, to); ok {
			out = append(out, u)
		}
		from = to
	}
	for i := a; i < b; {
		r, n := utf8.DecodeRuneInString(doc[i:])
		if r != '.' && r != '!' && r != '?' && r != '…' {
			i += n
			continue
		}
		j := i + n
		for j < b {
			r2, n2 := utf8.DecodeRuneInString(doc[j:])
			if !strings.ContainsRune(".!?…\"')]*_”’", r2) {
				break
			}
			j += n2
		}
		if j < b && isSentenceEnd(doc, i, j, b) && !overlapsAny(inline, i, j) {
			emit(j)
		}
		i = j
	}
	emit(b)
	return out
}

// isSentenceEnd reports whether the punctuation doc[i:j] (at most b) ends a sentence: white space
// follows, then a capital letter, a digit or an opening quote or bracket, and a dot does not
// close an abbreviation or an initial.
func isSentenceEnd(doc string, i, j, b int) bool {
	k := j
	for k < b && unicode.IsSpace(rune(doc[k])) {
		k++
	}
	if k == j || k >= b {
		return false
	}
	next, _ := utf8.DecodeRuneInString(doc[k:])
	if !unicode.IsUpper(next) && !unicode.IsDigit(next) && !strings.ContainsRune("\"'“‘([*_`", next) {
		return false
	}
	if doc[i] != '.' || (i+1 < len(doc) && doc[i+1] == '.') {
		return true // ! ? … and ellipses end sentences
	}
	return !closesAbbreviation(doc, i)
}

// closesAbbreviation reports whether the dot at doc[i] closes an abbreviation or an initial
// (J. R. R. Tolkien): such a dot ends no sentence.
func closesAbbreviation(doc string, i int) bool {
	w := i
	for w > 0 && (isLetter(doc[w-1]) || (doc[w-1] == '.' && w > 1 && isLetter(doc[w-2]))) {
		w--
	}
	word := doc[w:i]
	if len(word) == 1 && word[0] >= 'A' && word[0] <= 'Z' {
		return true
	}
	return abbreviations[strings.ToLower(word)]
}

// capLength cuts a unit longer than maxSentenceBytes at clause boundaries, else at spaces.
func capLength(doc string, u [2]int) [][2]int {
	var out [][2]int
	for u[1]-u[0] > maxSentenceBytes {
		limit := u[0] + maxSentenceBytes
		for limit > u[0] && !utf8.RuneStart(doc[limit]) {
			limit--
		}
		seg := doc[u[0]:limit]
		cut := -1
		for _, sep := range []string{"; ", ", ", " "} {
			if c := strings.LastIndex(seg, sep); c > maxSentenceBytes/4 {
				cut = u[0] + c + len(sep) - 1
				break
			}
		}
		if cut < 0 {
			cut = limit
		}
		if v, ok := trimUnit(doc, u[0], cut); ok {
			out = append(out, v)
		}
		u[0] = cut
	}
	if v, ok := trimUnit(doc, u[0], u[1]); ok {
		out = append(out, v)
	}
	return out
}
