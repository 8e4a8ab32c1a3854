package refine

import (
	"context"
	"strings"
	"testing"
)

// Text the guard once made worse: a rare noun turned plural ("the structures inode and file"),
// a form whose first piece is a common word (" in|odes"; guard.go: wordPre), and a word
// choice only one masking of the sentence favours ("one value each semaphore" → "one value of
// semaphore", where a "for" was dropped; guard.go: confirm).
func TestModelRefineKeepsRightForms(t *testing.T) {
	r := modelRefiner(t)
	for _, c := range []struct{ left, text, right, keep string }{
		{"nction is not implemented, however, this struct should contain a NULL instead. The capability flags specify the capabilities of the CD-ROM hardware and/or low-level CD-ROM driver when a CD-ROM drive is registered with the Uniform CD-ROM Driver.\n\nNote that most functions have fewer parameters than their blkdev_fops counterparts. ",
			"This is because very little of the information in the structures inode and file is used.",
			" For most drivers, the main parameter is the struct cdrom_device_info, from which the major and minor number can be extracted. (Most low-level CD-ROM drivers don’t even look at the major and minor number though, since many of them only supp", "structures inode and"},
		{"ted into Linux 2.4.22. glibc support for semtimedop() first appeared in Linux 2.3.3.\n\n# STANDARDS\n\n# NOTES\n\nThe sem_undo structures of a process aren't inherited by the child produced by fork(2), but they are inherited across an execve(2) system call.\n\nsemop() is never automatically restarted after being interrupted by a signal handler, regardless of the setting of the SA_RESTART flag when establishing a signal handler.\n\nA semaphore adjustment (semadj) value is a per-process, per-semaphore integer that is the negated sum of all operations performed on a semaphore specifying the SEM_UNDO flag. ",
			"Each process has a list of semadj values—one value each semaphore on which it has operated using SEM_UNDO.",
			" When a process terminates, each of its per-semaphore semadj values is added to the corresponding semaphore, thus undoing the effect of that process's operations on the semaphore (but see BUGS below). When a semaphore's value is directly set using the SETVAL or SETALL request to semctl(2), the corresponding semadj values in all processes are cleared. The clone(2) CLONE_SYSVSEM flag allows more than one process to share a semadj list; see clone(2) for details.\n\nThe semval, sempid, semzcnt, and semnct values for a semaphore can all be retrieved using appropriate semctl(2) calls.\n\n## Semaphore li", "value each semaphore"},
	} {
		doc := c.left + c.text + c.right
		res, err := r.Refine(context.Background(), doc, len(c.left), len(c.left)+len(c.text), DefaultOptions(), nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Candidates) == 0 {
			continue
		}
		if got := ApplyEdits(doc, res.Candidates[0].Edits); !strings.Contains(got, c.keep) {
			t.Errorf("%q changed in %q:\n now %q", c.keep, c.text, got[len(c.left):])
		}
	}
}
