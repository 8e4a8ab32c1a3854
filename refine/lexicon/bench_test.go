package lexicon

import (
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/redraft/redraft/internal/cputime"
)

// reportCPU adds the process CPU time per op since start: wall time swings with the machine's load.
func reportCPU(b *testing.B, start time.Duration) {
	b.ReportMetric(float64(cputime.Process()-start)/float64(b.N)/1e6, "cpu-ms/op")
}

// BenchmarkParse measures what Default costs on first use: decompressing and parsing the embedded
// data and building the trie. It reports the heap the lexicon keeps.
func BenchmarkParse(b *testing.B) {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	var l *Lexicon
	start := cputime.Process()
	for b.Loop() {
		var err error
		if l, err = Parse(embedded); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, start)
	runtime.GC()
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/(1<<20), "heap-MB")
	runtime.KeepAlive(l)
}

// BenchmarkSoundIndex measures building the index of words by sound (on the first unknown word).
func BenchmarkSoundIndex(b *testing.B) {
	l := Default()
	start := cputime.Process()
	for b.Loop() {
		l.soundOnce = sync.Once{}
		l.soundIndex()
	}
	reportCPU(b, start)
}

var benchWords = []string{"recieve", "seperate", "teh", "definately", "accomodate", "becuase", "wich", "the", "government", "Speling"}

// BenchmarkSpellings is one Spellings call (10 candidates) per op, over a mix of misspellings and
// real words of 3 to 10 letters.
func BenchmarkSpellings(b *testing.B) {
	l := Default()
	i := 0
	start := cputime.Process()
	for b.Loop() {
		l.Spellings(benchWords[i%len(benchWords)], US, 10)
		i++
	}
	reportCPU(b, start)
}

// BenchmarkKnown is one Known call per op.
func BenchmarkKnown(b *testing.B) {
	l := Default()
	i := 0
	for b.Loop() {
		l.Known(benchWords[i%len(benchWords)], US)
		i++
	}
}
