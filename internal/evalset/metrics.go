package evalset

import (
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/redraft/redraft/internal/worddist"
)

// Recorder collects per-case outcomes. The zero value is ready to use; not safe for concurrent use.
type Recorder struct {
	fills, oracleFills               fillTally // infill cases: the model's length, the true length
	repair, fixed, improved, damaged int
	repairUnchanged                  int
	clean, untouched                 int
	errsBefore, errsAfter            int // word edit distance to the original, summed over repairs
	errors                           int
	sentences, passes                int
	// Refs, when set (LoadRefs), are the human references of repair cases by source text; the
	// repairs found there are scored with corpus GLEU.
	Refs             map[string][]string
	gleuSrc, gleuHyp []string
	gleuRefs         [][]string
	refineMs         []float64
	kinds            map[string]*KindSummary
	words            map[int]*WordsSummary
}

// KindSummary is the breakdown of repair cases of one error kind.
type KindSummary struct {
	Cases     int     `json:"cases"`
	Fixed     float64 `json:"fixed"`
	Improved  float64 `json:"improved"`
	Damaged   float64 `json:"damaged"`
	Unchanged float64 `json:"unchanged"`

	fixed, improved, damaged, unchanged int
}

// WordsSummary is the breakdown of infill cases by answer length in words.
type WordsSummary struct {
	Cases       int     `json:"cases"`
	Exact       float64 `json:"exact"`
	OracleCases int     `json:"oracle_cases"`
	ExactOracle float64 `json:"exact_oracle"`

	exact, exactOracle int
}

// Summary is what `redraft eval` prints. Rates are fractions of the cases of their set (0..1);
// times are milliseconds per case (nearest-rank percentiles).
type Summary struct {
	InfillCases       int     `json:"infill_cases"`
	InfillOracleCases int     `json:"infill_oracle_cases"`
	RepairCases       int     `json:"repair_cases"`
	CleanCases        int     `json:"clean_cases"`
	Errors            int     `json:"errors"`
	InfillExact       float64 `json:"infill_exact"`
	InfillExactOracle float64 `json:"infill_exact_oracle"`
	RepairFixed       float64 `json:"repair_fixed"`
	RepairImproved    float64 `json:"repair_improved"`
	RepairDamaged     float64 `json:"repair_damaged"`
	RepairUnchanged   float64 `json:"repair_unchanged"`
	CleanUntouched    float64 `json:"clean_untouched"`
	// ErrorsRemoved is the net share of the repairs' word edit distance to their originals that
	// refining removed (errfix.py's "errors removed"): negative when damage outweighs fixes.
	ErrorsRemoved float64 `json:"errors_removed"`
	// GLEU is the corpus GLEU (0..100) of the repairs with references, GLEUSource that of the
	// unchanged sources, over the same sentences (gleu.py's "source (no change)").
	GLEU       float64 `json:"gleu,omitempty"`
	GLEUSource float64 `json:"gleu_source,omitempty"`
	// PassesPerSentence is the mean number of model calls refine made per sentence: the cost of
	// quality in model work, whatever the engine's speed.
	PassesPerSentence float64 `json:"passes_per_sentence,omitempty"`
	RefineMsP50       float64 `json:"refine_ms_p50"`
	RefineMsP95       float64 `json:"refine_ms_p95"`
	FillMsP50         float64 `json:"fill_ms_p50"`
	FillMsP95         float64 `json:"fill_ms_p95"`
	FillOracleMsP50   float64 `json:"fill_oracle_ms_p50"`

	RepairKinds   map[string]*KindSummary  `json:"repair_kinds"`
	InfillByWords map[string]*WordsSummary `json:"infill_by_words"`
}

// FillExact reports whether a fill matches the answer: equal after trimming whitespace,
// ignoring case.
func FillExact(fill, answer string) bool {
	return strings.EqualFold(strings.TrimSpace(fill), strings.TrimSpace(answer))
}

func (r *Recorder) wordsBucket(c Case) *WordsSummary {
	if r.words == nil {
		r.words = map[int]*WordsSummary{}
	}
	w := c.Words
	if w == 0 {
		w = len(strings.Fields(c.Answer))
	}
	b := r.words[w]
	if b == nil {
		b = &WordsSummary{}
		r.words[w] = b
	}
	return b
}

// fillTally counts the fills of one kind (the model's length, or the true one) and their times.
type fillTally struct {
	cases, exact int
	ms           []float64
}

// AddFill records the fill of an infill case with the length chosen by the model.
func (r *Recorder) AddFill(c Case, fill string, ms float64) { r.addFill(c, fill, ms, false) }

// AddOracleFill records the fill of an infill case made with the true token count given.
func (r *Recorder) AddOracleFill(c Case, fill string, ms float64) { r.addFill(c, fill, ms, true) }

