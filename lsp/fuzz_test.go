package lsp_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.uber.org/zap"
	"go.uber.org/zap/zaptest/observer"

	"github.com/redraft/redraft/internal/cputime"
	"github.com/redraft/redraft/lsp"
	"github.com/redraft/redraft/refine"
)

// The two fuzz targets drive one server each over raw frames. FuzzServer's input is a sequence
// of JSON-RPC bodies, one per line, each sent in its own well-formed frame: any method, any params,
// any order. FuzzServerFraming's input is the raw byte stream itself, headers included. The seeds
// are what Neovim 0.7.2 sent in the editors' end-to-end test (captured with a tee in front of
// `redraft serve`) and a VS Code session written out from vscode-languageclient's messages
// (testdata/traffic).

// answerWait bounds how long a fuzzed session may take to answer; only a hang reaches it. Two
// of them stay under hangLimit.
const answerWait = 3 * time.Second

// hangLimit is how long one input may run before the watchdog reports it with every goroutine's
// stack: under the 10 s after which Go's fuzzing engine stops a worker with no report at all.
const hangLimit = 8 * time.Second

// fuzzPeer is the editor side of a fuzzed session.
type fuzzPeer struct {
	tb   testing.TB
	conn io.ReadWriteCloser
	wmu  sync.Mutex

	mu       sync.Mutex
	changed  chan struct{} // closed and replaced on every response
	answers  map[string]int
	initIDs  map[string]bool
	enc      string
	events   [][]byte // didOpen/didChange/didClose bodies, in the order sent
	problems []string
	ended    bool // the server closed the connection
}

func newFuzzPeer(tb testing.TB, conn io.ReadWriteCloser) *fuzzPeer {
	p := &fuzzPeer{tb: tb, conn: conn, changed: make(chan struct{}), answers: map[string]int{},
		initIDs: map[string]bool{}, enc: "utf-16"}
	go p.readLoop()
	return p
}

func (p *fuzzPeer) problem(format string, args ...any) {
	p.mu.Lock()
	p.problems = append(p.problems, fmt.Sprintf(format, args...))
	p.mu.Unlock()
}

// canonicalID is the key of a JSON-RPC id, or "" when jsonrpc2 cannot represent it (then the
// message is not a request it can answer by id).
func canonicalID(raw json.RawMessage) string {
	if len(raw) == 0 || bytes.Equal(bytes.TrimSpace(raw), []byte("null")) {
		return ""
	}
	var id jsonrpc2.ID
	if id.UnmarshalJSON(raw) != nil {
		return ""
	}
	return fmt.Sprintf("%q", id)
}

// envelope is what the peer reads of a message.
type envelope struct {
	ID     json.RawMessage `json:"id"`
	Method json.RawMessage `json:"method"`
	Params json.RawMessage `json:"params"`
	Result json.RawMessage `json:"result"`
	Error  json.RawMessage `json:"error"`
}

func (e envelope) method() string {
	var m string
	_ = json.Unmarshal(e.Method, &m)
	return m
}

// send writes one framed body and returns the id the server must answer ("" for none).
func (p *fuzzPeer) send(body []byte) (string, error) {
	return p.note(body), p.write(body)
}

// note records a message about to be sent and returns the id the server must answer.
func (p *fuzzPeer) note(body []byte) string {
	var env envelope
	expect := ""
	if json.Unmarshal(body, &env) == nil && len(env.Method) > 0 {
		expect = canonicalID(env.ID)
		switch env.method() {
		case protocol.MethodTextDocumentDidOpen, protocol.MethodTextDocumentDidChange, protocol.MethodTextDocumentDidClose:
			p.mu.Lock()
			p.events = append(p.events, body)
			p.mu.Unlock()
		case protocol.MethodInitialize:
			p.mu.Lock()
			p.initIDs[expect] = true
			p.mu.Unlock()
		}
	}
	return expect
}

