package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"

	"github.com/redraft/redraft/refine"
)

const fillUsage = `usage: redraft fill FILE [flags]

Fill the gaps in FILE (- reads standard input): [...], […] and runs of 3 or more underscores,
outside code, URLs and HTML. Prints the filled document, or rewrites FILE with --in-place.

flags:
`

func runFill(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("fill", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, fillUsage); fs.PrintDefaults() }
	def := refine.DefaultOptions()
	var (
		inPlace = fs.Bool("in-place", false, "rewrite FILE instead of printing the document")
		asJSON  = fs.Bool("json", false, "print the fills and edits as JSON")
		length  = fs.Int("length", 0, "fill every gap with exactly this many tokens (0: the model chooses)")
		markers = fs.String("markers", strings.Join(def.Markers, ","), "comma-separated gap markers (___ = 3+ underscores)")
		shared  = addModelFlags(fs, def, true)
	)
	file, err := parseFileArg(fs, args)
	if err != nil {
		return err
	}
	if *inPlace && file == "-" {
		return errors.New("--in-place needs a FILE, not standard input")
	}
	if *inPlace && *asJSON {
		return errors.New("--in-place and --json do not go together")
	}
	opt := shared.options(def)
	opt.FillLength = *length
	opt.Markers = nil
	for _, m := range strings.Split(*markers, ",") {
		if m = strings.TrimSpace(m); m != "" {
			opt.Markers = append(opt.Markers, m)
		}
	}
	if len(opt.Markers) == 0 {
		return errors.New("--markers: no gap markers given")
	}
	if err := opt.Validate(); err != nil {
		return err
	}
	name, doc, err := readInput(file)
	if err != nil {
		return err
	}
	if err := refine.ValidateRange(doc, 0, 0); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}

	gaps := refine.FindGaps(doc, opt.Markers)
	res := &refine.FillResult{}
	if len(gaps) == 0 {
		fmt.Fprintf(stderr, "redraft fill: no gaps (%s) in %s\n", strings.Join(opt.Markers, " "), name)
	} else {
		m, err := loadModel(*shared.modelPath)
		if err != nil {
			return err
		}
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
		defer stop()
		res, err = refine.New(m).Fill(ctx, doc, gaps, opt, nil)
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
	}
	var edits []refine.Edit
	for _, f := range res.Fills {
		edits = append(edits, f.Edits...)
	}
	out := refine.ApplyEdits(doc, edits)

	switch {
	case *asJSON:
		return writeJSON(stdout, fillOutput(name, doc, gaps, res, edits))
	case *inPlace:
		if len(edits) == 0 {
			return nil
		}
		info, err := os.Stat(file)
		if err != nil {
			return err
		}
		if err := os.WriteFile(file, []byte(out), info.Mode().Perm()); err != nil {
			return err
		}
		fmt.Fprintf(stderr, "redraft fill: filled %d of %d gaps in %s\n", len(res.Fills), len(gaps), name)
		return nil
	default:
		if len(gaps) > 0 && len(res.Fills) < len(gaps) {
			fmt.Fprintf(stderr, "redraft fill: filled %d of %d gaps\n", len(res.Fills), len(gaps))
		}
		_, err := io.WriteString(stdout, out)
		return err
	}
}

type gapJSON struct {
	Start  int    `json:"start"`
	End    int    `json:"end"`
	Marker string `json:"marker"`
	Filled bool   `json:"filled"`
	Text   string `json:"text"`
}

type fillJSON struct {
	File  string     `json:"file"`
	Gaps  []gapJSON  `json:"gaps"`
	Edits []editJSON `json:"edits"`
}

func fillOutput(name, doc string, gaps []refine.Gap, res *refine.FillResult, edits []refine.Edit) fillJSON {
	out := fillJSON{File: name, Gaps: []gapJSON{}, Edits: editsJSON(doc, edits)}
	for _, g := range gaps {
		gj := gapJSON{Start: g.Start, End: g.End, Marker: g.Marker}
		for _, f := range res.Fills {
			if f.Gap == g {
				gj.Filled, gj.Text = true, f.Text
			}
		}
		out.Gaps = append(out.Gaps, gj)
	}
	return out
}
