package refine

import (
	"slices"
	"testing"
)

func TestParticiplesProposed(t *testing.T) {
	r, _ := fakeRefiner(t, fakeRef)
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
		got := generated(t, r, participles{}, suspectView(r, c.in), KindParticiple)
		if !slices.Equal(got, c.want) {
			t.Errorf("participles(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