func (p *fuzzPeer) write(body []byte) error {
	p.wmu.Lock()
	defer p.wmu.Unlock()
	if _, err := fmt.Fprintf(p.conn, "Content-Length: %d\r\n\r\n", len(body)); err != nil {
		return err
	}
	_, err := p.conn.Write(body)
	return err
}

func (p *fuzzPeer) readLoop() {
	in := bufio.NewReader(p.conn)
	defer func() {
		p.mu.Lock()
		p.ended = true
		close(p.changed)
		p.changed = make(chan struct{})
		p.mu.Unlock()
	}()
	for {
		body, err := readFrame(in)
		if err != nil {
			if err != io.EOF && !strings.Contains(err.Error(), "closed") {
				p.problem("the server sent a bad frame: %v", err)
			}
			return
		}
		var env envelope
		if err := json.Unmarshal(body, &env); err != nil {
			p.problem("the server sent invalid JSON %q: %v", body, err)
			return
		}
		if len(env.Method) > 0 {
			if len(env.ID) > 0 {
				go p.answer(env)
			}
			continue
		}
		key := canonicalID(env.ID)
		if key == "" {
			key = "null"
		}
		p.mu.Lock()
		p.answers[key]++
		if p.initIDs[key] && len(env.Result) > 0 {
			var res struct {
				Capabilities struct {
					PositionEncoding string `json:"positionEncoding"`
				} `json:"capabilities"`
			}
			if json.Unmarshal(env.Result, &res) == nil && res.Capabilities.PositionEncoding != "" {
				p.enc = res.Capabilities.PositionEncoding
			}
		}
		close(p.changed)
		p.changed = make(chan struct{})
		p.mu.Unlock()
	}
}

// readFrame reads one Content-Length frame (the server's output is always well framed).
func readFrame(in *bufio.Reader) ([]byte, error) {
	n := -1
	for {
		line, err := in.ReadString('\n')
		if err != nil {
			if line == "" && n < 0 {
				return nil, io.EOF
			}
			return nil, err
		}
		line = strings.TrimSpace(line)
		if line == "" {
			break
		}
		if v, ok := strings.CutPrefix(line, "Content-Length: "); ok {
			if n, err = strconv.Atoi(v); err != nil {
				return nil, err
			}
		}
	}
	if n < 0 {
		return nil, fmt.Errorf("no Content-Length")
	}
	body := make([]byte, n)
	_, err := io.ReadFull(in, body)
	return body, err
}

// answer replies to a request from the server as an editor would.
func (p *fuzzPeer) answer(env envelope) {
	var result any
	switch env.method() {
	case protocol.MethodWorkspaceApplyEdit:
		var params protocol.ApplyWorkspaceEditParams
		if err := json.Unmarshal(env.Params, &params); err != nil {
			p.problem("workspace/applyEdit params %s: %v", env.Params, err)
		} else {
			p.checkEdit(params)
		}
		result = map[string]any{"applied": true}
	case protocol.MethodWindowShowMessageRequest:
		var params protocol.ShowMessageRequestParams
		if json.Unmarshal(env.Params, &params) == nil && len(params.Actions) > 0 {
			result = params.Actions[len(params.Actions)-1]
		}
	case protocol.MethodWorkspaceConfiguration:
		var params protocol.ConfigurationParams
		_ = json.Unmarshal(env.Params, &params)
		result = make([]any, len(params.Items))
	}
	body, _ := json.Marshal(map[string]any{"jsonrpc": "2.0", "id": env.ID, "result": result})
	_ = p.write(body)
}

