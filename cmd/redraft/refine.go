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
	"strconv"
	"strings"

	"github.com/redraft/redraft/engine"
	"github.com/redraft/redraft/refine"
)

// stdin is where FILE "-" is read from (tests replace it).
var stdin io.Reader = os.Stdin

const refineUsage = `usage: redraft refine FILE (--range START:END | --all) [flags]

Revise the byte range START:END of FILE (- reads standard input), or all of it, sentence by
sentence, and print the whole revised document. Each edit's kind and reason go to standard
error. When the model finds no better revision, the text comes back unchanged and a note goes
to standard error (exit status 0).

flags:
`

func runRefine(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("refine", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, refineUsage); fs.PrintDefaults() }
	def := refine.DefaultOptions()
	var (
		rng          = fs.String("range", "", "byte range START:END of the selection")
		all          = fs.Bool("all", false, "refine the whole document (with progress on standard error)")
		dialect      = fs.String("dialect", def.Dialect, "spellings that count as right: "+strings.Join(refine.Dialects, ", "))
		strength     = fs.Float64("strength", def.Strength, "share of the passage re-noised, 0..1")
		alternatives = fs.Int("alternatives", def.Alternatives, "maximum number of candidates")
		diff         = fs.Bool("diff", false, "print the edits as a diff instead of the document")
		asJSON       = fs.Bool("json", false, "print the result as JSON")
		explain      = fs.Bool("explain", false, "print on standard error, sentence by sentence, the candidates the model judged and why each was taken or refused")
		shared       = addModelFlags(fs, def, true)
	)
	file, err := parseFileArg(fs, args)
	if err != nil {
		return err
	}
	if (*rng == "") == !*all {
		return errors.New("give either --range START:END or --all")
	}
	var start, end int
	if *rng != "" {
		if start, end, err = parseRange(*rng); err != nil {
			return err
		}
	}
	opt := shared.options(def)
	opt.Strength, opt.Alternatives, opt.Dialect = *strength, *alternatives, *dialect
	if *explain {
		opt.Explain = stderr
	}
	if err := opt.Validate(); err != nil {
		return err
	}
	name, doc, err := readInput(file)
	if err != nil {
		return err
	}
	if *all {
		start, end = 0, len(doc)
	}
	if err := refine.ValidateRange(doc, start, end); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}

	m, err := loadModel(*shared.modelPath)
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	var progress refine.Progress
	if *all {
		progress = func(done, total int) { fmt.Fprintf(stderr, "\rredraft refine: %d/%d sentences", done, total) }
	}
	res, err := refine.New(m).Refine(ctx, doc, start, end, opt, progress)
	if *all {
		fmt.Fprintln(stderr)
	}
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	if len(res.Candidates) == 0 {
		fmt.Fprintln(stderr, "redraft refine: no better revision; the text is unchanged")
	} else if !*asJSON {
		for _, e := range res.Candidates[0].Edits {
			line := strings.Count(doc[:e.Start], "\n") + 1
			fmt.Fprintf(stderr, "%s:%d: %s: %s\n", name, line, e.Kind, e.Reason)
		}
		if len(res.Candidates) > 1 {
			fmt.Fprintf(stderr, "redraft refine: %d alternatives; showing the best (--json lists all)\n", len(res.Candidates))
		}
	}
	switch {
	case *asJSON:
		return writeJSON(stdout, refineOutput(name, doc, res))
	case *diff:
		if len(res.Candidates) == 0 {
			return nil
		}
		return writeDiff(stdout, name, doc, res.Candidates[0].Edits)
	default:
		out := doc
		if len(res.Candidates) > 0 {
			out = refine.ApplyEdits(doc, res.Candidates[0].Edits)
		}
		_, err := io.WriteString(stdout, out)
		return err
	}
}

// parseInterspersed parses flags that may come before or after the positional arguments
// ("refine FILE --range 1:5"), and returns the positional arguments.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		if len(args) > 0 && len(rest) < len(args) && args[len(args)-len(rest)-1] == "--" {
			return append(pos, rest...), nil // everything after "--" is positional
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// parseFileArg parses the flags and the one FILE argument (or "-") that refine and fill take.
func parseFileArg(fs *flag.FlagSet, args []string) (string, error) {
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return "", err
	}
	if len(pos) != 1 {
		fs.Usage()
		return "", fmt.Errorf("want exactly one FILE (or -), got %d arguments", len(pos))
	}
	return pos[0], nil
}

// parseRange parses "START:END" (byte offsets).
func parseRange(s string) (start, end int, err error) {
	a, b, ok := strings.Cut(s, ":")
	if ok {
		start, err = strconv.Atoi(strings.TrimSpace(a))
		if err == nil {
			end, err = strconv.Atoi(strings.TrimSpace(b))
		}
	}
	if !ok || err != nil {
		return 0, 0, fmt.Errorf("--range %q: want START:END, two byte offsets such as 120:164", s)
	}
	if start < 0 || end < start {
		return 0, 0, fmt.Errorf("--range %q: want 0 <= START <= END", s)
	}
	return start, end, nil
}

// readInput reads FILE, or standard input for "-", and returns a display name and the text.
func readInput(file string) (name, text string, err error) {
	var b []byte
	if file == "-" {
		name = "<stdin>"
		b, err = io.ReadAll(stdin)
	} else {
		name = file
		b, err = os.ReadFile(file)
	}
	if err != nil {
		return "", "", err
	}
	return name, string(b), nil
}

