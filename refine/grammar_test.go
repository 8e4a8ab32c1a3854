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
		{"It was a users choice.", nil},             // "users" does not end its phrase
		{"It is a issues list.", nil},
		{"I met a users.", []string{"I met a user."}},
	} {
		got := generated(t, r, numbers{}, suspectView(r, c.in), KindNumber)
		if !slices.Equal(got, c.want) {
			t.Errorf("numbers(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// TestNounAgreementsOnlyWhereTheNounIsTheSubject: a verb agrees with a determiner and its noun
// that open a clause, not with a noun inside another phrase.
func TestNounAgreementsOnlyWhereTheNounIsTheSubject(t *testing.T) {
	r, _ := fakeRefiner(t, fakeRef)
	for _, c := range []struct {
		in   string
		want []string
	}{
		{"It works, because the defaults is good.", []string{"It works, because the defaults are good."}},
		{"The users doesn't know.", []string{"The users don't know."}},
		{"This policy help the poor.", []string{"This policy helps the poor."}},
		{"The number of the users is small.", nil}, // the subject is "number"
		{"A cat and a dog are here.", nil},         // two subjects
		{"The cat and the dogs is here.", nil},     // maybe one of several subjects
		{"The share of costs and profits is fixed.", nil},
		{"I think the defaults is good.", nil}, // after a verb: maybe an object
		{"The defaults are good.", nil},        // agreeing already
	} {
		got := generated(t, r, nounAgreements{}, suspectView(r, c.in), KindAgreement)
		if !slices.Equal(got, c.want) {
			t.Errorf("nounAgreements(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// TestGrammarGenerators: "more" before a comparative goes; "of" after a modal is "have"; "to"
// after a word that takes an infinitive, a modal and "do not" ask the plain verb; an
// existential "there" agrees with the noun phrase after it; the noun after "one of the" is
// plural; "of" goes between a quantifier and a bare plural noun. A real comparative phrase,
// "could of course", a noun after "due to" and the like stay.
func TestGrammarGenerators(t *testing.T) {
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
		{plainVerbs{}, KindPlainVerb, "You need to changes it.", []string{"You need to change it."}},
		{plainVerbs{}, KindPlainVerb, "We decided to moved.", []string{"We decided to move."}},
		{plainVerbs{}, KindPlainVerb, "It was due to changes in law.", nil},
		{plainVerbs{}, KindPlainVerb, "We need to change it.", nil},
		{plainVerbs{}, KindPlainVerb, "He can plays well.", []string{"He can play well."}},
		{plainVerbs{}, KindPlainVerb, "It doesn't works.", []string{"It doesn't work."}},
		{plainVerbs{}, KindPlainVerb, "We did not went there.", []string{"We did not go there."}},
		{plainVerbs{}, KindPlainVerb, "The can opens easily.", nil}, // a noun
		{plainVerbs{}, KindPlainVerb, "They did tests.", nil},       // do with an object
		{thereAgreements{}, KindAgreement, "There is many reasons.", []string{"There are many reasons."}},
		{thereAgreements{}, KindAgreement, "I know there was two cars.", []string{"I know there were two cars."}},
		{thereAgreements{}, KindAgreement, "So there was two cars.", []string{"So there were two cars."}},
		{thereAgreements{}, KindAgreement, "There is a lot of cars.", nil},
		{thereAgreements{}, KindAgreement, "Over there is the door.", nil},
		{oneOfs{}, KindNumber, "It is one of the most important reason for it.", []string{"It is one of the most important reasons for it."}},
		{oneOfs{}, KindNumber, "One of the best thing is this.", []string{"One of the best things is this."}},
		{oneOfs{}, KindNumber, "He is one of the best in the world.", nil},
		{oneOfs{}, KindNumber, "It is one of the main reasons.", nil},
		{quantifierOfs{}, KindQuantifier, "Most of users stay.", []string{"Most users stay."}},
		{quantifierOfs{}, KindQuantifier, "Most of the users stay.", nil},
		{quantifierOfs{}, KindQuantifier, "Many of them stay.", nil},
	} {
		got := generated(t, r, c.g, suspectView(r, c.in), c.k)
		if !slices.Equal(got, c.want) {
			t.Errorf("%T(%q) = %q, want %q", c.g, c.in, got, c.want)
		}
	}
}
