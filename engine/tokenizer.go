package engine

import (
	"container/heap"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"sync"
)

// Pattern is the pre-tokenizer pattern of the shipped tokenizer (model/MODEL.md). A
// tokenizer.json may carry another pattern; this one gets a faster, equivalent chunked scan (see
// splitChunks).
const Pattern = `'(?:s|t|re|ve|m|ll|d)| ?\p{L}+| ?\p{N}| ?[^\t\n\f\r \p{L}\p{N}]+|[\t\n\f\r ]+`

// pieceCacheMax bounds the per-tokenizer cache of encoded pieces (piece text → ids).
const pieceCacheMax = 1 << 16

// Tokenizer is the model's byte-level BPE (model/MODEL.md): ids 0..255 are bytes, merge i makes
// id 256+i, and the special ids (<|doc|>, <|null|>, <|pad|>, <|mask|>) never come out of Encode.
//
// A Tokenizer is safe for concurrent use.
type Tokenizer struct {
	pat       *regexp.Regexp
	chunked   bool             // pat is Pattern: text may be split at safe points first
	vocab     int              // ids are 0..vocab-1
	nMerged   int              // 256 + number of merges: ids >= nMerged are special or unused
	rank      map[uint64]int32 // pair key(a, b) → merge rank (0-based)
	bytes     []byte           // the bytes of every non-special id, back to back
	start     []int32          // id → its bytes are bytes[start[id]:start[id+1]] (len nMerged+1)
	special   map[string]int   // special token name → id
	isSpecial []bool           // id → is a special token

	mu    sync.Mutex       // guards cache
	cache map[string][]int // encoded pieces, at most pieceCacheMax entries
}

type tokenizerFile struct {
	Version   int            `json:"version"`
	Pattern   string         `json:"pattern"`
	VocabSize int            `json:"vocab_size"`
	Merges    [][2]int       `json:"merges"`
	Special   map[string]int `json:"special"`
}

// LoadTokenizer parses a tokenizer.json (model/MODEL.md) and checks that it is consistent: every
// merge refers to ids that exist before it, and the special ids lie above the merged ids inside
// the vocabulary.
func LoadTokenizer(jsonData []byte) (*Tokenizer, error) {
	var f tokenizerFile
	if err := json.Unmarshal(jsonData, &f); err != nil {
		return nil, fmt.Errorf("tokenizer: %w", err)
	}
	if f.Version != 1 {
		return nil, fmt.Errorf("tokenizer: version %d, want 1", f.Version)
	}
	if f.Pattern == "" {
		return nil, fmt.Errorf("tokenizer: no pre-tokenizer pattern")
	}
	pat, err := regexp.Compile(f.Pattern)
	if err != nil {
		return nil, fmt.Errorf("tokenizer: pattern: %w", err)
	}
	nMerged := 256 + len(f.Merges)
	if f.VocabSize < nMerged+len(f.Special) {
		return nil, fmt.Errorf("tokenizer: vocab_size %d < 256 bytes + %d merges + %d specials",
			f.VocabSize, len(f.Merges), len(f.Special))
	}
	t := &Tokenizer{
		pat:       pat,
		chunked:   f.Pattern == Pattern,
		vocab:     f.VocabSize,
		nMerged:   nMerged,
		rank:      make(map[uint64]int32, len(f.Merges)),
		start:     make([]int32, nMerged+1),
		special:   make(map[string]int, len(f.Special)),
		isSpecial: make([]bool, f.VocabSize),
		cache:     make(map[string][]int),
	}
	for b := 0; b < 256; b++ {
		t.bytes = append(t.bytes, byte(b))
		t.start[b+1] = int32(len(t.bytes))
	}
	for i, m := range f.Merges {
		id := 256 + i
		a, b := m[0], m[1]
		if a < 0 || a >= id || b < 0 || b >= id {
			return nil, fmt.Errorf("tokenizer: merge %d [%d %d] refers to an id not made yet", i, a, b)
		}
		k := pairKey(a, b)
		if _, dup := t.rank[k]; dup {
			return nil, fmt.Errorf("tokenizer: merge %d [%d %d] repeats an earlier merge", i, a, b)
		}
		t.rank[k] = int32(i)
		t.bytes = append(t.bytes, t.bytes[t.start[a]:t.start[a+1]]...)
		t.bytes = append(t.bytes, t.bytes[t.start[b]:t.start[b+1]]...)
		t.start[id+1] = int32(len(t.bytes))
	}
	for name, id := range f.Special {
		if id < nMerged || id >= f.VocabSize {
			return nil, fmt.Errorf("tokenizer: special %q id %d outside [%d, %d)", name, id, nMerged, f.VocabSize)
		}
		if t.isSpecial[id] {
			return nil, fmt.Errorf("tokenizer: special %q reuses id %d", name, id)
		}
		t.isSpecial[id] = true
		t.special[name] = id
	}
	return t, nil
}

