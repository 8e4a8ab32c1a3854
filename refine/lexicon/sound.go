package lexicon

import "strings"

// Spelling by ear: learners write words as they sound ("bisnes" for "business", "dengres" for
// "dangerous"), often more than two edits away. soundKey maps a word to a coarse key of its
// consonant sounds, and the lexicon indexes its common words by that key, so that a candidate
// that sounds the same is found however it is spelt.

// soundMinLogFreq: only words at least this frequent are indexed by sound (about 40,000 words):
// the words writers reach for, not rare ones that happen to share a key.
const soundMinLogFreq = -15.0

// costSound is the edit cost of a candidate that sounds like the word written (the spelling
// search's costs apply when they are lower); each edit beyond it adds soundExtraPerEdit.
const (
	costSound         = 1.5
	soundExtraPerEdit = 0.25
)

// soundKey returns the key of a lower-case word: its consonant sounds, in order, with
// one letter per sound class and repeats collapsed; a leading vowel is kept as "a". Classes:
// b; f (f, ph, v); k (c, k, q, ck, x's k); j (g, j: soft and hard alike); s (s, z, soft c); x (sh,
// ch, tch, ti/ci before a vowel); 0 (th); t (t, d); l; m; n; r; w and y before a vowel; h at the
// start. Silent letters: gh inside a word, and the first of kn, gn, pn, wr, ps at the start.
func soundKey(w string) string {
	var b strings.Builder
	last := byte(0)
	emit := func(c byte) {
		if c != last {
			b.WriteByte(c)
			last = c
		}
	}
	at := func(i int) byte {
		if i >= 0 && i < len(w) {
			return w[i]
		}
		return 0
	}
	vowel := func(c byte) bool { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y' }
	i := 0
	for _, p := range [...]string{"kn", "gn", "pn", "wr", "ps"} {
		if strings.HasPrefix(w, p) {
			i = 1
		}
	}
	if i < len(w) && vowel(w[i]) && w[i] != 'y' {
		emit('a')
	}
	for ; i < len(w); i++ {
		c, next := w[i], at(i+1)
		switch {
		case c == 'p' && next == 'h':
			emit('f')
			i++
		case c == 'g' && next == 'h':
			if i == 0 {
				emit('j')
			}
			i++ // silent inside a word: through, night
		case c == 's' && next == 'h', c == 'c' && next == 'h':
			emit('x')
			i++
		case c == 't' && next == 'c' && at(i+2) == 'h':
			emit('x')
			i += 2
		case c == 't' && next == 'h':
			emit('0')
			i++
		case (c == 't' || c == 's' || c == 'c') && next == 'i' && vowel(at(i+2)):
			emit('x') // nation, mission, special
			i++
		case c == 'c' && (next == 'e' || next == 'i' || next == 'y'):
			emit('s')
		case c == 'c' || c == 'k' || c == 'q':
			emit('k')
		case c == 'x':
			emit('k')
			emit('s')
		case c == 'g' || c == 'j':
			emit('j')
		case c == 'z' || c == 's':
			emit('s')
		case c == 'v' || c == 'f':
			emit('f')
		case c == 'd' || c == 't':
			emit('t')
		case c == 'w' || c == 'y':
			if vowel(next) {
				emit(c)
			}
		case c == 'h':
			if i == 0 && vowel(next) {
				emit('h')
			}
		case c == 'b' || c == 'l' || c == 'm' || c == 'n' || c == 'r' || c == 'p':
			emit(c)
		default: // vowels and anything else: no consonant sound, but they separate repeats
			last = 0
		}
	}
	return b.String()
}

// soundIndex maps each sound key to the ids of the common lower-case words with that key. It is
// built on first use.
func (l *Lexicon) soundIndex() map[string][]int32 {
	l.soundOnce.Do(func() {
		l.sounds = map[string][]int32{}
		for id := range int32(l.Len()) {
			w := l.word(id)
			if l.flags[id]&flagCorpus != 0 || -float64(l.nlp[id])*freqStep < soundMinLogFreq || foldLower(w) != w || !ascii(w) {
				continue
			}
			k := soundKey(w)
			l.sounds[k] = append(l.sounds[k], id)
		}
	})
	return l.sounds
}

// soundsLike returns the ids of the common words that sound like the lower-case word q.
func (l *Lexicon) soundsLike(q string) []int32 {
	if !ascii(q) {
		return nil
	}
	return l.soundIndex()[soundKey(q)]
}
