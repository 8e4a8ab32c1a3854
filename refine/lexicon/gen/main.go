// Command gen builds refine/lexicon/lexicon.txt.gz, the lexicon's embedded data, from its sources:
//
//   - SCOWL 2020.12.07 (Debian package scowl 2020.12.07-2): the word lists of sizes 10–70 in the
//     english, american, british, british_z, canadian and australian spellings and their level-1
//     variants; sizes 80 and 95 only mark the dialect of words the corpus adds;
//   - github.com/golangci/misspell v0.8.0: its DictMain (common misspellings) and DictAmerican /
//     DictBritish (UK ↔ US spellings) tables, read from the module's source with go/parser;
//   - the model's training corpus (/work/shared/model/train/data/train.bin.xz, uint16 token ids of
//     tokenizer.json), decoded and counted word by word for the frequencies.
//
// Run it from the repository root:
//
//	go run ./refine/lexicon/gen
//
// It fetches the Debian package with `apt-get download`, the module with `go mod download`, checks
// both against the hashes below, and writes the same bytes every time (sorted output, gzip without
// name or time). `-check` compares instead of writing. Tools it needs: apt-get, dpkg-deb, go, xz.
package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"log"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/redraft/redraft/engine"
)

// The sources, pinned.
const (
	scowlPackage = "scowl=2020.12.07-2"
	scowlSHA256  = "de692546df9b169f2cbdf4d8d88111a374733a9c382b820a6f943914ca705718"
	scowlDir     = "usr/share/dict/scowl"
	misspellMod  = "github.com/golangci/misspell@v0.8.0"
	misspellSum  = "h1:qvxQhiE2/5z+BVRo1kwYA8yGz+lOlu5Jfvtx2b04Jbg="
)

// Selection and frequency constants.
const (
	// coreMaxSize is the largest SCOWL size whose words are all in the lexicon.
	coreMaxSize = 70
	// corpusMinCount is how often a word outside the SCOWL core must occur in the corpus to be
	// added (technical words: "stdout", "PostgreSQL"); 28M words make a typo this frequent rare.
	corpusMinCount = 40
	// corpusMinDocs is how many documents it must occur in: a misspelling repeated within one
	// document (or one copied source) is not a word.
	corpusMinDocs = 8
	// extMinCount and extMinDocs are the same for a word of SCOWL's sizes 80 and 95.
	extMinCount = 3
	extMinDocs  = 2
	// corpusMinLen is the shortest word the corpus may add.
	corpusMinLen = 3
	// lowerShareMin: a corpus word is stored lower-case when its lower-case form makes up at least
	// this share of its occurrences, else in its most frequent spelling ("GitHub", "JSON").
	lowerShareMin = 0.2
	// freqStep is the resolution of the stored -ln p, in nats.
	freqStep = 0.25
)

// sizePrior is the pseudo-count a word of each SCOWL size gets before the corpus counts: common
// words the corpus happens to lack still rank above rare ones.
var sizePrior = map[int]float64{10: 5, 20: 3, 35: 2, 40: 1.5, 50: 1, 55: 0.7, 60: 0.5, 70: 0.3, 80: 0.1, 95: 0.05}

// Dialect bits as the data file writes them (one hex digit).
const (
	dUS = 1 << iota
	dGB
	dCA
	dAU
	dAll = dUS | dGB | dCA | dAU
)

// categoryDialect maps SCOWL spelling categories to the dialects that accept them; variant says
// the category holds acceptable variant spellings (level 1). Level 2 ("also generally considered
// acceptable") counts when the corpus uses the word often (see level2); level 3 never.
var categoryDialect = map[string]struct {
	mask    int
	variant bool
}{
	"english":              {dAll, false},
	"american":             {dUS, false},
	"british":              {dGB, false},
	"british_z":            {dGB, false}, // Oxford -ize spellings are right in British English
	"canadian":             {dCA, false},
	"australian":           {dAU, false},
	"variant_1":            {dUS, true}, // "mostly American variants" (SCOWL's README)
	"british_variant_1":    {dGB, true},
	"canadian_variant_1":   {dCA, true},
	"australian_variant_1": {dAU, true},
}