func pairKey(a, b int) uint64 { return uint64(uint32(a))<<32 | uint64(uint32(b)) }

// VocabSize returns the number of ids, specials included.
func (t *Tokenizer) VocabSize() int { return t.vocab }

// Special returns the id of a special token by name ("<|mask|>", ...).
func (t *Tokenizer) Special(name string) (id int, ok bool) {
	id, ok = t.special[name]
	return id, ok
}

// IsSpecial reports whether id is a special token. It panics if id is out of range.
func (t *Tokenizer) IsSpecial(id int) bool {
	if id < 0 || id >= t.vocab {
		panic("engine: id out of range")
	}
	return t.isSpecial[id]
}

// TokenBytes returns the raw bytes of one id, nil for specials and unused ids. The slice is
// shared: callers must not modify it. It panics if id is out of range.
func (t *Tokenizer) TokenBytes(id int) []byte {
	if id < 0 || id >= t.vocab {
		panic("engine: id out of range")
	}
	if id >= t.nMerged {
		return nil
	}
	a, b := t.start[id], t.start[id+1]
	return t.bytes[a:b:b]
}

// Decode concatenates the bytes of ids; specials decode to nothing. The result may be invalid
// UTF-8 when ids split a multi-byte character. It panics if an id is out of range.
func (t *Tokenizer) Decode(ids []int) string {
	n := 0
	for _, id := range ids {
		n += len(t.TokenBytes(id))
	}
	var sb strings.Builder
	sb.Grow(n)
	for _, id := range ids {
		sb.Write(t.TokenBytes(id))
	}
	return sb.String()
}

// Pieces splits s with the pre-tokenizer pattern. Concatenated, the pieces give back s.
func (t *Tokenizer) Pieces(s string) []string {
	var out []string
	t.eachPiece(s, func(p string) { out = append(out, p) })
	return out
}

// Encode returns the ids of s: each pre-tokenizer piece is merged on its own (lowest merge rank
// first, leftmost on ties) and the pieces' ids are concatenated. decode(encode(s)) == s.
func (t *Tokenizer) Encode(s string) []int {
	out := make([]int, 0, len(s)/3+1)
	t.eachPiece(s, func(p string) { out = t.appendPiece(out, p) })
	return out
}

// eachPiece calls fn with every piece of s, in order. Text that the pattern does not match (none
// for Pattern, which covers every character) becomes a piece of its own, so nothing is lost.
func (t *Tokenizer) eachPiece(s string, fn func(string)) {
	scan := func(chunk string) {
		pos := 0
		for _, loc := range t.pat.FindAllStringIndex(chunk, -1) {
			if loc[0] == loc[1] {
				continue
			}
			if loc[0] > pos {
				fn(chunk[pos:loc[0]])
			}
			fn(chunk[loc[0]:loc[1]])
			pos = loc[1]
		}
		if pos < len(chunk) {
			fn(chunk[pos:])
		}
	}
	if !t.chunked {
		scan(s)
		return
	}
	splitChunks(s, scan)
}

// Chunking for Pattern. Go's regexp is several times faster on short inputs than on one long
// one, so the text is cut into chunks at points where every match of Pattern is known to end
// and start again, whatever comes before or after:
//   - before a non-whitespace byte that follows '\n': '\n' only matches [\t\n\f\r ]+, which
//     cannot take the next byte, and the match at the next byte starts afresh;
//   - before a ' ' between two ASCII letters: the letter run before it ends there, and the
//     " word" after it starts there.
//
// A chunk is cut at the first '\n' point past chunkMin bytes, or at the first ' ' point past
// chunkMax bytes. TestChunkedPiecesMatchWholeScan and FuzzRoundTrip check this against a scan of
// the whole text.
const (
	chunkMin = 64
	chunkMax = 128
)

