package engine

import (
	"encoding/json"
	"math/rand/v2"
	"os"
	"reflect"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/redraft/redraft/engine/assets"
)

// reference is testdata/reference.json, made by model/refvec.py: the tokenizer cases and
// forward-pass vectors that the PyTorch reference produced from the shipped model.
type reference struct {
	ModelMeta      map[string]string `json:"model_meta"`
	Special        map[string]int    `json:"special"`
	TokenizerCases []struct {
		Text   string   `json:"text"`
		Pieces []string `json:"pieces"`
		IDs    []int    `json:"ids"`
	} `json:"tokenizer_cases"`
	ForwardCases []struct {
		IDs        []int                `json:"ids"`
		Argmax     []int                `json:"argmax"`
		MaxLogit   []float64            `json:"max_logit"`
		LogSumExp  []float64            `json:"logsumexp"`
		HiddenRMS  []float64            `json:"hidden_rms"`
		FullLogits map[string][]float64 `json:"full_logits"`
	} `json:"forward_cases"`
}

var loadReference = sync.OnceValues(func() (*reference, error) { return readReference("testdata/reference.json") })

func readReference(path string) (*reference, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	r := new(reference)
	return r, json.Unmarshal(b, r)
}

func testReference(t testing.TB) *reference {
	t.Helper()
	r, err := loadReference()
	if err != nil {
		t.Fatal(err)
	}
	return r
}

var loadTestTokenizer = sync.OnceValues(func() (*Tokenizer, error) {
	return LoadTokenizer([]byte(assets.Tokenizer))
})

func testTokenizer(t testing.TB) *Tokenizer {
	t.Helper()
	tk, err := loadTestTokenizer()
	if err != nil {
		t.Fatal(err)
	}
	return tk
}

func TestTokenizerReferenceCases(t *testing.T) {
	ref, tk := testReference(t), testTokenizer(t)
	if len(ref.TokenizerCases) < 300 {
		t.Fatalf("only %d tokenizer cases in reference.json", len(ref.TokenizerCases))
	}
	checkTokenizerCases(t, tk, ref)
}

// checkTokenizerCases checks that tk splits, encodes and decodes each reference case as the
// Python tokenizer did.
func checkTokenizerCases(t *testing.T, tk *Tokenizer, ref *reference) {
	t.Helper()
	for i, c := range ref.TokenizerCases {
		pieces := tk.Pieces(c.Text)
		if len(pieces) == 0 {
			pieces = []string{}
		}
		if !reflect.DeepEqual(pieces, c.Pieces) {
			t.Errorf("case %d %.40q: pieces\n got %q\nwant %q", i, c.Text, pieces, c.Pieces)
			continue
		}
		ids := tk.Encode(c.Text)
		if !reflect.DeepEqual(ids, c.IDs) && !(len(ids) == 0 && len(c.IDs) == 0) {
			t.Errorf("case %d %.40q: ids\n got %v\nwant %v", i, c.Text, ids, c.IDs)
		}
		if got := tk.Decode(ids); got != c.Text {
			t.Errorf("case %d: decode(encode(s)) = %.40q, want %.40q", i, got, c.Text)
		}
	}
}

func TestTokenizerSpecials(t *testing.T) {
	ref, tk := testReference(t), testTokenizer(t)
	if tk.VocabSize() != 8192 {
		t.Fatalf("VocabSize = %d", tk.VocabSize())
	}
	for name, id := range ref.Special {
		got, ok := tk.Special(name)
		if !ok || got != id {
			t.Errorf("Special(%q) = %d, %v; want %d", name, got, ok, id)
		}
		if !tk.IsSpecial(id) || tk.TokenBytes(id) != nil {
			t.Errorf("id %d (%s) is not treated as special", id, name)
		}
	}
	// Specials decode to nothing; the text around them is kept.
	hello := tk.Encode("Hello")
	ids := append([]int{8188}, append(hello, 8191, 8189, 8190)...)
	if got := tk.Decode(ids); got != "Hello" {
		t.Errorf("Decode with specials = %q", got)
	}
	// No text encodes to a special, even the specials' own names.
	for _, id := range tk.Encode("<|doc|><|mask|><|null|><|pad|>") {
		if tk.IsSpecial(id) {
			t.Errorf("Encode produced special id %d", id)
		}
	}
	if b := tk.TokenBytes(256); string(b) != string(tk.TokenBytes(32))+string(tk.TokenBytes(116)) {
		t.Errorf("TokenBytes(256) = %q, want \" t\" (merge 0 is [32 116])", b)
	}
}

