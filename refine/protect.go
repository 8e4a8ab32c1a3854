package refine

import (
	"regexp"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// ProtectedRanges returns the byte ranges of doc that must never change, sorted and merged:
//
//   - structure: YAML/TOML front matter, fenced (``` and ~~~) and indented code blocks,
//     <pre>/<code>/<script>/<style> elements, inline code spans, URLs (scheme://, www.),
//     email addresses, autolinks <...>, Markdown link targets "](...)" and "][ref]", reference
//     definitions, HTML tags and comments;
//   - Markdown syntax characters: heading #s, setext and thematic-break lines, list markers
//     (-, *, +, 1.) and task boxes, blockquote >, emphasis runs (*, _, **, __, ~~), table pipes
//     and delimiter rows, link brackets, backslash escapes;
//   - words joined by a slash, which name alternatives together (his/her, and/or, read/write);
//   - unless allowNumbers: numbers (1,000.5, 3.2.1, 10%, $5, 2024-01-05) and proper-noun-like
//     words (capitalised words that do not start a sentence, ALLCAPS, CamelCase, words with
//     digits, underscores or inner dots such as file.go).
//
// A run of 3 or more underscores with no letter or digit beside it is a gap marker (see
// FindGaps), not emphasis, and is not protected by the syntax rule.
func ProtectedRanges(doc string, allowNumbers bool) [][2]int {
	return protectedIn(doc, 0, len(doc), allowNumbers, nil)
}

// protectedIn is ProtectedRanges for the region doc[a:b], which should start and end at line
// boundaries: block structure (front matter, code blocks) comes from the whole document, inline
// constructs, syntax and names from the region only. Ranges are clipped to the region. slip,
// if not nil, tells a capitalised word that is a writer's slip, not a name (nameRanges).
func protectedIn(doc string, a, b int, allowNumbers bool, slip func(string) bool) [][2]int {
	sub := doc[a:b]
	p := scanStructureIn(doc, a, b)
	rs := p.ranges
	rs = append(rs, syntaxRanges(sub)...)
	rs = append(rs, slashedRanges(sub)...)
	if !allowNumbers {
		rs = append(rs, numberRanges(sub)...)
		rs = append(rs, nameRanges(sub, slip)...)
	}
	for i := range rs {
		rs[i][0] += a
		rs[i][1] += a
	}
	return mergeRanges(rs)
}

// protectedNear returns the protected ranges that matter for doc[start:end]: those of the
// paragraphs around it (at most regionMax bytes either way).
func protectedNear(doc string, start, end int, allowNumbers bool) [][2]int {
	return protectedIn(doc, paragraphStartBefore(doc, start), paragraphEndAfter(doc, end), allowNumbers, nil)
}

// regionMax bounds how far protectedNear looks for a paragraph boundary.
const regionMax = 16 << 10

// paragraphStartBefore returns the start of the paragraph holding i (after a blank line), or a
// line start at most regionMax bytes before i.
func paragraphStartBefore(doc string, i int) int {
	floor := max(i-regionMax, 0)
	if j := strings.LastIndex(doc[floor:i], "\n\n"); j >= 0 {
		return floor + j + 2
	}
	if floor == 0 {
		return 0
	}
	if j := strings.IndexByte(doc[floor:i], '\n'); j >= 0 {
		return floor + j + 1
	}
	for floor < i && !utf8.RuneStart(doc[floor]) {
		floor++
	}
	return floor // one very long line: cut it
}

// paragraphEndAfter returns the end of the paragraph holding i (before a blank line, after its
// newline), or a line end at most regionMax bytes after i.
func paragraphEndAfter(doc string, i int) int {
	ceil := min(i+regionMax, len(doc))
	if j := strings.Index(doc[i:ceil], "\n\n"); j >= 0 {
		return i + j + 1
	}
	if ceil == len(doc) {
		return len(doc)
	}
	if j := strings.LastIndexByte(doc[i:ceil], '\n'); j >= 0 {
		return i + j + 1
	}
	for ceil > i && ceil < len(doc) && !utf8.RuneStart(doc[ceil]) {
		ceil--
	}
	return ceil
}

// structuralRanges are the protected ranges inside which no gap marker counts: code, URLs,
// link targets, HTML, front matter.
func structuralRanges(doc string) [][2]int {
	return mergeRanges(scanStructureIn(doc, 0, len(doc)).ranges)
}

// mergeRanges sorts ranges and merges those that overlap or touch; empty ranges are dropped.
func mergeRanges(rs [][2]int) [][2]int {
	out := rs[:0:0]
	for _, r := range rs {
		if r[1] > r[0] {
			out = append(out, r)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i][0] < out[j][0] })
	merged := out[:0]
	for _, r := range out {
		if n := len(merged); n > 0 && r[0] <= merged[n-1][1] {
			merged[n-1][1] = max(merged[n-1][1], r[1])
			continue
		}
		merged = append(merged, r)
	}
	return merged
}

