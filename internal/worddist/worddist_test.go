package worddist

import (
	"reflect"
	"testing"
)

func TestTokensAndDistance(t *testing.T) {
	if got, want := Tokens("Don't stop—café_au lait, 3.5!"), []string{"Don", "'", "t", "stop", "—", "café_au", "lait", ",", "3", ".", "5", "!"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Tokens = %q, want %q", got, want)
	}
	tests := []struct {
		a, b string
		want int
	}{
		{"", "", 0},
		{"the cat", "the cat", 0},
		{"the cat", "the  cat\n", 0}, // whitespace does not count
		{"the cat", "the dog", 1},
		{"was in released January", "was released in January", 2},
		{"the the cat", "the cat", 1},
		{"one more column", "one or more column", 1},
		{"Hello world.", "Hello, world!", 2},
		{"a b c", "", 3},
		{"日本 語", "日本 語 です", 1},
		{"The cat", "the cat", 1}, // case matters
	}
	for _, tt := range tests {
		if got := Distance(tt.a, tt.b); got != tt.want {
			t.Errorf("Distance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
		if got := Distance(tt.b, tt.a); got != tt.want {
			t.Errorf("Distance(%q, %q) = %d, want %d (symmetry)", tt.b, tt.a, got, tt.want)
		}
	}
}
