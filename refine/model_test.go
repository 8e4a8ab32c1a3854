package refine

import (
	"context"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/redraft/redraft/engine"
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

func TestModelRefineRepairs(t *testing.T) {
	r := modelRefiner(t)
	for _, c := range []struct{ in, want string }{
		{"This option cannot be used together with the the option --length.", "This option cannot be used together with the option --length."},
		{"The first Macintosh was in released January 1984.", "The first Macintosh was released in January 1984."},
	} {
		if got, _ := refineSentence(t, r, c.in, modelOptions()); got != c.want {
			t.Errorf("refine %q\n got %q\nwant %q", c.in, got, c.want)
		}
	}
}

func TestModelRefineLeavesCleanTextAlone(t *testing.T) {
	r := modelRefiner(t)
	for _, s := range []string{
		"Clients should now be able to check out the project.",
		"The layer outside the selection remains unchanged.",
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
