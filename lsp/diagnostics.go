package lsp

import (
	"context"
	"errors"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"go.lsp.dev/protocol"
	"go.uber.org/zap"

	"github.com/redraft/redraft/refine"
)

// Checking as you write (setting "diagnostics", on by default). After a document opens or its
// edits pause, the server refines the document's prose in the background, chunk by chunk, and
// publishes every fix refine would make as an Information diagnostic on the words it would change
// (message: the edit's Reason, such as "doubled word"). Each diagnostic gets quick fixes: the fix
// itself (one versioned edit), "Add “w” to the dictionary" and "Ignore this suggestion here".
//
// The stages of one pass over a document:
//
//	chunks   the prose of the document, cut into paragraphs (at most maxChunkBytes each); code,
//	         front matter and commit-message comments are never part of a chunk
//	select   the chunks whose text has no result yet (a chunk's result is keyed by its text, so an
//	         edit re-checks only the paragraphs it touched); in a document over largeDocument
//	         bytes only chunks near what changed since the last pass, never the whole document
//	refine   each selected chunk, one model call per chunk, on the model worker as background
//	         work: any user request preempts it (the pass is cancelled and runs again after the
//	         next pause, keeping the chunks it finished)
//	publish  the findings of the latest text: every chunk with a result, less edits on structure
//	         (code spans, URLs, syntax), on dictionary words, or ignored here
//
// Only documents of a checkedLanguage are checked; others still get every command.

const (
	defaultCheckDelay = 1500 * time.Millisecond
	maxChunkBytes     = 2000      // a longer paragraph is cut at sentence ends
	largeDocument     = 200 << 10 // bytes; larger documents are checked only around edits
	largeMaxChunks    = 32        // chunks per pass in a large document
	publishEvery      = 2 * time.Second
	// checkContext bounds the tokens of context each side of a checked chunk (the contextTokens
	// setting still applies when smaller): a paragraph's own sentences carry most of what judging
	// them needs, and it saves a quarter of the CPU time (BenchmarkCheckCosts: 31 rather than 41
	// CPU-ms per word).
	checkContext  = 64
	ignoreContext = 24 // bytes of text either side of a finding that identify it for "ignore here"
)

// checkedLanguage reports whether documents of a language id (VS Code's or Neovim's) are checked.
func checkedLanguage(lang string) bool {
	switch lang {
	case "markdown", "plaintext", "text", "git-commit", "gitcommit":
		return true
	}
	return false
}

// WithDiagnosticDelay sets how long edits must pause before a document is checked (default 1.5 s).
func WithDiagnosticDelay(d time.Duration) Option { return func(o *options) { o.checkDelay = &d } }

// WithUserDictionary sets the user dictionary file (default $XDG_CONFIG_HOME/redraft/dictionary.txt).
func WithUserDictionary(path string) Option { return func(o *options) { o.userDictionary = &path } }

// checker owns the check-as-you-write state of every open document.
type checker struct {
	s     *server
	delay time.Duration

	// publishing is held from reading the dictionary to sending, so a publish that read the
	// dictionary before a word was added cannot arrive after the one that read it after.
	publishing sync.Mutex

	mu      sync.Mutex
	docs    map[protocol.DocumentURI]*checkedDoc
	seq     int
	jobs    map[int]context.CancelFunc // passes queued or running
	stopped bool                       // shutdown, or the connection ended: nothing is scheduled again
}

// checkedDoc is one checked document.
type checkedDoc struct {
	commit    bool // a commit message: "#" lines are comments
	timer     *time.Timer
	results   map[string][]refine.Edit // chunk text -> its guarded edits, relative to the chunk
	checked   string                   // the text the last complete pass saw
	ignored   map[string]bool          // ignore keys ("ignore this suggestion here")
	published []finding                // what the client shows now
	nextID    int
}

// finding is one published diagnostic and the fix behind it.
type finding struct {
	id         int
	gen        uint64 // the document generation it was found in (see snapshot)
	start, end int    // the edit, bytes of that generation
	old, text  string // the replaced text and its replacement
	kind       refine.Kind
	message    string
	rng        protocol.Range // the words marked
	key        string         // its ignore key
	word       string         // the word "add to the dictionary" offers, or ""
}

