// Package evalset is Redraft's evaluation harness: it loads the case sets (infill, repair, clean)
// in the JSON Lines format of the shared eval folder, measures word edit distance, and aggregates
// per-case outcomes into the metrics `redraft eval` prints. It knows nothing of the model: the
// command runs the cases and hands each outcome to a Recorder.
package evalset

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// Set names: the file DIR/<set>.jsonl holds the cases of that set.
const (
	Infill = "infill" // a gap between Left and Right; Answer is the true text
	Repair = "repair" // Text has one injected error (Kind); Original is the correct text
	Clean  = "clean"  // Text is correct and must come back unchanged
)

// Sets lists the set names in the order they are run.
var Sets = []string{Infill, Repair, Clean}

// Case is one line of a set file.
type Case struct {
	Set      string `json:"-"`                  // infill, repair or clean (from the file name)
	Line     int    `json:"-"`                  // 1-based line in the file
	Left     string `json:"left"`               // text before the selection or gap
	Text     string `json:"text,omitempty"`     // repair/clean: the selection
	Right    string `json:"right"`              // text after the selection or gap
	Answer   string `json:"answer,omitempty"`   // infill: the text that was removed
	Original string `json:"original,omitempty"` // repair: the correct text
	Kind     string `json:"kind,omitempty"`     // repair: the error kind (swap, typo, ...)
	Words    int    `json:"words,omitempty"`    // infill: words in Answer
}

// Load reads DIR/<set>.jsonl for each set in only (all of Sets when only is empty), keeping at
// most limit cases per set (limit <= 0: all). A missing file for a set named in only is an error;
// with only empty, missing files are skipped but at least one set must exist.
func Load(dir string, only []string, limit int) ([]Case, error) {
	explicit := len(only) > 0
	if !explicit {
		only = Sets
	}
	for _, set := range only {
		if !isSet(set) {
			return nil, fmt.Errorf("evalset: unknown set %q (want one of %s)", set, strings.Join(Sets, ", "))
		}
	}
	var all []Case
	found := 0
	for _, set := range only {
		path := filepath.Join(dir, set+".jsonl")
		f, err := os.Open(path)
		if err != nil {
			if errors.Is(err, os.ErrNotExist) && !explicit {
				continue
			}
			return nil, fmt.Errorf("evalset: %w", err)
		}
		cases, err := Read(f, set, limit)
		f.Close()
		if err != nil {
			return nil, fmt.Errorf("evalset: %s: %w", path, err)
		}
		found++
		all = append(all, cases...)
	}
	if found == 0 {
		return nil, fmt.Errorf("evalset: no %s files in %s", strings.Join(Sets, "/")+".jsonl", dir)
	}
	return all, nil
}

func isSet(s string) bool {
	for _, x := range Sets {
		if s == x {
			return true
		}
	}
	return false
}

// Read parses the cases of one set from JSON Lines (blank lines are skipped), at most limit of
// them (limit <= 0: all), and checks that each has the fields its set needs.
func Read(r io.Reader, set string, limit int) ([]Case, error) {
	var cases []Case
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 16<<20)
	line := 0
	for sc.Scan() {
		line++
		b := sc.Bytes()
		if len(strings.TrimSpace(string(b))) == 0 {
			continue
		}
		if limit > 0 && len(cases) >= limit {
			break
		}
		var c Case
		if err := json.Unmarshal(b, &c); err != nil {
			return nil, fmt.Errorf("line %d: %w", line, err)
		}
		c.Set, c.Line = set, line
		if err := c.check(); err != nil {
			return nil, fmt.Errorf("line %d: %w", line, err)
		}
		cases = append(cases, c)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	return cases, nil
}

func (c *Case) check() error {
	switch c.Set {
	case Infill:
		if strings.TrimSpace(c.Answer) == "" {
			return errors.New("infill case without an answer")
		}
	case Repair:
		if c.Text == "" || c.Original == "" {
			return errors.New("repair case needs text and original")
		}
	case Clean:
		if c.Text == "" {
			return errors.New("clean case without text")
		}
	}
	return nil
}

// Doc returns the document of a repair or clean case and the byte range of its selection:
// Left + Text + Right, with the selection [len(Left), len(Left)+len(Text)).
func (c Case) Doc() (doc string, start, end int) {
	return c.Left + c.Text + c.Right, len(c.Left), len(c.Left) + len(c.Text)
}

// GapDoc returns the document of an infill case with marker standing in the gap, and the byte
// range of the marker.
func (c Case) GapDoc(marker string) (doc string, start, end int) {
	return c.Left + marker + c.Right, len(c.Left), len(c.Left) + len(marker)
}

// ErrorKind is the per-kind key of a case: Kind for repair cases, else the set name.
func (c Case) ErrorKind() string {
	if c.Kind != "" {
		return c.Kind
	}
	return c.Set
}
