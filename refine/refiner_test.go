package refine

import (
	"context"
	"errors"
	"hash/fnv"
	"math"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/redraft/redraft/engine"
	"github.com/redraft/redraft/engine/assets"
)

// fakeLM is a tiny deterministic stand-in for the model: at a position it favours the token that
// followed the nearest visible token to the left in a reference text ("bigram copy"), adds
// hash noise, and gives <|null|> a fixed logit. It lets the algorithms be tested quickly and
// exactly; the real model is tested separately.
type fakeLM struct {
	vocab int
	next  map[int]int // token → the token that follows it in the reference text
	null  float32     // logit of <|null|>
	noise float32     // scale of the hash noise
	sp    specials
}

func newFakeLM(tok *engine.Tokenizer, sp specials, reference string) *fakeLM {
	f := &fakeLM{vocab: tok.VocabSize(), next: map[int]int{}, null: -2, noise: 1, sp: sp}
	ids := tok.Encode(reference)
	for i := 0; i+1 < len(ids); i++ {
		f.next[ids[i]] = ids[i+1]
	}
	return f
}

func (f *fakeLM) logits(seq []int, pos int) []float32 {
	out := make([]float32, f.vocab)
	h := fnv.New32a()
	left := -1
	for i := pos - 1; i >= 0; i-- {
		if seq[i] != f.sp.mask {
			left = seq[i]
			break
		}
	}
	var b [8]byte
	b[0], b[1], b[2] = byte(left), byte(left>>8), byte(pos)
	h.Write(b[:])
	seed := h.Sum32()
	for v := range out {
		seed = seed*1664525 + 1013904223
		out[v] = f.noise * float32(seed>>8) / float32(1<<24)
	}
	if nx, ok := f.next[left]; ok {
		out[nx] += 9
	}
	out[f.sp.null] = f.null
	return out
}

func (f *fakeLM) newCaches(wins []cacheWindow) []stepper {
	out := make([]stepper, len(wins))
	for i, w := range wins {
		out[i] = &fakeCache{f: f, ids: append([]int(nil), w.ids...), lo: w.lo, hi: w.hi}
	}
	return out
}

func (f *fakeLM) stepCaches(steps []cacheStep) [][][]float32 { return stepEach(steps) }

// stepEach runs each step on its own cache.
func stepEach(steps []cacheStep) [][][]float32 {
	out := make([][][]float32, len(steps))
	for i, s := range steps {
		out[i] = s.cache.StepBatch([][]int{s.active}, [][]int{s.outPos})[0]
	}
	return out
}

type fakeCache struct {
	f      *fakeLM
	ids    []int
	lo, hi int
}

func (c *fakeCache) StepBatch(actives [][]int, outPos [][]int) [][][]float32 {
	res := make([][][]float32, len(actives))
	for b, a := range actives {
		if len(a) != c.hi-c.lo {
			panic("fake: active length")
		}
		s := append([]int(nil), c.ids...)
		copy(s[c.lo:c.hi], a)
		for _, p := range outPos[b] {
			res[b] = append(res[b], c.f.logits(s, c.lo+p))
		}
	}
	return res
}

var (
	testTokOnce sync.Once
	testTok     *engine.Tokenizer
)

func tokenizer(t testing.TB) *engine.Tokenizer {
	testTokOnce.Do(func() {
		tok, err := engine.LoadTokenizer([]byte(assets.Tokenizer))
		if err != nil {
			panic(err)
		}
		testTok = tok
	})
	return testTok
}

func testSpecials(tok *engine.Tokenizer) specials {
	id := func(n string) int {
		v, ok := tok.Special(n)
		if !ok {
			panic(n)
		}
		return v
	}
	return specials{mask: id("<|mask|>"), pad: id("<|pad|>"), doc: id("<|doc|>"), null: id("<|null|>")}
}