func splitChunks(s string, fn func(string)) {
	begin := 0
	for i := begin + chunkMin; i < len(s); i++ {
		cut := false
		switch {
		case s[i-1] == '\n' && !isSpaceByte(s[i]):
			cut = true
		case i-begin >= chunkMax && s[i] == ' ' && i+1 < len(s) && isASCIILetter(s[i-1]) && isASCIILetter(s[i+1]):
			cut = true
		}
		if cut {
			fn(s[begin:i])
			begin = i
			i += chunkMin - 1
		}
	}
	if begin < len(s) {
		fn(s[begin:])
	}
}

func isSpaceByte(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'
}

func isASCIILetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

// appendPiece appends the ids of one piece, from the cache when it has been seen before.
func (t *Tokenizer) appendPiece(out []int, p string) []int {
	t.mu.Lock()
	ids, ok := t.cache[p]
	t.mu.Unlock()
	if ok {
		return append(out, ids...)
	}
	ids = t.mergePiece(p)
	t.mu.Lock()
	if len(t.cache) < pieceCacheMax {
		t.cache[strings.Clone(p)] = ids // clone: p points into the caller's (maybe large) text
	}
	t.mu.Unlock()
	return append(out, ids...)
}

// mergePiece runs BPE over the bytes of one piece.
func (t *Tokenizer) mergePiece(p string) []int {
	ids := make([]int, len(p))
	for i := 0; i < len(p); i++ {
		ids[i] = int(p[i])
	}
	if len(ids) <= 24 {
		return t.mergeScan(ids)
	}
	return t.mergeHeap(ids)
}

// mergeScan is the direct form of BPE, quadratic in the piece length: find the pair with the
// lowest rank (leftmost on ties), merge it, repeat. Used for short pieces, where it is fastest.
func (t *Tokenizer) mergeScan(ids []int) []int {
	for len(ids) > 1 {
		best, bestRank := -1, int32(0)
		for j := 0; j+1 < len(ids); j++ {
			if r, ok := t.rank[pairKey(ids[j], ids[j+1])]; ok && (best < 0 || r < bestRank) {
				best, bestRank = j, r
			}
		}
		if best < 0 {
			break
		}
		ids[best] = 256 + int(bestRank)
		ids = append(ids[:best+1], ids[best+2:]...)
	}
	return ids
}

// mergeHeap gives the same result as mergeScan in O(n log n): the symbols form a linked list and
// candidate pairs wait in a heap ordered by (rank, position); entries made stale by an earlier
// merge are skipped when they come out.
func (t *Tokenizer) mergeHeap(ids []int) []int {
	n := len(ids)
	next := make([]int, n) // next[i]: index of the symbol after i, or n
	prev := make([]int, n) // prev[i]: index of the symbol before i, or -1
	for i := range ids {
		next[i], prev[i] = i+1, i-1
	}
	h := &pairHeap{}
	push := func(i int) {
		if i < 0 || next[i] >= n {
			return
		}
		if r, ok := t.rank[pairKey(ids[i], ids[next[i]])]; ok {
			heap.Push(h, pairAt{rank: r, pos: i})
		}
	}
	for i := 0; i+1 < n; i++ {
		push(i)
	}
	const gone = -2
	for h.Len() > 0 {
		e := heap.Pop(h).(pairAt)
		i := e.pos
		if ids[i] == gone || next[i] >= n {
			continue
		}
		j := next[i]
		if r, ok := t.rank[pairKey(ids[i], ids[j])]; !ok || r != e.rank {
			continue // stale: one side has been merged since
		}
		ids[i] = 256 + int(e.rank)
		ids[j] = gone
		next[i] = next[j]
		if next[j] < n {
			prev[next[j]] = i
		}
		push(prev[i])
		push(i)
	}
	out := ids[:0]
	for i := 0; i < n; i = next[i] {
		out = append(out, ids[i])
	}
	return out
}

type pairAt struct {
	rank int32
	pos  int
}

type pairHeap []pairAt

func (h pairHeap) Len() int { return len(h) }
func (h pairHeap) Less(i, j int) bool {
	if h[i].rank != h[j].rank {
		return h[i].rank < h[j].rank
	}
	return h[i].pos < h[j].pos
}
func (h pairHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *pairHeap) Push(x any)   { *h = append(*h, x.(pairAt)) }
func (h *pairHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}
