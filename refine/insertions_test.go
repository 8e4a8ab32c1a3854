package refine

import (
	"math"
	"slices"
	"testing"
)

// generated runs g on v and returns the texts it proposes, each checked to be of kind k.
func generated(t *testing.T, r *Refiner, g generator, v *view, k Kind) []string {
	t.Helper()
	var got []string
	g.propose(v, func(cd candidate) {
		if cd.kind != k {
			t.Errorf("%q: kind %v, want %v", r.tok.Decode(v.body), cd.kind, k)
		}
		got = append(got, r.tok.Decode(cd.body))
	})
	return got
}

// commaView is a view of sentence in which the model (a constant distribution at every inserted
// mask) finds a comma commaLPAt likely at every place insertionGaps names.
func commaView(t *testing.T, sentence string, commaLPAt float64) (*view, *Refiner) {
	t.Helper()
	r, _ := fakeRefiner(t, fakeRef)
	v := suspectView(r, sentence)
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
		// a set introductory phrase, whatever follows; an opening conjunction is passed over
		{"In my opinion students need it.", []string{"In my opinion, students need it."}},
		{"But then as we know it works.", []string{"But then, as we know it works."}},
		{"Even after school he works.", []string{"Even after school, he works."}},
		// "As far as I": the subject of the fronted clause itself
		{"As far as I am concerned I agree.", []string{"As far as I am concerned, I agree."}},
		// "but" before a new clause's noun phrase, not after a "not"
		{"We like ideas but the facts are clear.", []string{"We like ideas, but the facts are clear."}},
		{"It is not an illusion but the truth.", nil},
		// an aside's "however"; "such as"
		{"A younger person however will need time.", []string{"A younger person, however will need time."}},
		{"It is cheap in countries such as France.", []string{"It is cheap in countries, such as France."}},
	} {
		v, r := commaView(t, c.in, -0.5)
		if got := generated(t, r, commas{}, v, KindComma); !slices.Equal(got, c.want) {
			t.Errorf("commas(%q) =\n  %q, want\n  %q", c.in, got, c.want)
		}
	}
}

// A comma after a set introductory phrase costs conventionalCost, unless the phrase is tied to
// what follows ("In addition to").
func TestConventionalComma(t *testing.T) {
	for _, c := range []struct {
		in   string
		cost float64 // the guard's cost of the comma proposed after the phrase
	}{
		{"For example we can read it.", conventionalCost},
		{"However I still believe it.", conventionalCost},
		{"So for instance we can read it.", conventionalCost},
		{"Then we can read it.", KindComma.cost(false)},
		{"In addition to the files we read it.", KindComma.cost(false)},
	} {
		v, _ := commaView(t, c.in, -0.5)
		var costs []float64
		commas{}.propose(v, func(cd candidate) { costs = append(costs, guard{}.cost(&cd)) })
		if len(costs) == 0 || costs[0] != c.cost {
			t.Errorf("commas(%q): costs %v, want the first %v", c.in, costs, c.cost)
		}
	}
}

func TestCommaNeedsTheModel(t *testing.T) {
	v, _ := commaView(t, "However I still believe it.", commaLP-1)
	commas{}.propose(v, func(cd candidate) {
		t.Errorf("a comma the model does not expect is proposed: %+v", cd)
	})
}
