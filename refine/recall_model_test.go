package refine

import (
	"strings"
	"testing"
)

// The refine issue's own examples, at the default strength. The built-in model fixes what it
// can tell in context; what it cannot yet is listed beside each case (the test fails if a fix
// it makes today is lost, or if an edit is not part of the full correction).
func TestModelRefineIssueExamples(t *testing.T) {
	r := modelRefiner(t)
	for _, c := range []struct {
		in, full string   // the sentence and its full correction
		gone     []string // the errors refine fixes today: none may be left in the output
	}{
		// not yet: "Most of users" (an extra word) and "the defaults is" (the model prefers "is"
		// after "the defaults" at the verb's slot by 1.8 nats)
		{"Most of users never need to changes the defaults, because the defaults is good enough for a small team.",
			"Most users never need to change the defaults, because the defaults are good enough for a small team.",
			[]string{"to changes"}},
		// not yet: "receive" → "received" (the model prefers the past by 1.4 nats at the slot; a
		// word form needs 5) and "was broke" → "was broken" (proposed as a participle, but the
		// model reads "was broke" as the idiom: the sentence loses 5 nats with "broken")
		{"I recieve the the package yesterday and it was broke.",
			"I received the package yesterday and it was broken.",
			[]string{"recieve", "the the"}},
	} {
		got, _ := refineSentence(t, r, c.in, modelOptions())
		for _, e := range c.gone {
			if strings.Contains(got, e) {
				t.Errorf("refine(%q) = %q: %q is left", c.in, got, e)
			}
		}
		for _, e := range WordEdits(c.in, 0, len(c.in), got) {
			if !strings.Contains(c.full, strings.TrimSpace(e.Text)) {
				t.Errorf("refine(%q) = %q: edit %q is not part of the correction %q", c.in, got, e.Text, c.full)
			}
		}
	}
}
