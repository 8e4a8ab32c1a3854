package refine

import (
	"reflect"
	"testing"
)

func TestFindGaps(t *testing.T) {
	tests := []struct {
		name    string
		doc     string
		markers []string
		want    []string // marker text at each gap, in order
	}{
		{"ascii ellipsis", "the pattern of our intentions [...] the foundation", nil, []string{"[...]"}},
		{"unicode ellipsis", "we went […] home", nil, []string{"[…]"}},
		{"underscores", "the ___ of our hopes", nil, []string{"___"}},
		{"long underscore run is one gap", "fill in: ________.", nil, []string{"________"}},
		{"several gaps in order", "A [...] and ___ then […].", nil, []string{"[...]", "___", "[…]"}},
		{"two underscores are not a gap", "a __ b", nil, nil},
		{"bold italic is not a gap", "a ___very___ big one", nil, nil},
		{"snake case is not a gap", "set snake___case here", nil, nil},
		{"thematic break is not a gap", "para\n\n___\n\nmore", nil, nil},
		{"gap in parentheses", "see (___) there", nil, []string{"___"}},
		{"gap at start and end", "___ starts it and ends it [...]", nil, []string{"___", "[...]"}},
		{"inside inline code", "use `[...]` and `___` literally", nil, nil},
		{"inside fenced code", "text\n\n```\nx = [...]\n___\n```\n", nil, nil},
		{"inside url", "see https://example.com/a___b/[...] now", nil, nil},
		{"link text marker used as link", "a [...](https://x.org) link", nil, nil},
		{"inside html comment", "<!-- [...] --> text [...]", nil, []string{"[...]"}},
		{"escaped underscores", `a \___ b`, nil, nil},
		{"custom markers", "one TODO two ?? three [...]", []string{"TODO", "??"}, []string{"TODO", "??"}},
		{"custom longer underscore marker", "a ___ b _____ c", []string{"_____"}, []string{"_____"}},
		{"no gaps", "plain text", nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			gaps := FindGaps(tt.doc, tt.markers)
			var got []string
			for i, g := range gaps {
				if i > 0 && g.Start < gaps[i-1].End {
					t.Fatalf("gaps overlap or are unsorted: %+v", gaps)
				}
				got = append(got, tt.doc[g.Start:g.End])
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("FindGaps(%q) = %q, want %q (%+v)", tt.doc, got, tt.want, gaps)
			}
		})
	}
}

func TestFindGapsOffsetsAndMarker(t *testing.T) {
	doc := "ab [...] cd _____ ef"
	got := FindGaps(doc, nil)
	want := []Gap{{Start: 3, End: 8, Marker: "[...]"}, {Start: 12, End: 17, Marker: "___"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("FindGaps = %+v, want %+v", got, want)
	}
}