// level2 maps SCOWL's level-2 variant categories to their dialects.
var level2 = map[string]int{
	"variant_2":            dUS,
	"british_variant_2":    dGB,
	"canadian_variant_2":   dCA,
	"australian_variant_2": dAU,
}

var subCategories = []string{"words", "upper", "proper-names", "contractions", "abbreviations"}

func main() {
	log.SetFlags(0)
	out := flag.String("o", "refine/lexicon/lexicon.txt.gz", "output file")
	check := flag.Bool("check", false, "compare with the output file instead of writing it")
	corpus := flag.String("corpus", "/work/shared/model/train/data/train.bin.xz", "training corpus (xz of little-endian uint16 token ids)")
	tokPath := flag.String("tokenizer", "/work/shared/model/tokenizer.json", "the model's tokenizer.json")
	scowlDeb := flag.String("scowl-deb", "", "the scowl .deb (default: apt-get download "+scowlPackage+")")
	flag.Parse()

	tmp, err := os.MkdirTemp("", "lexicon-gen")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(tmp)

	scowl, err := extractSCOWL(tmp, *scowlDeb)
	if err != nil {
		log.Fatal(err)
	}
	lists, err := readSCOWL(scowl)
	if err != nil {
		log.Fatal(err)
	}
	mis, err := readMisspell()
	if err != nil {
		log.Fatal(err)
	}
	counts, corpusSum, err := countCorpus(*corpus, *tokPath)
	if err != nil {
		log.Fatal(err)
	}
	data := build(lists, mis, counts, corpusSum)
	gz, err := compress(data)
	if err != nil {
		log.Fatal(err)
	}
	if *check {
		old, err := os.ReadFile(*out)
		if err != nil {
			log.Fatal(err)
		}
		if !bytes.Equal(old, gz) {
			log.Fatalf("%s differs from what the sources give (%d vs %d bytes)", *out, len(old), len(gz))
		}
		log.Printf("%s: identical (%d bytes)", *out, len(gz))
		return
	}
	if err := os.WriteFile(*out, gz, 0o644); err != nil {
		log.Fatal(err)
	}
	log.Printf("wrote %s: %d bytes (%d uncompressed)", *out, len(gz), len(data))
}

// extractSCOWL unpacks the scowl package into dir and returns its word-list folder.
func extractSCOWL(dir, deb string) (string, error) {
	if deb == "" {
		cmd := exec.Command("apt-get", "download", scowlPackage)
		cmd.Dir = dir
		cmd.Stderr = os.Stderr
		if err := cmd.Run(); err != nil {
			return "", fmt.Errorf("apt-get download %s: %w", scowlPackage, err)
		}
		m, _ := filepath.Glob(filepath.Join(dir, "scowl_*.deb"))
		if len(m) != 1 {
			return "", fmt.Errorf("apt-get download %s: no .deb in %s", scowlPackage, dir)
		}
		deb = m[0]
	}
	raw, err := os.ReadFile(deb)
	if err != nil {
		return "", err
	}
	if sum := sha256.Sum256(raw); hex.EncodeToString(sum[:]) != scowlSHA256 {
		return "", fmt.Errorf("%s: sha256 %x, want %s", deb, sum, scowlSHA256)
	}
	root := filepath.Join(dir, "scowl")
	if out, err := exec.Command("dpkg-deb", "-x", deb, root).CombinedOutput(); err != nil {
		return "", fmt.Errorf("dpkg-deb -x %s: %v: %s", deb, err, out)
	}
	return filepath.Join(root, scowlDir), nil
}

// entry is what SCOWL says about one spelling.
type entry struct {
	mask  int // dialects whose main list holds it
	vmask int // dialects that accept it as a variant (level 1) only
	size  int // smallest size it appears in
}

// scowlLists holds SCOWL's verdict on every spelling up to size 95.
type scowlLists struct {
	core map[string]*entry // sizes ≤ coreMaxSize, accepted categories
	ext  map[string]*entry // sizes ≤ 95, accepted categories
	v2   map[string]int    // level-2 variants → their dialects
	all  map[string]bool   // every spelling in every list, variants of level 2–3 included
}

