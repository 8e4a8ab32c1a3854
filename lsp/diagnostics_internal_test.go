package lsp

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"go.lsp.dev/protocol"
	"go.uber.org/zap"
)

func chunkTexts(text string, commit bool) []string {
	var out []string
	for _, c := range proseChunks(text, commit) {
		out = append(out, text[c[0]:c[1]])
	}
	return out
}

func TestProseChunks(t *testing.T) {
	for _, tc := range []struct {
		name   string
		text   string
		commit bool
		want   []string
	}{
		{"paragraphs", "One two.\nThree.\n\n\n  Four.  \n", false, []string{"One two.\nThree.", "Four."}},
		{"front matter", "---\ntitle: x\n---\nBody here.\n", false, []string{"Body here."}},
		{"toml front matter", "+++\ntitle = 'x'\n+++\n\nBody.\n", false, []string{"Body."}},
		{"fences", "Before.\n```go\nx := 1\n\nstill code\n```\nAfter.\n~~~~\ncode\n~~~~\nEnd.", false,
			[]string{"Before.", "After.", "End."}},
		{"indented code", "Text.\n\n    code line\n\n    more code\nOutside.\n", false, []string{"Text.", "Outside."}},
		{"continuation is not code", "Text line\n    continued.\n", false, []string{"Text line\n    continued."}},
		{"no letters", "Words.\n\n---\n\n| --- | --- |\n\n12 34\n", false, []string{"Words."}},
		{"commit", "Subject line\n\nBody text.\n# comment\n# ------------------------ >8 ------------------------\ndiff text\n", true,
			[]string{"Subject line", "Body text."}},
		{"heading in markdown is prose", "# Title\n\nText.", false, []string{"# Title", "Text."}},
	} {
		if got := chunkTexts(tc.text, tc.commit); !slices.Equal(got, tc.want) {
			t.Errorf("%s: chunks = %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestLongParagraphCut(t *testing.T) {
	sentence := "This sentence is here to make a long paragraph. "
	text := strings.Repeat(sentence, 100) + strings.Repeat("é", 3000)
	chunks := proseChunks(text, false)
	covered := 0
	for _, c := range chunks {
		if c[1]-c[0] > maxChunkBytes {
			t.Errorf("chunk of %d bytes", c[1]-c[0])
		}
		if strings.TrimSpace(text[covered:c[0]]) != "" {
			t.Errorf("text skipped before %d", c[0])
		}
		covered = c[1]
	}
	if covered != len(text) {
		t.Errorf("chunks end at %d of %d", covered, len(text))
	}
	if first := text[chunks[0][0]:chunks[0][1]]; !strings.HasSuffix(first, ".") {
		t.Errorf("first chunk not cut after a sentence: ...%q", first[len(first)-20:])
	}
}

func TestChangedRegion(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want [2]int
	}{
		{"abc", "abc", [2]int{3, 3}},
		{"abcdef", "abXdef", [2]int{2, 3}},
		{"abcdef", "abdef", [2]int{2, 2}},
		{"", "new", [2]int{0, 3}},
		{"aaa", "aaaa", [2]int{3, 4}},
	} {
		if got := changedRegion(tc.a, tc.b); got != tc.want {
			t.Errorf("changedRegion(%q, %q) = %v, want %v", tc.a, tc.b, got, tc.want)
		}
	}
}

func TestWordAround(t *testing.T) {
	text := "I went  home.\nThen"
	for _, tc := range []struct {
		off  int
		want string
	}{{6, "went"}, {8, "went"}, {0, "I"}, {14, "Then"}} {
		s, e := wordAround(text, tc.off)
		if text[s:e] != tc.want {
			t.Errorf("wordAround(%d) = %q, want %q", tc.off, text[s:e], tc.want)
		}
	}
}

func TestDictionaryFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "sub", "dictionary.txt")
	d := newDictionary(path)
	if w, err := d.words(); len(w) != 0 || err != nil {
		t.Fatalf("missing file: %q, %v", w, err)
	}
	for _, w := range []string{"Redraft", "teh", "Redraft"} {
		if _, err := d.add(scopeUser, w); err != nil {
			t.Fatal(err)
		}
	}
	w, err := d.words()
	if err != nil || !slices.Equal(w, []string{"Redraft", "teh"}) {
		t.Fatalf("words = %q, %v", w, err)
	}
	// Written by hand meanwhile (no trailing newline): read again, and an add keeps it.
	if err := os.WriteFile(path, []byte("teh\nzyx"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := d.add(scopeUser, "more"); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(path); string(b) != "teh\nzyx\nmore\n" {
		t.Errorf("file = %q", b)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, "sub", ".*tmp")); len(left) != 0 {
		t.Errorf("temporary files left: %q", left)
	}
	set := newWordSet([]string{"teh", "Redraft"})
	for w, want := range map[string]bool{"teh": true, "Teh": true, "TEH": true, "Redraft": true, "redraft": false, "the": false} {
		if set.has(w) != want {
			t.Errorf("has(%q) = %v", w, !want)
		}
	}
	if !set.touches("said “teh,”") || set.touches("the end") {
		t.Error("touches is wrong")
	}
}

// TestShutdownStopsChecks: shutdown stops every pause timer and no check is scheduled or run
// afterwards, though the connection is still open (only exit is served then).
func TestShutdownStopsChecks(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	s := newServer(ctx, nil, options{logger: zap.NewNop(), checkDelay: ptr(time.Hour)})
	uris := []protocol.DocumentURI{"file:///a.md", "file:///b.txt"}
	for _, uri := range uris {
		s.checks.open(uri, "markdown", "A quick fox.\n")
	}
	timers := func() (n int) {
		s.checks.mu.Lock()
		defer s.checks.mu.Unlock()
		for _, d := range s.checks.docs {
			if d.timer != nil {
				n++
			}
		}
		return n
	}
	if n := timers(); n != len(uris) {
		t.Fatalf("%d pause timers for %d open documents", n, len(uris))
	}
	if _, err := s.shutdown(ctx, nil); err != nil {
		t.Fatal(err)
	}
	if n := timers(); n != 0 {
		t.Errorf("%d pause timers after shutdown", n)
	}
	s.checks.schedule(uris[0]) // a change read just before shutdown
	s.checks.run(uris[1])      // a timer that fired as shutdown stopped it
	if n := timers(); n != 0 {
		t.Errorf("%d pause timers scheduled after shutdown", n)
	}
	s.checks.mu.Lock()
	jobs := len(s.checks.jobs)
	s.checks.mu.Unlock()
	s.worker.mu.Lock()
	queued := len(s.worker.queue) + len(s.worker.backlog)
	s.worker.mu.Unlock()
	if jobs != 0 || queued != 0 {
		t.Errorf("after shutdown: %d checks pending, %d jobs queued on the worker", jobs, queued)
	}
}

func ptr[T any](v T) *T { return &v }
