package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/redraft/redraft/internal/evalset"
)

func TestBetween(t *testing.T) {
	for _, tt := range []struct {
		doc, left, right, mid string
		ok                    bool
	}{
		{"a b c", "a ", " c", "b", true},
		{"a x y c", "a ", " c", "x y", true},
		{"ab c", "a ", " c", "b", true}, // the space before the selection was rewritten away
		{"a\n\nb c", "a\n\n", " c", "b", true},
		{"z b c", "a ", " c", "", false},
		{"a b d", "a ", " c", "", false},
		{"a c", "a ", " c", "", true},
	} {
		mid, ok := between(tt.doc, tt.left, tt.right)
		if mid != tt.mid || ok != tt.ok {
			t.Errorf("between(%q, %q, %q) = %q, %v; want %q, %v", tt.doc, tt.left, tt.right, mid, ok, tt.mid, tt.ok)
		}
	}
}

func TestRunEvalErrors(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want string
	}{
		{nil, "--set DIR is required"},
		{[]string{"--set", filepath.Join(t.TempDir(), "none")}, "no infill/repair/clean.jsonl files"},
		{[]string{"--set", t.TempDir(), "--only", "repair,bogus"}, "unknown set"},
		{[]string{"--set", t.TempDir(), "--strength", "-1"}, "strength -1"},
		{[]string{"--set", t.TempDir(), "stray"}, "unexpected arguments"},
	} {
		err := runEval(tt.args, &bytes.Buffer{}, &bytes.Buffer{})
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("runEval(%q) = %v, want it to mention %q", tt.args, err, tt.want)
		}
	}
}

func TestWriteEvalText(t *testing.T) {
	var r evalset.Recorder
	r.AddRefine(evalset.Case{Set: evalset.Repair, Kind: "typo", Text: "teh cat", Original: "the cat"}, "the cat", 120)
	r.AddRefine(evalset.Case{Set: evalset.Clean, Text: "ok"}, "ok", 80)
	var out bytes.Buffer
	if err := writeEvalText(&out, evalOutput{Set: "x", Summary: r.Summary()}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"repair     1 cases  fixed 100.0%", "typo", "clean      1 cases  untouched 100.0%", "refine ms p50 80"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("text output lacks %q:\n%s", want, out.String())
		}
	}
}

// TestRunEvalModel runs a tiny case set through the real model and checks the JSON shape.
func TestRunEvalModel(t *testing.T) {
	needModel(t)
	dir := t.TempDir()
	write := func(name string, rows ...map[string]any) {
		var sb strings.Builder
		for _, r := range rows {
			b, _ := json.Marshal(r)
			sb.Write(b)
			sb.WriteByte('\n')
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(sb.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("infill.jsonl", map[string]any{"left": "It was a cold day. We stayed ", "answer": "in", "right": " the house all day.", "words": 1})
	write("repair.jsonl", map[string]any{"left": "A note.\n\n", "text": "The dogs is loud.", "right": "\n", "original": "The dogs are loud.", "kind": "agreement"})
	write("clean.jsonl", map[string]any{"left": "A note.\n\n", "text": "The sun rose over the hills.", "right": " Then it rained.", "kind": ""})
	var stdout, stderr bytes.Buffer
	dump := filepath.Join(dir, "cases.out")
	if err := runEval([]string{"--set", dir, "--json", "--context", "32", "--cases", dump}, &stdout, &stderr); err != nil {
		t.Fatalf("%v\n%s", err, stderr.String())
	}
	var got map[string]any
	if err := json.Unmarshal(stdout.Bytes(), &got); err != nil {
		t.Fatalf("%v: %s", err, stdout.String())
	}
	for key, want := range map[string]float64{"infill_cases": 1, "infill_oracle_cases": 1, "repair_cases": 1, "clean_cases": 1, "errors": 0} {
		if got[key] != want {
			t.Errorf("%s = %v, want %v", key, got[key], want)
		}
	}
	for _, key := range []string{"infill_exact", "infill_exact_oracle", "repair_fixed", "repair_improved",
		"repair_damaged", "clean_untouched", "refine_ms_p50", "refine_ms_p95", "fill_ms_p50", "repair_kinds"} {
		if _, ok := got[key]; !ok {
			t.Errorf("JSON lacks %q", key)
		}
	}
	if !strings.Contains(stderr.String(), "[") || !strings.Contains(stderr.String(), "4/4") {
		t.Errorf("no progress bar on stderr: %q", stderr.String())
	}
	// --cases: one line per run (infill twice: model length and true length).
	b, err := os.ReadFile(dump)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if len(lines) != 4 {
		t.Fatalf("--cases wrote %d lines: %s", len(lines), b)
	}
	var clean caseJSON
	if err := json.Unmarshal([]byte(lines[3]), &clean); err != nil || clean.Set != "clean" || clean.Input != "The sun rose over the hills." || clean.Result == "" {
		t.Errorf("clean line %q (%v)", lines[3], err)
	}
	if clean.Result == clean.Input && got["clean_untouched"] != 1.0 {
		t.Errorf("clean result unchanged but clean_untouched = %v", got["clean_untouched"])
	}
}

func TestRequirements(t *testing.T) {
	var rs requirements
	for _, s := range []string{"repair_damaged<=0.02", "clean_untouched >= 0.98", "gleu>=40"} {
		if err := rs.Set(s); err != nil {
			t.Fatal(err)
		}
	}
	for _, bad := range []string{"repair_damaged<0.02", "clean_untouched>=x"} {
		if err := rs.Set(bad); err == nil {
			t.Errorf("Set(%q) accepted", bad)
		}
	}
	s := evalset.Summary{RepairDamaged: 0.01, CleanUntouched: 0.99, GLEU: 45}
	if err := rs.check(s); err != nil {
		t.Fatalf("met requirements reported: %v", err)
	}
	s.RepairDamaged, s.GLEU = 0.03, 39
	err := rs.check(s)
	if err == nil || !strings.Contains(err.Error(), "repair_damaged is 0.03") || !strings.Contains(err.Error(), "gleu is 39") ||
		strings.Contains(err.Error(), "clean_untouched") {
		t.Fatalf("unmet requirements: %v", err)
	}
	if err := (requirements{{metric: "no_such", op: ">=", bound: 1}}).check(s); err == nil || !strings.Contains(err.Error(), "no numeric metric") {
		t.Fatalf("unknown metric: %v", err)
	}
}
