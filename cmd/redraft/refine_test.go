package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/redraft/redraft/refine"
)

// writeTemp writes content to a file in a fresh temporary folder and returns its path.
func writeTemp(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// withStdin makes FILE "-" read s for the duration of the test.
func withStdin(t *testing.T, s string) {
	t.Helper()
	old := stdin
	stdin = strings.NewReader(s)
	t.Cleanup(func() { stdin = old })
}

// modelOnce guards the tests that need the built-in model: they run it for real (skipped with
// -short).
var (
	modelOnce sync.Once
	modelErr  error
)

func needModel(t *testing.T) {
	t.Helper()
	if testing.Short() {
		t.Skip("runs the model; skipped with -short")
	}
	modelOnce.Do(func() { _, modelErr = loadModel("") })
	if modelErr != nil {
		t.Fatalf("model: %v", modelErr)
	}
}

func TestParseRange(t *testing.T) {
	for _, tt := range []struct {
		in         string
		start, end int
		ok         bool
	}{
		{"0:5", 0, 5, true},
		{" 12 : 40 ", 12, 40, true},
		{"7:7", 7, 7, true},
		{"5", 0, 0, false},
		{"a:b", 0, 0, false},
		{"9:3", 0, 0, false},
		{"-1:3", 0, 0, false},
		{"1:2:3", 0, 0, false},
	} {
		s, e, err := parseRange(tt.in)
		if (err == nil) != tt.ok || (tt.ok && (s != tt.start || e != tt.end)) {
			t.Errorf("parseRange(%q) = %d, %d, %v", tt.in, s, e, err)
		}
		if err != nil && !strings.Contains(err.Error(), "--range") {
			t.Errorf("parseRange(%q) error does not name the flag: %v", tt.in, err)
		}
	}
}

func TestParseInterspersed(t *testing.T) {
	for _, tt := range []struct {
		args []string
		pos  []string
		rng  string
	}{
		{[]string{"doc.md", "--range", "1:2"}, []string{"doc.md"}, "1:2"},
		{[]string{"--range=1:2", "doc.md"}, []string{"doc.md"}, "1:2"},
		{[]string{"-", "--range", "3:4", "extra"}, []string{"-", "extra"}, "3:4"},
		{[]string{"--range", "1:2", "--", "--odd-name"}, []string{"--odd-name"}, "1:2"},
	} {
		fs := flag.NewFlagSet("x", flag.ContinueOnError)
		rng := fs.String("range", "", "")
		pos, err := parseInterspersed(fs, tt.args)
		if err != nil || strings.Join(pos, "|") != strings.Join(tt.pos, "|") || *rng != tt.rng {
			t.Errorf("parseInterspersed(%q) = %q, range %q, %v", tt.args, pos, *rng, err)
		}
	}
}

// TestRunRefineErrors: bad input is refused with a clear message before the model loads.
func TestRunRefineErrors(t *testing.T) {
	doc := writeTemp(t, "doc.md", "héllo world, this is text.\n")
	bad := writeTemp(t, "bad.md", "valid start \xff\xfe then junk\n")
	for _, tt := range []struct {
		name string
		args []string
		want string
		is   error
	}{
		{"no range", []string{doc}, "give either --range START:END or --all", nil},
		{"range and all", []string{doc, "--range", "0:5", "--all"}, "give either --range START:END or --all", nil},
		{"bad range syntax", []string{doc, "--range", "3-9"}, "want START:END", nil},
		{"range past the end", []string{doc, "--range", "0:999"}, "past the end of the document", refine.ErrInvalidRange},
		{"range inside a character", []string{doc, "--range", "2:8"}, "inside a multi-byte character", refine.ErrInvalidRange},
		{"invalid UTF-8", []string{bad, "--range", "0:5"}, "invalid UTF-8", refine.ErrInvalidUTF8},
		{"strength out of range", []string{doc, "--range", "0:5", "--strength", "1.5"}, "strength 1.5 is outside 0..1", refine.ErrInvalidOptions},
		{"alternatives out of range", []string{doc, "--range", "0:5", "--alternatives", "0"}, "alternatives 0", refine.ErrInvalidOptions},
		{"missing file", []string{filepath.Join(t.TempDir(), "nope.md"), "--range", "0:1"}, "no such file", nil},
		{"two files", []string{doc, doc, "--range", "0:1"}, "exactly one FILE", nil},
		{"no file", []string{"--range", "0:1"}, "exactly one FILE", nil},
	} {
		var stdout, stderr bytes.Buffer
		err := runRefine(tt.args, &stdout, &stderr)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: err = %v, want it to mention %q", tt.name, err, tt.want)
		}
		if tt.is != nil && !errors.Is(err, tt.is) {
			t.Errorf("%s: err = %v, want %v", tt.name, err, tt.is)
		}
		if stdout.Len() != 0 {
			t.Errorf("%s: wrote to stdout: %q", tt.name, stdout.String())
		}
	}
}

func TestRunRefineStdinError(t *testing.T) {
	withStdin(t, "short")
	err := runRefine([]string{"-", "--range", "0:50"}, &bytes.Buffer{}, &bytes.Buffer{})
	if err == nil || !strings.Contains(err.Error(), "<stdin>") || !strings.Contains(err.Error(), "(5 bytes)") {
		t.Errorf("err = %v, want a range error about <stdin> of 5 bytes", err)
	}
}

