package evalset

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/redraft/redraft/internal/worddist"
)

func TestFillExact(t *testing.T) {
	for _, tt := range []struct {
		fill, answer string
		want         bool
	}{
		{" is not set, then", "is not set, then", true},
		{"Is Not Set, Then\n", "is not set, then", true},
		{"is not set then", "is not set, then", false},
		{"", "for", false},
	} {
		if got := FillExact(tt.fill, tt.answer); got != tt.want {
			t.Errorf("FillExact(%q, %q) = %v", tt.fill, tt.answer, got)
		}
	}
}

func TestPercentile(t *testing.T) {
	xs := []float64{5, 1, 4, 2, 3, 10, 9, 8, 7, 6}
	for _, tt := range []struct{ p, want float64 }{{50, 5}, {95, 10}, {10, 1}, {0, 1}, {100, 10}} {
		if got := Percentile(xs, tt.p); got != tt.want {
			t.Errorf("Percentile(%v) = %v, want %v", tt.p, got, tt.want)
		}
	}
	if Percentile(nil, 50) != 0 {
		t.Error("empty percentile not 0")
	}
	if xs[0] != 5 {
		t.Error("Percentile sorted its input")
	}
}

func TestRecorder(t *testing.T) {
	var r Recorder
	repair := func(kind, text, orig string) Case {
		return Case{Set: Repair, Kind: kind, Text: text, Original: orig}
	}
	// swap: fixed; swap: unchanged; typo: damaged; typo: improved but not fixed.
	r.AddRefine(repair("swap", "was in released", "was released in"), "was released in", 100)
	r.AddRefine(repair("swap", "was in released", "was released in"), "was in released", 200)
	r.AddRefine(repair("typo", "the cta sat", "the cat sat"), "a cta sat down", 300)
	r.AddRefine(repair("typo", "teh cta sat", "the cat sat"), "the cta sat", 400)
	clean := Case{Set: Clean, Text: "All good here."}
	r.AddRefine(clean, "All good here.", 50)
	r.AddRefine(clean, "All fine here.", 60)
	inf := Case{Set: Infill, Answer: "is not set", Words: 3}
	r.AddFill(inf, " Is not set ", 10)
	r.AddFill(Case{Set: Infill, Answer: "for", Words: 1}, "to", 30)
	r.AddOracleFill(inf, "is set", 20)
	r.AddError()
	r.AddPasses(2, 7)
	r.AddPasses(1, 2)

	s := r.Summary()
	check := func(name string, got, want float64) {
		t.Helper()
		if got != want {
			t.Errorf("%s = %v, want %v", name, got, want)
		}
	}
	if s.RepairCases != 4 || s.CleanCases != 2 || s.InfillCases != 2 || s.InfillOracleCases != 1 || s.Errors != 1 {
		t.Errorf("counts: %+v", s)
	}
	check("repair_fixed", s.RepairFixed, 0.25)
	check("repair_improved", s.RepairImproved, 0.5)
	check("repair_damaged", s.RepairDamaged, 0.25)
	check("repair_unchanged", s.RepairUnchanged, 0.25)
	check("clean_untouched", s.CleanUntouched, 0.5)
	// word edit distance before → after: 2→0, 2→2, 1→3, 2→1: one of seven removed, net.
	check("errors_removed", s.ErrorsRemoved, 0.1429)
	check("passes_per_sentence", s.PassesPerSentence, 3)
	check("infill_exact", s.InfillExact, 0.5)
	check("infill_exact_oracle", s.InfillExactOracle, 0)
	check("refine_ms_p50", s.RefineMsP50, 100)
	check("refine_ms_p95", s.RefineMsP95, 400)
	check("fill_ms_p50", s.FillMsP50, 10)
	swap, typo := s.RepairKinds["swap"], s.RepairKinds["typo"]
	if swap == nil || typo == nil || swap.Cases != 2 || swap.Fixed != 0.5 || swap.Unchanged != 0.5 ||
		typo.Cases != 2 || typo.Damaged != 0.5 || typo.Improved != 0.5 || typo.Fixed != 0 {
		t.Errorf("kinds: swap %+v typo %+v", swap, typo)
	}
	if w := s.InfillByWords["3"]; w == nil || w.Cases != 1 || w.Exact != 1 || w.OracleCases != 1 || w.ExactOracle != 0 {
		t.Errorf("by words: %+v", w)
	}
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"infill_exact", "infill_exact_oracle", "repair_fixed", "repair_improved",
		"repair_damaged", "clean_untouched", "refine_ms_p50", "refine_ms_p95", "fill_ms_p50",
		"infill_cases", "repair_cases", "clean_cases", "repair_kinds", "errors_removed"} {
		if !strings.Contains(string(b), `"`+key+`":`) {
			t.Errorf("JSON lacks %q: %s", key, b)
		}
	}
}

