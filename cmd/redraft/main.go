// Command redraft is the Redraft binary: a language server that revises prose in place with a
// diffusion language model, and a command line that runs the same refine and fill work from a
// shell so everything the editor does can be run and measured.
//
// Usage:
//
//	redraft serve   [--listen ADDR] [--log FILE]      language server on stdio
//	redraft refine  FILE --range START:END [...]      revise a byte range of FILE (or - for stdin)
//	redraft fill    FILE [--in-place]                 fill the gaps ([...], […], ___) in FILE
//	redraft eval    --set DIR [--json]                score refine and fill on a case set
//	redraft bench   [--json]                          measure the engine's speed
//	redraft version
//
// Every subcommand takes --model PATH (or $REDRAFT_MODEL) to load another model of the same
// format; without it the model built into the binary is used.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
)

// version is set at link time (-ldflags "-X main.version=...").
var version = "dev"

type command struct {
	name    string
	summary string
	run     func(args []string, stdout, stderr io.Writer) error
}

func commands() []command {
	return []command{
		{"serve", "run the language server on stdio (or --listen ADDR)", runServe},
		{"refine", "revise a byte range of a file: refine FILE --range START:END", runRefine},
		{"fill", "fill the gaps ([...], […], ___) in a file", runFill},
		{"eval", "score refine and fill on a case set: eval --set DIR --json", runEval},
		{"bench", "measure forward-pass speed: bench [--json]", runBench},
		{"version", "print the version", runVersion},
	}
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(stderr)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	for _, c := range commands() {
		if c.name != args[0] {
			continue
		}
		err := c.run(args[1:], stdout, stderr)
		switch {
		case err == nil:
			return 0
		case errors.Is(err, flag.ErrHelp):
			return 0
		default:
			fmt.Fprintf(stderr, "redraft %s: %v\n", c.name, err)
			return 1
		}
	}
	fmt.Fprintf(stderr, "redraft: unknown command %q\n\n", args[0])
	usage(stderr)
	return 2
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: redraft COMMAND [flags]\n\ncommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nEvery command takes --model PATH (or $REDRAFT_MODEL); the built-in model is the default.")
}

func runVersion(_ []string, stdout, _ io.Writer) error {
	_, err := fmt.Fprintf(stdout, "redraft %s\n", version)
	return err
}