func TestRunRefineHelp(t *testing.T) {
	var stderr bytes.Buffer
	err := runRefine([]string{"-h"}, &bytes.Buffer{}, &stderr)
	if !errors.Is(err, flag.ErrHelp) || !strings.Contains(stderr.String(), "usage: redraft refine FILE (--range START:END | --all)") {
		t.Errorf("help: %v, %q", err, stderr.String())
	}
}

func TestWriteDiff(t *testing.T) {
	doc := "Title\nThe cat are here.\nMore text\nLast line here"
	edits := []refine.Edit{{Start: 14, End: 17, Text: "is"}, {Start: 39, End: 43, Text: "one\nextra"}}
	var out bytes.Buffer
	if err := writeDiff(&out, "a.md", doc, edits); err != nil {
		t.Fatal(err)
	}
	want := "--- a.md\n+++ a.md (refined)\n" +
		"@@ -2,1 +2,1 @@\n-The cat are here.\n+The cat is here.\n" +
		"@@ -4,1 +4,2 @@\n-Last line here\n+Last one\n+extra here\n"
	if out.String() != want {
		t.Errorf("diff:\n%s\nwant:\n%s", out.String(), want)
	}
	out.Reset()
	if err := writeDiff(&out, "a.md", doc, nil); err != nil || out.Len() != 0 {
		t.Errorf("no edits: %q %v", out.String(), err)
	}
}

func TestRefineOutputJSON(t *testing.T) {
	doc := "one two three"
	res := &refine.Result{Start: 3, End: 7, OriginalScore: -3, Candidates: []refine.Candidate{
		{Text: " too", Score: -2, Edits: []refine.Edit{{Start: 4, End: 7, Text: "too"}}},
	}}
	var out bytes.Buffer
	if err := writeJSON(&out, refineOutput("x.md", doc, res)); err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal(out.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	c := got["candidates"].([]any)[0].(map[string]any)
	e := c["edits"].([]any)[0].(map[string]any)
	if got["original"] != " two" || got["changed"] != true || c["gain"] != 1.0 || e["old"] != "two" || e["text"] != "too" {
		t.Errorf("json: %s", out.String())
	}
	// No candidates: an empty list, not null.
	out.Reset()
	_ = writeJSON(&out, refineOutput("x.md", doc, &refine.Result{Start: 3, End: 7}))
	if !strings.Contains(out.String(), `"candidates": []`) || !strings.Contains(out.String(), `"changed": false`) {
		t.Errorf("json without candidates: %s", out.String())
	}
}

// TestRunRefineModel runs the real model on a small document: whatever it decides, the output
// is the document with at most the selection changed, and it is deterministic for a seed.
func TestRunRefineModel(t *testing.T) {
	needModel(t)
	doc := "# Notes\n\nThe build are fast enough to run on every save. It reads one folder.\n"
	s := strings.Index(doc, "The build")
	e := strings.Index(doc, "save.") + len("save.")
	path := writeTemp(t, "notes.md", doc)
	args := []string{path, "--range", itoa(s) + ":" + itoa(e), "--context", "32", "--seed", "3"}
	var out1, err1, out2 bytes.Buffer
	if err := runRefine(args, &out1, &err1); err != nil {
		t.Fatal(err)
	}
	got := out1.String()
	if !strings.HasPrefix(got, doc[:s-1]) || !strings.HasSuffix(got, doc[e:]) {
		t.Errorf("text outside the selection changed:\n%q", got)
	}
	if got == doc && !strings.Contains(err1.String(), "no better revision") {
		t.Errorf("unchanged output without the note on stderr: %q", err1.String())
	}
	if err := runRefine(args, &out2, &bytes.Buffer{}); err != nil || out2.String() != got {
		t.Errorf("second run with the same seed differs: %q vs %q (%v)", out2.String(), got, err)
	}
	// stdin and --json.
	withStdin(t, doc)
	var js bytes.Buffer
	if err := runRefine([]string{"-", "--range", itoa(s) + ":" + itoa(e), "--context", "32", "--json"}, &js, &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	var res refineJSON
	if err := json.Unmarshal(js.Bytes(), &res); err != nil || res.File != "<stdin>" || res.Start > s || res.End < e {
		t.Errorf("json %+v (%v)", res, err)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// TestRunRefineAll refines a whole document: progress per sentence on stderr, each edit's kind
// and reason there too, and the code block unchanged.
func TestRunRefineAll(t *testing.T) {
	needModel(t)
	doc := "# Notes\n\nThis option cannot be used together with the the option.\n\n```\nthe the code\n```\n\nIt runs on the CPU.\n"
	path := writeTemp(t, "notes.md", doc)
	var out, errOut bytes.Buffer
	if err := runRefine([]string{path, "--all", "--context", "32"}, &out, &errOut); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "together with the option.") || !strings.Contains(out.String(), "```\nthe the code\n```") {
		t.Errorf("refined document:\n%s", out.String())
	}
	if !strings.Contains(errOut.String(), "3/3 sentences") || !strings.Contains(errOut.String(), "doubled word") {
		t.Errorf("stderr lacks progress or the edit's reason: %q", errOut.String())
	}
}
