package lsp

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"

	"go.lsp.dev/protocol"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/redraft/redraft/refine"
)

// Settings are the user's settings, section "redraft" of the client configuration.
type Settings struct {
	Strength      float64  `json:"strength"`      // share of the passage re-noised, (0, 1]
	Alternatives  int      `json:"alternatives"`  // candidates for redraft.refine, 1..maxAlternatives
	ContextTokens int      `json:"contextTokens"` // tokens of context each side, 0..maxContextTokens
	Markers       []string `json:"markers"`       // gap markers
	ModelPath     string   `json:"modelPath"`     // "" = the built-in model ($REDRAFT_MODEL)
	Threads       int      `json:"threads"`       // 0 = all cores
	Seed          int64    `json:"seed"`          // sampling seed
	LogLevel      string   `json:"logLevel"`      // debug, info, warn, error
	Diagnostics   bool     `json:"diagnostics"`   // check as you write (diagnostics.go)
	Dialect       string   `json:"dialect"`       // en-US, en-GB, en-CA, en-AU
}

const (
	maxAlternatives  = 8
	maxContextTokens = refine.MaxContext
	maxThreads       = 1024
)

// DefaultSettings are the settings before the client sends any; they follow refine's defaults.
func DefaultSettings() Settings {
	o := refine.DefaultOptions()
	if len(o.Markers) == 0 {
		o.Markers = refine.DefaultMarkers
	}
	return Settings{
		Strength:      o.Strength,
		Alternatives:  max(o.Alternatives, 1),
		ContextTokens: o.Context,
		Markers:       slices.Clone(o.Markers),
		Seed:          o.Seed,
		LogLevel:      "info",
		Diagnostics:   true,
		Dialect:       o.Dialect,
	}
}

// options turns the settings into refine options asking for n candidates.
func (s Settings) options(n int) refine.Options {
	o := refine.DefaultOptions()
	o.Strength = s.Strength
	o.Alternatives = n
	o.Context = s.ContextTokens
	o.Seed = s.Seed
	o.Markers = slices.Clone(s.Markers)
	o.Dialect = s.Dialect
	return o
}

// settingsUpdate is the outcome of merging one settings object into the current settings.
type settingsUpdate struct {
	next    Settings
	unknown []string // keys ignored
	errs    []string // one line per rejected value (the previous value is kept)
}

