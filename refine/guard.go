package refine

import (
	"context"
	"math"
	"strings"
)

// The guard: Redraft must never make text worse, so a candidate is taken only when the model
// prefers it to the writer's text by a margin that pays for the kind of error it assumes, and
// never when it touches protected text.

// guard holds the judging constants of one Refine call (see plan).
type guard struct {
	// margin is the least net gain, in nats, a candidate needs: higher at low strength (only
	// near-certain fixes), lower at high strength.
	margin float64
	// lengthBonus is added per token a candidate adds (taken per token it removes): a shorter
	// text has fewer pseudo-log-likelihood terms to pay, so deletions would otherwise always
	// look good and insertions never.
	lengthBonus float64
	// slipMargin replaces margin for the certain slips (certainSlip): a word the table of
	// common misspellings lists, or a doubled word that English never doubles ("the the"). Such
	// a slip is the evidence the default margin asks of the model, so at the default strength
	// the model need only not prefer the writer's text. It is margin less defaultMargin, never
	// below 0.
	slipMargin float64
	// bold selects the kinds' bold costs (high strength).
	bold bool
}

// need is the margin a candidate must reach.
func (g guard) need(c *candidate) float64 {
	if certainSlip(c) {
		return g.slipMargin
	}
	return g.margin
}

// neverDoubled are words that standard English never writes twice in a row: articles, and
// conjunctions and prepositions that no phrasal verb ends with. ("had had", "that that", "is
// is" and "in in" — "logged in in a second" — can be right, so they are not here.)
var neverDoubled = map[string]bool{
	"the": true, "a": true, "an": true, "of": true, "and": true, "or": true, "but": true,
	"than": true, "with": true, "from": true,
}

// certainSlip reports whether a candidate undoes a slip no writer means: a listed misspelling,
// the one spelling the dictionary clearly prefers for a word it does not know (clearSpelling),
// a doubled word of neverDoubled, a capital English always writes (capitals.go), "a"/"an" as
// the next word sounds (articles), a verb made to agree with its subject (agreements,
// nounAgreements), "more" before a comparative (doubleComparatives), the plain verb after "to"
// (plainVerbs) or "of" taken out after a quantifier (quantifierOfs).
func certainSlip(c *candidate) bool {
	switch c.kind {
	case KindMisspelling, KindCapital, KindArticle, KindAgreement, KindComparative, KindPlainVerb, KindQuantifier:
		return true
	case KindSpelling:
		return c.clear
	}
	return c.kind == KindDoubled && neverDoubled[strings.ToLower(c.old)]
}

// needAll is the margin a revision made of steps must reach over the original: the lower
// slipMargin only when every step is a certain slip.
func (g guard) needAll(steps []candidate) float64 {
	m := g.slipMargin
	for i := range steps {
		m = max(m, g.need(&steps[i]))
	}
	return m
}

// cost is what a candidate must pay before it gains: its kind's cost and its own prior.
// At high strength a kind that must be backed pays its full cost where the model's view opposes
// the edit (Kind.opposed).
func (g guard) cost(c *candidate) float64 {
	return c.kind.cost(g.bold && !c.kind.opposed(c.pre)) + c.prior
}

