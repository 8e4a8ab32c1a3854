package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// requirement is one --require of `redraft eval`: a summary metric, a comparison and a bound,
// such as "repair_damaged<=0.02". CI's quality gate is a list of them.
type requirement struct {
	metric string
	op     string // "<=" or ">="
	bound  float64
}

// requirements collects repeated --require flags.
type requirements []requirement

func (rs *requirements) String() string {
	parts := make([]string, len(*rs))
	for i, r := range *rs {
		parts[i] = r.String()
	}
	return strings.Join(parts, ",")
}

func (r requirement) String() string {
	return r.metric + r.op + strconv.FormatFloat(r.bound, 'g', -1, 64)
}

// Set parses "metric<=bound" or "metric>=bound".
func (rs *requirements) Set(s string) error {
	for _, op := range []string{"<=", ">="} {
		name, num, ok := strings.Cut(s, op)
		if !ok {
			continue
		}
		bound, err := strconv.ParseFloat(strings.TrimSpace(num), 64)
		if err != nil {
			return fmt.Errorf("requirement %q: bound %q is not a number", s, num)
		}
		*rs = append(*rs, requirement{metric: strings.TrimSpace(name), op: op, bound: bound})
		return nil
	}
	return fmt.Errorf("requirement %q: want METRIC<=BOUND or METRIC>=BOUND", s)
}

// check reports every requirement that summary (any JSON-encodable value whose numeric fields
// are the metrics) does not meet, and names an unknown metric as an error.
func (rs requirements) check(summary any) error {
	b, err := json.Marshal(summary)
	if err != nil {
		return err
	}
	var metrics map[string]any
	if err := json.Unmarshal(b, &metrics); err != nil {
		return err
	}
	var failed []error
	for _, r := range rs {
		v, ok := metrics[r.metric].(float64)
		if !ok {
			failed = append(failed, fmt.Errorf("requirement %s: no numeric metric %q in the summary", r, r.metric))
			continue
		}
		if (r.op == "<=" && v > r.bound) || (r.op == ">=" && v < r.bound) {
			failed = append(failed, fmt.Errorf("requirement %s not met: %s is %g", r, r.metric, v))
		}
	}
	return errors.Join(failed...)
}