// mergeSettings reads raw (either {"redraft": {...}} or the bare object) over cur. A key set to
// null goes back to its default. Bad values are reported and leave the current value in place.
func mergeSettings(cur Settings, raw json.RawMessage) settingsUpdate {
	u := settingsUpdate{next: cur}
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return u
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(raw, &obj); err != nil {
		u.errs = append(u.errs, fmt.Sprintf("settings must be a JSON object (%v)", err))
		return u
	}
	if inner, ok := obj["redraft"]; ok {
		obj = nil
		if err := json.Unmarshal(inner, &obj); err != nil {
			u.errs = append(u.errs, fmt.Sprintf(`"redraft" must be an object (%v)`, err))
			return u
		}
	}
	keys := make([]string, 0, len(obj))
	for k := range obj {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	def := DefaultSettings()
	for _, k := range keys {
		v := bytes.TrimSpace(obj[k])
		if string(v) == "null" {
			u.reset(k, def)
			continue
		}
		if err := u.set(k, v); err != nil {
			u.errs = append(u.errs, fmt.Sprintf("%s: %v; keeping %s", k, err, u.current(k)))
		}
	}
	return u
}

func (u *settingsUpdate) set(key string, v json.RawMessage) error {
	n := &u.next
	switch key {
	case "strength":
		f, err := number(v)
		if err != nil || !(f > 0 && f <= 1) {
			return fmt.Errorf("must be a number greater than 0 and at most 1, got %s", v)
		}
		n.Strength = f
	case "alternatives":
		return integer(v, 1, maxAlternatives, &n.Alternatives)
	case "contextTokens":
		return integer(v, 0, maxContextTokens, &n.ContextTokens)
	case "threads":
		return integer(v, 0, maxThreads, &n.Threads)
	case "seed":
		f, err := number(v)
		if err != nil || f != math.Trunc(f) || math.Abs(f) > 1<<53 {
			return fmt.Errorf("must be an integer, got %s", v)
		}
		n.Seed = int64(f)
	case "markers":
		var m []string
		if err := json.Unmarshal(v, &m); err != nil || len(m) == 0 || slices.Contains(m, "") {
			return fmt.Errorf(`must be a non-empty list of non-empty strings such as ["[...]", "___"], got %s`, v)
		}
		n.Markers = m
	case "modelPath":
		if err := json.Unmarshal(v, &n.ModelPath); err != nil {
			return fmt.Errorf("must be a file path string, got %s", v)
		}
	case "logLevel":
		var l string
		if err := json.Unmarshal(v, &l); err != nil || !slices.Contains([]string{"debug", "info", "warn", "error"}, strings.ToLower(l)) {
			return fmt.Errorf(`must be one of "debug", "info", "warn", "error", got %s`, v)
		}
		n.LogLevel = strings.ToLower(l)
	case "diagnostics":
		if err := json.Unmarshal(v, &n.Diagnostics); err != nil {
			return fmt.Errorf("must be true or false, got %s", v)
		}
	case "dialect":
		var d string
		if err := json.Unmarshal(v, &d); err != nil || !slices.Contains(refine.Dialects, d) {
			return fmt.Errorf("must be one of %s, got %s", strings.Join(refine.Dialects, ", "), v)
		}
		n.Dialect = d
	default:
		u.unknown = append(u.unknown, key)
	}
	return nil
}

// reset puts key back to its default value, by passing the default's JSON through set.
func (u *settingsUpdate) reset(key string, def Settings) {
	if err := u.set(key, settingsJSON(def)[key]); err != nil {
		panic("lsp: default setting " + key + " rejected: " + err.Error())
	}
}

// current formats the value key keeps, for error messages.
func (u *settingsUpdate) current(key string) string {
	return string(settingsJSON(u.next)[key])
}

// settingsJSON is s as a map from setting key (its JSON name) to its encoded value.
func settingsJSON(s Settings) map[string]json.RawMessage {
	b, err := json.Marshal(s)
	if err != nil {
		panic("lsp: settings do not encode: " + err.Error())
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		panic("lsp: settings do not decode: " + err.Error())
	}
	return m
}

func number(v json.RawMessage) (float64, error) {
	var f float64
	err := json.Unmarshal(v, &f)
	return f, err
}

// integer decodes an integral JSON number in [lo, hi] into dst.
func integer(v json.RawMessage, lo, hi int, dst *int) error {
	f, err := number(v)
	if err != nil || f != math.Trunc(f) || f < float64(lo) || f > float64(hi) {
		return fmt.Errorf("must be an integer from %d to %d, got %s", lo, hi, v)
	}
	*dst = int(f)
	return nil
}

// didChangeConfiguration applies {"redraft": {...}} or the bare object. A client that sends no
// settings (the pull model) is asked for section "redraft" with workspace/configuration.
func (s *server) didChangeConfiguration(_ context.Context, p *struct {
	Settings json.RawMessage `json:"settings"`
}) (any, error) {
	raw := bytes.TrimSpace(p.Settings)
	if (len(raw) == 0 || string(raw) == "null") && s.clientCaps().Workspace.Configuration {
		go s.pullSettings()
		return nil, nil
	}
	s.applySettings(raw, "workspace/didChangeConfiguration", false)
	return nil, nil
}

// pullSettings asks the client for section "redraft".
func (s *server) pullSettings() {
	var res []json.RawMessage
	err := protocol.Call(s.connCtx, s.conn, protocol.MethodWorkspaceConfiguration, &protocol.ConfigurationParams{
		Items: []protocol.ConfigurationItem{{Section: "redraft"}},
	}, &res)
	if err != nil || len(res) == 0 {
		s.logger.Debug("workspace/configuration failed", zap.Error(err))
		return
	}
	s.applySettings(res[0], "workspace/configuration", false)
}

// applySettings merges raw into the settings, logs ignored keys, reports bad values (during
// initialize: after "initialized") and applies what changed: log level, threads, model.
func (s *server) applySettings(raw json.RawMessage, source string, initializing bool) {
	s.mu.Lock()
	old := s.settings
	u := mergeSettings(old, raw)
	s.settings = u.next
	if initializing {
		s.pendingErrs = append(s.pendingErrs, u.errs...)
	}
	s.mu.Unlock()

	for _, k := range u.unknown {
		s.logger.Info("ignoring unknown setting", zap.String("key", k), zap.String("source", source))
	}
	if len(u.errs) > 0 {
		s.logger.Warn("bad settings", zap.Strings("errors", u.errs), zap.String("source", source))
		if !initializing {
			s.showMessage(protocol.MessageTypeError, "Redraft settings: "+strings.Join(u.errs, "; "))
		}
	}
	n := u.next
	if s.opts.level != nil && (initializing || n.LogLevel != old.LogLevel) {
		if lvl, err := zapcore.ParseLevel(n.LogLevel); err == nil {
			s.opts.level.SetLevel(lvl)
		}
	}
	if s.opts.setThreads != nil && (n.Threads != old.Threads || (initializing && n.Threads != 0)) {
		s.opts.setThreads(n.Threads)
	}
	if n.ModelPath != old.ModelPath && !initializing {
		s.reloadModel(n.ModelPath)
	}
	switch {
	case !n.Diagnostics && old.Diagnostics:
		s.checks.disable()
	case n.Dialect != old.Dialect && !initializing:
		s.checks.forgetResults()
	case n.Diagnostics && !old.Diagnostics:
		s.checks.scheduleAll()
	}
}