// preferred reports whether candidate c, with net gain gain, is to be taken before candidate o,
// with net gain other: the one whose gain is higher at the kinds' full costs. A bold plan lowers
// the bar a fix must clear, not the evidence by which one fix is preferred to another: a kind
// that costs less at high strength (a missing word, a swap) does not crowd out a likelier fix
// of another kind ("refreshes display the" → "refreshes will display the" over "refreshes the
// display").
//
// Two spellings of one written word that both pass are ranked by the noisy channel first where
// it tells them apart clearly (channelClear): both fit the sentence, and the model's gain between
// two words that fit is mostly its taste for the more frequent one ("douts" → "outs" over
// "doubts", "adiction" → "addition" over "addiction", "teached" → "touched" over the listed
// "taught"), while the channel says which word the writer meant.
func (g guard) preferred(gain float64, c *candidate, other float64, o *candidate) bool {
	if c.kind.spelling() && o.kind.spelling() && c.a == o.a && c.b == o.b {
		if d := channelEdits(c) - channelEdits(o); math.Abs(d) >= channelClear {
			return d < 0
		}
	}
	if c.kind == KindAgreement != (o.kind == KindAgreement) && c.a == o.a && c.b == o.b {
		return c.kind == KindAgreement // grammar says which form agrees: "we was" is "we were", not "we are"
	}
	if c.kind == KindWordChoice && o.kind == KindWordChoice && c.a == o.a && c.b == o.b {
		if nc, no := realWordSlip(c), realWordSlip(o); nc != no {
			return nc
		}
	}
	full := func(gain float64, c *candidate) float64 { return gain + g.cost(c) - c.kind.cost(false) - c.prior }
	return full(gain, c) > full(other, o)
}

// channelClear is the least difference (nats) of two spellings' edit charges (channelEdits) by
// which the channel alone ranks them when both pass: half a weighted edit beyond the nearest.
// Smaller differences are left to the model: the fractions by which spellings of like distance
// differ ("possetion": "position" 2.5, "possession" 4.5).
const channelClear = channelEditNats / 2

// realWordSlip reports whether a word choice puts for the written word one a single edit away
// ("or" → "our", "may" → "many"): the writer's slip of a real word for the one meant. Of two
// word choices for one word that both pass, such a slip is taken over an unrelated word the
// model likes as well ("in or country" → "the country", "on may subjects" → "the subjects"): the
// channel, as for spellings, says which word the writer meant.
func realWordSlip(c *candidate) bool {
	return osaDistance(strings.ToLower(c.old), strings.ToLower(c.new), 1) <= 1
}

// channelEdits is a spelling's prior less the first-letter charge: the edits alone. That
// writers seldom miss a word's first letter is a weaker fact than that they seldom make two
// slips for one ("dhe" is "the", though "due" keeps the first letter): it weighs in the gain,
// but does not rank two passing spellings on its own (on JFLEG's first 250 it took "dhe" →
// "due" where it did).
func channelEdits(c *candidate) float64 {
	if !sameFirstLetter(c.old, c.new) {
		return c.prior - firstLetterNats
	}
	return c.prior
}

// gain is a scored candidate's net gain over the scored current text: the difference of their
// pseudo-log-likelihoods (body and seams), plus lengthBonus per added token, minus its cost — a
// noisy-channel view in which the cost is how unlikely a writer is to make that error.
func (g guard) gain(cur, cand *pll, c *candidate) float64 {
	return cand.total() - cur.total() + g.lengthBonus*float64(len(cand.body)-len(cur.body)) - g.cost(c)
}

// slotGain is gain for a word no dictionary knows replaced by a dictionary word, with each
// word's first token scored at a mask standing for the whole word (c.pre: the new first token's
// log-probability there less the written one's) instead of by its pseudo-log-likelihood term,
// which sees the rest of the word and so overrates a misspelling cut into pieces (" ya" before
// "er" reads well; "yaer" does not). The word's other tokens keep their terms, each the
// probability of the piece given the ones before it, so the word is scored by the chain rule
// and needs no lengthBonus; the rest of the sentence is scored as in gain.
func (g guard) slotGain(cur, cand *pll, c *candidate) float64 {
	return cand.total() - cand.body[c.a] - (cur.total() - cur.body[c.a]) + c.pre - g.cost(c)
}

// judge reports a candidate's net gain and whether it passes the guard: the gain reaches the
// margin (need), and a word replaced by another real word is one the model itself prefers at
// the word's slot by its kind's minPre. A spelling judged at its slot keeps in c.slot what
// that changed, so that the final judgement against the original (netGain) sees it too.
func (g guard) judge(cur, cand *pll, c *candidate) (float64, bool) {
	gain := g.gain(cur, cand, c)
	c.slot = 0
	if c.kind.spelling() && c.pre > 0 { // only where the model's view at the slot favours the fix
		slot := g.slotGain(cur, cand, c)
		c.slot, gain = slot-gain, slot
	}
	pre := wordPre(cur, cand, c)
	if gain < g.need(c) || c.kind.preTooLow(pre) || doubtedSpelling(c, c.pre, pre) {
		return gain, false
	}
	return gain, true
}