func readSCOWL(dir string) (*scowlLists, error) {
	files, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	l := &scowlLists{core: map[string]*entry{}, ext: map[string]*entry{}, v2: map[string]int{}, all: map[string]bool{}}
	for _, f := range files { // ReadDir sorts by name: the result does not depend on the order anyway
		name := f.Name()
		dot := strings.LastIndexByte(name, '.')
		dash := strings.IndexByte(name, '-')
		if dot < 0 || dash < 0 || dash > dot {
			continue // special-* lists and anything unexpected
		}
		size, err := strconv.Atoi(name[dot+1:])
		if err != nil {
			continue
		}
		cat, sub := name[:dash], name[dash+1:dot]
		if !slices.Contains(subCategories, sub) {
			continue
		}
		words, err := readLines(filepath.Join(dir, name))
		if err != nil {
			return nil, err
		}
		cd, accepted := categoryDialect[cat]
		for _, w := range words {
			if strings.HasSuffix(w, "'s") || strings.HasSuffix(w, "s'") {
				continue // possessives: the lexicon accepts X's wherever it accepts X
			}
			l.all[w] = true
			l.v2[w] |= level2[cat]
			if !accepted {
				continue
			}
			add(l.ext, w, cd.mask, size, cd.variant)
			if size <= coreMaxSize {
				add(l.core, w, cd.mask, size, cd.variant)
			}
		}
	}
	if len(l.core) < 50000 {
		return nil, fmt.Errorf("%s: only %d words up to size %d; is this SCOWL?", dir, len(l.core), coreMaxSize)
	}
	return l, nil
}

func add(m map[string]*entry, w string, mask, size int, variant bool) {
	e := m[w]
	if e == nil {
		e = &entry{size: size}
		m[w] = e
	}
	if variant {
		e.vmask |= mask
	} else {
		e.mask |= mask
	}
	e.vmask &^= e.mask
	e.size = min(e.size, size)
}

func readLines(path string) ([]string, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if !utf8.Valid(raw) {
		return nil, fmt.Errorf("%s: not UTF-8", path)
	}
	var out []string
	for _, line := range strings.Split(string(raw), "\n") {
		if line = strings.TrimSpace(line); line != "" {
			out = append(out, line)
		}
	}
	return out, nil
}

// misspellTables are the three string-pair tables of misspell.
type misspellTables struct {
	main, toUS, toGB [][2]string
}

func readMisspell() (*misspellTables, error) {
	out, err := exec.Command("go", "mod", "download", "-json", misspellMod).Output()
	if err != nil {
		return nil, fmt.Errorf("go mod download %s: %w", misspellMod, err)
	}
	var info struct{ Dir, Sum string }
	if err := json.Unmarshal(out, &info); err != nil {
		return nil, fmt.Errorf("go mod download %s: %w", misspellMod, err)
	}
	if info.Sum != misspellSum {
		return nil, fmt.Errorf("%s: sum %s, want %s", misspellMod, info.Sum, misspellSum)
	}
	t := &misspellTables{}
	for _, v := range []struct {
		file, name string
		dst        *[][2]string
	}{
		{"words.go", "DictMain", &t.main},
		{"words_us.go", "DictAmerican", &t.toUS},
		{"words_uk.go", "DictBritish", &t.toGB},
	} {
		pairs, err := stringPairs(filepath.Join(info.Dir, v.file), v.name)
		if err != nil {
			return nil, err
		}
		*v.dst = pairs
	}
	return t, nil
}

// stringPairs reads `var NAME = []string{"a", "b", ...}` from a Go file as pairs.
func stringPairs(path, name string) ([][2]string, error) {
	f, err := parser.ParseFile(token.NewFileSet(), path, nil, 0)
	if err != nil {
		return nil, err
	}
	var lit *ast.CompositeLit
	ast.Inspect(f, func(n ast.Node) bool {
		if vs, ok := n.(*ast.ValueSpec); ok && len(vs.Names) == 1 && vs.Names[0].Name == name && len(vs.Values) == 1 {
			lit, _ = vs.Values[0].(*ast.CompositeLit)
		}
		return lit == nil
	})
	if lit == nil || len(lit.Elts)%2 != 0 {
		return nil, fmt.Errorf("%s: no even []string literal %s", path, name)
	}
	var out [][2]string
	for i := 0; i < len(lit.Elts); i += 2 {
		var p [2]string
		for j := range p {
			bl, ok := lit.Elts[i+j].(*ast.BasicLit)
			if !ok || bl.Kind != token.STRING {
				return nil, fmt.Errorf("%s: %s element %d is not a string", path, name, i+j)
			}
			if p[j], err = strconv.Unquote(bl.Value); err != nil {
				return nil, err
			}
		}
		out = append(out, p)
	}
	return out, nil
}