// overlapsAny reports whether [start,end) overlaps one of the sorted, merged ranges rs.
func overlapsAny(rs [][2]int, start, end int) bool {
	i := sort.Search(len(rs), func(i int) bool { return rs[i][1] > start })
	return i < len(rs) && rs[i][0] < end
}

// ---- structure: blocks, then inline constructs ----

type structure struct {
	ranges [][2]int
	blocks [][2]int // code blocks and front matter, sorted: inline scanning skips them
}

func (s *structure) add(start, end int) { s.ranges = append(s.ranges, [2]int{start, end}) }

func (s *structure) inBlock(pos int) bool {
	i := sort.Search(len(s.blocks), func(i int) bool { return s.blocks[i][1] > pos })
	return i < len(s.blocks) && s.blocks[i][0] <= pos
}

var (
	reFenceOpen  = regexp.MustCompile("^[ \t>]*(`{3,}|~{3,})")
	reListItem   = regexp.MustCompile(`^(?:[ \t]*>)*[ \t]*(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)`)
	reRefDef     = regexp.MustCompile(`(?m)^ {0,3}\[[^\]\n]+\]:[ \t]*\S.*$`)
	reURL        = regexp.MustCompile("(?i)\\b(?:(?:https?|ftp|file)://|www\\.)[^\\s<>\"`]+")
	reEmail      = regexp.MustCompile(`(?i)\b(?:mailto:)?[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+`)
	reAutolink   = regexp.MustCompile(`<(?:[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*|[^\s<>@]+@[^\s<>]+)>`)
	reHTMLComent = regexp.MustCompile(`(?s)<!--.*?-->`)
	reHTMLTag    = regexp.MustCompile("</?[A-Za-z][A-Za-z0-9-]*(?:\\s+[A-Za-z_:][\\w:.-]*(?:\\s*=\\s*(?:\"[^\"]*\"|'[^']*'|[^\\s\"'=<>`]+))?)*\\s*/?>|<![A-Za-z][^>]*>|(?s:<\\?.*?\\?>)")
	reRawOpen    = regexp.MustCompile(`(?i)<(pre|code|script|style)\b[^>]*>`)
)

// scanStructureIn finds front matter and code blocks in the whole document, then the inline
// constructs of doc[a:b] outside them. Offsets are relative to a, clipped to the region.
func scanStructureIn(doc string, a, b int) *structure {
	whole := &structure{}
	whole.scanBlocks(doc)
	s := &structure{}
	for _, r := range whole.blocks {
		if r[1] > a && r[0] < b {
			c := [2]int{max(r[0], a) - a, min(r[1], b) - a}
			s.blocks = append(s.blocks, c)
			s.ranges = append(s.ranges, c)
		}
	}
	sub := doc[a:b]
	s.scanRawHTML(sub)
	sort.Slice(s.blocks, func(i, j int) bool { return s.blocks[i][0] < s.blocks[j][0] })
	s.scanCodeSpans(sub)
	for _, re := range []*regexp.Regexp{reHTMLComent, reHTMLTag, reAutolink, reRefDef} {
		for _, m := range re.FindAllStringIndex(sub, -1) {
			s.add(m[0], m[1])
		}
	}
	for _, m := range reURL.FindAllStringIndex(sub, -1) {
		s.add(m[0], m[0]+trimURL(sub[m[0]:m[1]]))
	}
	if strings.Contains(sub, "@") {
		for _, m := range reEmail.FindAllStringIndex(sub, -1) {
			if e := strings.TrimRight(sub[m[0]:m[1]], ".-"); strings.Contains(e, "@") {
				s.add(m[0], m[0]+len(e))
			}
		}
	}
	s.scanLinkTargets(sub)
	return s
}