// wordPre is a candidate's pre-score (rank.go) for the whole new word against the whole old one:
// the first tokens' log-probabilities at the word's slot, then, by the chain rule, each later
// token's term given the ones before it (as slotGain scores a spelling). The slot alone compares
// first tokens only, and the first piece of a word the model splits is often a common word of its
// own (" in" of " in|odes", " be" of " be|aring", " p" of " p|ips"): likely at any slot, it would
// vouch for a rare form ("the structures inode" → "inodes", "a tiny pip" → "pips").
func wordPre(cur, cand *pll, c *candidate) float64 {
	pre := c.pre
	for t := c.a + 1; t < c.a+len(c.repl) && t < len(cand.body); t++ {
		pre += cand.body[t]
	}
	for t := c.a + 1; t < c.b && t < len(cur.body); t++ {
		pre -= cur.body[t]
	}
	return pre
}

// A gain measured by pseudo-log-likelihood depends on which tokens are masked together: with
// scoreStride 2 a token is scored with its neighbours shown, so a word put for the writer's that
// fits one neighbour better than the sentence ("one value each semaphore" → "one value of
// semaphore", "the youngsters today do contribute" → "is contribute") reads better than it is.
// Such a word choice (Kind.choosesWord: the model's taste could be all that favours it) that
// passes by less than confirmBand over its margin is judged again with the current text and
// itself scored at confirmStride, where each token is scored with other neighbours masked, and
// is taken only when both maskings agree that it passes. The second masking's gains run lower
// (each token sees more of the sentence, the text's and the candidate's alike), so the kinds
// that keep the writer's words are not confirmed: another form of the same word ("need to
// changes" → "change", whose evidence is the neighbour), a swap, a doubled word — on the dev
// sets it rated their true fixes as low as the false ones.
const (
	confirmBand   = 3.0 // nats over the margin below which a pass is confirmed
	confirmStride = 3   // the second masking's stride
)

// confirm judges again, under the second masking, the word choices the guard passed by less
// than confirmBand (pass[i], gains[i] from judge on the current body cur), and clears pass[i]
// for each that no longer passes. The gains stay those of the first masking, the one every
// revision is judged by against the original.
func (s *sentence) confirm(ctx context.Context, cur []int, cands []candidate, gains []float64, pass []bool) error {
	g := s.pl.guard
	var marginal []int
	for i := range cands {
		if pass[i] && cands[i].kind.choosesWord() && gains[i] < g.need(&cands[i])+confirmBand {
			marginal = append(marginal, i)
		}
	}
	if len(marginal) == 0 {
		return nil
	}
	bodies := [][]int{cur}
	for _, i := range marginal {
		bodies = append(bodies, cands[i].body)
	}
	scs, err := s.cv.score(ctx, bodies, confirmStride, false)
	if err != nil {
		return err
	}
	for k, i := range marginal {
		c := cands[i] // judge records its slot view in the candidate: keep the first masking's
		_, pass[i] = g.judge(&scs[0].pll, &scs[k+1].pll, &c)
	}
	return nil
}

// touchesProtected reports whether an edit changes or inserts into protected text (sorted,
// merged ranges).
func touchesProtected(edits []Edit, prot [][2]int) bool {
	for _, e := range edits {
		if overlapsAny(prot, e.Start, e.End) {
			return true
		}
		if e.Start == e.End && overlapsAny(prot, e.Start-1, e.Start) && overlapsAny(prot, e.Start, e.Start+1) {
			return true // an insertion inside one protected range
		}
	}
	return false
}

