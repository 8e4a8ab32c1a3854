package refine

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Edit replaces doc[Start:End] of the ORIGINAL document with Text.
// Kind and Reason say what the edit fixes and why, for diagnostics and the CLI; edits computed
// only from a diff (a denoised rewrite, a fill) have Kind KindRewrite or KindFill.
type Edit struct {
	Start, End int
	Text       string
	Kind       Kind
	Reason     string
}

// WordEdits returns the minimal word-level edits that turn doc[start:end] into newText, with byte
// offsets into doc, sorted and non-overlapping; nil when the texts are equal. Both texts are cut
// into units (words, whitespace runs, single punctuation characters), the shortest edit script
// over the units is found (Myers), and changes separated only by whitespace are merged into one
// edit. Units the two texts share stay outside every edit. start and end must be a valid range
// of doc (see ValidateRange).
func WordEdits(doc string, start, end int, newText string) []Edit {
	old := doc[start:end]
	if old == newText {
		return nil
	}
	a, b := wordUnits(old), wordUnits(newText)
	ops := diffUnits(a, b)

	// Walk the script, collecting hunks [aFrom,aTo) → [bFrom,bTo) in unit indices.
	type hunk struct{ aFrom, aTo, bFrom, bTo int }
	var hunks []hunk
	ai, bi := 0, 0
	for k := 0; k < len(ops); {
		if ops[k] == opEqual {
			ai, bi, k = ai+1, bi+1, k+1
			continue
		}
		h := hunk{aFrom: ai, bFrom: bi}
		for k < len(ops) && ops[k] != opEqual {
			if ops[k] == opDelete {
				ai++
			} else {
				bi++
			}
			k++
		}
		h.aTo, h.bTo = ai, bi
		// Merge with the previous hunk when only whitespace units lie between them.
		if n := len(hunks); n > 0 && onlySpace(a[hunks[n-1].aTo:h.aFrom]) {
			hunks[n-1].aTo, hunks[n-1].bTo = h.aTo, h.bTo
			continue
		}
		hunks = append(hunks, h)
	}

	// Unit index → byte offset tables.
	aOff := unitOffsets(a)
	bOff := unitOffsets(b)
	edits := make([]Edit, 0, len(hunks))
	for _, h := range hunks {
		edits = append(edits, Edit{
			Start: start + aOff[h.aFrom],
			End:   start + aOff[h.aTo],
			Text:  newText[bOff[h.bFrom]:bOff[h.bTo]],
		})
	}
	return edits
}

// ApplyEdits applies sorted, non-overlapping edits (offsets into doc) and returns the new text.
func ApplyEdits(doc string, edits []Edit) string {
	var sb strings.Builder
	prev := 0
	for _, e := range edits {
		sb.WriteString(doc[prev:e.Start])
		sb.WriteString(e.Text)
		prev = e.End
	}
	sb.WriteString(doc[prev:])
	return sb.String()
}

// wordUnits cuts s into words (letters, digits, underscore), whitespace runs and single other
// characters. Concatenated, the units give s back.
func wordUnits(s string) []string {
	var units []string
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		j := i + n
		switch {
		case isWordRune(r):
			for j < len(s) {
				r2, n2 := utf8.DecodeRuneInString(s[j:])
				if !isWordRune(r2) {
					break
				}
				j += n2
			}
		case unicode.IsSpace(r):
			for j < len(s) {
				r2, n2 := utf8.DecodeRuneInString(s[j:])
				if !unicode.IsSpace(r2) {
					break
				}
				j += n2
			}
		}
		units = append(units, s[i:j])
		i = j
	}
	return units
}

func unitOffsets(units []string) []int {
	off := make([]int, len(units)+1)
	for i, u := range units {
		off[i+1] = off[i] + len(u)
	}
	return off
}

func onlySpace(units []string) bool {
	for _, u := range units {
		if strings.TrimSpace(u) != "" {
			return false
		}
	}
	return true
}

type diffOp uint8

const (
	opEqual diffOp = iota
	opDelete
	opInsert
)

