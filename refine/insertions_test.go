package refine

import (
	"math"
	"slices"
	"strings"
	"testing"
)

// commaView is a view of sentence in which the model (a constant distribution at every inserted
// mask) finds a comma commaLP likely everywhere.
func commaView(t *testing.T, sentence string, commaLPAt float64) (*view, *Refiner) {
	t.Helper()
	r, _ := fakeRefiner(t, fakeRef)
	lx := newLexicon(r.lex, DefaultOptions())
	body := r.tok.Encode(sentence)
	sc := scored{pll: pll{body: make([]float64, len(body))}}
	v := &view{c: &r.core, lex: lx, opt: DefaultOptions(), body: body, cur: &sc, size: len(body) + 4}
	v.words = r.words(body, make([]bool, len(body)))
	v.gaps = v.insertionGaps()
	comma := r.tok.Encode(",")[0]
	v.ins = map[int]dist{}
	for _, j := range v.gaps {
		d := make(dist, r.tok.VocabSize())
		for i := range d {
			d[i] = float32(math.Log(1e-6))
		}
		d[comma] = float32(commaLPAt)
		v.ins[j] = d
	}
	return v, r
}

func TestCommaPlaces(t *testing.T) {
	for _, c := range []struct {
		in   string
		want []string // the sentence with each comma commas proposes, in order
	}{
		{"However I still believe it.", []string{"However, I still believe it."}},
		{"For instance we can consider that evolution exists.", []string{"For instance, we can consider that evolution exists."}},
		{"If you want it I will send it and they can read it.", []string{"If you want it, I will send it and they can read it.", "If you want it I will send it, and they can read it."}},
		{"He studied the subject which was a mystery to the world.", []string{"He studied the subject, which was a mystery to the world."}},
		// no place: a conjunction that joins two nouns or verbs, a subject inside the first clause
		{"The files and the server are fast and small.", nil},
		{"We read it and write it.", nil},
		// a comma already ends the fronted clause
		{"If you want it, I will send it.", nil},
	} {
		v, r := commaView(t, c.in, -0.5)
		var got []string
		commas{}.propose(v, func(cd candidate) {
			if cd.kind != KindComma {
				t.Errorf("%q: kind %v", c.in, cd.kind)
			}
			got = append(got, r.tok.Decode(cd.body))
		})
		if !slices.Equal(got, c.want) {
			t.Errorf("commas(%q) =\n  %q, want\n  %q", c.in, got, c.want)
		}
	}
}

func TestCommaNeedsTheModel(t *testing.T) {
	v, _ := commaView(t, "However I still believe it.", commaLP-1)
	commas{}.propose(v, func(cd candidate) {
		t.Errorf("a comma the model does not expect is proposed: %+v", cd)
	})
}

func TestModelRefineCommas(t *testing.T) {
	r := modelRefiner(t)
	for _, c := range []struct{ in, want string }{
		{"He thinks differently from other people and he succeeded.", "people, and he"},
		{"So he took upon himself to narrow his research on this subject which was a mystery to the world.", "subject, which was"},
	} {
		got, _ := refineSentence(t, r, c.in, modelOptions())
		if !strings.Contains(got, c.want) {
			t.Errorf("refine(%q) = %q, want %q in it", c.in, got, c.want)
		}
	}
	// correct text keeps its commas as they are
	for _, in := range []string{
		"The files are stored in the cache directory and the server reads them at startup.",
		"We read the logs and fix what they show.",
	} {
		if got, _ := refineSentence(t, r, in, modelOptions()); got != in {
			t.Errorf("refine(%q) = %q, want it unchanged", in, got)
		}
	}
}
