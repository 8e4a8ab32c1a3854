package refine

import (
	"context"
	"strings"
	"testing"

	lex "github.com/redraft/redraft/refine/lexicon"
)

func TestRephraseKeepsTheWritersMeaning(t *testing.T) {
	v := &view{lex: newLexicon(lex.Default(), DefaultOptions())}
	for _, c := range []struct {
		old, neu string
		want     bool
	}{
		{"in released", "released in", true},                      // order
		{"defaults is", "defaults are", true},                     // agreement
		{"need to changes", "need to change", true},               // a form
		{"for not use", "not for use", true},                      // function words
		{"was broke", "was broken", true},                         // a form
		{"slabtop refreshes", "the filter can be used to", false}, // new content
		{"invalid input", "in input", false},                      // a content word lost
		{"invalid", "an invalid", false},                          // a word added
		{"in released", "also released in", false},                // a word added
		{"sends", "at", false},                                    // a content word for a function word
		{"so expensive", "is true", false},                        // another content word
		{"the display", "the display,", false},                    // not plain words
		{"is", "be", true},                                        // another form
		{"more better", "better", true},                           // a function word left out
		{"was in", "was", true},                                   // a function word left out
		{"the numbers also", "number", false},                     // two function words left out
		{"more the", "to be a", false},                            // other function words
		{"in released", "not released in", false},                 // a negation added
	} {
		if got := v.sameSense(c.old, c.neu); got != c.want {
			t.Errorf("sameSense(%q, %q) = %v, want %v", c.old, c.neu, got, c.want)
		}
	}
}

func TestRephraseDenoisesWithinTheWritersWords(t *testing.T) {
	r, f := fakeRefiner(t, "The first Macintosh was released in January 1984.")
	f.noise = 12 // the fake model's favourites are mostly noise: any token of the vocabulary
	v := suspectView(r, "The first Macintosh was in released January 1984.")
	cv, err := newCanvas(context.Background(), direct{r.be}, r.sp, v.body, 0, len(v.body), v.size, scoreSeam)
	if err != nil {
		t.Fatal(err)
	}
	for i, w := range v.words {
		if w.bare() == "in" {
			v.sus = []int{i}
		}
	}
	allowed := map[string]bool{}
	for _, w := range append([]string{"was", "in", "released"}, v.lex.functionWords()...) {
		allowed[w] = true
		for _, f := range v.lex.inflections(w) {
			allowed[strings.ToLower(f)] = true
		}
	}
	var words []string
	for range 3 { // several noisy draws: the fake model's noise depends on the position
		cands, err := v.rephrase(context.Background(), cv)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range cands {
			if c.kind != KindRewrite || !v.sameSense(c.old, c.new) {
				t.Errorf("rephrasing %q → %q (%v)", c.old, c.new, c.kind)
			}
			if got := r.tok.Decode(c.body); !strings.HasPrefix(got, "The first Macintosh") || !strings.HasSuffix(got, " January 1984.") {
				t.Errorf("rephrasing changed words outside its span: %q", got)
			}
			words = append(words, strings.Fields(c.new)...)
		}
		f.noise++
	}
	if len(words) == 0 {
		t.Fatal("no rephrasing")
	}
	for _, w := range words {
		if !allowed[strings.ToLower(w)] {
			t.Errorf("a rephrasing brought in %q", w)
		}
	}
}

func TestDenoiseKeepsToTheAllowedTokens(t *testing.T) {
	sp := specials{mask: 0, pad: 1, doc: 2, null: 3}
	j := newJob([]int{sp.mask, 9, sp.mask}, sp, 3)
	j.only = make([]bool, 16)
	j.only[5], j.only[7] = true, true
	j.banAt, j.ban = 2, make([]bool, 16)
	j.ban[7] = true
	logits := make([][]float32, 2)
	for k := range logits {
		logits[k] = make([]float32, 16)
		logits[k][4] = 20 // the model's favourite, not allowed
		logits[k][7] = 5
		logits[k][5] = 1
	}
	for j.pendingCount() > 0 {
		var pos []int
		var lg [][]float32
		for i, p := range j.pending {
			if p {
				pos, lg = append(pos, i), append(lg, append([]float32(nil), logits[0]...))
			}
		}
		j.commit(lg, pos, 0, sp, rephraseDecode)
	}
	if j.body[0] != 7 || j.body[2] != 5 || j.body[1] != 9 {
		t.Errorf("denoised %v, want [7 9 5]: the allowed tokens only, 7 banned at 2", j.body)
	}
}
