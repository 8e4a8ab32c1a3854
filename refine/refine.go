package refine

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/redraft/redraft/engine"
	lex "github.com/redraft/redraft/refine/lexicon"
)

// Refine's data flow, one stage per file:
//
//	window.go      the selection on token boundaries, and each sentence's model window
//	sentences.go   the selection cut into sentences (and headings, list items, table cells)
//	candidates.go  per round, single edits proposed by one generator per kind
//	rephrase.go    at high strength, two words re-noised and denoised within the writer's words
//	rank.go        suspects, one probe pass, and the few candidates worth scoring
//	canvas.go      the model's view of a sentence: pseudo-log-likelihood scoring
//	guard.go       judging (gain over the current text, minus the kind's cost) and protection
//	edits.go       the final text as minimal word edits, each with its Kind and Reason
//	alternatives.go  more than one candidate asked for: different whole revisions, best first
//
// A sentence is refined in rounds: the best candidate the guard passes is taken, and the new
// text is scored and proposed on again, until nothing passes or the strength's round cap; the
// final text is judged against the original once more. A selection's sentences are refined
// together, a few at a time, their model calls batched (batch.go): the same result as one by
// one, in fewer, larger model calls, with both cores busy between them.

// Candidate is one revision of a selection.
type Candidate struct {
	Text  string  // new text of the selection (Result.Start..Result.End)
	Edits []Edit  // minimal word-level edits against the original document
	Score float64 // guard score (higher = more natural); Gain = Score - Result.OriginalScore
}

// Result is the outcome of Refine.
type Result struct {
	Start, End    int     // the selection as refined (widened to token and word boundaries)
	OriginalScore float64 // guard score of the original selection
	// Candidates are the revisions the guard accepted, best first. Empty means "no better
	// revision": the caller must change nothing.
	Candidates []Candidate
	// Sentences is the number of sentences (and other units: headings, list items, table
	// cells) refined; Passes the number of model calls made for them.
	Sentences, Passes int
}

// Fill is the text chosen for one gap.
type Fill struct {
	Gap   Gap
	Text  string // what replaces the gap marker (Edits[0].Text)
	Edits []Edit // edits against the original document that fill this gap
}

// FillResult is the outcome of Fill: one Fill per gap filled, in document order. The Edits of all
// fills together are sorted and non-overlapping.
type FillResult struct {
	Fills []Fill
}

// Progress is told how much of the work is done out of a total: for Refine, sentences; for
// Fill, denoising steps (an estimate that may grow while the work runs). It may be nil.
type Progress func(done, total int)

// MaxSelectionBytes is the longest selection Refine accepts (a whole document is fine).
const MaxSelectionBytes = 4 << 20

// Refiner revises text and fills gaps with one model. It is not safe for concurrent use: the
// language server gives it one worker.
type Refiner struct {
	core
}

// New returns a Refiner that uses m.
func New(m *engine.Model) *Refiner {
	cfg := m.Config()
	sp := specials{mask: cfg.MaskID, pad: cfg.PadID, doc: cfg.DocID, null: cfg.NullID}
	return &Refiner{core: newCore(m.Tokenizer(), sp, cfg.MaxLen, modelBackend{m})}
}

// Refine revises doc[start:end] sentence by sentence, each in its paragraph's context, and
// returns only revisions the guard judges better than the original (see guard.go); an empty
// Candidates list means "keep the text". Protected text (code, URLs, numbers, names unless
// opt.AllowNumbers, Markdown syntax) and opt.UserWords never change. p is told after each
// sentence; ctx is checked between model calls. The same input and options give the same
// result.
func (r *Refiner) Refine(ctx context.Context, doc string, start, end int, opt Options, p Progress) (*Result, error) {
	return r.refine(ctx, doc, start, end, opt, p)
}

// Fill fills each gap with text of a length the model chooses (or opt.FillLength tokens), in
// document order, each conditioned on the fills before it.
func (r *Refiner) Fill(ctx context.Context, doc string, gaps []Gap, opt Options, p Progress) (*FillResult, error) {
	return r.fill(ctx, doc, gaps, opt, p)
}