func TestTokenizerPanicsOnBadID(t *testing.T) {
	tk := testTokenizer(t)
	for _, id := range []int{-1, 8192} {
		func() {
			defer func() {
				if r := recover(); r != "engine: id out of range" {
					t.Errorf("Decode([%d]) panic = %v", id, r)
				}
			}()
			tk.Decode([]int{id})
		}()
	}
}

func TestLoadTokenizerErrors(t *testing.T) {
	for _, c := range []struct{ name, json, want string }{
		{"not json", `{`, "tokenizer: unexpected end of JSON"},
		{"version", `{"version":2}`, "version 2"},
		{"no pattern", `{"version":1}`, "no pre-tokenizer pattern"},
		{"bad pattern", `{"version":1,"pattern":"(?=x)"}`, "pattern:"},
		{"future id", `{"version":1,"pattern":"x","vocab_size":300,"merges":[[32,256]]}`, "merge 0 [32 256]"},
		{"repeat", `{"version":1,"pattern":"x","vocab_size":300,"merges":[[1,2],[1,2]]}`, "repeats"},
		{"small vocab", `{"version":1,"pattern":"x","vocab_size":257,"merges":[[1,2]],"special":{"<|mask|>":257}}`, "vocab_size 257"},
		{"special low", `{"version":1,"pattern":"x","vocab_size":300,"merges":[],"special":{"<|mask|>":3}}`, `special "<|mask|>" id 3`},
	} {
		_, err := LoadTokenizer([]byte(c.json))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: err = %v, want it to contain %q", c.name, err, c.want)
		}
	}
}

// TestMergeScanEqualsHeap checks the two BPE merge loops against each other on random byte
// strings made of common pieces, so that many merges apply.
func TestMergeScanEqualsHeap(t *testing.T) {
	tk := testTokenizer(t)
	rng := rand.New(rand.NewPCG(1, 2))
	parts := []string{"a", "e", "th", "the", "ing", " ", "  ", "-", "=", "é", "\n", "x", "aa", "ll"}
	for n := 0; n < 2000; n++ {
		var sb strings.Builder
		for k := rng.IntN(60); k >= 0; k-- {
			sb.WriteString(parts[rng.IntN(len(parts))])
		}
		s := sb.String()
		toIDs := func() []int {
			ids := make([]int, len(s))
			for i := range s {
				ids[i] = int(s[i])
			}
			return ids
		}
		a, b := tk.mergeScan(toIDs()), tk.mergeHeap(toIDs())
		if !reflect.DeepEqual(a, b) {
			t.Fatalf("%q: mergeScan %v, mergeHeap %v", s, a, b)
		}
	}
}

// proseText is about n bytes of prose: the reference tokenizer cases repeated.
func proseText(t testing.TB, n int) string {
	ref := testReference(t)
	var sb strings.Builder
	for sb.Len() < n {
		for _, c := range ref.TokenizerCases {
			sb.WriteString(c.Text)
			sb.WriteString("\n\n")
		}
	}
	return sb.String()[:n]
}

// wholeScan splits s with one regexp scan over the whole text, without chunking.
func wholeScan(tk *Tokenizer, s string) []string {
	var out []string
	pos := 0
	for _, loc := range tk.pat.FindAllStringIndex(s, -1) {
		if loc[0] > pos {
			out = append(out, s[pos:loc[0]])
		}
		out = append(out, s[loc[0]:loc[1]])
		pos = loc[1]
	}
	if pos < len(s) {
		out = append(out, s[pos:])
	}
	return out
}

