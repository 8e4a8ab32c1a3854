package refine

import (
	"strings"
	"testing"
)

func TestLexiconDialectAndUserWords(t *testing.T) {
	r, _ := fakeRefiner(t, fakeRef)
	us := newLexicon(r.lex, DefaultOptions())
	gbOpt := DefaultOptions()
	gbOpt.Dialect = "en-GB"
	gbOpt.UserWords = []string{"Redrafty"}
	gb := newLexicon(r.lex, gbOpt)
	if !gb.known("colour") || !us.known("color") {
		t.Error("each dialect should know its own spelling of colour")
	}
	if us.known("Redrafty") || !gb.known("redrafty") {
		t.Error("a user word is known only where the writer added it (any case)")
	}
	sp := func(l lexicon, w string) []string {
		var out []string
		for _, s := range l.spellings(w) {
			out = append(out, s.Word)
		}
		return out
	}
	if us.known("colour") || gb.known("color") {
		t.Error("the other dialect's spelling counts as right")
	}
	if got := sp(us, "colour"); len(got) == 0 || got[0] != "color" {
		t.Errorf("en-US spellings of colour: %q", got)
	}
	if got := sp(gb, "color"); len(got) == 0 || got[0] != "colour" {
		t.Errorf("en-GB spellings of color: %q", got)
	}
}

func TestTermsOf(t *testing.T) {
	r, _ := fakeRefiner(t, fakeRef)
	opt := DefaultOptions()
	opt.UserWords = []string{"Zorblax"}
	lx := newLexicon(r.lex, opt)
	doc := "The frobnicator runs daily. A frobnicator never sleeps. Use a widgetry (a kind of tool) here, or GUI (graphical interface). Zorblax too. We preffer it; you preffer it."
	a := strings.Index(doc, "Use")
	w, err := BuildWindow(r.tok, doc, a, a+10, 64, false)
	if err != nil {
		t.Fatal(err)
	}
	terms := termsOf(doc, w, lx)
	for _, want := range []string{"frobnicator", "widgetry", "gui", "zorblax"} {
		if !terms[want] {
			t.Errorf("%q is not taken as a term (terms %v)", want, terms)
		}
	}
	if terms["preffer"] {
		t.Errorf("a recurring plain slip is taken as a term: %v", terms)
	}
	if terms["daily"] || terms["the"] {
		t.Errorf("known or single words taken as terms: %v", terms)
	}
}

func TestGeneratorsRespectProtection(t *testing.T) {
	r, _ := fakeRefiner(t, fakeRef)
	opt := DefaultOptions()
	opt.UserWords = []string{"recieve"}
	lx := newLexicon(r.lex, opt)
	body := r.tok.Encode("We recieve the the teh package from Alice.")
	prot := make([]bool, len(body))
	lps := make([]float64, len(body))
	for i := range lps {
		lps[i] = -8 // every word suspect
	}
	sc := scored{pll: pll{body: lps}}
	v := &view{c: &r.core, lex: lx, opt: opt, body: body, cur: &sc, size: len(body) + 4, terms: map[string]bool{"recieve": true}}
	v.words = r.words(body, prot)
	for i, w := range v.words {
		if strings.TrimSpace(w.text) == "Alice" {
			v.words[i].prot = true
		}
	}
	v.findSuspects(16)
	var cands []candidate
	for _, g := range r.generators(planFor(0.9)) {
		g.propose(v, func(c candidate) { cands = append(cands, c) })
	}
	kinds := map[Kind]bool{}
	for _, c := range cands {
		kinds[c.kind] = true
		text := r.tok.Decode(c.body)
		if !strings.Contains(text, "recieve") || !strings.Contains(text, "Alice") {
			t.Errorf("%v candidate %q changes a user word or a protected one", c.kind, text)
		}
	}
	for _, k := range []Kind{KindDoubled, KindMisspelling, KindSwap, KindInflection} { // "teh" is a common misspelling
		if !kinds[k] {
			t.Errorf("no %v candidate among %d", k, len(cands))
		}
	}
}