func newChecker(s *server, delay time.Duration) *checker {
	return &checker{s: s, delay: delay, docs: make(map[protocol.DocumentURI]*checkedDoc),
		jobs: make(map[int]context.CancelFunc)}
}

// open starts checking a document of a checked language.
func (c *checker) open(uri protocol.DocumentURI, lang string, text string) {
	if !checkedLanguage(lang) {
		return
	}
	c.mu.Lock()
	c.docs[uri] = &checkedDoc{
		commit:  lang == "git-commit" || lang == "gitcommit",
		results: make(map[string][]refine.Edit),
		checked: text, // a large document is checked only where it changes
		ignored: make(map[string]bool),
	}
	c.mu.Unlock()
	c.schedule(uri)
}

// schedule (re)starts a document's pause timer if diagnostics are on and checking has not
// stopped.
func (c *checker) schedule(uri protocol.DocumentURI) {
	if !c.s.currentSettings().Diagnostics {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	d := c.docs[uri]
	if d == nil || c.stopped {
		return
	}
	if d.timer != nil {
		d.timer.Stop()
	}
	d.timer = time.AfterFunc(c.delay, func() { c.run(uri) })
}

// scheduleAll schedules every checked document.
func (c *checker) scheduleAll() {
	for _, uri := range c.uris() {
		c.schedule(uri)
	}
}

func (c *checker) uris() []protocol.DocumentURI {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make([]protocol.DocumentURI, 0, len(c.docs))
	for uri := range c.docs {
		out = append(out, uri)
	}
	return out
}

// preempt cancels every queued or running pass. (A user request queued on the worker preempts a
// running pass by itself: the pass then ends with errPreempted.)
func (c *checker) preempt() {
	c.mu.Lock()
	cancels := make([]context.CancelFunc, 0, len(c.jobs))
	for _, cancel := range c.jobs {
		cancels = append(cancels, cancel)
	}
	c.mu.Unlock()
	for _, cancel := range cancels {
		cancel()
	}
}

// stop ends checking for good (shutdown, or the connection ended): every pause timer is stopped,
// every queued or running pass cancelled, and nothing is scheduled again. A timer left running
// would hold the whole session (documents, worker, connection) until it fired, and then queue a
// pass on a server that is gone.
func (c *checker) stop() {
	c.mu.Lock()
	c.stopped = true
	for _, d := range c.docs {
		if d.timer != nil {
			d.timer.Stop()
			d.timer = nil
		}
	}
	c.mu.Unlock()
	c.preempt()
}

// close forgets a document and clears its diagnostics.
func (c *checker) close(uri protocol.DocumentURI) {
	c.mu.Lock()
	d := c.docs[uri]
	delete(c.docs, uri)
	if d != nil && d.timer != nil {
		d.timer.Stop()
	}
	c.mu.Unlock()
	if d != nil && d.published != nil {
		c.send(uri, 0, nil)
	}
}

// disable stops every pass and clears every diagnostic (the setting was turned off). The results
// are kept: turning it back on publishes them at once.
func (c *checker) disable() {
	c.mu.Lock()
	var cleared []protocol.DocumentURI
	for uri, d := range c.docs {
		if d.timer != nil {
			d.timer.Stop()
		}
		if d.published != nil {
			cleared = append(cleared, uri)
		}
		d.published = nil
	}
	c.mu.Unlock()
	c.preempt()
	for _, uri := range cleared {
		c.send(uri, 0, nil)
	}
}

// forgetResults drops every chunk result (the dialect changed: they may be wrong now) and checks
// every document again.
func (c *checker) forgetResults() {
	c.mu.Lock()
	for _, d := range c.docs {
		d.results = make(map[string][]refine.Edit)
		d.checked = ""
	}
	c.mu.Unlock()
	c.preempt()
	c.scheduleAll()
}

// run queues one pass over a document as background work. A preempted pass is tried again after
// the next pause. A timer that fired as checking stopped queues nothing.
func (c *checker) run(uri protocol.DocumentURI) {
	s := c.s
	ctx, cancel := context.WithCancel(s.connCtx)
	c.mu.Lock()
	if c.stopped {
		c.mu.Unlock()
		cancel()
		return
	}
	c.seq++
	id := c.seq
	c.jobs[id] = cancel
	c.mu.Unlock()
	j := s.worker.enqueueBackground(ctx, func(ctx context.Context) error {
		if !s.currentSettings().Diagnostics {
			return nil
		}
		return c.pass(ctx, uri)
	})
	go func() {
		err := s.worker.wait(j)
		c.mu.Lock()
		delete(c.jobs, id)
		c.mu.Unlock()
		cancel()
		switch {
		case (errors.Is(err, errPreempted) || errors.Is(err, context.Canceled)) && s.connCtx.Err() == nil:
			c.schedule(uri)
		case err != nil:
			s.logger.Debug("check failed", zap.String("uri", string(uri)), zap.Error(err))
		}
	}()
}

// pass checks the chunks of a document that have no result yet and publishes the findings.
func (c *checker) pass(ctx context.Context, uri protocol.DocumentURI) error {
	s := c.s
	snap, err := s.docs.get(uri)
	if err != nil {
		return nil // closed meanwhile
	}
	c.mu.Lock()
	d := c.docs[uri]
	if d == nil {
		c.mu.Unlock()
		return nil
	}
	commit, checked := d.commit, d.checked
	chunks := proseChunks(snap.text, commit)
	todo := make([][2]int, 0, len(chunks))
	near := changedRegion(checked, snap.text)
	for _, ch := range chunks {
		if _, done := d.results[snap.text[ch[0]:ch[1]]]; done {
			continue
		}
		if len(snap.text) > largeDocument && (ch[1] < near[0] || ch[0] > near[1] || len(todo) == largeMaxChunks) {
			continue
		}
		todo = append(todo, ch)
	}
	c.mu.Unlock()

	if len(todo) > 0 {
		r, err := s.ensureModel()
		if err != nil {
			return err
		}
		opt := s.refineOptions(1)
		opt.Context = min(opt.Context, checkContext)
		last := time.Now()
		for i, ch := range todo {
			edits, err := checkChunk(ctx, r, snap.text, ch, opt)
			if err != nil {
				return err
			}
			c.mu.Lock()
			if d := c.docs[uri]; d != nil {
				d.results[snap.text[ch[0]:ch[1]]] = edits
			}
			c.mu.Unlock()
			if i < len(todo)-1 && time.Since(last) >= publishEvery {
				c.publish(uri) // show what is known so far on a long first check
				last = time.Now()
			}
		}
	}
	c.mu.Lock()
	if d := c.docs[uri]; d != nil {
		d.checked = snap.text
		if len(snap.text) <= largeDocument {
			keep := make(map[string][]refine.Edit, len(chunks))
			for _, ch := range chunks {
				k := snap.text[ch[0]:ch[1]]
				if e, ok := d.results[k]; ok {
					keep[k] = e
				}
			}
			d.results = keep
		}
	}
	c.mu.Unlock()
	c.publish(uri)
	return nil
}

// checkChunk refines one chunk of doc and returns the edits refine would make, relative to the
// chunk's start, less those on structure (code, URLs, syntax). A chunk refine refuses (too long,
// not refinable) gives none.
func checkChunk(ctx context.Context, r Refiner, doc string, ch [2]int, opt refine.Options) ([]refine.Edit, error) {
	res, err := r.Refine(ctx, doc, ch[0], ch[1], opt, nil)
	switch {
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return nil, err
	case err != nil:
		return []refine.Edit{}, nil
	}
	edits := []refine.Edit{}
	if res == nil || len(res.Candidates) == 0 {
		return edits, nil
	}
	text := doc[ch[0]:ch[1]]
	structure := refine.ProtectedRanges(text, true) // numbers and names: refine decides
	for _, e := range effective(doc, res.Candidates[0].Edits) {
		if e.Start < ch[0] || e.End > ch[1] {
			continue
		}
		e.Start -= ch[0]
		e.End -= ch[0]
		if overlapsAny(e.Start, e.End, structure) {
			continue
		}
		edits = append(edits, e)
	}
	return edits, nil
}

// overlapsAny reports whether [s,e) overlaps (or, for an insertion, falls inside) a range.
func overlapsAny(s, e int, ranges [][2]int) bool {
	for _, r := range ranges {
		if s < r[1] && r[0] < e || s == e && r[0] < s && s < r[1] {
			return true
		}
	}
	return false
}

// changedRegion returns the byte range of b that differs from a (after their common prefix and
// before their common suffix); an empty range at the end when they are equal.
func changedRegion(a, b string) [2]int {
	p := 0
	for p < len(a) && p < len(b) && a[p] == b[p] {
		p++
	}
	q := 0
	for q < len(a)-p && q < len(b)-p && a[len(a)-1-q] == b[len(b)-1-q] {
		q++
	}
	return [2]int{p, len(b) - q}
}

// publish sends the findings of the document's latest text.
func (c *checker) publish(uri protocol.DocumentURI) {
	c.publishing.Lock()
	defer c.publishing.Unlock()
	s := c.s
	snap, err := s.docs.get(uri)
	if err != nil || !s.currentSettings().Diagnostics {
		return
	}
	words, derr := s.dict.words()
	if derr != nil {
		s.logger.Warn("dictionary unreadable", zap.Error(derr))
	}
	dict := newWordSet(words)
	enc := s.encoding()

	c.mu.Lock()
	d := c.docs[uri]
	if d == nil {
		c.mu.Unlock()
		return
	}
	var found []finding
	for _, ch := range proseChunks(snap.text, d.commit) {
		edits, ok := d.results[snap.text[ch[0]:ch[1]]]
		if !ok {
			continue
		}
		for _, e := range edits {
			f, ok := newFinding(snap, ch[0], e, enc)
			ms, me := f.marked(snap)
			if !ok || d.ignored[f.key] || dict.touches(f.old) || dict.touches(snap.text[ms:me]) {
				continue
			}
			d.nextID++
			f.id = d.nextID
			found = append(found, f)
		}
	}
	if found == nil {
		found = []finding{}
	}
	d.published = found
	c.mu.Unlock()

	diags := make([]protocol.Diagnostic, len(found))
	for i, f := range found {
		diags[i] = protocol.Diagnostic{
			Range:    f.rng,
			Severity: protocol.DiagnosticSeverityInformation,
			Code:     f.kind.String(),
			Source:   "redraft",
			Message:  f.message,
			Data:     diagnosticData{ID: f.id},
		}
	}
	c.send(uri, snap.version, diags)
}

// republishAll publishes every checked document again (the dictionary changed).
func (c *checker) republishAll() {
	for _, uri := range c.uris() {
		c.publish(uri)
	}
}

// diagnosticData is the data of every published diagnostic; clients send it back in codeAction.
type diagnosticData struct {
	ID int `json:"redraftID"`
}

// send sends textDocument/publishDiagnostics.
func (c *checker) send(uri protocol.DocumentURI, version int32, diags []protocol.Diagnostic) {
	if diags == nil {
		diags = []protocol.Diagnostic{}
	}
	params := &protocol.PublishDiagnosticsParams{URI: uri, Diagnostics: diags}
	if version > 0 {
		params.Version = uint32(version)
	}
	s := c.s
	if err := s.conn.Notify(context.WithoutCancel(s.connCtx), protocol.MethodTextDocumentPublishDiagnostics, params); err != nil {
		s.logger.Debug("publishDiagnostics failed", zap.Error(err))
	}
}

// newFinding describes one chunk-relative edit: the words it marks (an insertion marks the word
// before it, or after it at the start of the chunk) and what it says.
func newFinding(snap snapshot, base int, e refine.Edit, enc encoding) (finding, bool) {
	f := finding{
		gen:   snap.gen,
		start: base + e.Start, end: base + e.End,
		text: e.Text, kind: e.Kind,
	}
	f.old = snap.text[f.start:f.end]
	old, repl := strings.TrimSpace(f.old), strings.Join(strings.Fields(e.Text), " ")
	if old == "" && repl == "" {
		return finding{}, false
	}
	f.message = e.Reason
	if f.message == "" {
		f.message = fallbackMessage(e.Kind, old, repl)
	}
	ms, me := f.marked(snap)
	rng, err := snap.rangeOf(ms, me, enc)
	if err != nil {
		return finding{}, false
	}
	f.rng = rng
	lo, hi := max(base, f.start-ignoreContext), min(len(snap.text), f.end+ignoreContext)
	for lo > 0 && !utf8.RuneStart(snap.text[lo]) {
		lo--
	}
	for hi < len(snap.text) && !utf8.RuneStart(snap.text[hi]) {
		hi++
	}
	f.key = f.message + "\x00" + snap.text[lo:f.start] + "\x00" + f.old + "\x00" + f.text + "\x00" + snap.text[f.end:hi]
	if w := dictionaryWords(old); len(w) == 1 && w[0] == strings.Trim(old, ".,;:!?\"“”()") && offersAddWord(e.Kind) {
		f.word = w[0]
	}
	return f, true
}

// marked returns the marked words: the edited text without its surrounding spaces, or for an
// insertion the word before it (after it when nothing comes before on its line).
func (f finding) marked(snap snapshot) (int, int) {
	s, e := f.start, f.end
	for s < e && isSpace(snap.text[s]) {
		s++
	}
	for e > s && isSpace(snap.text[e-1]) {
		e--
	}
	if s < e {
		return s, e
	}
	return wordAround(snap.text, f.start)
}

// wordAround returns the word that ends at or before off on its line, or else the one that
// starts at or after it; off itself (an empty range) if neither exists.
func wordAround(text string, off int) (int, int) {
	isWord := func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) || r == '\'' || r == '’' }
	e := off
	for e > 0 && (text[e-1] == ' ' || text[e-1] == '\t') {
		e--
	}
	s := e
	for s > 0 {
		r, n := utf8.DecodeLastRuneInString(text[:s])
		if !isWord(r) {
			break
		}
		s -= n
	}
	if s < e {
		return s, e
	}
	s = off
	for s < len(text) && (text[s] == ' ' || text[s] == '\t') {
		s++
	}
	e = s
	for e < len(text) {
		r, n := utf8.DecodeRuneInString(text[e:])
		if !isWord(r) {
			break
		}
		e += n
	}
	if s < e {
		return s, e
	}
	return off, off
}

