package refine

import (
	"fmt"
	"io"
	"strings"
)

// explainLog collects the account Options.Explain asks for, one sentence at a time, so that the
// sentences refined side by side do not interleave their lines. Its methods do nothing on a nil
// log, so the rounds call them unconditionally.
type explainLog struct {
	w  io.Writer // Options.Explain
	sb strings.Builder
}

func newExplainLog(opt Options) *explainLog {
	if opt.Explain == nil {
		return nil
	}
	return &explainLog{w: opt.Explain}
}

func (l *explainLog) printf(format string, args ...any) {
	if l != nil {
		fmt.Fprintf(&l.sb, format, args...)
	}
}

// sentence opens a sentence's account with its text.
func (l *explainLog) sentence(text string) { l.printf("sentence %q\n", text) }

// round lists a round's suspect words, each with its least likely token's log-probability.
func (l *explainLog) round(n int, v *view) {
	if l == nil {
		return
	}
	var sus []string
	for _, i := range v.sus {
		sus = append(sus, fmt.Sprintf("%s %.1f", v.words[i].bare(), v.wordLP(i)))
	}
	l.printf("  round %d: suspects [%s]\n", n+1, strings.Join(sus, ", "))
}

// candidate notes what became of a candidate that was not judged.
func (l *explainLog) candidate(c *candidate, note string) {
	l.printf("    %-12s %q → %q  pre %+.2f prior %.2f  %s\n", c.kind, c.old, c.new, c.pre, c.prior, note)
}

// judged notes a scored candidate's gain against the margin it needed.
func (l *explainLog) judged(c *candidate, gain, need float64, pass bool) {
	verdict := "refused"
	if pass {
		verdict = "passes"
	}
	l.candidate(c, fmt.Sprintf("gain %+.2f need %.2f cost %.2f: %s", gain, need, c.kind.cost(false), verdict))
}

// taken notes the candidate a round takes.
func (l *explainLog) taken(c *candidate) { l.printf("    taken: %q → %q\n", c.old, c.new) }

// flush writes the account to Options.Explain in one write.
func (l *explainLog) flush() {
	if l != nil {
		_, _ = io.WriteString(l.w, l.sb.String())
	}
}