// loadModel loads the model at path ("" → $REDRAFT_MODEL, else the built-in one).
// modelFlags are the flags every model-running command shares: the seed, the context, the model
// file and (for refine and fill) whether numbers and names may change.
type modelFlags struct {
	seed         *int64
	context      *int
	allowNumbers *bool // nil where the command has no --allow-numbers
	modelPath    *string
}

// addModelFlags defines the shared flags on fs with def's defaults; allowNumbers adds
// --allow-numbers.
func addModelFlags(fs *flag.FlagSet, def refine.Options, allowNumbers bool) modelFlags {
	f := modelFlags{
		seed:      fs.Int64("seed", def.Seed, "random seed (same seed, same result)"),
		context:   fs.Int("context", def.Context, "tokens of context each side"),
		modelPath: fs.String("model", "", "model .safetensors file (default $REDRAFT_MODEL, else built in)"),
	}
	if allowNumbers {
		f.allowNumbers = fs.Bool("allow-numbers", false, "let numbers and proper nouns change")
	}
	return f
}

// options is def with the shared flags' values.
func (f modelFlags) options(def refine.Options) refine.Options {
	def.Seed, def.Context = *f.seed, *f.context
	if f.allowNumbers != nil {
		def.AllowNumbers = *f.allowNumbers
	}
	return def
}

func loadModel(path string) (*engine.Model, error) {
	m, err := engine.Load(path)
	if err != nil {
		return nil, fmt.Errorf("loading the model: %w", err)
	}
	return m, nil
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// JSON forms of refine results: lower-case keys, and each edit carries the text it replaces.
type editJSON struct {
	Start  int    `json:"start"`
	End    int    `json:"end"`
	Old    string `json:"old"`
	Text   string `json:"text"`
	Kind   string `json:"kind,omitempty"`
	Reason string `json:"reason,omitempty"`
}

type candidateJSON struct {
	Text  string     `json:"text"`
	Score float64    `json:"score"`
	Gain  float64    `json:"gain"`
	Edits []editJSON `json:"edits"`
}

type refineJSON struct {
	File          string          `json:"file"`
	Start         int             `json:"start"`
	End           int             `json:"end"`
	Original      string          `json:"original"`
	OriginalScore float64         `json:"original_score"`
	Sentences     int             `json:"sentences"`
	Passes        int             `json:"passes"`
	Changed       bool            `json:"changed"`
	Candidates    []candidateJSON `json:"candidates"`
}

func editsJSON(doc string, edits []refine.Edit) []editJSON {
	out := make([]editJSON, 0, len(edits))
	for _, e := range edits {
		ej := editJSON{Start: e.Start, End: e.End, Old: doc[e.Start:e.End], Text: e.Text, Reason: e.Reason}
		if e.Reason != "" {
			ej.Kind = e.Kind.String()
		}
		out = append(out, ej)
	}
	return out
}

func refineOutput(name, doc string, res *refine.Result) refineJSON {
	out := refineJSON{
		File: name, Start: res.Start, End: res.End, Original: doc[res.Start:res.End],
		OriginalScore: res.OriginalScore, Sentences: res.Sentences, Passes: res.Passes, Changed: len(res.Candidates) > 0,
		Candidates: []candidateJSON{},
	}
	for _, c := range res.Candidates {
		out.Candidates = append(out.Candidates, candidateJSON{
			Text: c.Text, Score: c.Score, Gain: c.Score - res.OriginalScore, Edits: editsJSON(doc, c.Edits),
		})
	}
	return out
}

// writeDiff prints edits as a unified-looking diff of the lines they touch.
func writeDiff(w io.Writer, name, doc string, edits []refine.Edit) error {
	if len(edits) == 0 {
		return nil
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, "--- %s\n+++ %s (refined)\n", name, name)
	// Group edits into hunks of whole lines; edits on overlapping lines share a hunk.
	type hunk struct {
		lo, hi int // line-aligned byte range of doc
		edits  []refine.Edit
	}
	var hunks []hunk
	for _, e := range edits {
		lo := strings.LastIndexByte(doc[:e.Start], '\n') + 1
		hi := len(doc)
		if i := strings.IndexByte(doc[e.End:], '\n'); i >= 0 {
			hi = e.End + i + 1
		}
		if n := len(hunks); n > 0 && lo < hunks[n-1].hi {
			hunks[n-1].hi = max(hunks[n-1].hi, hi)
			hunks[n-1].edits = append(hunks[n-1].edits, e)
			continue
		}
		hunks = append(hunks, hunk{lo, hi, []refine.Edit{e}})
	}
	shift := 0 // lines added so far (new line numbers = old + shift)
	for _, h := range hunks {
		old := doc[h.lo:h.hi]
		var rel []refine.Edit
		for _, e := range h.edits {
			rel = append(rel, refine.Edit{Start: e.Start - h.lo, End: e.End - h.lo, Text: e.Text})
		}
		neu := refine.ApplyEdits(old, rel)
		oldLines, newLines := splitLines(old), splitLines(neu)
		line := strings.Count(doc[:h.lo], "\n") + 1
		fmt.Fprintf(&sb, "@@ -%d,%d +%d,%d @@\n", line, len(oldLines), line+shift, len(newLines))
		for _, l := range oldLines {
			sb.WriteString("-" + l + "\n")
		}
		for _, l := range newLines {
			sb.WriteString("+" + l + "\n")
		}
		shift += len(newLines) - len(oldLines)
	}
	_, err := io.WriteString(w, sb.String())
	return err
}

// splitLines splits s into lines without their newlines ("a\nb\n" → a, b).
func splitLines(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(strings.TrimSuffix(s, "\n"), "\n")
}