// fallbackMessage says what an edit does when refine gave no reason.
func fallbackMessage(k refine.Kind, old, repl string) string {
	switch {
	case old == "":
		return "Redraft would insert “" + repl + "” here (" + k.String() + ")"
	case repl == "":
		return "Redraft would remove “" + old + "” (" + k.String() + ")"
	}
	return "Redraft would write “" + repl + "” (" + k.String() + ")"
}

// offersAddWord reports whether a finding of kind k is about a word the writer might want in the
// dictionary (not about order, repetition, a missing word, a capital letter, "a"/"an", or the
// agreement of a verb, a noun's number or a comparative, which grammar decides).
func offersAddWord(k refine.Kind) bool {
	switch k {
	case refine.KindDoubled, refine.KindSwap, refine.KindMissing, refine.KindExtra, refine.KindFill, refine.KindCapital, refine.KindArticle, refine.KindAgreement,
		refine.KindNumber, refine.KindComparative, refine.KindPlainVerb, refine.KindQuantifier:
		return false
	}
	return true
}

// proseChunks returns the byte ranges of the prose in text, in order: paragraphs (blank lines
// separate them) trimmed of surrounding whitespace, each at most maxChunkBytes (a longer one is
// cut after a sentence end or a line). Never part of a chunk: YAML/TOML front matter, fenced and
// indented code blocks, lines without a letter, and in a commit message (commit) its "#" comment
// lines and everything from the scissors line on.
func proseChunks(text string, commit bool) [][2]int {
	var out [][2]int
	start, end := -1, -1 // the paragraph being gathered
	flush := func() {
		if start >= 0 {
			out = appendChunks(out, text, start, end)
		}
		start = -1
	}
	var fence string // the open code fence ("```" or "~~~" run), if any
	front := ""      // the closing line of open front matter, if any
	prevBlank := true
	for off, n := 0, 0; off < len(text); off += n {
		line := text[off:]
		if i := strings.IndexByte(line, '\n'); i >= 0 {
			line = line[:i+1]
		}
		n = len(line)
		trim := strings.TrimSpace(line)
		skip := false
		switch {
		case off == 0 && !commit && (trim == "---" || trim == "+++"):
			front, skip = trim, true
		case front != "":
			if trim == front || (front == "---" && trim == "...") {
				front = ""
			}
			skip = true
		case fence != "":
			if strings.HasPrefix(trim, fence) && strings.Trim(trim, fence[:1]) == "" {
				fence = ""
			}
			skip = true
		case !commit && (strings.HasPrefix(trim, "```") || strings.HasPrefix(trim, "~~~")):
			fence = trim[:3]
			for len(fence) < len(trim) && trim[len(fence)] == trim[0] {
				fence = trim[:len(fence)+1]
			}
			skip = true
		case commit && strings.HasPrefix(line, "# ------------------------ >8 ------------------------"):
			flush()
			return out
		case commit && strings.HasPrefix(line, "#"):
			skip = true
		case !commit && prevBlank && (strings.HasPrefix(line, "    ") || strings.HasPrefix(line, "\t")) && trim != "":
			skip = true // an indented code block: it stays one until a blank line
			n = indentedBlock(text, off)
		case strings.IndexFunc(trim, unicode.IsLetter) < 0:
			skip = true // blank, a rule, a table delimiter row, numbers only
		}
		if skip {
			flush()
			prevBlank = true // what follows a skipped line starts a new block
			continue
		}
		if start < 0 {
			start = off
		}
		end = off + n
		prevBlank = false
	}
	flush()
	return out
}

