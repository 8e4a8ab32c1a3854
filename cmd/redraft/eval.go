package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"strings"
	"time"

	"github.com/redraft/redraft/engine"
	"github.com/redraft/redraft/internal/evalset"
	"github.com/redraft/redraft/refine"
)

const evalUsage = `usage: redraft eval --set DIR [flags]

Run every case of DIR/infill.jsonl, DIR/repair.jsonl and DIR/clean.jsonl through fill and
refine, and print the metrics (one JSON object with --json). Progress goes to standard error.

  infill_exact         fill equals the answer (trimmed, any case), length chosen by the model
  infill_exact_oracle  the same with the true token count given
  repair_fixed         word edit distance to the original is 0 after refining
  repair_improved      ... decreased;  repair_damaged: ... increased
  clean_untouched      a correct sentence came back identical
  errors_removed       net share of the repairs' word edit distance to the original removed
  gleu                 corpus GLEU of the repairs against DIR/refs.jsonl, when the set has one
                       (gleu_source: the unchanged sentences' score, the floor to beat)

flags:
`

// evalMarker stands in the gap of infill cases.
const evalMarker = "[...]"

// maxShownErrors bounds the case errors printed to stderr.
const maxShownErrors = 5

type evalOutput struct {
	Set      string  `json:"set"`
	Strength float64 `json:"strength"`
	Context  int     `json:"context"`
	Seed     int64   `json:"seed"`
	Limit    int     `json:"limit,omitempty"`
	ElapsedS float64 `json:"elapsed_s"`
	Stopped  bool    `json:"stopped,omitempty"` // interrupted before every case ran
	evalset.Summary
}

func runEval(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("eval", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, evalUsage); fs.PrintDefaults() }
	def := refine.DefaultOptions()
	var (
		dir      = fs.String("set", "", "folder with infill.jsonl, repair.jsonl, clean.jsonl (required)")
		asJSON   = fs.Bool("json", false, "print one JSON object")
		limit    = fs.Int("limit", 0, "run at most N cases of each set (0: all)")
		only     = fs.String("only", "", "comma-separated sets to run: infill,repair,clean (default all)")
		noOracle = fs.Bool("no-oracle", false, "skip the infill run with the true length given")
		strength = fs.Float64("strength", def.Strength, "share of the passage re-noised, 0..1")
		shared   = addModelFlags(fs, def, false)
		dump     = fs.String("cases", "", "write every case's outcome to this file, one JSON object a line")
		require  requirements
	)
	fs.Var(&require, "require", "fail unless a metric meets a bound, e.g. repair_damaged<=0.02 (repeatable)")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return fmt.Errorf("unexpected arguments %q (the set is given with --set DIR)", pos)
	}
	if *dir == "" {
		return errors.New("--set DIR is required")
	}
	opt := shared.options(def)
	opt.Strength = *strength
	if err := opt.Validate(); err != nil {
		return err
	}
	var sets []string
	for _, s := range strings.Split(*only, ",") {
		if s = strings.TrimSpace(s); s != "" {
			sets = append(sets, s)
		}
	}
	cases, err := evalset.Load(*dir, sets, *limit)
	if err != nil {
		return err
	}
	m, err := loadModel(*shared.modelPath)
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()

	refs, err := evalset.LoadRefs(*dir)
	if err != nil {
		return err
	}
	e := &evaluator{r: refine.New(m), tok: m.Tokenizer(), opt: opt, oracle: !*noOracle, stderr: stderr, refs: refs}
	if *dump != "" {
		f, err := os.Create(*dump)
		if err != nil {
			return err
		}
		defer f.Close()
		e.dump = json.NewEncoder(f)
		e.dump.SetEscapeHTML(false)
	}
	began := time.Now()
	rec, stopped := e.run(ctx, cases)
	out := evalOutput{
		Set: *dir, Strength: opt.Strength, Context: opt.Context, Seed: opt.Seed, Limit: *limit,
		ElapsedS: float64(time.Since(began).Milliseconds()) / 1000, Stopped: stopped,
		Summary: rec.Summary(),
	}
	write := writeEvalText
	if *asJSON {
		write = func(w io.Writer, o evalOutput) error { return writeJSON(w, o) }
	}
	if err := write(stdout, out); err != nil {
		return err
	}
	if stopped && len(require) > 0 {
		return errors.New("interrupted before every case ran: requirements not checked")
	}
	return require.check(out)
}

type evaluator struct {
	r      *refine.Refiner
	tok    *engine.Tokenizer
	opt    refine.Options
	oracle bool
	stderr io.Writer
	errors int
	dump   *json.Encoder       // per-case outcomes, or nil
	refs   map[string][]string // human references by source text, or nil (see evalset.LoadRefs)
}