// lines calls f for each line of doc with its start offset and text (without the newline).
func lines(doc string, f func(start int, line string)) {
	for start := 0; start < len(doc); {
		end := strings.IndexByte(doc[start:], '\n')
		if end < 0 {
			f(start, doc[start:])
			return
		}
		f(start, doc[start:start+end])
		start += end + 1
	}
}

func isBlank(line string) bool { return strings.TrimSpace(line) == "" }

// indentWidth returns the indentation of line in columns (tab = 4).
func indentWidth(line string) int {
	w := 0
	for _, c := range []byte(line) {
		switch c {
		case ' ':
			w++
		case '\t':
			w += 4 - w%4
		default:
			return w
		}
	}
	return w
}

// scanBlocks finds front matter, fenced code blocks and indented code blocks.
func (s *structure) scanBlocks(doc string) {
	type lineInfo struct {
		start, end int // end excludes the newline
		text       string
	}
	var ls []lineInfo
	lines(doc, func(start int, line string) {
		ls = append(ls, lineInfo{start, start + len(line), line})
	})
	lineEnd := func(i int) int { // end of line i including its newline
		if i+1 < len(ls) {
			return ls[i+1].start
		}
		return len(doc)
	}
	block := func(from, to int) { // lines from..to inclusive
		r := [2]int{ls[from].start, lineEnd(to)}
		s.blocks = append(s.blocks, r)
		s.ranges = append(s.ranges, r)
	}

	i := 0
	// Front matter: "---" or "+++" on the first line (after an optional BOM), up to the
	// matching closing line ("..." also closes YAML).
	if len(ls) > 0 {
		first := strings.TrimRight(strings.TrimPrefix(ls[0].text, "\ufeff"), " \t\r")
		if first == "---" || first == "+++" {
			for j := 1; j < len(ls); j++ {
				t := strings.TrimRight(ls[j].text, " \t\r")
				if t == first || (first == "---" && t == "...") {
					block(0, j)
					i = j + 1
					break
				}
			}
		}
	}

	inList := false   // the current block context is a list item (indented lines continue it)
	prevBlank := true // the previous line was blank (or the document start)
	for ; i < len(ls); i++ {
		line := ls[i].text
		if m := reFenceOpen.FindStringSubmatch(line); m != nil &&
			!(m[1][0] == '`' && strings.Contains(line[len(m[0]):], "`")) {
			fence := m[1]
			j := i + 1
			for ; j < len(ls); j++ {
				t := strings.TrimLeft(ls[j].text, " \t>")
				if strings.HasPrefix(t, fence) && strings.Trim(t, string(fence[0])+" \t\r") == "" {
					break
				}
			}
			block(i, min(j, len(ls)-1))
			i = j
			prevBlank = false
			continue
		}
		if isBlank(line) {
			prevBlank = true
			continue
		}
		ind := indentWidth(line)
		if ind >= 4 && prevBlank && !inList {
			j := i
			for j+1 < len(ls) && (isBlank(ls[j+1].text) || indentWidth(ls[j+1].text) >= 4) {
				j++
			}
			for j > i && isBlank(ls[j].text) {
				j--
			}
			block(i, j)
			i = j
			prevBlank = false
			continue
		}
		if reListItem.MatchString(line) {
			inList = true
		} else if ind == 0 && prevBlank {
			inList = false
		}
		prevBlank = false
	}
}

// scanRawHTML protects <pre>, <code>, <script> and <style> elements whole.
func (s *structure) scanRawHTML(doc string) {
	lower := strings.ToLower(doc)
	for _, m := range reRawOpen.FindAllStringSubmatchIndex(doc, -1) {
		name := lower[m[2]:m[3]]
		end := strings.Index(lower[m[1]:], "</"+name)
		if end < 0 {
			continue
		}
		end += m[1]
		if gt := strings.IndexByte(doc[end:], '>'); gt >= 0 {
			end += gt + 1
		}
		r := [2]int{m[0], end}
		s.blocks = append(s.blocks, r)
		s.ranges = append(s.ranges, r)
	}
}

// scanCodeSpans protects inline code: a run of n backticks up to the next run of exactly n
// backticks in the same paragraph. An unmatched run is protected alone.
func (s *structure) scanCodeSpans(doc string) {
	for i := 0; i < len(doc); {
		if doc[i] != '`' || s.inBlock(i) {
			i++
			continue
		}
		n := backtickRun(doc, i)
		if i > 0 && doc[i-1] == '\\' { // escaped backtick
			s.add(i-1, i+n)
			i += n
			continue
		}
		limit := len(doc)
		if p := paragraphEnd(doc, i+n); p >= 0 {
			limit = p
		}
		end := -1
		for j := i + n; j < limit; {
			if doc[j] != '`' {
				j++
				continue
			}
			m := backtickRun(doc, j)
			if m == n {
				end = j + m
				break
			}
			j += m
		}
		if end < 0 {
			s.add(i, i+n)
			i += n
			continue
		}
		s.add(i, end)
		i = end
	}
}