// Repairs whose source has references are scored with GLEU, beside the unchanged sources.
func TestRecorderGLEU(t *testing.T) {
	r := Recorder{Refs: map[string][]string{"She have a cats.": {"She has a cat.", "She has cats."}}}
	r.AddRefine(Case{Set: Repair, Text: "She have a cats.", Original: "She has a cat."}, "She has a cat.", 1)
	r.AddRefine(Case{Set: Repair, Text: "No refs here.", Original: "No refs here."}, "No refs here.", 1)
	s := r.Summary()
	if !(s.GLEU > 50 && s.GLEU > s.GLEUSource) {
		t.Fatalf("GLEU %v should beat the unchanged source's %v", s.GLEU, s.GLEUSource)
	}
	if (&Recorder{}).Summary().GLEU != 0 {
		t.Fatal("no references, no GLEU")
	}
}

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("infill.jsonl", `{"left":"a ","answer":"b","right":" c","words":1}`+"\n\n"+`{"left":"d ","answer":"e f","right":"","words":2}`+"\n")
	write("repair.jsonl", `{"left":"x ","text":"teh","right":" y","original":"the","kind":"typo"}`+"\n")
	cases, err := Load(dir, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) != 3 || cases[0].Set != Infill || cases[1].Line != 3 || cases[2].Set != Repair || cases[2].Kind != "typo" {
		t.Fatalf("cases: %+v", cases)
	}
	doc, s, e := cases[2].Doc()
	if doc != "x teh y" || doc[s:e] != "teh" {
		t.Errorf("Doc = %q %d %d", doc, s, e)
	}
	doc, s, e = cases[0].GapDoc("[...]")
	if doc != "a [...] c" || doc[s:e] != "[...]" {
		t.Errorf("GapDoc = %q %d %d", doc, s, e)
	}
	if cases, err := Load(dir, []string{"infill"}, 1); err != nil || len(cases) != 1 {
		t.Errorf("limit: %v %+v", err, cases)
	}
	if _, err := Load(dir, []string{"clean"}, 0); err == nil {
		t.Error("missing clean.jsonl named in only: no error")
	}
	if _, err := Load(dir, []string{"bogus"}, 0); err == nil || !strings.Contains(err.Error(), "unknown set") {
		t.Errorf("bogus set: %v", err)
	}
	if _, err := Load(t.TempDir(), nil, 0); err == nil {
		t.Error("empty dir: no error")
	}
	write("clean.jsonl", `{"left":"x","right":"y"}`+"\n")
	if _, err := Load(dir, nil, 0); err == nil || !strings.Contains(err.Error(), "line 1") {
		t.Errorf("clean without text: %v", err)
	}
	write("clean.jsonl", "{not json\n")
	if _, err := Load(dir, nil, 0); err == nil || !strings.Contains(err.Error(), "clean.jsonl") {
		t.Errorf("bad json: %v", err)
	}
}

// TestSharedSet loads the project's eval set when it is there (it lives outside the repository).
func TestSharedSet(t *testing.T) {
	dir := "../../../shared/eval"
	if _, err := os.Stat(dir); err != nil {
		t.Skip("shared eval set not present")
	}
	cases, err := Load(dir, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	n := map[string]int{}
	for _, c := range cases {
		n[c.Set]++
		if c.Set == Repair && worddist.Distance(c.Text, c.Original) == 0 {
			t.Errorf("repair case line %d has distance 0", c.Line)
		}
	}
	if n[Infill] == 0 || n[Repair] == 0 || n[Clean] == 0 {
		t.Errorf("counts %v", n)
	}
}
