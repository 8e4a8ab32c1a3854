package refine

import (
	"slices"
	"strings"
	"testing"
)

func TestParticiplesProposed(t *testing.T) {
	r, _ := fakeRefiner(t, fakeRef)
	lx := newLexicon(r.lex, DefaultOptions())
	for _, c := range []struct {
		in   string
		want []string
	}{
		{"She has went to the market.", []string{"She has gone to the market."}},
		{"The files were already wrote to disk.", []string{"The files were already written to disk."}},
		{"We have finish the work.", []string{"We have finished the work."}},
		// a past where a past belongs; a regular base after be ("is open") is not proposed
		{"She went to the market.", nil},
		{"The door is open.", nil},
		{"They have found it.", nil},
	} {
		body := r.tok.Encode(c.in)
		sc := scored{pll: pll{body: make([]float64, len(body))}}
		v := &view{c: &r.core, lex: lx, opt: DefaultOptions(), body: body, cur: &sc, size: len(body) + 4}
		v.words = r.words(body, make([]bool, len(body)))
		var got []string
		participles{}.propose(v, func(cd candidate) {
			if cd.kind != KindParticiple {
				t.Errorf("%q: kind %v", c.in, cd.kind)
			}
			got = append(got, r.tok.Decode(cd.body))
		})
		if !slices.Equal(got, c.want) {
			t.Errorf("participles(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestModelRefineVerbForms(t *testing.T) {
	r := modelRefiner(t)
	for _, c := range []struct{ in, want string }{
		{"Both of these men have dealed with situations in an unconventional manner.", "have dealt with"},
		{"The files were already wrote to disk.", "already written"},
	} {
		got, _ := refineSentence(t, r, c.in, modelOptions())
		if !strings.Contains(got, c.want) {
			t.Errorf("refine(%q) = %q, want %q in it", c.in, got, c.want)
		}
	}
}