// countCorpus decodes the token file and counts every word (letters with inner apostrophes) by its
// exact spelling; curly apostrophes count as straight ones. It returns the counts and the corpus
// file's sha256.
func countCorpus(path, tokPath string) (map[string]*tally, string, error) {
	tj, err := os.ReadFile(tokPath)
	if err != nil {
		return nil, "", err
	}
	tok, err := engine.LoadTokenizer(tj)
	if err != nil {
		return nil, "", err
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, "", err
	}
	sum := sha256.Sum256(raw)
	cmd := exec.Command("xz", "-dc")
	cmd.Stdin = bytes.NewReader(raw)
	cmd.Stderr = os.Stderr
	pipe, err := cmd.StdoutPipe()
	if err != nil {
		return nil, "", err
	}
	if err := cmd.Start(); err != nil {
		return nil, "", fmt.Errorf("xz: %w", err)
	}
	counts := map[string]*tally{}
	doc := 0
	var word []byte // the word being read, in UTF-8
	var pend []byte // bytes of an incomplete UTF-8 character carried to the next token
	flush := func() {
		w := strings.TrimRight(string(word), "'")
		if w == "" {
			return
		}
		t := counts[w]
		if t == nil {
			t = &tally{last: -1}
			counts[w] = t
		}
		t.n++
		if t.last != doc {
			t.last = doc
			t.docs++
		}
		word = word[:0]
	}
	r := bufio.NewReaderSize(pipe, 1<<20)
	var id [2]byte
	for {
		if _, err := io.ReadFull(r, id[:]); err != nil {
			if errors.Is(err, io.EOF) {
				break
			}
			return nil, "", fmt.Errorf("%s: %w", path, err)
		}
		n := int(binary.LittleEndian.Uint16(id[:]))
		if n >= tok.VocabSize() {
			return nil, "", fmt.Errorf("%s: token id %d outside the vocabulary", path, n)
		}
		b := tok.TokenBytes(n)
		if b == nil { // a special token (document separator): a word boundary
			pend = pend[:0]
			flush()
			doc++
			continue
		}
		pend = append(pend, b...)
		for len(pend) > 0 {
			c, size := utf8.DecodeRune(pend)
			if c == utf8.RuneError && size == 1 && !utf8.FullRune(pend) {
				break // wait for the rest of the character
			}
			pend = pend[size:]
			switch {
			case c == '’' || c == '\'':
				if len(word) > 0 {
					word = append(word, '\'')
				}
			case unicode.IsLetter(c):
				word = utf8.AppendRune(word, c)
			default:
				flush()
			}
		}
	}
	flush()
	if err := cmd.Wait(); err != nil {
		return nil, "", fmt.Errorf("xz: %w", err)
	}
	return counts, hex.EncodeToString(sum[:]), nil
}

// tally counts one spelling in the corpus.
type tally struct {
	n    int // occurrences
	docs int // documents it occurs in
	last int // the last document it occurred in
}

// word is one line of the output's word section.
type word struct {
	text   string
	nlp    int  // round(-ln p / freqStep)
	mask   int  // dialects whose main spelling it is
	vmask  int  // dialects that accept it as a variant only
	corpus bool // added from the corpus, not in SCOWL's core
}