func TestChunkedPiecesMatchWholeScan(t *testing.T) {
	tk := testTokenizer(t)
	if !tk.chunked {
		t.Fatal("the shipped tokenizer should use the chunked scan")
	}
	s := proseText(t, 300_000)
	// Long lines without newlines, to exercise the cut between words.
	s += strings.Repeat("word and another word, ", 500) + "\n" + strings.Repeat("ab ", 3000)
	got, want := tk.Pieces(s), wholeScan(tk, s)
	if !reflect.DeepEqual(got, want) {
		for i := range min(len(got), len(want)) {
			if got[i] != want[i] {
				t.Fatalf("piece %d: chunked %q, whole %q", i, got[i], want[i])
			}
		}
		t.Fatalf("chunked scan gave %d pieces, whole scan %d", len(got), len(want))
	}
}

func TestLongPieces(t *testing.T) {
	tk := testTokenizer(t)
	// One piece each, long enough to be quadratic for a naive merge loop. " " and "-" have
	// merges ([32 32], [45 45]); "a" and "=-" barely merge.
	for _, c := range []struct {
		s       string
		merging bool
	}{
		{strings.Repeat(" ", 100_000), true},
		{strings.Repeat("-", 50_000), true},
		{strings.Repeat("a", 50_000), false},
		{"x" + strings.Repeat("=-", 20_000), false},
	} {
		ids := tk.Encode(c.s)
		if got := tk.Decode(ids); got != c.s {
			t.Errorf("round trip of %d×%q failed", len(c.s), c.s[:2])
		}
		if c.merging && len(ids) >= len(c.s)/2 {
			t.Errorf("%d×%q: %d ids, merges did not apply", len(c.s), c.s[:2], len(ids))
		}
	}
}

func TestEncodeConcurrent(t *testing.T) {
	tk, err := LoadTokenizer([]byte(assets.Tokenizer)) // a fresh, empty piece cache
	if err != nil {
		t.Fatal(err)
	}
	s := proseText(t, 50_000)
	want := testTokenizer(t).Encode(s)
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			if got := tk.Encode(s); !reflect.DeepEqual(got, want) {
				t.Error("concurrent Encode gave a different result")
			}
		})
	}
	wg.Wait()
}

func FuzzRoundTrip(f *testing.F) {
	for _, s := range []string{"", "Hello, world!", "don't\n\n  x", "naïve 🙂👍🏽", "a\r\n\tb", "'ll'LL", "\u00a0x"} {
		f.Add(s)
	}
	tk, err := LoadTokenizer([]byte(assets.Tokenizer))
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			t.Skip()
		}
		ids := tk.Encode(s)
		if got := tk.Decode(ids); got != s {
			t.Fatalf("Decode(Encode(%q)) = %q", s, got)
		}
		for _, id := range ids {
			if tk.IsSpecial(id) {
				t.Fatalf("Encode(%q) produced special id %d", s, id)
			}
		}
		// Long inputs are chunked before the regexp scan: the pieces must not change.
		long := strings.Repeat(s+"\nx ", 200)
		if got, want := tk.Pieces(long), wholeScan(tk, long); !reflect.DeepEqual(got, want) {
			t.Fatalf("chunked pieces differ from the whole scan for %q", s)
		}
	})
}

// BenchmarkEncode1MB encodes 1 MB of prose with a warm piece cache (the steady state of a server).
func BenchmarkEncode1MB(b *testing.B) {
	tk := testTokenizer(b)
	s := proseText(b, 1<<20)
	tk.Encode(s)
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		tk.Encode(s)
	}
}

// BenchmarkEncode1MBCold encodes 1 MB of prose with a fresh tokenizer (empty cache) each time.
func BenchmarkEncode1MBCold(b *testing.B) {
	s := proseText(b, 1<<20)
	b.SetBytes(int64(len(s)))
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		tk, err := LoadTokenizer([]byte(assets.Tokenizer))
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		tk.Encode(s)
	}
}