func backtickRun(doc string, i int) int {
	n := 0
	for i+n < len(doc) && doc[i+n] == '`' {
		n++
	}
	return n
}

// paragraphEnd returns the offset of the first blank line at or after from, or -1.
func paragraphEnd(doc string, from int) int {
	for i := from; i < len(doc); {
		nl := strings.IndexByte(doc[i:], '\n')
		if nl < 0 {
			return -1
		}
		j := i + nl + 1
		k := j
		for k < len(doc) && (doc[k] == ' ' || doc[k] == '\t' || doc[k] == '\r') {
			k++
		}
		if k >= len(doc) || doc[k] == '\n' {
			return j
		}
		i = j
	}
	return -1
}

// trimURL returns the length of u without trailing punctuation that belongs to the sentence:
// .,;:!?'" and closing brackets without an opening one inside the URL.
func trimURL(u string) int {
	for len(u) > 0 {
		c := u[len(u)-1]
		switch {
		case strings.IndexByte(".,;:!?'\"*_", c) >= 0:
			u = u[:len(u)-1]
		case c == ')' && strings.Count(u, "(") < strings.Count(u, ")"),
			c == ']' && strings.Count(u, "[") < strings.Count(u, "]"),
			c == '}' && strings.Count(u, "{") < strings.Count(u, "}"):
			u = u[:len(u)-1]
		default:
			return len(u)
		}
	}
	return 0
}

// scanLinkTargets protects "](target)" and "][ref]" (from the "]" to the closing bracket) and
// the "[" (with "!" for images) that opens the link text.
func (s *structure) scanLinkTargets(doc string) {
	for i := 0; i+1 < len(doc); i++ {
		if doc[i] != ']' || (doc[i+1] != '(' && doc[i+1] != '[') || s.inBlock(i) {
			continue
		}
		open, close := doc[i+1], byte(')')
		if open == '[' {
			close = ']'
		}
		depth, end := 0, -1
		for j := i + 1; j < len(doc) && j < i+2048; j++ {
			c := doc[j]
			if c == '\n' && j+1 < len(doc) && doc[j+1] == '\n' {
				break
			}
			if c == '\\' {
				j++
				continue
			}
			if c == open {
				depth++
			} else if c == close {
				depth--
				if depth == 0 {
					end = j + 1
					break
				}
			}
		}
		if end < 0 {
			continue
		}
		s.add(i, end)
		if o := matchingOpenBracket(doc, i); o >= 0 {
			from := o
			if o > 0 && doc[o-1] == '!' {
				from--
			}
			s.add(from, o+1)
		}
		i = end - 1
	}
}

// matchingOpenBracket returns the offset of the "[" matching the "]" at close, within the same
// paragraph, or -1.
func matchingOpenBracket(doc string, close int) int {
	depth := 0
	for j := close; j >= 0 && j > close-2048; j-- {
		switch doc[j] {
		case ']':
			depth++
		case '[':
			depth--
			if depth == 0 {
				return j
			}
		case '\n':
			if j > 0 && doc[j-1] == '\n' {
				return -1
			}
		}
	}
	return -1
}

// ---- Markdown syntax characters ----

var (
	reHeading    = regexp.MustCompile(`(?m)^(?:[ \t]*>)*[ \t]{0,3}(#{1,6})(?:[ \t]|$)`)
	reHeadingEnd = regexp.MustCompile(`(?m)^[ \t]{0,3}#{1,6}[ \t].*?[ \t](#+)[ \t]*$`)
	reRuleLine   = regexp.MustCompile(`(?m)^[ \t]{0,3}(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,}|=+[ \t]*)$`)
	reQuote      = regexp.MustCompile(`(?m)^[ \t]{0,3}>(?:[ \t]?>)*`)
	reListMarker = regexp.MustCompile(`(?m)^(?:[ \t]*>)*[ \t]*([-*+]|\d{1,9}[.)])(?:[ \t]+(\[[ xX]\]))?(?:[ \t]|$)`)
	reTableDelim = regexp.MustCompile(`(?m)^[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)+\|?[ \t]*$|^[ \t]*\|[ \t]*:?-+:?[ \t]*\|?[ \t]*$`)
	reEmphasis   = regexp.MustCompile(`\*+|_+|~~+`)
	reEscape     = regexp.MustCompile("\\\\[!-/:-@\\[-`{-~]")
)

