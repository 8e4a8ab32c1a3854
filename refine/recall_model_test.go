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
		// not yet: "Most of users" (an extra word: the model reads "most users" no better). "The
		// defaults is" agrees as "the default is" (the model prefers "is" after "the defaults" at
		// the verb's slot, and the singular noun at the noun's)
		{"Most of users never need to changes the defaults, because the defaults is good enough for a small team.",
			"Most users never need to change the defaults, because the default is good enough for a small team.",
			[]string{"to changes", "defaults is"}},
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

// Fixes the generators added for learner writing make at the default strength: a missing comma
// where a clause ends, an irregular verb's regular -ed, a past where the participle belongs.
// Correct text keeps its commas.
func TestModelRefineRecall(t *testing.T) {
	r := modelRefiner(t)
	for _, c := range []struct{ in, want string }{
		{"He thinks differently from other people and he succeeded.", "people, and he"},
		{"For instance we can consider that evolution exists.", "For instance, we"},
		{"So he took upon himself to narrow his research on this subject which was a mystery to the world.", "subject, which was"},
		{"Both of these men have dealed with situations in an unconventional manner.", "have dealt with"},
		{"The files were already wrote to disk.", "already written"},
		{"The files are stored in the cache directory and the server reads them at startup.", ""},
		{"We read the logs and fix what they show.", ""},
		// the nearest spelling, not the frequent word further away (spellingPrior)
		{"It's modren life now.", "modern life"},
		{"However, I still believe that learnng facts are important for students.", "learning facts"},
		// a function word run into the next is cut apart; a compound is not
		{"There is alot of noise in the office.", "a lot of"},
	} {
		got, _ := refineSentence(t, r, c.in, modelOptions())
		if c.want == "" && got != c.in || !strings.Contains(got, c.want) {
			t.Errorf("refine(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