// checkEdit checks that a versioned workspace/applyEdit fits a version of the document the peer
// sent: each edit replaces a word the fake refiner changes with one of its synonyms, or a gap
// with "filled" (redraft.apply's edits, which the peer itself chose, need only fit).
func (p *fuzzPeer) checkEdit(params protocol.ApplyWorkspaceEditParams) {
	p.mu.Lock()
	events, enc := append([][]byte(nil), p.events...), p.enc
	p.mu.Unlock()
	texts := replay(events, enc)
	for _, dc := range params.Edit.DocumentChanges {
		if dc.TextDocument.Version == nil {
			continue
		}
		uri, v := dc.TextDocument.URI, *dc.TextDocument.Version
		candidates := texts[docVersion{uri, v}]
		if len(candidates) == 0 {
			p.problem("workspace/applyEdit for version %d of %s, which the client never sent", v, uri)
			continue
		}
		fits := false
		for _, text := range candidates {
			if editsFit(text, dc.Edits, enc, params.Label == "Redraft: apply") {
				fits = true
				break
			}
		}
		if !fits {
			p.problem("workspace/applyEdit %q for version %d of %s fits no text of that version: %+v", params.Label, v, uri, dc.Edits)
		}
	}
}

type docVersion struct {
	uri     protocol.DocumentURI
	version int32
}

// replay rebuilds every text each (document, version) had, from the notifications sent.
func replay(events [][]byte, enc string) map[docVersion][]string {
	out := map[docVersion][]string{}
	current := map[protocol.DocumentURI]string{}
	for _, body := range events {
		var env envelope
		_ = json.Unmarshal(body, &env)
		switch env.method() {
		case protocol.MethodTextDocumentDidOpen:
			p, err := lsp.DecodeDidOpen(env.Params)
			if err != nil {
				continue
			}
			d := p.TextDocument
			current[d.URI] = d.Text
			out[docVersion{d.URI, d.Version}] = append(out[docVersion{d.URI, d.Version}], d.Text)
		case protocol.MethodTextDocumentDidChange:
			var p struct {
				TextDocument   protocol.VersionedTextDocumentIdentifier `json:"textDocument"`
				ContentChanges []struct {
					Range *protocol.Range `json:"range"`
					Text  string          `json:"text"`
				} `json:"contentChanges"`
			}
			if json.Unmarshal(env.Params, &p) != nil {
				continue
			}
			uri := p.TextDocument.URI
			text, ok := current[uri]
			if !ok {
				continue
			}
			for _, c := range p.ContentChanges {
				var err error
				if text, err = lsp.ApplyChange(text, c.Range, c.Text, enc); err != nil {
					delete(current, uri)
					break
				}
			}
			if _, ok := current[uri]; ok {
				current[uri] = text
				key := docVersion{uri, p.TextDocument.Version}
				out[key] = append(out[key], text)
			}
		case protocol.MethodTextDocumentDidClose:
			var p protocol.DidCloseTextDocumentParams
			if json.Unmarshal(env.Params, &p) == nil {
				delete(current, p.TextDocument.URI)
			}
		}
	}
	return out
}

// editsFit applies the edits to text; unless anyEdit, each must be one the fake refiner makes.
func editsFit(text string, edits []protocol.TextEdit, enc string, anyEdit bool) bool {
	gaps := refine.FindGaps(text, lsp.DefaultSettings().Markers)
	for _, e := range edits {
		r := e.Range
		changed, err := lsp.ApplyChange(text, &r, "\x00", enc)
		if err != nil {
			return false
		}
		if anyEdit {
			continue
		}
		i := strings.IndexByte(changed, 0)
		old := text[i : i+len(text)-(len(changed)-1)]
		ok := false
		for _, syn := range synonyms {
			ok = ok || syn[old] == e.NewText && e.NewText != ""
		}
		for _, g := range gaps {
			ok = ok || (e.NewText == "filled" && g.Start == i && g.End == i+len(old))
		}
		if !ok {
			return false
		}
	}
	return true
}

// fuzzSession runs one server with the fake refiner over a net.Pipe and returns the editor side
// and a function that closes the session and reports whether the server ended cleanly.
func fuzzSession(tb testing.TB) (*fuzzPeer, *observer.ObservedLogs, func() bool) {
	a, b := net.Pipe()
	return fuzzSessionOn(tb, a, b)
}

