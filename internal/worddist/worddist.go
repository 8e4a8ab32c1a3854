// Package worddist measures the word edit distance between two texts: the Levenshtein distance
// between their word-and-punctuation tokens. The eval harness judges repairs by it
// (internal/evalset, as ../shared/eval/errfix.py does), and refine uses it to tell whether one
// revision makes only some of another's changes (refine/alternatives.go). It imports nothing of
// Redraft's.
package worddist

import "regexp"

// reWordToken is the tokenization of the word edit distance: runs of Unicode word characters
// (letters, digits, underscore) and single characters that are neither word nor space.
var reWordToken = regexp.MustCompile(`[\p{L}\p{N}_]+|[^\p{L}\p{N}_\s]`)

// Tokens cuts s into the tokens of the word edit distance (regex \w+|[^\w\s], Unicode \w).
func Tokens(s string) []string { return reWordToken.FindAllString(s, -1) }

// Distance is the Levenshtein distance between the token sequences of a and b: the least number
// of token insertions, deletions and substitutions turning one into the other. Whitespace does
// not count.
func Distance(a, b string) int { return Levenshtein(Tokens(a), Tokens(b)) }

// Levenshtein is the edit distance between two token sequences (unit costs).
func Levenshtein(a, b []string) int {
	if len(a) < len(b) {
		a, b = b, a
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			sub := prev[j-1]
			if a[i-1] != b[j-1] {
				sub++
			}
			cur[j] = min(sub, prev[j]+1, cur[j-1]+1)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