// build assembles the data file's text.
func build(l *scowlLists, mis *misspellTables, counts map[string]*tally, corpusSum string) []byte {
	// Fold the counts: by lower-case form, possessives counted with their word.
	folded := map[string]int{}
	docs := map[string]int{}              // lower-case → documents (an upper bound: forms may share one)
	byForm := map[string]map[string]int{} // lower-case → spelling → count
	total := 0
	for w, t := range counts {
		c := t.n
		total += c
		base := strings.TrimSuffix(w, "'s")
		lw := strings.ToLower(base)
		folded[lw] += c
		docs[lw] += t.docs
		if byForm[lw] == nil {
			byForm[lw] = map[string]int{}
		}
		byForm[lw][base] += c
	}
	misKey := map[string]bool{}
	for _, t := range [][][2]string{mis.main, mis.toUS, mis.toGB} {
		for _, p := range t {
			misKey[strings.ToLower(p[0])] = true
		}
	}

	words := map[string]*word{}
	for w, e := range l.core {
		words[w] = &word{text: w, mask: e.mask, vmask: e.vmask}
	}
	// Corpus words SCOWL's core lacks: SCOWL's larger sizes (80, 95) vouch for a word the corpus
	// uses a few times; any other word must be frequent and in many documents. (A filter for words
	// within two edits of a much more frequent word took 1,085 words, all of them technical terms
	// such as "codec", "tty", "sizeof", and no typo: the corpus is clean enough.)
	for lw, c := range folded {
		if c < extMinCount || docs[lw] < extMinDocs || misKey[lw] || !asciiLetters(lw) {
			continue
		}
		form := lw
		if float64(byForm[lw][lw]) < lowerShareMin*float64(c) {
			form = mostFrequent(byForm[lw])
		}
		if hasCoreForm(words, form) {
			continue
		}
		x := &word{text: form, mask: dAll, corpus: true}
		switch e := l.ext[form]; {
		case e != nil:
			x.mask, x.vmask = e.mask, e.vmask
		case c < corpusMinCount || docs[lw] < corpusMinDocs || len(lw) < corpusMinLen:
			continue
		case l.v2[form] != 0:
			x.mask, x.vmask = 0, l.v2[form] // "dialogs": a level-2 variant the corpus uses
		case l.all[form]:
			continue // a level-3 variant
		}
		words[form] = x
	}
	// Frequencies: corpus count plus the SCOWL size prior, over the corpus size.
	lnTotal := math.Log(float64(total))
	for w, x := range words {
		c := float64(folded[strings.ToLower(w)])
		if e := l.ext[w]; e != nil {
			c += sizePrior[e.size]
		}
		if c <= 0 {
			c = sizePrior[95]
		}
		x.nlp = int(math.Round((lnTotal - math.Log(c)) / freqStep))
	}

	known := func(w string) bool { return words[w] != nil || words[strings.ToLower(w)] != nil }
	allKnown := func(s string) bool {
		for _, f := range strings.Fields(s) {
			if !known(f) {
				return false
			}
		}
		return s != ""
	}
	// Misspellings: the wrong form is no word, the right one is.
	var misPairs [][2]string
	seen := map[string]bool{}
	for _, p := range mis.main {
		if known(p[0]) || !allKnown(p[1]) || seen[p[0]] || p[0] == p[1] {
			continue
		}
		seen[p[0]] = true
		misPairs = append(misPairs, p)
	}
	slices.SortFunc(misPairs, func(a, b [2]string) int { return strings.Compare(a[0], b[0]) })

	// Dialect pairs (US spelling, GB spelling): misspell's conversion tables, both directions,
	// kept where SCOWL knows both spellings and they differ in which dialects accept them.
	pairSet := map[[2]string]bool{}
	for _, p := range mis.toGB {
		pairSet[[2]string{p[0], p[1]}] = true
	}
	for _, p := range mis.toUS {
		pairSet[[2]string{p[1], p[0]}] = true
	}
	for _, p := range derivedPairs(words) {
		pairSet[p] = true
	}
	var varPairs [][2]string
	for p := range pairSet {
		a, b := words[p[0]], words[p[1]]
		if a == nil || b == nil || a.mask == b.mask {
			continue
		}
		varPairs = append(varPairs, p)
	}
	slices.SortFunc(varPairs, func(a, b [2]string) int {
		return cmp2(a, b)
	})

	var sb strings.Builder
	fmt.Fprintf(&sb, "# redraft lexicon v1: generated by `go run ./refine/lexicon/gen`; do not edit.\n")
	fmt.Fprintf(&sb, "# sources: SCOWL %s (sha256 %s), sizes ≤ %d; %s (%s); corpus train.bin.xz sha256 %s (%d words)\n",
		scowlPackage, scowlSHA256, coreMaxSize, misspellMod, misspellSum, corpusSum, total)
	fmt.Fprintf(&sb, "# words: spelling TAB round(-ln p / %g) TAB dialects (hex: 1 en-US, 2 en-GB, 4 en-CA, 8 en-AU)[v dialects accepting it as a variant only][c added from the corpus]\n", freqStep)
	keys := make([]string, 0, len(words))
	for w := range words {
		keys = append(keys, w)
	}
	// Sorted by lower-case folding, then by bytes: the order of the lexicon's trie.
	slices.SortFunc(keys, func(a, b string) int {
		if c := strings.Compare(strings.ToLower(a), strings.ToLower(b)); c != 0 {
			return c
		}
		return strings.Compare(a, b)
	})
	fmt.Fprintf(&sb, "@words %d\n", len(keys))
	for _, w := range keys {
		x := words[w]
		fmt.Fprintf(&sb, "%s\t%d\t%x", w, x.nlp, x.mask)
		if x.vmask != 0 {
			fmt.Fprintf(&sb, "v%x", x.vmask)
		}
		if x.corpus {
			sb.WriteByte('c')
		}
		sb.WriteByte('\n')
	}
	fmt.Fprintf(&sb, "@misspellings %d\n", len(misPairs))
	for _, p := range misPairs {
		fmt.Fprintf(&sb, "%s\t%s\n", p[0], p[1])
	}
	fmt.Fprintf(&sb, "@dialect-pairs %d\n", len(varPairs))
	for _, p := range varPairs {
		fmt.Fprintf(&sb, "%s\t%s\n", p[0], p[1])
	}
	return []byte(sb.String())
}

