package lsp

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"go.lsp.dev/protocol"

	"github.com/redraft/redraft/internal/cputime"
)

// decodeDidOpen agrees with encoding/json: the same document on success, an error where
// encoding/json gives one.
func FuzzDecodeDidOpen(f *testing.F) {
	f.Add([]byte(`{"textDocument":{"uri":"file:///a.md","languageId":"markdown","version":3,"text":"A quick\nfox \u00e9\ud83d\ude42 \"q\" \\ \/"}}`))
	f.Add([]byte(`{"TEXTDOCUMENT":{"Uri":"x","text":"a","text":"b","version":-0,"extra":[1,{"a":null},true,2.5e-3]}}`))
	f.Add([]byte(`{"textDocument":{"text":"\ud800\u0041 \udc00 \ud800","version":null,"uri":null}}`))
	f.Add([]byte("{\"textDocument\":{\"text\":\"\xff\xed\xa0\x80 ok\"}}"))
	f.Add([]byte(`{"textDocument":{"version":2147483648}}`))
	f.Add([]byte(`{"textDocument":{"version":1.0}}`))
	f.Add([]byte(`null`))
	f.Add([]byte(`{"a":"\q"} x`))
	f.Add([]byte(`[1,"\u12",{}]`))
	f.Add([]byte(`{"textDocument":[]}`))
	f.Add([]byte(`{"textDocument":{"text":5}}`))
	f.Add([]byte("{\"textDocument\":{\"text\":\"a\tb\"}}"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if (checkJSON(data) == nil) != json.Valid(data) {
			t.Fatalf("%q: checkJSON %v, json.Valid %v", data, checkJSON(data), json.Valid(data))
		}
		got, err := decodeDidOpen(data)
		var want protocol.DidOpenTextDocumentParams
		werr := json.Unmarshal(data, &want)
		if (err == nil) != (werr == nil) {
			t.Fatalf("%q: error %v, encoding/json %v", data, err, werr)
		}
		if err == nil && got != want {
			t.Fatalf("%q: %+v, encoding/json %+v", data, got, want)
		}
	})
}

func BenchmarkDecodeDidOpen10MB(b *testing.B) {
	text := strings.Repeat("A quick \"fox\" jumps over the lazy dog, née 🙂.\n", 10<<20/52)
	data, _ := json.Marshal(map[string]any{"textDocument": map[string]any{"uri": "file:///big.md", "languageId": "markdown", "version": 1, "text": text}})
	b.SetBytes(int64(len(data)))
	cpu := cputime.Process()
	for b.Loop() {
		if _, err := decodeDidOpen(data); err != nil {
			b.Fatal(err)
		}
	}
	cpuPerOp(b, cpu)
}

// cpuPerOp reports the process CPU time per iteration, which a loaded machine does not inflate
// the way it inflates wall time.
func cpuPerOp(b *testing.B, start time.Duration) {
	b.ReportMetric(float64(cputime.Process()-start)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
}
