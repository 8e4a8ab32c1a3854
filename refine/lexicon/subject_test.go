package lexicon

import "testing"

// TestPluralNoun: plurals of countable nouns, not words that only end in s.
func TestPluralNoun(t *testing.T) {
	l := Default()
	for w, want := range map[string]bool{
		"defaults": true, "policies": true, "people": true, "processes": true, "users": true,
		"news": false, "series": false, "bus": false, "lens": false, "analysis": false,
		"status": false, "class": false, "always": false, "this": false, "user": false,
	} {
		if got := l.PluralNoun(w); got != want {
			t.Errorf("PluralNoun(%q) = %v, want %v", w, got, want)
		}
	}
}

// TestNounAgreeing: a verb agrees with a determiner and its noun; a general verb only before
// an object, a singular only after a determiner that asks one, a group noun never.
func TestNounAgreeing(t *testing.T) {
	l := Default()
	for _, c := range []struct {
		det, noun, verb string
		object          bool
		want            string
	}{
		{"the", "defaults", "is", false, "are"},
		{"The", "users", "was", false, "were"},
		{"these", "tools", "doesn't", false, "don't"},
		{"our", "users", "needs", true, "need"},
		{"our", "users", "needs", false, ""}, // "our users' needs"
		{"this", "policy", "are", false, "is"},
		{"This", "policy", "help", true, "helps"},
		{"this", "policy", "help", false, ""}, // "this policy help desk"
		{"a", "user", "have", false, "has"},
		{"the", "policy", "are", false, ""}, // "the" asks no number
		{"the", "team", "are", false, ""},
		{"a", "couple", "are", false, ""},
		{"the", "news", "is", false, ""},
		{"the", "defaults", "are", false, ""},
		{"this", "policy", "were", false, ""}, // "if this policy were"
		{"the", "users", "put", true, ""},     // a past like its base
	} {
		got, ok := l.NounAgreeing(c.det, c.noun, c.verb, c.object)
		if ok != (c.want != "") || got != c.want {
			t.Errorf("NounAgreeing(%q, %q, %q, %v) = %q, %v; want %q", c.det, c.noun, c.verb, c.object, got, ok, c.want)
		}
	}
}

// TestPlainVerb: a verb's -s form or past gives its plain form; other words none.
func TestPlainVerb(t *testing.T) {
	l := Default()
	for w, want := range map[string]string{
		"changes": "change", "moved": "move", "tried": "try", "stopped": "stop", "Uses": "Use",
		"went": "go", "wrote": "write", "knew": "know",
		"change": "", "news": "", "the": "", "found": "", "put": "",
	} {
		got, ok := l.PlainVerb(w)
		if ok != (want != "") || got != want {
			t.Errorf("PlainVerb(%q) = %q, %v; want %q", w, got, ok, want)
		}
	}
	for w, want := range map[string]bool{"need": true, "able": true, "order": true, "due": false, "used": false} {
		if got := l.TakesInfinitive(w); got != want {
			t.Errorf("TakesInfinitive(%q) = %v, want %v", w, got, want)
		}
	}
}

// TestSuperfluousOf: a quantifier takes "of" before a determiner, not before a bare plural.
func TestSuperfluousOf(t *testing.T) {
	l := Default()
	for _, c := range []struct {
		q, noun string
		want    bool
	}{
		{"Most", "users", true},
		{"many", "people", true},
		{"most", "the", false},
		{"many", "them", false},
		{"most", "Europe", false},
		{"some", "news", false},
		{"most", "user", false},
		{"because", "users", false},
	} {
		if got := l.SuperfluousOf(c.q, c.noun); got != c.want {
			t.Errorf("SuperfluousOf(%q, %q) = %v, want %v", c.q, c.noun, got, c.want)
		}
	}
}

// TestThereAgreeing: an existential "there" takes the number of the noun phrase after it.
func TestThereAgreeing(t *testing.T) {
	l := Default()
	for _, c := range []struct{ verb, next, after, want string }{
		{"is", "many", "reasons", "are"},
		{"was", "two", "cars", "were"},
		{"Is", "people", "here", "Are"},
		{"is", "some", "problems", "are"},
		{"isn't", "enough", "chairs", ""}, // "enough" asks no number
		{"is", "a", "lot", ""},
		{"is", "some", "water", ""},
		{"is", "news", "today", ""},
		{"are", "many", "reasons", ""},
	} {
		got, ok := l.ThereAgreeing(c.verb, c.next, c.after)
		if ok != (c.want != "") || got != c.want {
			t.Errorf("ThereAgreeing(%q, %q, %q) = %q, %v; want %q", c.verb, c.next, c.after, got, ok, c.want)
		}
	}
}

// TestOneOfPlural: the noun after "one of the" is plural; an adjective or a plural stays.
func TestOneOfPlural(t *testing.T) {
	l := Default()
	for w, want := range map[string]string{
		"thing": "things", "reason": "reasons", "man": "men", "City": "Cities",
		"best": "", "important": "", "reasons": "", "information": "", "first": "", "class": "classes",
	} {
		got, ok := l.OneOfPlural(w)
		if ok != (want != "") || got != want {
			t.Errorf("OneOfPlural(%q) = %q, %v; want %q", w, got, ok, want)
		}
	}
}
