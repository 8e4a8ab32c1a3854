package evalset

import (
	"bufio"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"

	"github.com/redraft/redraft/internal/worddist"
)

// GLEU is the multi-reference corpus GLEU of Napoles et al. (2016 update), as the dev sets'
// gleu.py computes it: tokens are lower-cased Tokens; for each of Iterations draws one reference
// per sentence is picked at random (Python's Mersenne Twister seeded with 0, so the draws are
// gleu.py's own and the scores agree exactly), n-gram precisions up to GLEUOrder count the
// hypothesis n-grams found in the reference minus those kept from the source that the reference
// dropped, with a brevity penalty; the score is the mean over the draws.
const (
	GLEUOrder      = 4
	GLEUIterations = 200
)

// RefsFile is the name of the file in a set's folder that holds each sentence's references.
const RefsFile = "refs.jsonl"

// LoadRefs reads DIR/refs.jsonl ({"text": source, "refs": [...]} per line) into a map from
// source text to its references. It returns nil, nil when the set has no such file.
func LoadRefs(dir string) (map[string][]string, error) {
	f, err := os.Open(filepath.Join(dir, RefsFile))
	if os.IsNotExist(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	refs := map[string][]string{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for line := 1; sc.Scan(); line++ {
		var row struct {
			Text string   `json:"text"`
			Refs []string `json:"refs"`
		}
		if err := json.Unmarshal(sc.Bytes(), &row); err != nil {
			return nil, fmt.Errorf("%s line %d: %w", RefsFile, line, err)
		}
		if len(row.Refs) == 0 {
			return nil, fmt.Errorf("%s line %d: no references", RefsFile, line)
		}
		refs[row.Text] = row.Refs
	}
	return refs, sc.Err()
}

// gleuTokens are the lower-cased tokens GLEU counts n-grams over.
func gleuTokens(s string) []string { return worddist.Tokens(strings.ToLower(s)) }

// CorpusGLEU scores hypotheses hyps of sources srcs against refs (refs[i] are the references of
// sentence i), all plain text; the result is in 0..1.
func CorpusGLEU(srcs, hyps []string, refs [][]string) float64 {
	// Each sentence's statistics against each of its references are fixed: compute them once,
	// then every draw only sums the drawn reference's row.
	perRef := make([][]gleuStats, len(srcs))
	for i := range srcs {
		src, hyp := gleuTokens(srcs[i]), gleuTokens(hyps[i])
		for _, r := range refs[i] {
			var st gleuStats
			st.add(src, hyp, gleuTokens(r))
			perRef[i] = append(perRef[i], st)
		}
	}
	rng := newPyRandom(0)
	total := 0.0
	for range GLEUIterations {
		var sum gleuStats
		for i := range perRef {
			sum.plus(&perRef[i][rng.randbelow(len(perRef[i]))])
		}
		total += sum.score()
	}
	return total / GLEUIterations
}

// gleuStats are the sums over sentences of one draw: lengths, and per order the matches and the
// hypothesis n-gram count.
type gleuStats struct {
	hypLen, refLen float64
	match, count   [GLEUOrder + 1]float64
}

// add adds one sentence's statistics against one reference.
func (st *gleuStats) add(src, hyp, ref []string) {
	st.hypLen += float64(len(hyp))
	st.refLen += float64(len(ref))
	for n := 1; n <= GLEUOrder; n++ {
		h, s, r := ngramCounts(hyp, n), ngramCounts(src, n), ngramCounts(ref, n)
		num := 0
		for g, c := range h {
			num += min(c, r[g])              // hypothesis n-grams the reference has
			num -= min(c, max(s[g]-r[g], 0)) // minus source n-grams the reference dropped
		}
		st.match[n] += float64(max(num, 0))
		st.count[n] += float64(max(len(hyp)-n+1, 0))
	}
}

func (st *gleuStats) plus(o *gleuStats) {
	st.hypLen += o.hypLen
	st.refLen += o.refLen
	for n := range st.match {
		st.match[n] += o.match[n]
		st.count[n] += o.count[n]
	}
}

// score is exp(log brevity penalty + mean log precision), with log(1e-9) for an empty precision.
func (st *gleuStats) score() float64 {
	logBP := -1e9
	if st.hypLen > 0 {
		logBP = min(0, 1-st.refLen/st.hypLen)
	}
	lp := 0.0
	for n := 1; n <= GLEUOrder; n++ {
		if st.match[n] > 0 && st.count[n] > 0 {
			lp += math.Log(st.match[n] / st.count[n])
		} else {
			lp += math.Log(1e-9)
		}
	}
	return math.Exp(logBP + lp/GLEUOrder)
}

// ngramCounts counts the n-grams of toks (joined with a byte that no token contains).
func ngramCounts(toks []string, n int) map[string]int {
	m := map[string]int{}
	for i := 0; i+n <= len(toks); i++ {
		m[strings.Join(toks[i:i+n], "\x00")]++
	}
	return m
}

// pyRandom is CPython's random.Random: MT19937 seeded by init_by_array, with randrange's
// rejection sampling over getrandbits. GLEU uses it so that its reference draws are gleu.py's.
type pyRandom struct {
	mt  [624]uint32
	idx int
}

func newPyRandom(seed uint32) *pyRandom {
	r := &pyRandom{}
	r.initGenrand(19650218)
	key := []uint32{seed}
	i, j := 1, 0
	for k := max(624, len(key)); k > 0; k-- {
		r.mt[i] = (r.mt[i] ^ ((r.mt[i-1] ^ (r.mt[i-1] >> 30)) * 1664525)) + key[j] + uint32(j)
		i, j = i+1, j+1
		if i >= 624 {
			r.mt[0], i = r.mt[623], 1
		}
		if j >= len(key) {
			j = 0
		}
	}
	for k := 623; k > 0; k-- {
		r.mt[i] = (r.mt[i] ^ ((r.mt[i-1] ^ (r.mt[i-1] >> 30)) * 1566083941)) - uint32(i)
		i++
		if i >= 624 {
			r.mt[0], i = r.mt[623], 1
		}
	}
	r.mt[0] = 0x80000000
	return r
}

func (r *pyRandom) initGenrand(s uint32) {
	r.mt[0] = s
	for i := 1; i < 624; i++ {
		r.mt[i] = 1812433253*(r.mt[i-1]^(r.mt[i-1]>>30)) + uint32(i)
	}
	r.idx = 624
}

// uint32 is genrand_uint32.
func (r *pyRandom) uint32() uint32 {
	if r.idx >= 624 {
		for k := range 624 {
			y := r.mt[k]&0x80000000 | r.mt[(k+1)%624]&0x7fffffff
			v := r.mt[(k+397)%624] ^ y>>1
			if y&1 != 0 {
				v ^= 0x9908b0df
			}
			r.mt[k] = v
		}
		r.idx = 0
	}
	y := r.mt[r.idx]
	r.idx++
	y ^= y >> 11
	y ^= y << 7 & 0x9d2c5680
	y ^= y << 15 & 0xefc60000
	return y ^ y>>18
}

// randbelow is randrange(n) for 0 < n < 2³¹: getrandbits(n.bit_length()) until below n.
func (r *pyRandom) randbelow(n int) int {
	k := 0
	for v := n; v > 0; v >>= 1 {
		k++
	}
	for {
		if v := int(r.uint32() >> (32 - k)); v < n {
			return v
		}
	}
}
