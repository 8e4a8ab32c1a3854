package refine

import (
	"sort"
	"strings"
	"unicode/utf8"
)

// Gap is a gap marker in a document: doc[Start:End] == the marker text as written.
type Gap struct {
	Start, End int    // byte offsets of the marker
	Marker     string // the marker it matched ("___" for any run of 3+ underscores)
}

// FindGaps returns the gap markers in doc, sorted by offset and non-overlapping. markers are the
// marker strings to look for (nil or empty: DefaultMarkers). A marker made only of underscores
// (such as "___") matches any run of at least that many underscores, as one gap, provided no
// letter or digit touches the run (so snake___case and ___bold___ are not gaps) and the run is
// not a whole line by itself (a Markdown thematic break). No marker counts inside code, URLs,
// link targets, HTML or front matter.
func FindGaps(doc string, markers []string) []Gap {
	if len(markers) == 0 {
		markers = DefaultMarkers
	}
	var gaps []Gap
	for _, m := range markers {
		if m == "" {
			continue
		}
		if strings.Trim(m, "_") == "" {
			gaps = append(gaps, underscoreGaps(doc, m)...)
			continue
		}
		for off := 0; ; {
			i := strings.Index(doc[off:], m)
			if i < 0 {
				break
			}
			gaps = append(gaps, Gap{Start: off + i, End: off + i + len(m), Marker: m})
			off += i + len(m)
		}
	}
	if len(gaps) == 0 {
		return nil
	}
	// Earliest first; of two starting together, the longer.
	sort.Slice(gaps, func(i, j int) bool {
		if gaps[i].Start != gaps[j].Start {
			return gaps[i].Start < gaps[j].Start
		}
		return gaps[i].End > gaps[j].End
	})
	protected := structuralRanges(doc)
	out := gaps[:0]
	for _, g := range gaps {
		if len(out) > 0 && g.Start < out[len(out)-1].End {
			continue
		}
		if overlapsAny(protected, g.Start, g.End) {
			continue
		}
		out = append(out, g)
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// underscoreGaps finds runs of at least len(m) underscores that are gap markers.
func underscoreGaps(doc, m string) []Gap {
	var gaps []Gap
	for i := 0; i < len(doc); {
		if doc[i] != '_' {
			i++
			continue
		}
		j := i
		for j < len(doc) && doc[j] == '_' {
			j++
		}
		if j-i >= len(m) && !touchesWord(doc, i, j) && !wholeLine(doc, i, j) && !escaped(doc, i) {
			gaps = append(gaps, Gap{Start: i, End: j, Marker: m})
		}
		i = j
	}
	return gaps
}

// touchesWord reports whether a letter, digit or underscore is right before start or at end.
func touchesWord(doc string, start, end int) bool {
	if start > 0 {
		if r, _ := utf8.DecodeLastRuneInString(doc[:start]); isWordRune(r) {
			return true
		}
	}
	if end < len(doc) {
		if r, _ := utf8.DecodeRuneInString(doc[end:]); isWordRune(r) {
			return true
		}
	}
	return false
}

// wholeLine reports whether doc[start:end] is alone on its line, up to spaces.
func wholeLine(doc string, start, end int) bool {
	ls := strings.LastIndexByte(doc[:start], '\n') + 1
	le := len(doc)
	if k := strings.IndexByte(doc[end:], '\n'); k >= 0 {
		le = end + k
	}
	return strings.TrimSpace(doc[ls:start]) == "" && strings.TrimSpace(doc[end:le]) == ""
}

func escaped(doc string, i int) bool { return i > 0 && doc[i-1] == '\\' }
