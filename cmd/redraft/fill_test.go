package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/redraft/redraft/refine"
)

func TestRunFillNoGapsStdin(t *testing.T) {
	doc := "No gaps here, only `[...]` in code and a __bold__ word.\n"
	withStdin(t, doc)
	var stdout, stderr bytes.Buffer
	if err := runFill([]string{"-"}, &stdout, &stderr); err != nil {
		t.Fatal(err)
	}
	if stdout.String() != doc {
		t.Errorf("stdout %q, want the document unchanged", stdout.String())
	}
	if !strings.Contains(stderr.String(), "no gaps") || !strings.Contains(stderr.String(), "<stdin>") {
		t.Errorf("stderr %q", stderr.String())
	}
}

func TestRunFillNoGapsJSON(t *testing.T) {
	withStdin(t, "nothing to fill")
	var stdout bytes.Buffer
	if err := runFill([]string{"-", "--json"}, &stdout, &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	var got fillJSON
	if err := json.Unmarshal(stdout.Bytes(), &got); err != nil || got.File != "<stdin>" || len(got.Gaps) != 0 || len(got.Edits) != 0 {
		t.Errorf("json %q (%v)", stdout.String(), err)
	}
}

func TestRunFillErrors(t *testing.T) {
	bad := writeTemp(t, "bad.md", "a [...] b \xff")
	for _, tt := range []struct {
		name string
		args []string
		want string
		is   error
	}{
		{"in-place on stdin", []string{"-", "--in-place"}, "--in-place needs a FILE", nil},
		{"in-place and json", []string{bad, "--in-place", "--json"}, "do not go together", nil},
		{"invalid UTF-8", []string{bad}, "invalid UTF-8", refine.ErrInvalidUTF8},
		{"negative length", []string{bad, "--length", "-1"}, "fill length -1", refine.ErrInvalidOptions},
		{"no markers", []string{bad, "--markers", " , "}, "no gap markers", nil},
		{"no file", nil, "exactly one FILE", nil},
	} {
		var stdout bytes.Buffer
		err := runFill(tt.args, &stdout, &bytes.Buffer{})
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: err = %v, want it to mention %q", tt.name, err, tt.want)
		}
		if tt.is != nil && !errors.Is(err, tt.is) {
			t.Errorf("%s: err = %v, want %v", tt.name, err, tt.is)
		}
		if stdout.Len() != 0 {
			t.Errorf("%s: wrote to stdout %q", tt.name, stdout.String())
		}
	}
}

// TestRunFillModel fills the sample document with the real model: only the gaps change, and
// --in-place rewrites the file with the same text.
func TestRunFillModel(t *testing.T) {
	needModel(t)
	sample, err := os.ReadFile("../../testdata/sample.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(sample)
	gaps := refine.FindGaps(doc, nil)
	if len(gaps) != 3 {
		t.Fatalf("sample.md has %d gaps, want 3", len(gaps))
	}
	path := writeTemp(t, "sample.md", doc)
	var js bytes.Buffer
	if err := runFill([]string{path, "--json", "--context", "48"}, &js, &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	var got fillJSON
	if err := json.Unmarshal(js.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Gaps) != 3 {
		t.Fatalf("json gaps %+v", got.Gaps)
	}
	// Every edit lies inside a gap (with the spaces before it).
	for _, e := range got.Edits {
		inside := false
		for _, g := range gaps {
			lo := g.Start
			for lo > 0 && doc[lo-1] == ' ' {
				lo--
			}
			if e.Start >= lo && e.End <= g.End {
				inside = true
			}
		}
		if !inside {
			t.Errorf("edit %+v is outside every gap", e)
		}
	}
	var edits []refine.Edit
	for _, e := range got.Edits {
		if doc[e.Start:e.End] != e.Old {
			t.Errorf("edit %+v: old text is %q", e, doc[e.Start:e.End])
		}
		edits = append(edits, refine.Edit{Start: e.Start, End: e.End, Text: e.Text})
	}
	if err := runFill([]string{path, "--in-place", "--context", "48"}, &bytes.Buffer{}, &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	written, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if string(written) != refine.ApplyEdits(doc, edits) {
		t.Errorf("--in-place wrote a different text than the JSON edits give:\n%s", written)
	}
	filled := 0
	for _, g := range got.Gaps {
		if g.Filled {
			filled++
		}
	}
	if left := len(refine.FindGaps(string(written), nil)); left != 3-filled {
		t.Errorf("%d gaps filled, %d left in the output", filled, left)
	}
}