// syntaxRanges finds Markdown syntax characters.
func syntaxRanges(doc string) [][2]int {
	var rs [][2]int
	addGroup := func(re *regexp.Regexp, g int) {
		for _, m := range re.FindAllStringSubmatchIndex(doc, -1) {
			for k := g; k < len(m)/2; k++ {
				if m[2*k] >= 0 {
					rs = append(rs, [2]int{m[2*k], m[2*k+1]})
				}
			}
		}
	}
	addGroup(reHeading, 1)
	addGroup(reHeadingEnd, 1)
	addGroup(reRuleLine, 0)
	addGroup(reQuote, 0)
	addGroup(reListMarker, 1)
	addGroup(reTableDelim, 0)
	addGroup(reEscape, 0)
	for i := 0; i < len(doc); i++ {
		if doc[i] == '|' {
			rs = append(rs, [2]int{i, i + 1})
		}
	}
	for _, m := range reEmphasis.FindAllStringIndex(doc, -1) {
		if isEmphasisRun(doc, m[0], m[1]) {
			rs = append(rs, [2]int{m[0], m[1]})
		}
	}
	return rs
}

// isEmphasisRun reports whether the run doc[start:end] of *, _ or ~ touches text on at least one
// side (so it opens or closes emphasis). A run of 3+ underscores with no letter or digit beside
// it is a gap marker, not emphasis.
func isEmphasisRun(doc string, start, end int) bool {
	before, _ := utf8.DecodeLastRuneInString(doc[:start])
	after, _ := utf8.DecodeRuneInString(doc[end:])
	if start == 0 {
		before = ' '
	}
	if end == len(doc) {
		after = ' '
	}
	if doc[start] == '_' && end-start >= 3 {
		return isWordRune(before) || isWordRune(after)
	}
	return !unicode.IsSpace(before) || !unicode.IsSpace(after)
}

func isWordRune(r rune) bool { return r == '_' || unicode.IsLetter(r) || unicode.IsNumber(r) }

// ---- words joined by a slash ----

// reSlashed matches words joined by slashes with no space between them ("his/her", "and/or",
// "read/write", "client/server").
var reSlashed = regexp.MustCompile(`[\p{L}][\p{L}'’\-]*(?:/[\p{L}][\p{L}'’\-]*)+`)

// slashedRanges finds words joined by a slash: alternatives the writer names together, a fixed
// pair whose halves are chosen as one ("guaranteed his/her degree" is not "his/or").
func slashedRanges(doc string) [][2]int {
	var rs [][2]int
	for _, m := range reSlashed.FindAllStringIndex(doc, -1) {
		rs = append(rs, [2]int{m[0], m[1]})
	}
	return rs
}

// ---- numbers and proper-noun-like words ----

var (
	reNumber = regexp.MustCompile(`[$€£¥]?\p{N}+(?:[.,:/\-]\p{N}+)*%?`)
	reWord   = regexp.MustCompile(`[\p{L}\p{N}_]+(?:['’.\-][\p{L}\p{N}_]+)*`)
)

func numberRanges(doc string) [][2]int {
	var rs [][2]int
	for _, m := range reNumber.FindAllStringIndex(doc, -1) {
		rs = append(rs, [2]int{m[0], m[1]})
	}
	return rs
}

// nameRanges finds proper-noun-like words: words with digits, underscores or inner dots, ALLCAPS,
// CamelCase, and capitalised words that do not start a sentence, unless slip (if not nil) says
// the capitalised word is a writer's slip ("the Goverments": a listed misspelling).
func nameRanges(doc string, slip func(string) bool) [][2]int {
	var rs [][2]int
	lineStart, scanned := 0, 0 // start of the line holding the current word; doc[:scanned] seen
	for _, m := range reWord.FindAllStringIndex(doc, -1) {
		if nl := strings.LastIndexByte(doc[scanned:m[0]], '\n'); nl >= 0 {
			lineStart = scanned + nl + 1
		}
		scanned = m[0]
		// Underscores at the ends are emphasis (_it_) or gap markers, not part of the word.
		start, end := m[0], m[1]
		for start < end && doc[start] == '_' {
			start++
		}
		for end > start && doc[end-1] == '_' {
			end--
		}
		if start == end {
			continue
		}
		w := doc[start:end]
		if isNameLike(w) || (isCapitalised(w) && !sentenceStart(doc, lineStart, start) && (slip == nil || !slip(w))) {
			rs = append(rs, [2]int{start, end})
		}
	}
	return rs
}

