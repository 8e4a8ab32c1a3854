package refine

import (
	"errors"
	"math"
	"strings"
	"testing"
)

func TestValidateRange(t *testing.T) {
	doc := "héllo wörld" // é and ö are 2 bytes
	tests := []struct {
		doc        string
		start, end int
		want       error
		msg        string
	}{
		{doc, 0, len(doc), nil, ""},
		{doc, 3, 3, nil, ""},
		{doc, -1, 2, ErrInvalidRange, "negative"},
		{doc, 4, 2, ErrInvalidRange, "after end"},
		{doc, 0, len(doc) + 1, ErrInvalidRange, "past the end"},
		{doc, 2, 5, ErrInvalidRange, "inside a multi-byte character"},
		{doc, 0, 9, ErrInvalidRange, "inside a multi-byte character"},
		{"ab\xffcd", 0, 1, ErrInvalidUTF8, "offset 2"},
	}
	for _, tt := range tests {
		err := ValidateRange(tt.doc, tt.start, tt.end)
		if tt.want == nil {
			if err != nil {
				t.Errorf("ValidateRange(%q, %d, %d) = %v, want nil", tt.doc, tt.start, tt.end, err)
			}
			continue
		}
		if !errors.Is(err, tt.want) || !strings.Contains(err.Error(), tt.msg) {
			t.Errorf("ValidateRange(%q, %d, %d) = %v, want %v mentioning %q", tt.doc, tt.start, tt.end, err, tt.want, tt.msg)
		}
	}
}

func TestOptionsValidate(t *testing.T) {
	d := DefaultOptions()
	if d.Strength != 0.35 || d.Alternatives != 1 || d.Context != 192 || d.AllowNumbers || d.FillLength != 0 {
		t.Errorf("DefaultOptions = %+v", d)
	}
	if len(d.Markers) != 3 || d.Markers[0] != "[...]" || d.Markers[1] != "[…]" || d.Markers[2] != "___" {
		t.Errorf("default markers %q", d.Markers)
	}
	d.Markers[0] = "changed"
	if DefaultMarkers[0] != "[...]" {
		t.Error("DefaultOptions shares its Markers slice with DefaultMarkers")
	}
	if err := DefaultOptions().Validate(); err != nil {
		t.Errorf("defaults invalid: %v", err)
	}
	bad := []struct {
		mut func(*Options)
		msg string
	}{
		{func(o *Options) { o.Strength = -0.1 }, "strength -0.1 is outside 0..1"},
		{func(o *Options) { o.Strength = 1.5 }, "strength 1.5"},
		{func(o *Options) { o.Strength = math.NaN() }, "strength NaN"},
		{func(o *Options) { o.Alternatives = 0 }, "alternatives 0"},
		{func(o *Options) { o.Alternatives = MaxAlternatives + 1 }, "alternatives"},
		{func(o *Options) { o.Context = -1 }, "context -1"},
		{func(o *Options) { o.Context = MaxContext + 1 }, "context"},
		{func(o *Options) { o.FillLength = -2 }, "fill length -2"},
		{func(o *Options) { o.FillLength = MaxSelectionTokens + 1 }, "fill length"},
		{func(o *Options) { o.Markers = []string{"[...]", " "} }, "gap marker"},
	}
	for _, b := range bad {
		o := DefaultOptions()
		b.mut(&o)
		err := o.Validate()
		if !errors.Is(err, ErrInvalidOptions) || !strings.Contains(err.Error(), b.msg) {
			t.Errorf("Validate(%+v) = %v, want ErrInvalidOptions mentioning %q", o, err, b.msg)
		}
	}
	for _, ok := range []func(*Options){
		func(o *Options) { o.Strength = 0 },
		func(o *Options) { o.Strength = 1 },
		func(o *Options) { o.Context = 0 },
		func(o *Options) { o.Markers = nil },
		func(o *Options) { o.FillLength = 7 },
	} {
		o := DefaultOptions()
		ok(&o)
		if err := o.Validate(); err != nil {
			t.Errorf("Validate(%+v) = %v, want nil", o, err)
		}
	}
}