func (r *Recorder) addFill(c Case, fill string, ms float64, oracle bool) {
	t, b := &r.fills, r.wordsBucket(c)
	cases, exact := &b.Cases, &b.exact
	if oracle {
		t, cases, exact = &r.oracleFills, &b.OracleCases, &b.exactOracle
	}
	t.cases++
	*cases++
	t.ms = append(t.ms, ms)
	if FillExact(fill, c.Answer) {
		t.exact++
		*exact++
	}
}

// AddRefine records the result of refining the selection of a repair or clean case: the top
// candidate's text, or the text unchanged when there was no better revision.
func (r *Recorder) AddRefine(c Case, result string, ms float64) {
	r.refineMs = append(r.refineMs, ms)
	switch c.Set {
	case Clean:
		r.clean++
		if result == c.Text {
			r.untouched++
		}
	case Repair:
		r.repair++
		if r.kinds == nil {
			r.kinds = map[string]*KindSummary{}
		}
		k := r.kinds[c.ErrorKind()]
		if k == nil {
			k = &KindSummary{}
			r.kinds[c.ErrorKind()] = k
		}
		k.Cases++
		before := worddist.Distance(c.Text, c.Original)
		after := worddist.Distance(result, c.Original)
		r.errsBefore += before
		r.errsAfter += after
		if refs, ok := r.Refs[c.Text]; ok {
			r.gleuSrc, r.gleuHyp = append(r.gleuSrc, c.Text), append(r.gleuHyp, result)
			r.gleuRefs = append(r.gleuRefs, refs)
		}
		if after == 0 {
			r.fixed++
			k.fixed++
		}
		switch {
		case after < before:
			r.improved++
			k.improved++
		case after > before:
			r.damaged++
			k.damaged++
		}
		if result == c.Text {
			r.repairUnchanged++
			k.unchanged++
		}
	}
}

// AddPasses records how many sentences one refine cut its selection into and how many model
// calls it made for them.
func (r *Recorder) AddPasses(sentences, passes int) {
	r.sentences += sentences
	r.passes += passes
}

// AddError counts a case whose run failed. The caller should also record the case's outcome as
// "unchanged" (AddRefine with the text, AddFill with "") so that rates keep their denominators.
func (r *Recorder) AddError() { r.errors++ }

// Summary computes the metrics over everything recorded so far.
func (r *Recorder) Summary() Summary {
	s := Summary{
		InfillCases:       r.fills.cases,
		InfillOracleCases: r.oracleFills.cases,
		RepairCases:       r.repair,
		CleanCases:        r.clean,
		Errors:            r.errors,
		InfillExact:       rate(r.fills.exact, r.fills.cases),
		InfillExactOracle: rate(r.oracleFills.exact, r.oracleFills.cases),
		RepairFixed:       rate(r.fixed, r.repair),
		RepairImproved:    rate(r.improved, r.repair),
		RepairDamaged:     rate(r.damaged, r.repair),
		RepairUnchanged:   rate(r.repairUnchanged, r.repair),
		CleanUntouched:    rate(r.untouched, r.clean),
		ErrorsRemoved:     rate(r.errsBefore-r.errsAfter, r.errsBefore),
		PassesPerSentence: math.Round(float64(r.passes)/float64(max(r.sentences, 1))*10) / 10,
		RefineMsP50:       Percentile(r.refineMs, 50),
		RefineMsP95:       Percentile(r.refineMs, 95),
		FillMsP50:         Percentile(r.fills.ms, 50),
		FillMsP95:         Percentile(r.fills.ms, 95),
		FillOracleMsP50:   Percentile(r.oracleFills.ms, 50),
		RepairKinds:       map[string]*KindSummary{},
		InfillByWords:     map[string]*WordsSummary{},
	}
	if len(r.gleuSrc) > 0 {
		s.GLEU = math.Round(CorpusGLEU(r.gleuSrc, r.gleuHyp, r.gleuRefs)*1e4) / 100
		s.GLEUSource = math.Round(CorpusGLEU(r.gleuSrc, r.gleuSrc, r.gleuRefs)*1e4) / 100
	}
	for name, k := range r.kinds {
		c := *k
		c.Fixed = rate(k.fixed, k.Cases)
		c.Improved = rate(k.improved, k.Cases)
		c.Damaged = rate(k.damaged, k.Cases)
		c.Unchanged = rate(k.unchanged, k.Cases)
		s.RepairKinds[name] = &c
	}
	for w, b := range r.words {
		c := *b
		c.Exact = rate(b.exact, b.Cases)
		c.ExactOracle = rate(b.exactOracle, b.OracleCases)
		s.InfillByWords[strconv.Itoa(w)] = &c
	}
	return s
}

// rate is n/d rounded to 4 decimals (0 when d is 0).
func rate(n, d int) float64 {
	if d == 0 {
		return 0
	}
	return math.Round(float64(n)/float64(d)*1e4) / 1e4
}

// Percentile returns the nearest-rank p-th percentile of xs (0 for none), rounded to 0.1.
func Percentile(xs []float64, p float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	rank := int(math.Ceil(p / 100 * float64(len(s))))
	rank = min(max(rank, 1), len(s))
	return math.Round(s[rank-1]*10) / 10
}