// modelBackend adapts *engine.Model to the backend the algorithms run on.
type modelBackend struct{ m *engine.Model }

func (b modelBackend) newCaches(wins []cacheWindow) []stepper {
	ew := make([]engine.CacheWindow, len(wins))
	for i, w := range wins {
		ew[i] = engine.CacheWindow{IDs: w.ids, Start: w.lo, End: w.hi}
	}
	caches := b.m.NewCaches(ew)
	out := make([]stepper, len(caches))
	for i, c := range caches {
		out[i] = c
	}
	return out
}

func (b modelBackend) stepCaches(steps []cacheStep) [][][]float32 {
	es := make([]engine.CacheStep, len(steps))
	for i, s := range steps {
		es[i] = engine.CacheStep{Cache: s.cache.(*engine.Cache), Active: s.active, OutPos: s.outPos}
	}
	return b.m.StepCaches(es)
}

// core holds what every Refine and Fill call shares: the model, its tokenizer and special ids,
// and per-token facts computed once.
type core struct {
	tok    *engine.Tokenizer
	sp     specials
	maxLen int
	be     backend
	lex    *lex.Lexicon
	text   []string // decoded bytes of every id ("" for specials)
	glue   []bool   // ids whose text does not start with whitespace (they join the word before)
	plan   func(strength float64) plan
}

func newCore(tok *engine.Tokenizer, sp specials, maxLen int, be backend) core {
	n := tok.VocabSize()
	c := core{tok: tok, sp: sp, maxLen: maxLen, be: be, lex: lex.Default(), text: make([]string, n), glue: make([]bool, n), plan: planFor}
	for id := range n {
		if id != sp.mask && id != sp.pad && id != sp.doc && id != sp.null {
			c.text[id] = string(tok.TokenBytes(id))
		}
	}
	for id, s := range c.text {
		c.glue[id] = s != "" && s[0] != ' ' && s[0] != '\t' && s[0] != '\n'
	}
	return c
}

// maxFreeRounds is how many rounds of a sentence that took a certain slip (a capital, "a"/"an",
// an apostrophe, a verb's agreement, a double comparative, a clear or listed misspelling) are not
// counted against its plan's rounds: learners' sentences hold several such slips beside the
// errors the rounds are for, and each takes a round of its own. Clean text seldom holds one, so
// it costs no passes there. (At 2, JFLEG's "but if they needs money for these perpose" lost its
// capital to the fixes after it; 4 changes no other dev-set outcome.)
const maxFreeRounds = 4

// Constants of refine that do not depend on strength.
const (
	scoreSeam   = 3 // context tokens each side scored with a sentence (damage where it meets them)
	scoreStride = 2 // PLL: tokens masked in one pass are this far apart
	lengthBonus = 4 // guard.lengthBonus
)

// plan is what the strength decides for one call.
type plan struct {
	guard       guard
	rounds      int  // rounds per sentence
	maxSuspects int  // suspect words probed per round
	maxScored   int  // candidates scored per round
	rephrase    bool // also rephrase two words around the suspects (rephrase.go)
}

// planFor maps Options.Strength to a plan. The guard's margin falls as the strength rises:
// near 0.1 only near-certain fixes (a margin of 7.5 nats, one round), the default 0.35 the
// margin calibrated on clean text (defaultMargin), between them and up to 0.6 a straight line;
// from 0.6 the kinds' bold costs, more rounds and candidates, missing and superfluous function
// words, two-word rephrasings, and a margin that keeps falling to minMargin.
func planFor(strength float64) plan {
	p := plan{guard: guard{margin: defaultMargin, lengthBonus: lengthBonus}, rounds: 3, maxSuspects: 4, maxScored: 8}
	switch {
	case strength < defaultStrength:
		p.guard.margin = defaultMargin + cautionSlope*(defaultStrength-strength)
		if strength < 0.2 {
			p.rounds, p.maxSuspects, p.maxScored = 1, 3, 5
		}
	case strength < boldStrength:
		p.guard.margin = defaultMargin - boldSlope*(strength-defaultStrength)
	default:
		p.guard.margin = max(minMargin, defaultMargin-boldSlope*(strength-defaultStrength))
		p.guard.bold = true
		p.rounds, p.maxSuspects, p.maxScored, p.rephrase = 4, 6, 12, true
	}
	p.guard.slipMargin = max(0, p.guard.margin-defaultMargin)
	return p
}