// indentedBlock returns the length of the indented code block starting at off: up to the next
// non-blank line that is not indented.
func indentedBlock(text string, off int) int {
	i := off
	for i < len(text) {
		line := text[i:]
		if j := strings.IndexByte(line, '\n'); j >= 0 {
			line = line[:j+1]
		}
		if strings.TrimSpace(line) != "" && !strings.HasPrefix(line, "    ") && !strings.HasPrefix(line, "\t") {
			break
		}
		i += len(line)
	}
	return i - off
}

// appendChunks appends text[start:end] trimmed, cut into pieces of at most maxChunkBytes after a
// sentence end or a line end where possible.
func appendChunks(out [][2]int, text string, start, end int) [][2]int {
	for start < end {
		for start < end && isSpace(text[start]) {
			start++
		}
		e := end
		for e > start && isSpace(text[e-1]) {
			e--
		}
		if start >= e {
			break
		}
		if e-start > maxChunkBytes {
			e = cutPoint(text, start, start+maxChunkBytes)
		}
		out = append(out, [2]int{start, e})
		start = e
	}
	return out
}

// cutPoint returns where to cut text[start:limit]: after its last sentence end (". ", "? ", "! ")
// or line end, else after its last space, else at a rune boundary at limit.
func cutPoint(text string, start, limit int) int {
	piece := text[start:limit]
	best := -1
	for _, sep := range []string{". ", "? ", "! ", ".\n", "?\n", "!\n", "\n"} {
		if i := strings.LastIndex(piece, sep); i >= 0 && i+1 > best {
			best = i + 1
		}
	}
	if best <= 0 {
		best = strings.LastIndexByte(piece, ' ')
	}
	if best <= 0 {
		best = len(piece)
		for best > 0 && !utf8.RuneStart(text[start+best]) {
			best--
		}
	}
	return start + best
}

func isSpace(b byte) bool { return b == ' ' || b == '\t' || b == '\n' || b == '\r' }