// caseJSON is one line of the --cases file.
type caseJSON struct {
	Set    string  `json:"set"`
	Line   int     `json:"line"`
	Kind   string  `json:"kind,omitempty"`
	Oracle bool    `json:"oracle,omitempty"` // infill with the true length given
	Input  string  `json:"input"`            // the selection, or the answer of an infill case
	Want   string  `json:"want,omitempty"`   // repair: the original
	Result string  `json:"result"`
	Ms     float64 `json:"ms"`
	Error  string  `json:"error,omitempty"`
}

func (e *evaluator) record(c evalset.Case, oracle bool, result string, ms float64, err error) {
	if e.dump == nil {
		return
	}
	cj := caseJSON{Set: c.Set, Line: c.Line, Kind: c.Kind, Oracle: oracle, Input: c.Text, Want: c.Original, Result: result, Ms: ms}
	if c.Set == evalset.Infill {
		cj.Input = c.Answer
	}
	if err != nil {
		cj.Error = err.Error()
	}
	_ = e.dump.Encode(cj)
}

// run runs every case and records its outcome; it stops early when ctx is cancelled.
func (e *evaluator) run(ctx context.Context, cases []evalset.Case) (rec *evalset.Recorder, stopped bool) {
	rec = &evalset.Recorder{Refs: e.refs}
	total := len(cases)
	if e.oracle {
		for _, c := range cases {
			if c.Set == evalset.Infill {
				total++
			}
		}
	}
	bar := &progressBar{w: e.stderr, total: total}
	defer bar.finish()
	for _, c := range cases {
		if ctx.Err() != nil {
			return rec, true
		}
		switch c.Set {
		case evalset.Infill:
			fill, ms, err := e.fill(ctx, c, 0)
			e.check(ctx, rec, c, err)
			e.record(c, false, fill, ms, err)
			rec.AddFill(c, fill, ms)
			bar.step(c.Set)
			if e.oracle {
				fill, ms, err := e.fill(ctx, c, oracleLength(e.tok, c))
				e.check(ctx, rec, c, err)
				e.record(c, true, fill, ms, err)
				rec.AddOracleFill(c, fill, ms)
				bar.step(c.Set + " (true length)")
			}
		default:
			text, ms, err := e.refine(ctx, rec, c)
			e.check(ctx, rec, c, err)
			e.record(c, false, text, ms, err)
			rec.AddRefine(c, text, ms)
			bar.step(c.Set)
		}
	}
	return rec, ctx.Err() != nil
}

// check counts and shows (the first few) case errors; a cancelled run is not an error.
func (e *evaluator) check(ctx context.Context, rec *evalset.Recorder, c evalset.Case, err error) {
	if err == nil || ctx.Err() != nil {
		return
	}
	rec.AddError()
	e.errors++
	if e.errors <= maxShownErrors {
		fmt.Fprintf(e.stderr, "\nredraft eval: %s.jsonl line %d: %v\n", c.Set, c.Line, err)
	}
}

// oracleLength is the true token count of an infill case's gap: the answer with the horizontal
// whitespace before the gap, which the span takes over (" word" is one token).
func oracleLength(tok *engine.Tokenizer, c evalset.Case) int {
	left := strings.TrimRight(c.Left, " \t")
	return len(tok.Encode(c.Left[len(left):] + c.Answer))
}

// fill fills the gap of an infill case (length tokens, 0: model's choice) and returns the text
// that took the gap's place.
func (e *evaluator) fill(ctx context.Context, c evalset.Case, length int) (string, float64, error) {
	doc, s, end := c.GapDoc(evalMarker)
	opt := e.opt
	opt.FillLength = length
	t0 := time.Now()
	res, err := e.r.Fill(ctx, doc, []refine.Gap{{Start: s, End: end, Marker: evalMarker}}, opt, nil)
	ms := msSince(t0)
	if err != nil {
		return "", ms, err
	}
	var edits []refine.Edit
	for _, f := range res.Fills {
		edits = append(edits, f.Edits...)
	}
	text, ok := between(refine.ApplyEdits(doc, edits), c.Left, c.Right)
	if !ok {
		return "", ms, errors.New("fill edits reach outside the gap")
	}
	if text == evalMarker {
		text = "" // not filled
	}
	return text, ms, nil
}

