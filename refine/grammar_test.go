package refine

import (
	"slices"
	"testing"
)

// TestAgreementsOnlyAfterASubject: the verb after a personal pronoun is made to agree only where
// the pronoun is its subject.
func TestAgreementsOnlyAfterASubject(t *testing.T) {
	r, _ := fakeRefiner(t, fakeRef)
	for _, c := range []struct {
		in   string
		want []string
	}{
		{"He enjoy the work.", []string{"He enjoys the work."}},
		{"Then they needs money.", []string{"Then they need money."}},
		{"So they doesn't know it.", []string{"So they don't know it."}},
		{"We was late, and it work well.", []string{"We were late, and it work well.", "We was late, and it works well."}},
		{"Does he know the answer?", nil},        // after an auxiliary: inverted
		{"He and she know the answer.", nil},     // two subjects
		{"They make it work every day.", nil},    // "it" is an object
		{"We give you things to read.", nil},     // and so is "you"
		{"World War I is over.", nil},            // a numeral
		{"He knows and they need it.", nil},      // agreeing already
		{"If he were here we would know.", nil},  // the subjunctive
		{"He put the book down yesterday.", nil}, // a past like its base
	} {
		got := generated(t, r, agreements{}, suspectView(r, c.in), KindAgreement)
		if !slices.Equal(got, c.want) {
			t.Errorf("agreements(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// TestContractionsProposed: a contraction written without its apostrophe is a certain slip.
func TestContractionsProposed(t *testing.T) {
	r, _ := fakeRefiner(t, fakeRef)
	v := suspectView(r, "If you dont know, im here.")
	var got []string
	spellings{}.propose(v, func(cd candidate) {
		if cd.kind == KindMisspelling {
			got = append(got, cd.new)
		}
	})
	if !slices.Equal(got, []string{"don't", "I'm"}) {
		t.Errorf("proposed %q, want don't and I'm", got)
	}
}

// TestClearSpelling: the dictionary's first spelling is clear only when no other word comes
// close, and it keeps the written word's first letter.
func TestClearSpelling(t *testing.T) {
	r, _ := fakeRefiner(t, fakeRef)
	lx := newLexicon(r.lex, DefaultOptions())
	for w, want := range map[string]string{
		"grobal":  "global",
		"useing":  "using",
		"totaly":  "", // "total" close behind
		"thife":   "", // "the", "this", "there", … before "thief"
		"dhe":     "",
		"recieve": "receive",
	} {
		if got := clearSpelling(w, lx.spellings(w)); got != want {
			t.Errorf("clearSpelling(%q) = %q, want %q", w, got, want)
		}
	}
}

// TestEveryKindHasARow: each kind has its row in kindTable, with a name and a reason.
func TestEveryKindHasARow(t *testing.T) {
	for k := range numKinds {
		if row := kindTable[k]; row.name == "" || row.reason == "" {
			t.Errorf("kind %d has no row in kindTable", k)
		}
	}
}

// TestNumbersOnlyAtAPhrasesEnd: a noun after a determiner that asks one number takes it, where
// the noun ends its noun phrase.
func TestNumbersOnlyAtAPhrasesEnd(t *testing.T) {
	r, _ := fakeRefiner(t, fakeRef)
	for _, c := range []struct {
		in   string
		want []string
	}{
		{"There are several reason why.", []string{"There are several reasons why."}},
		{"These problem can wait.", []string{"These problems can wait."}},
		{"For another examples, see below.", []string{"For another example, see below."}},
		{"We met two man there.", []string{"We met two men there."}},
		{"We studied many academic subjects.", nil}, // an adjective before its noun
		{"These information is useful.", nil},       // uncountable
		{"This shows the point.", nil},              // "this" also opens a clause
		{"Many people came.", nil},                  // agreeing already
	} {
		got := generated(t, r, numbers{}, suspectView(r, c.in), KindNumber)
		if !slices.Equal(got, c.want) {
			t.Errorf("numbers(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// TestDoubleComparativesAndModalOf: "more" before a comparative goes, "of" after a modal is
// "have"; a real comparative phrase and "could of course" stay.
func TestDoubleComparativesAndModalOf(t *testing.T) {
	r, _ := fakeRefiner(t, fakeRef)
	for _, c := range []struct {
		g    generator
		k    Kind
		in   string
		want []string
	}{
		{doubleComparatives{}, KindComparative, "It became more stronger.", []string{"It became stronger."}},
		{doubleComparatives{}, KindComparative, "The most worst of all.", []string{"The worst of all."}},
		{doubleComparatives{}, KindComparative, "More stronger than ever.", []string{"Stronger than ever."}},
		{doubleComparatives{}, KindComparative, "It is more interesting.", nil},
		{doubleComparatives{}, KindComparative, "We need more water.", nil},
		{doubleComparatives{}, KindComparative, "There are more older people.", nil}, // more of them
		{modalOf{}, KindSoundAlike, "I could of been there.", []string{"I could have been there."}},
		{modalOf{}, KindSoundAlike, "He could of course stay.", nil},
		{modalOf{}, KindSoundAlike, "Most of them stayed.", nil},
	} {
		got := generated(t, r, c.g, suspectView(r, c.in), c.k)
		if !slices.Equal(got, c.want) {
			t.Errorf("%T(%q) = %q, want %q", c.g, c.in, got, c.want)
		}
	}
}