// The guard's margin by strength (planFor), in nats.
const (
	defaultStrength = 0.35 // Options' default
	boldStrength    = 0.6  // from here the bold plan
	// defaultMargin is the margin at the default strength: the least a candidate must gain
	// after its kind's cost. Set on clean text (the dev sets' correct sentences and paragraphs,
	// and refine/testdata/probe): at 2 nats, 8 of 100 clean paragraphs were changed, most by
	// gains between 2 and 3.5 (a dialect spelling, "replaced" → "replace", a swap).
	defaultMargin = 3.5
	cautionSlope  = 16.0 // margin added per unit of strength below the default (7.5 nats at 0.1)
	boldSlope     = 6.0  // margin taken per unit of strength above it (2 at 0.6, 1.4 at 0.7)
	minMargin     = 1.0  // the least margin at any strength
)

// revision is one accepted text of a sentence, with the steps that led to it.
type revision struct {
	body  []int
	sc    scored
	gain  float64 // net gain over the original, costs paid
	steps []candidate
}

// sentenceResult is what refining one sentence gives: its revisions as edits of doc, best first
// (none: keep it), and what it cost.
type sentenceResult struct {
	origScore float64
	revs      []sentenceRevision
	passes    int // model calls
}

// sentenceRevision is a revision as edits of doc.
type sentenceRevision struct {
	edits []Edit
	gain  float64
}

