package lsp

import (
	"bufio"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"
)

// The dictionary: words the writer has told Redraft are right. They are never flagged and never
// changed (they go to refine as Options.UserWords, and any edit that would touch one is dropped).
//
// Two plain-text files, one word per line ("#" starts a comment line), UTF-8:
//
//	user       $XDG_CONFIG_HOME/redraft/dictionary.txt (os.UserConfigDir), shared by every
//	           workspace and every running server
//	workspace  <workspace root>/.redraft/dictionary.txt, optional, for a project's own terms
//
// The files are the truth: they are re-read whenever their size or modification time changes, so
// a word added by another editor window (or by hand) counts at the next check. Writes go to a
// temporary file in the same folder that is then renamed over the old one, so a reader never sees
// half a file and a crash loses nothing.

// dictionaryFile is the file name in both places.
const dictionaryFile = "dictionary.txt"

// Dictionary scopes, as the redraft.addWord command names them.
const (
	scopeUser      = "user"
	scopeWorkspace = "workspace"
)

// maxWordBytes bounds one dictionary word.
const maxWordBytes = 128

// dictionary is the user and workspace word lists. Its methods are safe for concurrent use.
type dictionary struct {
	mu        sync.Mutex
	userPath  string // "" when there is no user config folder
	workspace string // "" until initialize names a workspace folder
	files     map[string]*wordFile
}

// wordFile is one file's words as last read.
type wordFile struct {
	size  int64
	mtime time.Time
	words []string
}

// defaultUserDictionary is $XDG_CONFIG_HOME/redraft/dictionary.txt (or the platform's config
// folder), or "" if the platform has none.
func defaultUserDictionary() string {
	dir, err := os.UserConfigDir()
	if err != nil {
		return ""
	}
	return filepath.Join(dir, "redraft", dictionaryFile)
}

func newDictionary(userPath string) *dictionary {
	return &dictionary{userPath: userPath, files: make(map[string]*wordFile)}
}

// setWorkspace sets the workspace folder whose .redraft/dictionary.txt is read ("" for none).
func (d *dictionary) setWorkspace(root string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if root == "" {
		d.workspace = ""
		return
	}
	d.workspace = filepath.Join(root, ".redraft", dictionaryFile)
}

// path returns the file of a scope, or an error saying why there is none.
func (d *dictionary) path(scope string) (string, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	switch scope {
	case scopeUser:
		if d.userPath == "" {
			return "", errors.New("there is no user configuration folder (set XDG_CONFIG_HOME or HOME)")
		}
		return d.userPath, nil
	case scopeWorkspace:
		if d.workspace == "" {
			return "", errors.New("the editor opened no workspace folder")
		}
		return d.workspace, nil
	}
	return "", fmt.Errorf("unknown dictionary %q (use %q or %q)", scope, scopeUser, scopeWorkspace)
}

// hasWorkspace reports whether a workspace dictionary can be written.
func (d *dictionary) hasWorkspace() bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.workspace != ""
}

// words returns the words of both files, re-reading a file that changed on disk. A file that
// cannot be read counts as empty (and err says why); a missing file is simply empty.
func (d *dictionary) words() (words []string, err error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	var errs []error
	for _, p := range []string{d.userPath, d.workspace} {
		if p == "" {
			continue
		}
		f, rerr := d.load(p)
		if rerr != nil {
			errs = append(errs, rerr)
		}
		words = append(words, f.words...)
	}
	slices.Sort(words)
	return slices.Compact(words), errors.Join(errs...)
}

// load returns the file's words, re-reading it if its size or time changed. Callers hold d.mu.
func (d *dictionary) load(path string) (*wordFile, error) {
	st, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		delete(d.files, path)
		return &wordFile{}, nil
	}
	if err != nil {
		return &wordFile{}, err
	}
	if f := d.files[path]; f != nil && f.size == st.Size() && f.mtime.Equal(st.ModTime()) {
		return f, nil
	}
	words, err := readWords(path)
	if err != nil {
		return &wordFile{}, err
	}
	f := &wordFile{size: st.Size(), mtime: st.ModTime(), words: words}
	d.files[path] = f
	return f, nil
}

// readWords reads a word list: one word per line, blank lines and "#" comment lines skipped.
func readWords(path string) ([]string, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer fh.Close()
	var words []string
	sc := bufio.NewScanner(fh)
	for sc.Scan() {
		w := strings.TrimSpace(sc.Text())
		if w == "" || strings.HasPrefix(w, "#") || !utf8.ValidString(w) {
			continue
		}
		words = append(words, w)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	return words, nil
}

// add appends word to the scope's file (creating the file and its folder if needed) unless it is
// already there, and returns the file's path.
func (d *dictionary) add(scope, word string) (string, error) {
	if err := checkWord(word); err != nil {
		return "", err
	}
	path, err := d.path(scope)
	if err != nil {
		return "", err
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	old, err := os.ReadFile(path)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return path, err
	}
	for _, line := range strings.Split(string(old), "\n") {
		if strings.TrimSpace(line) == word {
			return path, nil
		}
	}
	text := string(old)
	if text != "" && !strings.HasSuffix(text, "\n") {
		text += "\n"
	}
	if text == "" {
		text = "# Redraft dictionary: one word per line. Redraft never flags or changes these words.\n"
	}
	if err := writeAtomic(path, []byte(text+word+"\n")); err != nil {
		return path, err
	}
	delete(d.files, path) // re-read at the next use
	return path, nil
}

// checkWord refuses what cannot be a dictionary line: empty, blank inside, a comment, too long.
func checkWord(w string) error {
	switch {
	case w == "" || !utf8.ValidString(w):
		return errors.New("the word is empty or not valid UTF-8")
	case len(w) > maxWordBytes:
		return fmt.Errorf("the word is longer than %d bytes", maxWordBytes)
	case strings.HasPrefix(w, "#"):
		return errors.New(`a word cannot start with "#" (that marks a comment line)`)
	case strings.IndexFunc(w, unicode.IsSpace) >= 0:
		return fmt.Errorf("%q holds a space; add one word at a time", w)
	}
	return nil
}

// writeAtomic replaces path with data: it writes a temporary file beside it, syncs it, and renames
// it over path.
func writeAtomic(path string, data []byte) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // after a successful rename there is nothing left to remove
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// wordSet matches text against dictionary words: an entry matches its exact spelling, and an
// all-lowercase entry also matches the word capitalised or in capitals ("teh" covers "Teh").
type wordSet map[string]bool

func newWordSet(words []string) wordSet {
	s := make(wordSet, len(words))
	for _, w := range words {
		s[w] = true
	}
	return s
}

// has reports whether w is in the dictionary.
func (s wordSet) has(w string) bool {
	if s[w] {
		return true
	}
	lw := strings.ToLower(w)
	return lw != w && s[lw]
}

// touches reports whether any word of text is in the dictionary.
func (s wordSet) touches(text string) bool {
	if len(s) == 0 {
		return false
	}
	for _, w := range dictionaryWords(text) {
		if s.has(w) {
			return true
		}
	}
	return false
}

// dictionaryWords cuts text into the words a dictionary can hold: runs of letters, digits,
// apostrophes and inner hyphens, with leading and trailing punctuation trimmed.
func dictionaryWords(text string) []string {
	fields := strings.FieldsFunc(text, func(r rune) bool {
		return !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '\'' || r == '’' || r == '-')
	})
	out := fields[:0]
	for _, f := range fields {
		f = strings.Trim(f, "'’-")
		if f != "" {
			out = append(out, f)
		}
	}
	return out
}