// refine refines the selection of a repair or clean case and returns its new text (the text
// unchanged when there is no better revision).
func (e *evaluator) refine(ctx context.Context, rec *evalset.Recorder, c evalset.Case) (string, float64, error) {
	doc, s, end := c.Doc()
	t0 := time.Now()
	res, err := e.r.Refine(ctx, doc, s, end, e.opt, nil)
	ms := msSince(t0)
	if err != nil {
		return c.Text, ms, err
	}
	rec.AddPasses(res.Sentences, res.Passes)
	if len(res.Candidates) == 0 {
		return c.Text, ms, nil
	}
	text, ok := between(refine.ApplyEdits(doc, res.Candidates[0].Edits), c.Left, c.Right)
	if !ok {
		return c.Text, ms, errors.New("refine edits reach outside the selection")
	}
	return text, ms, nil
}

// between returns what lies between left and right in doc, where the edits may have rewritten
// the horizontal whitespace at the end of left (a span takes it over). ok is false when doc does
// not keep left and right around the middle.
func between(doc, left, right string) (mid string, ok bool) {
	stem := strings.TrimRight(left, " \t")
	if len(doc) < len(stem)+len(right) || !strings.HasPrefix(doc, stem) || !strings.HasSuffix(doc, right) {
		return "", false
	}
	mid = doc[len(stem) : len(doc)-len(right)]
	// Give back the whitespace left had, when the edits kept it.
	if ws := left[len(stem):]; strings.HasPrefix(mid, ws) {
		return mid[len(ws):], true
	}
	return strings.TrimLeft(mid, " \t"), true
}

func msSince(t time.Time) float64 { return float64(time.Since(t).Microseconds()) / 1000 }

// progressBar draws "[=====>    ] 12/300 repair" on one line of w.
type progressBar struct {
	w     io.Writer
	total int
	done  int
	drawn bool
}

const barWidth = 30

func (b *progressBar) step(label string) {
	b.done++
	filled := barWidth
	if b.total > 0 {
		filled = b.done * barWidth / b.total
	}
	bar := strings.Repeat("=", filled)
	if filled < barWidth {
		bar += ">" + strings.Repeat(" ", barWidth-filled-1)
	}
	fmt.Fprintf(b.w, "\r[%s] %d/%d %-22s", bar, b.done, b.total, label)
	b.drawn = true
}

func (b *progressBar) finish() {
	if b.drawn {
		fmt.Fprintln(b.w)
	}
}

// writeEvalText prints the summary as a small table.
func writeEvalText(w io.Writer, o evalOutput) error {
	s := o.Summary
	var sb strings.Builder
	pct := func(x float64) string { return fmt.Sprintf("%5.1f%%", 100*x) }
	fmt.Fprintf(&sb, "eval of %s (strength %.2f, context %d, seed %d) in %.1fs\n", o.Set, o.Strength, o.Context, o.Seed, o.ElapsedS)
	if o.Stopped {
		sb.WriteString("(interrupted: partial results)\n")
	}
	if s.InfillCases > 0 {
		fmt.Fprintf(&sb, "infill  %4d cases  exact %s  exact with true length %s  fill ms p50 %.0f p95 %.0f\n",
			s.InfillCases, pct(s.InfillExact), pct(s.InfillExactOracle), s.FillMsP50, s.FillMsP95)
	}
	if s.RepairCases > 0 {
		fmt.Fprintf(&sb, "repair  %4d cases  fixed %s  improved %s  damaged %s  unchanged %s  errors removed %s\n",
			s.RepairCases, pct(s.RepairFixed), pct(s.RepairImproved), pct(s.RepairDamaged), pct(s.RepairUnchanged), pct(s.ErrorsRemoved))
		if s.GLEU > 0 {
			fmt.Fprintf(&sb, "  GLEU %.2f (unchanged text %.2f)\n", s.GLEU, s.GLEUSource)
		}
		kinds := make([]string, 0, len(s.RepairKinds))
		for k := range s.RepairKinds {
			kinds = append(kinds, k)
		}
		sort.Strings(kinds)
		for _, k := range kinds {
			ks := s.RepairKinds[k]
			fmt.Fprintf(&sb, "  %-10s %4d  fixed %s  improved %s  damaged %s\n", k, ks.Cases, pct(ks.Fixed), pct(ks.Improved), pct(ks.Damaged))
		}
	}
	if s.CleanCases > 0 {
		fmt.Fprintf(&sb, "clean   %4d cases  untouched %s\n", s.CleanCases, pct(s.CleanUntouched))
	}
	if s.RepairCases+s.CleanCases > 0 {
		fmt.Fprintf(&sb, "refine ms p50 %.0f p95 %.0f, %.1f model passes per sentence\n", s.RefineMsP50, s.RefineMsP95, s.PassesPerSentence)
	}
	if s.Errors > 0 {
		fmt.Fprintf(&sb, "errors  %d\n", s.Errors)
	}
	_, err := io.WriteString(w, sb.String())
	return err
}