func (c *core) refine(ctx context.Context, doc string, start, end int, opt Options, p Progress) (*Result, error) {
	if err := opt.Validate(); err != nil {
		return nil, err
	}
	if err := ValidateRange(doc, start, end); err != nil {
		return nil, err
	}
	if end-start > MaxSelectionBytes {
		return nil, fmt.Errorf("%w: the selection is %d bytes, at most %d are allowed", ErrTooLong, end-start, MaxSelectionBytes)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s, e, err := adjustSpan(c.tok, doc, start, end)
	if err != nil {
		return nil, err
	}
	res := &Result{Start: s, End: e}
	units := sentences(doc, s, e)
	res.Sentences = len(units)
	pl := c.plan(opt.Strength)
	lex := newLexicon(c.lex, opt)
	// the protected ranges of the selection's paragraphs, computed once for every sentence
	protected := protectedIn(doc, paragraphStartBefore(doc, s), paragraphEndAfter(doc, e), opt.AllowNumbers, lex.listedSlip)
	done, err := c.refineTogether(ctx, len(units), func(i int, mc caller) (sentenceResult, error) {
		return c.refineSentence(ctx, mc, doc, units[i][0], units[i][1], opt, pl, lex, protected)
	}, p)
	for _, sr := range done {
		res.Passes += sr.passes
		res.OriginalScore += sr.origScore
	}
	if err != nil {
		return nil, err
	}
	res.Candidates = combine(doc, s, e, done, opt.Alternatives, res.OriginalScore)
	return res, nil
}

// refineSentence refines doc[a:b]: its window and canvas, its rounds, and its revisions.
func (c *core) refineSentence(ctx context.Context, mc caller, doc string, a, b int, opt Options, pl plan, lex lexicon, protected [][2]int) (sentenceResult, error) {
	var sr sentenceResult
	w, err := buildWindow(c.tok, doc, a, b, opt.Context, func(int, int) [][2]int { return protected })
	if err != nil {
		return sr, err
	}
	span := w.SpanIDs()
	n := len(span)
	if n == 0 || c.tok.Decode(span) != doc[w.Start:w.End] {
		return sr, nil
	}
	ids, lo, hi := fitWindow(w.IDs, w.SpanLo, w.SpanHi, slotCount(n), c.maxLen)
	cv, err := newCanvas(ctx, mc, c.sp, ids, lo, hi, n+slotCount(n), scoreSeam)
	if err != nil {
		sr.passes = cv.calls
		return sr, err
	}
	orig, err := cv.score(ctx, [][]int{span}, scoreStride, true)
	if err != nil {
		sr.passes = cv.calls
		return sr, err
	}
	sr.origScore = orig[0].total()
	orig[0].withDists(c.sp)
	s := &sentence{c: c, cv: cv, opt: opt, pl: pl, lex: lex, prot: w.Protected, terms: termsOf(doc, w, lex), log: newExplainLog(opt), opens: opensProse(doc, a, b)}
	s.log.sentence(doc[a:b])
	defer s.log.flush()
	err = s.rounds(ctx, revision{body: span, sc: orig[0]})
	sr.passes = cv.calls
	if err != nil {
		return sr, err
	}
	if opt.Alternatives > 1 {
		err = s.completeOthers(ctx, &orig[0].pll)
		sr.passes = cv.calls
		if err != nil {
			return sr, err
		}
	}
	sr.revs = s.revisions(doc, w, &orig[0].pll, protected)
	return sr, nil
}

// sentence is one sentence being refined in rounds.
type sentence struct {
	c     *core
	cv    *canvas
	opt   Options
	pl    plan
	lex   lexicon
	prot  []bool          // protected tokens of the original body
	terms map[string]bool // see termsOf
	// accepted holds every state the rounds passed through, in order; others the other
	// candidates the guard passed in the first round, for alternatives.
	accepted, others []revision
	log              *explainLog // nil unless Options.Explain is set
	opens            bool        // the sentence opens a prose paragraph (opensProse)
}

// rounds proposes, ranks, scores and judges single edits round after round from cur: each
// round takes the best candidate the guard passes and goes on from it.
func (s *sentence) rounds(ctx context.Context, cur revision) error {
	free := 0 // rounds that took a certain slip (certainSlip): up to maxFreeRounds do not count
	for round := 0; round < s.pl.rounds+free; round++ {
		v := &view{c: s.c, lex: s.lex, opt: s.opt, body: cur.body, cur: &cur.sc, size: s.cv.size, terms: s.terms, log: s.log, opens: s.opens}
		v.words = s.c.words(cur.body, protAfter(s.prot, cur.steps))
		v.findSuspects(s.pl.maxSuspects)
		s.log.round(round, v)
		if err := v.probeSuspects(ctx, s.cv); err != nil {
			return err
		}
		var cands []candidate
		for _, g := range s.c.generators(s.pl) {
			g.propose(v, func(cd candidate) { cands = append(cands, cd) })
		}
		if s.pl.rephrase {
			rc, err := v.rephrase(ctx, s.cv)
			if err != nil {
				return err
			}
			cands = append(cands, rc...)
		}
		budget := s.pl.maxScored
		if round > 0 {
			budget = max(3, budget/2) // a second error in one sentence is rarer than the first
		}
		cands = rank(v, cands, budget)
		if len(cands) == 0 {
			return nil
		}
		bodies := make([][]int, len(cands))
		for i, cd := range cands {
			bodies[i] = cd.body
		}
		scs, err := s.cv.score(ctx, bodies, scoreStride, true)
		if err != nil {
			return err
		}
		gains, pass := make([]float64, len(cands)), make([]bool, len(cands))
		for i := range cands {
			gains[i], pass[i] = s.pl.guard.judge(&cur.sc.pll, &scs[i].pll, &cands[i])
		}
		if err := s.confirm(ctx, cur.body, cands, gains, pass); err != nil {
			return err
		}
		for i := range cands {
			s.log.judged(&cands[i], gains[i], s.pl.guard.need(&cands[i]), pass[i])
		}
		best := -1
		var bestGain float64
		for i := range cands {
			g := gains[i]
			if !pass[i] {
				continue
			}
			if round == 0 {
				sc := scored{pll: scs[i].pll} // an alternative is not refined further
				s.others = append(s.others, revision{body: cands[i].body, sc: sc, gain: g, steps: []candidate{cands[i]}})
			}
			if best < 0 || s.pl.guard.preferred(g, &cands[i], bestGain, &cands[best]) {
				best, bestGain = i, g
			}
		}
		if best < 0 {
			return nil
		}
		s.log.taken(&cands[best])
		if certainSlip(&cands[best]) && free < maxFreeRounds {
			free++
		}
		scs[best].withDists(s.c.sp)
		steps := append(append([]candidate(nil), cur.steps...), cands[best])
		cur = revision{body: cands[best].body, sc: scs[best], gain: cur.gain + bestGain, steps: steps}
		s.accepted = append(s.accepted, cur)
	}
	return nil
}

// revisions turns the rounds' outcome into edits of doc, best first: the final text (final),
// then the first round's other passing candidates as alternatives (see alternatives.go). A
// revision that touches protected text, or whose words make only some of the changes (or the
// same changes) of one before it — punctuation, case and spacing aside — is dropped.
func (s *sentence) revisions(doc string, w *Window, orig *pll, protected [][2]int) []sentenceRevision {
	var revs []revision
	if r, ok := s.final(orig); ok {
		revs = append(revs, r)
	}
	sort.SliceStable(s.others, func(i, j int) bool { return s.others[i].gain > s.others[j].gain })
	revs = append(revs, s.others...)
	var out []sentenceRevision
	was := revisionWords(doc[w.Start:w.End])
	var kept [][]string
	for _, r := range revs {
		text := s.c.tok.Decode(r.body)
		if !utf8.ValidString(text) {
			continue
		}
		edits := WordEdits(doc, w.Start, w.End, text)
		if len(edits) == 0 || touchesProtected(edits, protected) {
			continue
		}
		now := revisionWords(text)
		if slices.ContainsFunc(kept, func(b []string) bool { return partOf(was, now, b) }) {
			continue
		}
		kept = append(kept, now)
		labelEdits(doc, edits, r.steps)
		out = append(out, sentenceRevision{edits: edits, gain: r.gain})
	}
	return out
}

// netGain is a revision's gain over the original with every step's cost paid, and each
// spelling judged at its slot as the guard judged it (candidate.slot).
func netGain(g guard, orig *pll, r revision) float64 {
	gain := r.sc.total() - orig.total() + g.lengthBonus*float64(len(r.sc.body)-len(orig.body))
	for i := range r.steps {
		gain += r.steps[i].slot - g.cost(&r.steps[i])
	}
	return gain
}

// protAfter carries the protection flags of the original body through the steps taken.
func protAfter(prot []bool, steps []candidate) []bool {
	p := prot
	for _, s := range steps {
		q := make([]bool, 0, len(p)-(s.b-s.a)+len(s.repl))
		q = append(q, p[:s.a]...)
		for range s.repl {
			q = append(q, false)
		}
		p = append(q, p[s.b:]...)
	}
	return p
}

var reWordsOnly = regexp.MustCompile(`[\p{L}\p{N}']+`)

// wordsKey is a text's words, lower case: two revisions with the same key are not different.
func wordsKey(s string) string { return strings.Join(revisionWords(s), " ") }

// revisionWords are a text's words, lower case, without punctuation: what tells revisions apart.
func revisionWords(s string) []string {
	ws := reWordsOnly.FindAllString(s, -1)
	for i, w := range ws {
		ws[i] = strings.ToLower(w)
	}
	return ws
}

// labelEdits gives each edit the Kind and Reason of the step that made it: the step whose new
// words the edit's text holds (or whose old words it removes), else a step the edit is part of
// (a word the step took out of its span: "Most of" → "Most"), else the only step.
func labelEdits(doc string, edits []Edit, steps []candidate) {
	for i := range edits {
		e := &edits[i]
		old, neu := strings.TrimSpace(doc[e.Start:e.End]), strings.TrimSpace(e.Text)
		e.Kind, e.Reason = KindRewrite, KindRewrite.reason(old, neu)
		if s, ok := stepOf(old, neu, steps); ok {
			e.Kind, e.Reason = s.kind, s.kind.reason(s.old, s.new)
		}
	}
}

// stepOf finds the step that made the edit of old into neu (labelEdits).
func stepOf(old, neu string, steps []candidate) (candidate, bool) {
	for _, s := range steps {
		if s.kind == KindCapital && old != neu && strings.EqualFold(old, neu) {
			return candidate{kind: s.kind, old: old, new: neu}, true // one of the step's capitals
		}
		if (s.new != "" && strings.Contains(neu, s.new)) || (s.new == "" && strings.Contains(old, s.old)) {
			return s, true
		}
	}
	for _, s := range steps {
		if old != "" && strings.Contains(s.old, old) && strings.Contains(s.new, neu) {
			return s, true
		}
	}
	if len(steps) == 1 {
		return steps[0], true
	}
	return candidate{}, false
}

// reGloss finds a word glossed in parentheses: "word (gloss)" or "(word)".
var reGloss = regexp.MustCompile(`([\p{L}][\p{L}'-]*)\s*\(|\(([\p{L}][\p{L}'-]*)\)`)

// termsOf returns the words the writer uses as terms near a sentence: an unknown word that
// recurs in the window's text (unless it is a plain slip of a dictionary word: a writer who
// misspells a word tends to misspell it every time), and a word glossed in parentheses.
func termsOf(doc string, w *Window, lx lexicon) map[string]bool {
	text := doc[w.CtxStart:w.CtxEnd]
	terms := map[string]bool{}
	counts := map[string]int{}
	for _, m := range reWord.FindAllString(text, -1) {
		counts[strings.ToLower(m)]++
	}
	for word, n := range counts {
		if n >= 2 && !lx.known(word) && !lx.plainSlip(word) {
			terms[word] = true
		}
	}
	for _, m := range reGloss.FindAllStringSubmatch(text, -1) {
		for _, g := range m[1:] {
			if g != "" {
				terms[strings.ToLower(g)] = true
			}
		}
	}
	for word := range lx.users {
		terms[word] = true
	}
	return terms
}

// fitWindow trims context tokens from both ends of a window so that it plus extra slots fits
// the model's maximum length. It returns the new ids and span bounds.
func fitWindow(ids []int, lo, hi, extra, maxLen int) ([]int, int, int) {
	over := len(ids) + extra - maxLen
	if over <= 0 {
		return ids, lo, hi
	}
	cutL := min(lo, (over+1)/2)
	cutR := min(len(ids)-hi, over-cutL)
	if cutL+cutR < over {
		cutL = min(lo, over-cutR)
	}
	return ids[cutL : len(ids)-cutR], lo - cutL, hi - cutL
}

// slotCount is the number of trailing null slots given to a span of n tokens: room for the
// passage to grow by a word or two, few enough that the model (trained with at most n/2 null
// slots after a span) still reads the span as a whole.
func slotCount(n int) int {
	return max(2, min(8, n/8))
}

// progress counts model steps for a Progress callback; the total is an estimate that grows if
// the work takes more steps.
type progress struct {
	p           Progress
	done, total int
}

func (g *progress) step() {
	g.done++
	if g.done > g.total {
		g.total = g.done
	}
	if g.p != nil {
		g.p(g.done, g.total)
	}
}

func (g *progress) finish() {
	if g.p != nil && g.done < g.total {
		g.done = g.total
		g.p(g.done, g.total)
	}
}