// isNameLike: a word protected wherever it stands.
func isNameLike(w string) bool {
	var upper, lower, digit, letter int
	prevLower := false
	camel := false
	for i, r := range w {
		switch {
		case r == '_':
			return true
		case r == '.' && i > 0:
			return true
		case unicode.IsDigit(r) || unicode.IsNumber(r):
			digit++
		case unicode.IsUpper(r):
			upper++
			letter++
			if prevLower {
				camel = true
			}
		case unicode.IsLetter(r):
			lower++
			letter++
		}
		prevLower = unicode.IsLower(r)
	}
	switch {
	case digit > 0 && letter > 0: // v2, 3rd, H2O
		return true
	case upper >= 2 && lower == 0: // API, INDEX
		return true
	case camel: // JavaScript, iPhone
		return true
	}
	return false
}

func isCapitalised(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r)
}

// sentenceStart reports whether the word at pos begins a sentence or a block: it follows the
// document start, a blank line, a block marker (heading, list item, quote, table cell), sentence
// punctuation (. ! ? : …, but not an abbreviation's dot), or starts a line after a line that
// ends a sentence.
// lineStart is the offset of the start of pos's line.
func sentenceStart(doc string, lineStart, pos int) bool {
	i := pos
	// Skip opening punctuation and emphasis before the word.
	for i > 0 {
		r, n := utf8.DecodeLastRuneInString(doc[:i])
		if !strings.ContainsRune("\"'“‘([{*_<¿¡", r) {
			break
		}
		i -= n
	}
	// Horizontal space.
	for i > 0 && (doc[i-1] == ' ' || doc[i-1] == '\t') {
		i--
	}
	if i == 0 {
		return true
	}
	r, _ := utf8.DecodeLastRuneInString(doc[:i])
	if r == '\n' {
		return lineStartsSentence(doc, i)
	}
	// Block markers at the start of the line (#, -, *, +, 1., >, |, task box).
	if prefix := doc[lineStart:i]; isBlockPrefix(prefix) {
		return true
	}
	if r == '|' {
		return true
	}
	// Sentence punctuation, possibly followed by closing quotes or brackets; not the dot of an
	// abbreviation or an initial ("Dear Mr. Okafor": a name, as sentences() does not cut there).
	for i > 0 {
		r, n := utf8.DecodeLastRuneInString(doc[:i])
		if strings.ContainsRune("\"'”’)]*_", r) {
			i -= n
			continue
		}
		if r == '.' && closesAbbreviation(doc, i-1) {
			return false
		}
		return strings.ContainsRune(".!?:…", r)
	}
	return true
}

var reBlockPrefix = regexp.MustCompile(`^(?:[ \t]*>)*[ \t]*(?:#{1,6}|[-*+]|\d{1,9}[.)])?(?:[ \t]+\[[ xX]\])?[ \t]*$`)

func isBlockPrefix(prefix string) bool {
	return len(prefix) <= 64 && reBlockPrefix.MatchString(prefix)
}

// lineStartsSentence: the text at i starts a line (doc[i-1] == '\n'). It starts a sentence when
// the previous line is blank, a heading, a rule or table row, or ends with sentence punctuation.
func lineStartsSentence(doc string, i int) bool {
	prevStart := strings.LastIndexByte(doc[:i-1], '\n') + 1
	prev := strings.TrimRight(doc[prevStart:i-1], " \t\r")
	if strings.TrimSpace(prev) == "" {
		return true
	}
	t := strings.TrimLeft(prev, " \t>")
	if strings.HasPrefix(t, "#") || strings.HasPrefix(t, "|") || strings.HasSuffix(t, "|") ||
		reRuleLine.MatchString(prev) || strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~") ||
		t == "+++" || t == "..." {
		return true
	}
	last, _ := utf8.DecodeLastRuneInString(strings.TrimRight(prev, "\"'”’)]*_"))
	return strings.ContainsRune(".!?:…", last)
}