func cmp2(a, b [2]string) int {
	if c := strings.Compare(a[0], b[0]); c != 0 {
		return c
	}
	return strings.Compare(a[1], b[1])
}

// derivedPairs pairs US-only spellings with GB-only ones by the regular correspondences
// (-or/-our, -ize/-ise, -yze/-yse, -er/-re, -l-/-ll-, -og/-ogue, -ense/-ence, e/ae, e/oe,
// -ment/-ement, -rrhea/-rrhoea, -pnea/-pnoea).
func derivedPairs(words map[string]*word) [][2]string {
	rules := [][2]string{
		{"or", "our"}, {"ize", "ise"}, {"iza", "isa"}, {"yze", "yse"}, {"yza", "ysa"}, {"er", "re"},
		{"l", "ll"}, {"og", "ogue"}, {"ense", "ence"}, {"e", "ae"}, {"e", "oe"}, {"ment", "ement"},
		{"rrhea", "rrhoea"}, {"pnea", "pnoea"},
	}
	var out [][2]string
	for w, x := range words {
		if x.mask&dUS == 0 || x.mask&dGB != 0 || x.corpus || w != strings.ToLower(w) || len(w) < 4 {
			continue // names (Acer, Acre) are not spelling variants
		}
		for _, r := range rules {
			for i := strings.Index(w, r[0]); i >= 0; {
				gb := w[:i] + r[1] + w[i+len(r[0]):]
				// e → ae/oe inside a word only (anaemia), not a Latin plural (areolae) or -oed.
				inside := r[0] != "e" || i+2 < len(w)
				if y := words[gb]; y != nil && inside && !y.corpus && y.mask&dGB != 0 && y.mask&dUS == 0 {
					out = append(out, [2]string{w, gb})
				}
				j := strings.Index(w[i+1:], r[0])
				if j < 0 {
					break
				}
				i += 1 + j
			}
		}
	}
	return out
}

func asciiLetters(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i] | 0x20; c < 'a' || c > 'z' {
			return false
		}
	}
	return true
}

func mostFrequent(m map[string]int) string {
	best, bc := "", -1
	for w, c := range m {
		if c > bc || c == bc && w < best {
			best, bc = w, c
		}
	}
	return best
}

// hasCoreForm reports whether the lexicon already accepts form: as it is, or as the capitalised
// or upper-case spelling of a word it holds.
func hasCoreForm(words map[string]*word, form string) bool {
	if words[form] != nil {
		return true
	}
	lw := strings.ToLower(form)
	if words[lw] != nil && (form == strings.ToUpper(form) || form == capitalise(lw)) {
		return true
	}
	return false
}

func capitalise(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

func compress(data []byte) ([]byte, error) {
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		return nil, err
	}
	if _, err := zw.Write(data); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