// doubtedSpelling reports whether a candidate is a dictionary spelling that the model does not
// find likelier than the word as written (below indifferentNats): an unknown word the model
// expects in its context is a name or a term ("Kubernetes schedules pods" → "Hibernates", "the
// older ibmpex driver" → "imper"), not a misspelling. slot is the first tokens' view at the
// word's slot (candidate.pre), whole the whole words' (wordPre; the same as slot before
// scoring). Where the slot says nothing of the candidate (candidate.silent: the same first
// token, or no probe), it is not doubted. A word the table of common misspellings lists
// (KindMisspelling) is no word, so it is not doubted this way.
//
// The first tokens decide for most spellings: a name's first piece is what its context
// predicts, and a common word's is likelier than a rare one's. The whole words decide
// (candidate.byWhole) for the nearest spelling offered that keeps the written word's first
// letter: its first token is often a prefix of the written one or a common word of its own
// (" learn" of "learnng" against " learning", " part" of "partients" against " pat|ients"), and
// the slot's taste for it refused the right spelling while a wrong one with a likelier first
// token was taken ("learnng" → "leading", "partients" → "parents"). A word cut at its start is
// no such slip but a name or an identifier ("refresh or doupdate is called" is not "update").
func doubtedSpelling(c *candidate, slot, whole float64) bool {
	if c.kind != KindSpelling || c.silent {
		return false
	}
	if c.byWhole {
		return whole < indifferentNats
	}
	return slot < indifferentNats
}

// indifferentNats: a view that favours a spelling by less than this is indifference, not
// preference. Kernels that round differently (int8 or float16 arithmetic, other summation
// orders) move log-probabilities by hundredths of a nat: "Kubernetes" → "Hibernates" went from a
// doubted −0.0x to +0.01 with one such change, and was taken.
const indifferentNats = 0.1

// slotSilent reports whether the view at a word's slot (rank.go's probe) says nothing about a
// replacement of it: the replacement starts with the written word's first token, or the word
// is several tokens and was not probed.
func (v *view) slotSilent(c *candidate) bool {
	if len(c.repl) > 0 && c.a < len(v.body) && c.repl[0] == v.body[c.a] {
		return true
	}
	_, probed := v.slot[v.wordAt(c.a)]
	return !probed && c.b-c.a != 1
}

// otherDialectWord reports whether a spelling candidate replaces a word another dialect's
// dictionary knows ("axe" in en-US) by anything but the word's spelling in the writer's dialect:
// the word is no slip, so a close word the model likes better ("take the rope and axe" → "and
// use") changes what the writer meant.
func (v *view) otherDialectWord(c *candidate) bool {
	if c.kind != KindSpelling || !v.lex.knownElsewhere(c.old) {
		return false
	}
	alt, ok := v.lex.dialectVariant(c.old)
	return !ok || !strings.EqualFold(alt, c.new)
}

// caseOnly reports whether a candidate changes only the case of the words it touches
// ("imo" → "IMO", "linux" → "Linux"): case is the writer's choice, not an error Redraft fixes,
// except the capitals English always writes (KindCapital).
func caseOnly(c *candidate) bool {
	return c.kind != KindCapital && c.old != c.new && strings.EqualFold(c.old, c.new)
}

// makesDoubled reports whether a candidate would leave a word repeating its neighbour ("as if
// a human being were" → "a human being being"): Redraft flags a doubled word as an error, so it
// never writes one.
func (v *view) makesDoubled(c *candidate) bool {
	i, j := v.wordAt(c.a), v.wordAt(c.b)
	var before, after string
	if i > 0 && v.words[i-1].letters {
		before = v.words[i-1].bare()
	}
	if j < len(v.words) && v.words[j].letters && v.words[j].space() {
		after = v.words[j].bare()
	}
	same := func(a, b string) bool { return a != "" && strings.EqualFold(a, b) }
	neu := strings.Fields(c.new)
	if len(neu) == 0 {
		return c.kind != KindDoubled && same(before, after)
	}
	return same(before, neu[0]) || same(neu[len(neu)-1], after)
}
