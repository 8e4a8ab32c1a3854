package refine

import (
	"context"
	"os"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/redraft/redraft/engine"
	"github.com/redraft/redraft/internal/cputime"
)

// Tests with the built-in model: a few cases, kept small (the CI machine has 2 cores).

var (
	modelOnce sync.Once
	modelR    *Refiner
	modelErr  error
)

func modelRefiner(t testing.TB) *Refiner {
	t.Helper()
	if testing.Short() {
		t.Skip("loads the built-in model")
	}
	modelOnce.Do(func() {
		m, err := engine.Load("")
		if err != nil {
			modelErr = err
			return
		}
		modelR = New(m)
	})
	if modelErr != nil {
		t.Fatal(modelErr)
	}
	return modelR
}

func modelOptions() Options {
	opt := DefaultOptions()
	opt.Context = 48
	return opt
}

// refineSentence refines the middle sentence of a small document and returns its new text (the
// text unchanged when there is no better revision) and the result.
func refineSentence(t *testing.T, r *Refiner, sentence string, opt Options) (string, *Result) {
	t.Helper()
	left := "Redraft is a language server for prose.\n\n"
	right := " It runs on the CPU.\n"
	doc := left + sentence + right
	res, err := r.Refine(context.Background(), doc, len(left), len(left)+len(sentence), opt, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range res.Candidates {
		if c.Score-res.OriginalScore <= 0 {
			t.Errorf("candidate %q scores %.2f, not above the original %.2f", c.Text, c.Score, res.OriginalScore)
		}
	}
	if len(res.Candidates) == 0 {
		return sentence, res
	}
	out := ApplyEdits(doc, res.Candidates[0].Edits)
	if !strings.HasPrefix(out, left) || !strings.HasSuffix(out, right) {
		t.Fatalf("edits reach outside the selection: %q", out)
	}
	return out[len(left) : len(out)-len(right)], res
}

// refineCase is a sentence and what refine must make of it.
type refineCase struct{ in, want string }

// expectRefined refines each case's sentence with the model's test options and checks the result.
func expectRefined(t *testing.T, r *Refiner, cases []refineCase) {
	t.Helper()
	for _, c := range cases {
		if got, _ := refineSentence(t, r, c.in, modelOptions()); got != c.want {
			t.Errorf("refine %q\n got %q\nwant %q", c.in, got, c.want)
		}
	}
}

func TestModelRefineRepairs(t *testing.T) {
	expectRefined(t, modelRefiner(t), []refineCase{
		{"This option cannot be used together with the the option --length.", "This option cannot be used together with the option --length."},
		{"The first Macintosh was in released January 1984.", "The first Macintosh was released in January 1984."},
		// a listed misspelling the model prefers by less than the margin (guard.slipMargin)
		{"I recieve the package every day from the shop.", "I receive the package every day from the shop."},
	})
}

func TestModelRefineLeavesCleanTextAlone(t *testing.T) {
	r := modelRefiner(t)
	for _, s := range []string{
		"Clients should now be able to check out the project.",
		"The layer outside the selection remains unchanged.",
		// a known word in the writer's own case is no misspelling (not "in", not "parks")
		"I think this default is fine imo.",
		"We flew to paris last week for the conference.",
	} {
		if got, res := refineSentence(t, r, s, modelOptions()); got != s {
			t.Errorf("clean sentence changed:\n was %q\n now %q (%+v)", s, got, res.Candidates)
		}
	}
}

func TestModelRefineDeterministic(t *testing.T) {
	r := modelRefiner(t)
	opt := modelOptions()
	opt.Alternatives = 2
	opt.Seed = 11
	s := "Therefore social conditions have a impact major on population growth."
	_, a := refineSentence(t, r, s, opt)
	_, b := refineSentence(t, r, s, opt)
	if !reflect.DeepEqual(a, b) {
		t.Errorf("two runs with one seed differ:\n%+v\n%+v", a, b)
	}
}

func TestModelFill(t *testing.T) {
	r := modelRefiner(t)
	doc := "If the environment variable TERMCAP is not set, then the file [...] is read.\n"
	gaps := FindGaps(doc, nil)
	res, err := r.Fill(context.Background(), doc, gaps, modelOptions(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Fills) != 1 || strings.TrimSpace(res.Fills[0].Text) == "" {
		t.Fatalf("fills: %+v", res.Fills)
	}
	out := ApplyEdits(doc, res.Fills[0].Edits)
	if !strings.HasPrefix(out, "If the environment variable TERMCAP is not set, then the file ") || !strings.HasSuffix(out, " is read.\n") {
		t.Errorf("fill edits reach outside the gap: %q", out)
	}
	opt := modelOptions()
	opt.FillLength = 2
	res, err = r.Fill(context.Background(), doc, gaps, opt, nil)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(r.tok.Encode(res.Fills[0].Edits[0].Text)); len(res.Fills) != 1 || n < 1 || n > 2 {
		t.Errorf("FillLength 2 gave %+v", res.Fills)
	}
}

// TestModelRefineParagraph: a paragraph with errors in two sentences and Markdown around them;
// every edit carries a kind and a reason, none touches the code span, and progress counts the
// sentences.
func TestModelRefineParagraph(t *testing.T) {
	r := modelRefiner(t)
	doc := "# Setup\n\nThis option cannot be used together with the the option `--length`. " +
		"The first Macintosh was relaesed in January 1984. Run `make` to build it.\n"
	var calls [][2]int
	res, err := r.Refine(context.Background(), doc, 0, len(doc), modelOptions(), func(d, n int) { calls = append(calls, [2]int{d, n}) })
	if err != nil {
		t.Fatal(err)
	}
	if res.Sentences != 4 || len(calls) != 4 || calls[3] != [2]int{4, 4} {
		t.Errorf("sentences %d, progress %v; want 4 units (heading and three sentences)", res.Sentences, calls)
	}
	if res.Passes < 2*res.Sentences {
		t.Errorf("%d model calls for %d sentences: each needs at least a context pass and a score", res.Passes, res.Sentences)
	}
	if len(res.Candidates) == 0 {
		t.Fatal("no revision")
	}
	out := ApplyEdits(doc, res.Candidates[0].Edits)
	for _, want := range []string{"with the option `--length`.", "was released in January 1984.", "Run `make` to build it."} {
		if !strings.Contains(out, want) {
			t.Errorf("revision lacks %q:\n%s", want, out)
		}
	}
	for _, e := range res.Candidates[0].Edits {
		if e.Reason == "" || e.Kind == KindRewrite {
			t.Errorf("edit %+v has no specific kind or reason", e)
		}
	}
}

// TestModelRefineTogetherEqualsAlone: with the real model, a paragraph refined whole (its
// sentences' model calls batched) gets the edits, score and passes of its sentences refined
// one by one: the engine's batched passes give every row the same numbers.
func TestModelRefineTogetherEqualsAlone(t *testing.T) {
	r := modelRefiner(t)
	doc := "This option cannot be used together with the the option `--length`. " +
		"The first Macintosh was in released January 1984. Run `make` to build it. " +
		"Most users never need to change the defaults.\n"
	opt := modelOptions()
	whole, err := r.Refine(context.Background(), doc, 0, len(doc), opt, nil)
	if err != nil {
		t.Fatal(err)
	}
	edits, passes, orig := refineAlone(t, r, doc, opt)
	if len(whole.Candidates) == 0 || !reflect.DeepEqual(whole.Candidates[0].Edits, edits) {
		t.Errorf("together: %+v\nalone: %+v", whole.Candidates, edits)
	}
	if whole.Passes != passes || whole.OriginalScore != orig {
		t.Errorf("together: %d passes, original score %v; alone: %d, %v", whole.Passes, whole.OriginalScore, passes, orig)
	}
}

// BenchmarkRefineDocument refines a real document of about 2,000 words whole, as a writer who
// selects everything would: the model's specification (model/MODEL.md) followed by the VS Code
// extension's README, cut at the first paragraph end after 2,000 words; prose, lists, tables
// and code, at the default options, with progress. It reports CPU and wall time, per document
// and per sentence, and the model passes per sentence.
//
//	go test -run '^$' -bench RefineDocument -benchtime 1x ./refine
func BenchmarkRefineDocument(b *testing.B) {
	r := modelRefiner(b)
	var sb strings.Builder
	for _, f := range []string{"../model/MODEL.md", "../editors/vscode/README.md"} {
		data, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		for _, para := range strings.SplitAfter(string(data), "\n\n") {
			if len(strings.Fields(sb.String())) < 2000 {
				sb.WriteString(para)
			}
		}
	}
	doc := sb.String()
	var res *Result
	reported := 0
	start := cputime.Process()
	for b.Loop() {
		var err error
		reported = 0
		res, err = r.Refine(context.Background(), doc, 0, len(doc), DefaultOptions(), func(done, total int) { reported = done })
		if err != nil {
			b.Fatal(err)
		}
	}
	if reported != res.Sentences {
		b.Errorf("progress reached %d of %d sentences", reported, res.Sentences)
	}
	cpu := float64(cputime.Process()-start) / float64(b.N) / 1e6
	n := float64(res.Sentences)
	b.ReportMetric(cpu, "cpu-ms/op")
	b.ReportMetric(cpu/n, "cpu-ms/sentence")
	b.ReportMetric(b.Elapsed().Seconds()/float64(b.N), "wall-s/op")
	b.ReportMetric(float64(res.Passes)/n, "passes/sentence")
	b.ReportMetric(n, "sentences")
	b.ReportMetric(float64(len(strings.Fields(doc))), "words")
}

// TestModelExplain: Options.Explain gets the account of a sentence's rounds: its text, the
// round's suspects, the judged candidates and the one taken.
func TestModelExplain(t *testing.T) {
	r := modelRefiner(t)
	var log strings.Builder
	opt := modelOptions()
	opt.Explain = &log
	refineSentence(t, r, "This option cannot be used together with the the option --length.", opt)
	for _, want := range []string{`sentence "This option`, "round 1: suspects", `doubled word "the" → ""`, "passes", `taken: "the" → ""`} {
		if !strings.Contains(log.String(), want) {
			t.Errorf("the account lacks %q:\n%s", want, log.String())
		}
	}
}