func fuzzSessionOn(tb testing.TB, serverSide, clientSide io.ReadWriteCloser) (*fuzzPeer, *observer.ObservedLogs, func() bool) {
	core, logs := observer.New(zap.WarnLevel)
	logger := zap.New(core)
	ctx, cancel := context.WithCancel(context.Background())
	conn, err := lsp.Serve(ctx, lsp.NewStream(serverSide, logger), lsp.WithRefiner(&fakeRefiner{steps: 2}),
		lsp.WithLogger(logger), lsp.WithExitHandler(func(int) {}),
		lsp.WithUserDictionary(filepath.Join(tb.TempDir(), "dictionary.txt")), // nothing shared across inputs
		lsp.WithWorkspaceRoot(tb.TempDir()),                                   // a fuzzed rootUri never names a real folder
		lsp.WithDiagnosticDelay(time.Hour))
	if err != nil {
		tb.Fatal(err)
	}
	peer := newFuzzPeer(tb, clientSide)
	return peer, logs, func() bool {
		_ = clientSide.Close()
		defer cancel()
		select {
		case <-conn.Done():
			return true
		case <-time.After(answerWait):
			return false
		}
	}
}

// waitAnswers waits until every id in want has been answered want[id] times, the server ends
// the connection, or answerWait passes; it returns the ids still short of answers.
func (p *fuzzPeer) waitAnswers(want map[string]int) []string {
	deadline := time.After(answerWait)
	for {
		p.mu.Lock()
		var missing []string
		for id, n := range want {
			if p.answers[id] < n {
				missing = append(missing, id)
			}
		}
		ended, changed := p.ended, p.changed
		p.mu.Unlock()
		if len(missing) == 0 || ended {
			return missing
		}
		select {
		case <-changed:
		case <-deadline:
			return missing
		}
	}
}

func addTraffic(f *testing.F, split func(lines [][]byte) []byte) {
	paths, _ := filepath.Glob("testdata/traffic/*.jsonl")
	if len(paths) == 0 {
		f.Fatal("no seed traffic in testdata/traffic")
	}
	for _, path := range paths {
		data, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		lines := bytes.Split(bytes.TrimSpace(data), []byte("\n"))
		f.Add(split(lines))
		// Shorter sessions, so mutations reach the later messages too.
		for n := 2; n < len(lines); n += 3 {
			f.Add(split(lines[:n]))
		}
	}
}

// FuzzServer: every message that parses as a request gets exactly one answer (an error where it
// is invalid), a bad message does not end the session, no edit names a version it was not
// computed for, nothing panics or hangs.
func FuzzServer(f *testing.F) {
	addTraffic(f, func(lines [][]byte) []byte { return bytes.Join(lines, []byte("\n")) })
	f.Add([]byte("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{}}\nnot json\n{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"shutdown\"}"))
	// One value and then more: jsonrpc2 alone would answer it, as if it were a request.
	f.Add([]byte("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{}}\n{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"shutdown\"}},\"x\"}"))
	f.Fuzz(func(t *testing.T, data []byte) { serveInput(t, data) })
}

// serveInput is one FuzzServer input: a session fed data's lines, checked as FuzzServer says.
func serveInput(t testing.TB, data []byte) {
	defer watchdog(data)()
	peer, _, end := fuzzSession(t)
	want := map[string]int{}
	exited := false
	for _, body := range bytes.Split(data, []byte("\n")) {
		if len(bytes.TrimSpace(body)) == 0 {
			continue
		}
		id, err := peer.send(body)
		if err != nil {
			break // the server ended the session (exit)
		}
		if id != "" {
			want[id]++
		}
		var env envelope
		if json.Unmarshal(body, &env) == nil && env.method() == protocol.MethodExit {
			exited = true
			break
		}
	}
	missing := peer.waitAnswers(want)
	if !exited {
		if len(missing) > 0 {
			t.Errorf("no answer to ids %v", missing)
		}
		peer.mu.Lock()
		ended := peer.ended
		for id, n := range want {
			if got := peer.answers[id]; got > n {
				t.Errorf("id %s answered %d times, sent %d times", id, got, n)
			}
		}
		peer.mu.Unlock()
		if ended {
			t.Errorf("the server ended a session with well-framed input")
		}
	}
	if !end() {
		t.Fatal("the server did not stop after the connection closed")
	}
	peer.mu.Lock()
	defer peer.mu.Unlock()
	for _, p := range peer.problems {
		t.Error(p)
	}
}