// fakeRefiner returns a Refiner over a fake model that has learnt reference.
func fakeRefiner(t testing.TB, reference string) (*Refiner, *fakeLM) {
	tok := tokenizer(t)
	sp := testSpecials(tok)
	f := newFakeLM(tok, sp, reference)
	return &Refiner{core: newCore(tok, sp, 2048, f)}, f
}

const fakeRef = "The quick brown fox jumps over the lazy dog. It was a bright cold day in April, and the clocks were striking thirteen."

func TestRefineFixesWhatTheModelKnows(t *testing.T) {
	r, _ := fakeRefiner(t, fakeRef)
	doc := "Intro.\n\nThe quick brown fox jumps over the the lazy dog. It was a bright cold day.\n"
	start := strings.Index(doc, "The quick")
	end := strings.Index(doc, " It was")
	res, err := r.Refine(context.Background(), doc, start, end, DefaultOptions(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Candidates) == 0 {
		t.Fatalf("no candidate for a repeated word the model knows (original score %.2f)", res.OriginalScore)
	}
	got := ApplyEdits(doc, res.Candidates[0].Edits)
	if !strings.Contains(got, "over the lazy dog.") || strings.Contains(got, "the the") {
		t.Errorf("top candidate gives %q", got)
	}
}

func TestRefineDeterministic(t *testing.T) {
	r, f := fakeRefiner(t, fakeRef)
	f.noise = 4
	doc := "It was a bright cold day in April, and the clocks were striking thirteen now. The quick brown fox jumps over the the lazy dog."
	opt := DefaultOptions()
	opt.Alternatives = 3
	r.plan = func(float64) plan {
		p := planFor(0.7)
		p.guard.margin, p.guard.slipMargin = -1e9, -1e9 // accept everything
		return p
	}
	run := func() *Result {
		res, err := r.Refine(context.Background(), doc, 0, len(doc), opt, nil)
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	a, b := run(), run()
	if !reflect.DeepEqual(a, b) {
		t.Fatalf("same input, different results:\n%+v\n%+v", a, b)
	}
	if len(a.Candidates) < 2 {
		t.Fatalf("%d candidates with the guard off, want alternatives", len(a.Candidates))
	}
	seen := map[string]bool{}
	for _, c := range a.Candidates {
		if k := wordsKey(c.Text); seen[k] {
			t.Errorf("alternative %q differs from another only in punctuation, case or spacing", c.Text)
		} else {
			seen[k] = true
		}
	}
	for i := 2; i < len(a.Candidates); i++ {
		if a.Candidates[i].Score > a.Candidates[i-1].Score {
			t.Errorf("alternative %d scores above the one before it", i)
		}
	}
}

func TestGuardNeverReturnsWorse(t *testing.T) {
	r, f := fakeRefiner(t, fakeRef)
	docs := []string{
		"The quick brown fox jumps over the the lazy dog.",
		"It was a bright cold day in April, and the clocks were striking thirteen.",
		"The lazy dog jumps over the quick brown fox in April.",
		"Clocks were cold; the fox was bright.",
	}
	for _, noise := range []float32{0.5, 3, 8} {
		f.noise = noise
		for _, doc := range docs {
			opt := DefaultOptions()
			opt.Alternatives = 4
			res, err := r.Refine(context.Background(), doc, 0, len(doc), opt, nil)
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range res.Candidates {
				if gain, m := c.Score-res.OriginalScore, planFor(opt.Strength).guard.margin; gain < m {
					t.Errorf("%q: candidate %q gains only %.3f (< margin %.3f)", doc, c.Text, gain, m)
				}
				if c.Text == doc[res.Start:res.End] {
					t.Errorf("%q: a candidate equals the original", doc)
				}
			}
		}
	}
}

func TestRefineNeverTouchesProtectedText(t *testing.T) {
	r, f := fakeRefiner(t, "the lazy cat sat on a mat and then it ran off to sleep")
	f.noise = 6
	r.plan = func(float64) plan { // the guard takes anything: only protection stands in the way
		p := planFor(0.9)
		p.guard.margin, p.guard.slipMargin = -1e9, -1e9
		p.maxSuspects, p.maxScored = 16, 64
		return p
	}
	doc := "Run `go test ./...` with 42 workers, see https://example.com/x and ask Alice about it today."
	prot := ProtectedRanges(doc, false)
	if len(prot) == 0 {
		t.Fatal("test document has no protected text")
	}
	{
		opt := DefaultOptions()
		opt.Strength = 0.9
		opt.Alternatives = 8
		res, err := r.Refine(context.Background(), doc, 0, len(doc), opt, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range res.Candidates {
			if touchesProtected(c.Edits, prot) {
				t.Errorf("candidate %q changes protected text (edits %+v)", c.Text, c.Edits)
			}
			out := ApplyEdits(doc, c.Edits)
			for _, s := range []string{"`go test ./...`", "42", "https://example.com/x", "Alice"} {
				if !strings.Contains(out, s) {
					t.Errorf("protected %q lost in %q", s, out)
				}
			}
		}
	}
}

func TestRefineCancellation(t *testing.T) {
	r, _ := fakeRefiner(t, fakeRef)
	doc := "It was a bright cold day in April, and the clocks were striking thirteen. The quick brown fox jumps."
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := r.Refine(ctx, doc, 0, len(doc), DefaultOptions(), nil); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled before the call: err = %v", err)
	}
	// cancelled at the first progress report (the first sentence): no further model step may run
	ctx, cancel = context.WithCancel(context.Background())
	defer cancel()
	steps := 0
	_, err := r.Refine(ctx, doc, 0, len(doc), DefaultOptions(), func(done, total int) {
		steps++
		cancel()
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled during the call: err = %v", err)
	}
	if steps != 1 {
		t.Errorf("%d progress steps after cancelling at the first", steps)
	}
	gaps := []Gap{{Start: 9, End: 14, Marker: "[...]"}}
	if _, err := r.Fill(ctx, "It was a [...] day.", gaps, DefaultOptions(), nil); !errors.Is(err, context.Canceled) {
		t.Errorf("fill with a cancelled context: err = %v", err)
	}
}

func TestRefineProgress(t *testing.T) {
	r, _ := fakeRefiner(t, fakeRef)
	doc := "It was a bright cold day in April, and the clocks were striking thirteen. The quick brown fox jumps."
	var calls [][2]int
	if _, err := r.Refine(context.Background(), doc, 0, len(doc), DefaultOptions(), func(d, n int) {
		calls = append(calls, [2]int{d, n})
	}); err != nil {
		t.Fatal(err)
	}
	if len(calls) < 2 {
		t.Fatalf("progress called %d times", len(calls))
	}
	for i, c := range calls {
		if c[0] < 1 || c[0] > c[1] || (i > 0 && c[0] < calls[i-1][0]) {
			t.Errorf("progress call %d: %d/%d", i, c[0], c[1])
		}
	}
	if last := calls[len(calls)-1]; last[0] != last[1] {
		t.Errorf("last progress %d/%d, want done == total", last[0], last[1])
	}
}

func TestRefineErrors(t *testing.T) {
	r, _ := fakeRefiner(t, fakeRef)
	ctx := context.Background()
	opt := DefaultOptions()
	long := strings.Repeat("word ", 150)
	if res, err := r.Refine(ctx, long, 0, len(long), opt, nil); err != nil || res.Sentences < 2 {
		t.Errorf("150 words without a sentence end: err = %v, want them refined in several pieces", err)
	}
	huge := strings.Repeat("A word. ", MaxSelectionBytes/8+1)
	if _, err := r.Refine(ctx, huge, 0, len(huge), opt, nil); !errors.Is(err, ErrTooLong) {
		t.Errorf("a %d-byte selection: err = %v, want ErrTooLong", len(huge), err)
	}
	if _, err := r.Refine(ctx, "abc", 2, 1, opt, nil); !errors.Is(err, ErrInvalidRange) {
		t.Errorf("reversed range: err = %v", err)
	}
	if _, err := r.Refine(ctx, "ab\xffc", 0, 2, opt, nil); !errors.Is(err, ErrInvalidUTF8) {
		t.Errorf("invalid UTF-8: err = %v", err)
	}
	bad := opt
	bad.Strength = 2
	if _, err := r.Refine(ctx, "abc", 0, 3, bad, nil); !errors.Is(err, ErrInvalidOptions) {
		t.Errorf("strength 2: err = %v", err)
	}
	if _, err := r.Fill(ctx, "a [...] b", []Gap{{Start: 2, End: 99}}, opt, nil); !errors.Is(err, ErrInvalidRange) {
		t.Errorf("gap outside the document: err = %v", err)
	}
	// a blank selection has nothing to work on
	if _, err := r.Refine(ctx, "a  b", 1, 3, opt, nil); !errors.Is(err, ErrInvalidRange) {
		t.Errorf("blank selection: err = %v, want ErrInvalidRange", err)
	}
}

func TestFillNeverEmpty(t *testing.T) {
	r, f := fakeRefiner(t, fakeRef)
	f.null = 50 // a model that wants every slot empty
	doc := "It was a [...] day in April, and the ___ were striking thirteen."
	gaps := FindGaps(doc, nil)
	if len(gaps) != 2 {
		t.Fatalf("FindGaps found %d gaps", len(gaps))
	}
	res, err := r.Fill(context.Background(), doc, gaps, DefaultOptions(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Fills) != 2 {
		t.Fatalf("%d fills for 2 gaps", len(res.Fills))
	}
	var edits []Edit
	for _, fl := range res.Fills {
		if strings.TrimSpace(fl.Text) == "" {
			t.Errorf("gap %+v filled with %q", fl.Gap, fl.Text)
		}
		edits = append(edits, fl.Edits...)
	}
	for i := 1; i < len(edits); i++ {
		if edits[i].Start < edits[i-1].End {
			t.Errorf("fill edits overlap or are unsorted: %+v", edits)
		}
	}
	out := ApplyEdits(doc, edits)
	if strings.Contains(out, "[...]") || strings.Contains(out, "___") {
		t.Errorf("markers left: %q", out)
	}
}

func TestFillUsesKnownTextAndLength(t *testing.T) {
	r, _ := fakeRefiner(t, fakeRef)
	doc := "The quick brown [...] jumps over the lazy dog."
	gaps := FindGaps(doc, nil)
	opt := DefaultOptions()
	opt.FillLength = 2 // " fox" is " f" "ox"
	res, err := r.Fill(context.Background(), doc, gaps, opt, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Fills) != 1 {
		t.Fatalf("%d fills", len(res.Fills))
	}
	if got := ApplyEdits(doc, res.Fills[0].Edits); got != "The quick brown fox jumps over the lazy dog." {
		t.Errorf("filled: %q", got)
	}
	// a later gap sees the earlier fill: "[...] [...]" after "quick" is " bro" "wn", " f" "ox"
	doc = "The quick [...] [...] jumps over the lazy dog."
	res, err = r.Fill(context.Background(), doc, FindGaps(doc, nil), opt, nil)
	if err != nil {
		t.Fatal(err)
	}
	var edits []Edit
	for _, fl := range res.Fills {
		edits = append(edits, fl.Edits...)
	}
	if got := ApplyEdits(doc, edits); got != "The quick brown fox jumps over the lazy dog." {
		t.Errorf("two gaps filled: %q", got)
	}
}

func TestJobNullCollapseControl(t *testing.T) {
	tok := tokenizer(t)
	sp := testSpecials(tok)
	body := []int{sp.mask, sp.mask, sp.mask, sp.mask}
	j := newJob(body, sp, 0)
	j.minTok = 2
	// logits that prefer <|null|> everywhere, a real word next
	lg := make([][]float32, 4)
	word := tok.Encode(" cat")[0]
	for i := range lg {
		lg[i] = make([]float32, tok.VocabSize())
		lg[i][sp.null] = 20
		lg[i][word] = 10
	}
	for steps := 0; j.pendingCount() > 0 && steps < 10; steps++ {
		var pos, l []int
		var ll [][]float32
		for i, p := range j.pending {
			if p {
				pos = append(pos, i)
				ll = append(ll, lg[i])
			}
		}
		_ = l
		j.commit(ll, pos, 0, sp, decodeCfg{threshold: 0.9})
	}
	if j.pendingCount() != 0 {
		t.Fatal("job did not finish")
	}
	if n := len(j.tokens(sp)); n != 2 {
		t.Errorf("%d real tokens, want exactly minTok = 2 (tokens %v)", n, j.tokens(sp))
	}
}

func TestSampleHelpers(t *testing.T) {
	tok := tokenizer(t)
	sp := testSpecials(tok)
	lg := make([]float32, tok.VocabSize())
	lg[sp.mask], lg[sp.pad], lg[sp.doc], lg[sp.null] = 100, 100, 100, 100
	lg[5], lg[7] = 3, 2
	d := logDist(lg, sp, false, 1)
	if id, _ := d.argmax(); id != 5 {
		t.Errorf("argmax %d, want 5 (specials suppressed)", id)
	}
	d = logDist(lg, sp, true, 1)
	if id, _ := d.argmax(); id != sp.null {
		t.Errorf("argmax %d, want null when allowed", id)
	}
	var sum float64
	for _, v := range logDist(lg, sp, false, 0.7) {
		sum += math.Exp(float64(v))
	}
	if math.Abs(sum-1) > 1e-4 {
		t.Errorf("probabilities sum to %v", sum)
	}
	top := logDist(lg, sp, false, 1).topK(2)
	if len(top) != 2 || top[0].id != 5 || top[1].id != 7 {
		t.Errorf("topK = %+v", top)
	}
	for _, c := range []struct {
		a, b string
		d    int
	}{{"roud", "round", 1}, {"protoocl", "protocol", 1}, {"dwn", "down", 1}, {"teh", "the", 1}, {"abc", "abc", 0}, {"kitten", "sitting", 3}} {
		if got := osaDistance(c.a, c.b, 5); got != c.d {
			t.Errorf("osaDistance(%q, %q) = %d, want %d", c.a, c.b, got, c.d)
		}
	}
	if got := osaDistance("abcdefgh", "zzzzzzzz", 2); got != 3 {
		t.Errorf("capped distance = %d, want 3", got)
	}
}

// cancellingLM cancels a context at its n-th model call and counts the calls after that.
type cancellingLM struct {
	*fakeLM
	n, calls, after int
	cancel          func()
}

func (c *cancellingLM) newCaches(wins []cacheWindow) []stepper {
	c.step()
	return c.fakeLM.newCaches(wins)
}

func (c *cancellingLM) stepCaches(steps []cacheStep) [][][]float32 {
	c.step()
	return stepEach(steps)
}

func (c *cancellingLM) step() {
	c.calls++
	if c.calls > c.n {
		c.after++
	}
	if c.calls == c.n {
		c.cancel()
	}
}

// TestRefineCancelsBetweenModelCalls: once the context is cancelled during a sentence, no
// further model call is made.
func TestRefineCancelsBetweenModelCalls(t *testing.T) {
	tok := tokenizer(t)
	sp := testSpecials(tok)
	doc := "The quick brown fox jumps over the the lazy dog. It was a bright cold day in April."
	for n := 1; n <= 4; n++ {
		ctx, cancel := context.WithCancel(context.Background())
		lm := &cancellingLM{fakeLM: newFakeLM(tok, sp, fakeRef), n: n, cancel: cancel}
		r := &Refiner{core: newCore(tok, sp, 2048, lm)}
		_, err := r.Refine(ctx, doc, 0, len(doc), DefaultOptions(), nil)
		if !errors.Is(err, context.Canceled) {
			t.Errorf("cancelled at model call %d: err = %v", n, err)
		}
		if lm.after != 0 {
			t.Errorf("cancelled at model call %d: %d more calls", n, lm.after)
		}
		cancel()
	}
}
