package refine

import "testing"

func TestPronounI(t *testing.T) {
	for w, want := range map[string]bool{"i": true, "i'm": true, "i’ve": true, "i'll": true, "i'd": true, "I": false, "in": false, "i's": false, "it": false} {
		if got := pronounI(w); got != want {
			t.Errorf("pronounI(%q) = %v, want %v", w, got, want)
		}
	}
}

func TestOpensProse(t *testing.T) {
	for _, c := range []struct {
		doc  string
		want bool
	}{
		{"the parser reads tabs.", true},
		{"Intro.\n\nthe parser reads tabs!", true},
		{"- the parser reads tabs.", false}, // a list item
		{"# the parser", false},
		{"fix the parser", false}, // a commit subject: no sentence end
		{"It works. the parser reads tabs.", false},
	} {
		a := len(c.doc) - len("the parser reads tabs.")
		if c.doc == "# the parser" || c.doc == "fix the parser" {
			a = len(c.doc) - len("the parser")
		}
		if got := opensProse(c.doc, a, len(c.doc)); got != c.want {
			t.Errorf("opensProse(%q) = %v, want %v", c.doc, got, c.want)
		}
	}
}

// TestModelCapitals: the pronoun and a sentence's first letter are capitalised; a word known only
// from the corpus ("systemd") and a list item keep the writer's case.
func TestModelCapitals(t *testing.T) {
	expectRefined(t, modelRefiner(t), []refineCase{
		{"i think the build is fine. then we ship it.", "I think the build is fine. Then we ship it."},
		{"It builds. systemd starts the server.", "It builds. systemd starts the server."},
	})
}

// TestModelArticlesAndJoins: "a"/"an" as the next word sounds, and a compound split at its
// parts written as one word; "may be" and "log in to" stay two words.
func TestModelArticlesAndJoins(t *testing.T) {
	expectRefined(t, modelRefiner(t), []refineCase{
		{"It can be a important step for the team.", "It can be an important step for the team."},
		{"We waited a hour for the build.", "We waited an hour for the build."},
		{"There fore, the server restarts.", "Therefore, the server restarts."},
		{"It may be true that the cache is stale.", "It may be true that the cache is stale."},
		{"Please log in to the server first.", "Please log in to the server first."},
	})
}

// TestModelAgreementAndContractions: a verb made to agree with its pronoun subject, an
// apostrophe put back, and a clear misspelling fixed; an agreeing verb stays.
func TestModelAgreementAndContractions(t *testing.T) {
	expectRefined(t, modelRefiner(t), []refineCase{
		{"But if they needs money they can work.", "But if they need money they can work."},
		{"Before that, we was all under the control of the man.", "Before that, we were all under the control of the man."},
		{"You will face difficulties if you dont know the basics.", "You will face difficulties if you don't know the basics."},
		{"Also, the professor says the fire should be carful when we use it.", "Also, the professor says the fire should be careful when we use it."},
		{"They need money, so they work.", "They need money, so they work."},
		{"I could of been there on time.", "I could have been there on time."},
		{"The food chain becomes more stronger than it was before.", "The food chain becomes stronger than it was before."},
		// four certain slips and a misspelling: the slips' rounds do not count against the three
		{"but about my self im gonna have it to becouse my brother alwys talks about it and i agree with that.",
			"But about my self I'm gonna have it to because my brother always talks about it and I agree with that."},
	})
}

// TestModelSoundAlike: a word put for one said the same is fixed where the model singles the
// right one out; the right one stays.
func TestModelSoundAlike(t *testing.T) {
	expectRefined(t, modelRefiner(t), []refineCase{
		{"The companies want to show there product to everyone.", "The companies want to show their product to everyone."},
		{"He could lose much more then others.", "He could lose much more than others."},
		{"There is a cache, and its size is fixed.", "There is a cache, and its size is fixed."},
	})
}