// FuzzServerFraming: broken framing ends the connection with a logged error; good frames before
// it are answered; nothing panics or hangs.
func FuzzServerFraming(f *testing.F) {
	addTraffic(f, func(lines [][]byte) []byte {
		var b bytes.Buffer
		for _, l := range lines {
			fmt.Fprintf(&b, "Content-Length: %d\r\n\r\n%s", len(l), l)
		}
		return b.Bytes()
	})
	f.Add([]byte("Content-Length: 5\r\n\r\n{}"))
	f.Add([]byte("Content-Length: -1\r\n\r\n"))
	f.Add([]byte("Content-Type: x\r\nContent-Length: 2\r\n\r\n{}Content-Length: 99999999999\r\n\r\n"))
	f.Add([]byte("no header at all\r\n\r\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		defer watchdog(data)()
		// The server reads from an io.Pipe, so the input can end with a clean EOF.
		inR, inW := io.Pipe()
		outR, outW := io.Pipe()
		server := pipeEnd{inR, outW}
		client := pipeEnd{outR, inW}
		peer, logs, end := fuzzSessionOn(t, server, client)

		frames, state := splitFrames(data)
		want := map[string]int{}
		exited := false
		for _, body := range frames {
			if id := peer.note(body); id != "" {
				want[id]++
			}
			var env envelope
			exited = exited || json.Unmarshal(body, &env) == nil && env.method() == protocol.MethodExit
		}
		written := make(chan struct{})
		go func() {
			_, _ = inW.Write(data)
			close(written)
		}()
		if state == framesClean && !exited {
			if missing := peer.waitAnswers(want); len(missing) > 0 {
				t.Errorf("no answer to ids %v of well-framed input", missing)
			}
		}
		select { // all read, or the server stopped reading (it closes its end on broken framing)
		case <-written:
		case <-time.After(answerWait):
			t.Fatal("the server stopped reading without closing the connection")
		}
		_ = inW.Close() // EOF after the input
		if !end() {
			t.Fatal("the server did not stop")
		}
		if state == framesBroken && !exited {
			if logs.FilterMessage("connection ended").Len() == 0 {
				t.Errorf("broken framing ended the session without a logged error")
			}
		}
		peer.mu.Lock()
		defer peer.mu.Unlock()
		for _, p := range peer.problems {
			t.Error(p)
		}
	})
}

// watchdog reports an input that runs longer than hangLimit (a hang the harness itself does not
// catch) and panics. The fuzzing engine discards a worker's output, so the report goes to a file
// in $REDRAFT_FUZZ_HANGS (default: the temporary folder): the input, the wall and CPU time it
// took so far (a starved process has used little CPU), the load average and every goroutine's
// stack.
func watchdog(input []byte) (stop func()) {
	crashReports()
	start, cpu0 := time.Now(), cputime.Process()
	t := time.AfterFunc(hangLimit, func() {
		buf := make([]byte, 16<<20)
		stacks := buf[:runtime.Stack(buf, true)]
		load, _ := os.ReadFile("/proc/loadavg")
		report := fmt.Sprintf("fuzz input hung: %v wall, %v CPU of this process; load average %s\ninput: %q\n\n%s",
			time.Since(start), cputime.Process()-cpu0, bytes.TrimSpace(load), input, stacks)
		path := filepath.Join(reportDir(), fmt.Sprintf("redraft-fuzz-hang-%d-%d.txt", os.Getpid(), start.UnixNano()))
		if err := os.WriteFile(path, []byte(report), 0o644); err != nil {
			path = "(not written: " + err.Error() + ")"
		}
		panic("fuzz input hung; report in " + path + "\n" + report)
	})
	return func() { t.Stop() }
}

