package evalset

import (
	"math"
	"os"
	"path/filepath"
	"testing"
)

// The generator must be CPython's: random.Random(0).getrandbits(32) three times, then
// randrange(4) twenty times on a fresh Random(0) (values printed by CPython 3.11).
func TestPyRandomMatchesCPython(t *testing.T) {
	r := newPyRandom(0)
	for i, want := range []uint32{3626764237, 1654615998, 3255389356} {
		if got := r.uint32(); got != want {
			t.Fatalf("draw %d: got %d, want %d", i, got, want)
		}
	}
	r = newPyRandom(0)
	want := []int{3, 3, 0, 2, 3, 3, 2, 3, 2, 1, 1, 2, 1, 0, 2, 1, 2, 0, 0, 2}
	for i, w := range want {
		if got := r.randbelow(4); got != w {
			t.Fatalf("randrange(4) draw %d: got %d, want %d", i, got, w)
		}
	}
}

func TestGLEU(t *testing.T) {
	src := []string{"He go to school yesterday .", "She have a cats."}
	refs := [][]string{{"He went to school yesterday.", "He went to the school yesterday."}, {"She has a cat."}}
	same := CorpusGLEU(src, src, refs)
	fixed := CorpusGLEU(src, []string{"He went to school yesterday.", "She has a cat."}, refs)
	worse := CorpusGLEU(src, []string{"Went.", "Cat."}, refs)
	if !(fixed > same && same > worse) {
		t.Fatalf("GLEU order wrong: fixed %.4f, unchanged %.4f, worse %.4f", fixed, same, worse)
	}
	if math.Abs(CorpusGLEU(src, []string{"He went to school yesterday.", "She has a cat."}, [][]string{{"He went to school yesterday."}, {"She has a cat."}})-1) > 1e-9 {
		t.Fatal("a hypothesis equal to its only reference must score 1")
	}
}

// On the JFLEG dev set, the unchanged source and the first human reference score what gleu.py
// prints for them (39.79 and 56.45, see ../shared/eval/README.md), to the printed precision.
func TestGLEUMatchesScriptOnJFLEG(t *testing.T) {
	dir := filepath.Join("..", "..", "..", "shared", "eval", "jfleg-dev")
	if testing.Short() {
		t.Skip("reads the whole JFLEG dev set")
	}
	if _, err := os.Stat(filepath.Join(dir, RefsFile)); err != nil {
		t.Skip("the JFLEG dev set is not beside the repository")
	}
	cases, err := Load(dir, []string{Repair}, 0)
	if err != nil {
		t.Fatal(err)
	}
	refs, err := LoadRefs(dir)
	if err != nil {
		t.Fatal(err)
	}
	var srcs, human []string
	var rs, rest [][]string
	for _, c := range cases {
		r := refs[c.Text]
		srcs, human = append(srcs, c.Text), append(human, r[0])
		rs, rest = append(rs, r), append(rest, r[1:])
	}
	if got := 100 * CorpusGLEU(srcs, srcs, rs); math.Abs(got-39.79) > 0.005 {
		t.Errorf("source GLEU %.4f, gleu.py prints 39.79", got)
	}
	if got := 100 * CorpusGLEU(srcs, human, rest); math.Abs(got-56.45) > 0.005 {
		t.Errorf("reference-0 GLEU %.4f, gleu.py prints 56.45", got)
	}
}
