package refine

import (
	"math"
	"testing"

	"github.com/redraft/redraft/engine"
)

// A vocabulary of 16 ids for constructed logits: 12 <|doc|>, 13 <|null|>, 14 <|pad|>, 15 <|mask|>.
var awareCfg = engine.Config{VocabSize: 16, DocID: 12, NullID: 13, PadID: 14, MaskID: 15, ErrorAware: true}

// awareRow returns logits whose softmax over the ids other than <|mask|>, <|pad|> and <|doc|>
// gives probs (the ids not named share what is left); the three specials get large logits, which
// must not count.
func awareRow(probs map[int]float64) []float32 {
	rest := 1.0
	for _, p := range probs {
		rest -= p
	}
	free := 0
	for v := range 16 {
		if _, ok := probs[v]; !ok && v != 12 && v != 14 && v != 15 {
			free++
		}
	}
	row := make([]float32, 16)
	for v := range row {
		p, ok := probs[v]
		if !ok {
			p = rest / float64(free)
		}
		row[v] = float32(math.Log(p))
	}
	row[12], row[14], row[15] = 30, 30, 30
	return row
}

func TestAwareSuspects(t *testing.T) {
	//        pos:  0   1  2  3  4  5
	ids := []int{12, 1, 2, 3, 15, 4}
	logits := [][]float32{
		awareRow(map[int]float64{1: 0.9}),                   // 1: its own token is likely
		awareRow(map[int]float64{2: 0.01, 5: 0.8}),          // 2: token 5 belongs here (gain 4.4 nats)
		awareRow(map[int]float64{3: 0.05, 13: 0.6, 6: 0.2}), // 3: delete it (<|null|>), or 6
		awareRow(map[int]float64{5: 0.9}),                   // 4: a mask: never a suspect
		awareRow(map[int]float64{4: 0.08, 7: 0.3}),          // 5: unlikely, but the best fix gains only 1.3 nats
	}
	got := awareSuspects(ids, []int{1, 2, 3, 4, 5}, logits, awareCfg, defaultAwareLimits())
	if len(got) != 2 {
		t.Fatalf("got %d suspects %+v, want 2 (positions 2 and 3)", len(got), got)
	}
	// Position 2 gains log(0.8/0.01) = 4.38 nats, position 3 log(0.6/0.05) = 2.48: 2 comes first.
	s := got[0]
	if s.pos != 2 || s.id != 2 || math.Abs(s.logProb-math.Log(0.01)) > 1e-5 {
		t.Errorf("first suspect %+v, want position 2, token 2, log p = log 0.01", s)
	}
	if s.fixes[0].id != 5 || math.Abs(s.fixes[0].logProb-math.Log(0.8)) > 1e-5 {
		t.Errorf("first suspect's best fix %+v, want token 5 at log 0.8", s.fixes[0])
	}
	s = got[1]
	if s.pos != 3 || len(s.fixes) != 2 || s.fixes[0].id != awareCfg.NullID || s.fixes[1].id != 6 {
		t.Errorf("second suspect %+v, want position 3 with fixes <|null|> then 6", s)
	}
	for _, s := range got {
		for _, f := range s.fixes {
			if f.id == 12 || f.id == 14 || f.id == 15 || f.id == s.id {
				t.Errorf("suspect at %d has fix %d (a special or its own token)", s.pos, f.id)
			}
		}
	}
}

func TestAwareLimits(t *testing.T) {
	ids := []int{3}
	// Nine other tokens at 10% each, token 3 at 1%: every fix is log(0.1/0.01) = 2.3 nats better.
	probs := map[int]float64{3: 0.01}
	for _, v := range []int{0, 1, 2, 4, 5, 6, 7, 8, 9} {
		probs[v] = 0.11
	}
	probs[10], probs[11], probs[13] = 0.0001, 0.0001, 0.0008 // sums to 1
	logits := [][]float32{awareRow(probs)}
	lim := defaultAwareLimits()
	if got := awareSuspects(ids, []int{0}, logits, awareCfg, lim); len(got) != 1 || len(got[0].fixes) != lim.fixes {
		t.Fatalf("got %+v, want one suspect with %d fixes", got, lim.fixes)
	}
	lim.minGain = 3
	if got := awareSuspects(ids, []int{0}, logits, awareCfg, lim); len(got) != 0 {
		t.Errorf("minGain 3: got %+v, want no suspect", got)
	}
	lim = defaultAwareLimits()
	lim.maxLogProb = math.Log(0.005)
	if got := awareSuspects(ids, []int{0}, logits, awareCfg, lim); len(got) != 0 {
		t.Errorf("maxLogProb log 0.005: got %+v, want no suspect", got)
	}
	lim = defaultAwareLimits()
	lim.minFixLP = math.Log(0.2)
	if got := awareSuspects(ids, []int{0}, logits, awareCfg, lim); len(got) != 0 {
		t.Errorf("minFixLP log 0.2: got %+v, want no suspect (no fix is that likely)", got)
	}
	lim = defaultAwareLimits()
	lim.fixes = 9
	got := awareSuspects(ids, []int{0}, logits, awareCfg, lim)
	if len(got) != 1 || len(got[0].fixes) != 9 {
		t.Fatalf("fixes 9: got %+v", got)
	}
	for i := 1; i < len(got[0].fixes); i++ {
		if got[0].fixes[i].logProb > got[0].fixes[i-1].logProb {
			t.Errorf("fixes not sorted: %+v", got[0].fixes)
		}
	}
}

func TestAwareSuspectsMismatch(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("no panic for 2 positions and 1 row of logits")
		}
	}()
	awareSuspects([]int{1, 2}, []int{0, 1}, [][]float32{awareRow(nil)}, awareCfg, defaultAwareLimits())
}