// diffUnits returns a shortest edit script turning a into b that keeps as many non-space units
// as possible (then as many whitespace units as possible), as a sequence of equal / delete (from
// a) / insert (from b) steps. The common prefix and suffix are trimmed first; the middle is a
// weighted longest-common-subsequence table, or Myers' O((N+M)D) algorithm (which weighs all
// units alike) when the table would be large.
func diffUnits(a, b []string) []diffOp {
	pre := 0
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		pre++
	}
	suf := 0
	for suf < len(a)-pre && suf < len(b)-pre && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}
	am, bm := a[pre:len(a)-suf], b[pre:len(b)-suf]
	var mid []diffOp
	if (len(am)+1)*(len(bm)+1) <= maxDiffTable {
		mid = weightedLCS(am, bm)
	} else {
		mid = myers(am, bm)
	}
	ops := make([]diffOp, 0, pre+len(mid)+suf)
	for i := 0; i < pre; i++ {
		ops = append(ops, opEqual)
	}
	ops = append(ops, mid...)
	for i := 0; i < suf; i++ {
		ops = append(ops, opEqual)
	}
	return ops
}

// maxDiffTable bounds the cells of the weighted LCS table (4 bytes each).
const maxDiffTable = 4 << 20

// weightedLCS: a match of a word or punctuation unit is worth more than any number of matched
// whitespace units, so whitespace never wins over a word.
func weightedLCS(a, b []string) []diffOp {
	n, m := len(a), len(b)
	wordW := int32(n + m + 1)
	w := func(u string) int32 {
		if strings.TrimSpace(u) == "" {
			return 1
		}
		return wordW
	}
	// dp[i*(m+1)+j] = best weight of a[i:] against b[j:].
	dp := make([]int32, (n+1)*(m+1))
	at := func(i, j int) int32 { return dp[i*(m+1)+j] }
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			best := max(at(i+1, j), at(i, j+1))
			if a[i] == b[j] {
				best = max(best, w(a[i])+at(i+1, j+1))
			}
			dp[i*(m+1)+j] = best
		}
	}
	ops := make([]diffOp, 0, n+m)
	i, j := 0, 0
	for i < n || j < m {
		switch {
		case i < n && j < m && a[i] == b[j] && at(i, j) == w(a[i])+at(i+1, j+1):
			ops = append(ops, opEqual)
			i, j = i+1, j+1
		case i < n && (j == m || at(i+1, j) >= at(i, j+1)):
			ops = append(ops, opDelete)
			i++
		default:
			ops = append(ops, opInsert)
			j++
		}
	}
	return ops
}

func myers(a, b []string) []diffOp {
	n, m := len(a), len(b)
	if n == 0 || m == 0 {
		ops := make([]diffOp, 0, n+m)
		for i := 0; i < n; i++ {
			ops = append(ops, opDelete)
		}
		for i := 0; i < m; i++ {
			ops = append(ops, opInsert)
		}
		return ops
	}
	maxD := n + m
	offset := maxD
	v := make([]int, 2*maxD+2)
	var trace [][]int
	found := false
	for d := 0; d <= maxD && !found; d++ {
		trace = append(trace, append([]int(nil), v...))
		for k := -d; k <= d; k += 2 {
			var x int
			if k == -d || (k != d && v[offset+k-1] < v[offset+k+1]) {
				x = v[offset+k+1] // down: insertion
			} else {
				x = v[offset+k-1] + 1 // right: deletion
			}
			y := x - k
			for x < n && y < m && a[x] == b[y] {
				x, y = x+1, y+1
			}
			v[offset+k] = x
			if x >= n && y >= m {
				found = true
				break
			}
		}
	}
	// Backtrack from (n, m) through the saved V arrays.
	var rev []diffOp
	x, y := n, m
	for d := len(trace) - 1; d > 0; d-- {
		vd := trace[d]
		k := x - y
		var prevK int
		if k == -d || (k != d && vd[offset+k-1] < vd[offset+k+1]) {
			prevK = k + 1
		} else {
			prevK = k - 1
		}
		prevX := vd[offset+prevK]
		prevY := prevX - prevK
		for x > prevX && y > prevY {
			rev = append(rev, opEqual)
			x, y = x-1, y-1
		}
		if x == prevX {
			rev = append(rev, opInsert)
		} else {
			rev = append(rev, opDelete)
		}
		x, y = prevX, prevY
	}
	for x > 0 && y > 0 {
		rev = append(rev, opEqual)
		x, y = x-1, y-1
	}
	ops := make([]diffOp, len(rev))
	for i, op := range rev {
		ops[len(rev)-1-i] = op
	}
	return ops
}