// reportDir is $REDRAFT_FUZZ_HANGS, or the temporary folder.
func reportDir() string {
	if dir := os.Getenv("REDRAFT_FUZZ_HANGS"); dir != "" {
		return dir
	}
	return os.TempDir()
}

var crashReportsOnce sync.Once

// crashReports makes a crash of this process (an unrecovered panic in any goroutine, the fuzzing
// engine's own 10 s limit, a fatal runtime error) print every goroutine's stack to a file in
// $REDRAFT_FUZZ_HANGS as well, when that is set: the fuzzing engine discards its workers' output,
// so a worker that dies is otherwise reported only as "exit status 2".
func crashReports() {
	crashReportsOnce.Do(func() {
		if os.Getenv("REDRAFT_FUZZ_HANGS") == "" {
			return
		}
		f, err := os.Create(filepath.Join(reportDir(), fmt.Sprintf("redraft-fuzz-crash-%d.txt", os.Getpid())))
		if err != nil {
			return
		}
		defer f.Close() // SetCrashOutput keeps its own descriptor
		debug.SetTraceback("all")
		_ = debug.SetCrashOutput(f, debug.CrashOptions{})
	})
}

type pipeEnd struct {
	io.ReadCloser
	io.WriteCloser
}

func (p pipeEnd) Close() error {
	_ = p.ReadCloser.Close()
	return p.WriteCloser.Close()
}

// frameState is what splitFrames makes of an input.
type frameState int

const (
	framesClean     frameState = iota // every frame well formed
	framesBroken                      // the framing breaks somewhere
	framesUncertain                   // a header line near the server's 4 KiB buffer: either may happen
)

// splitFrames parses data as the server's stream does and returns the frames before any break.
func splitFrames(data []byte) (frames [][]byte, state frameState) {
	for len(data) > 0 {
		n := -1
		lines := 0
		for {
			i := bytes.IndexByte(data, '\n')
			switch {
			case i >= 4000 && i <= 4200:
				return frames, framesUncertain
			case i < 0 || i > 4200 || lines == 32:
				return frames, framesBroken
			}
			line := strings.TrimSpace(string(data[:i]))
			data = data[i+1:]
			lines++
			if line == "" {
				break
			}
			name, value, ok := strings.Cut(line, ":")
			if !ok {
				return frames, framesBroken
			}
			if strings.EqualFold(strings.TrimSpace(name), "Content-Length") {
				v, err := strconv.ParseInt(strings.TrimSpace(value), 10, 64)
				if err != nil || v < 0 || v > lsp.MaxMessageBytes {
					return frames, framesBroken
				}
				n = int(v)
			}
		}
		if n < 0 || n > len(data) {
			return frames, framesBroken
		}
		frames = append(frames, data[:n])
		data = data[n:]
	}
	return frames, framesClean
}

// A fuzzed session may name any folder as its root and add a word to the workspace dictionary:
// the harness pins the workspace to a temporary folder, so the named folder is never written.
func TestFuzzSessionPinsWorkspace(t *testing.T) {
	named := t.TempDir()
	input := fmt.Sprintf(`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{},"rootUri":"file://%s"}}
{"jsonrpc":"2.0","method":"initialized","params":{}}
{"jsonrpc":"2.0","id":2,"method":"workspace/executeCommand","params":{"command":%q,"arguments":[{"uri":"file:///a.md","word":"zorblat","scope":"workspace"}]}}`,
		filepath.ToSlash(named), lsp.CommandAddWord)
	serveInput(t, []byte(input))
	if _, err := os.Stat(filepath.Join(named, ".redraft")); !os.IsNotExist(err) {
		t.Errorf("the session wrote into the folder its rootUri named (stat: %v)", err)
	}
}
