package refine

import (
	"context"
	"strings"
	"testing"
)

// Clean text the guard once changed: a rare noun turned plural ("the structures inode and
// file"), a form whose first piece is a common word (" in|odes"; guard.go: wordPre).
func TestModelRefineKeepsRightForms(t *testing.T) {
	r := modelRefiner(t)
	for _, c := range []struct{ left, text, right, keep string }{
		{"nction is not implemented, however, this struct should contain a NULL instead. The capability flags specify the capabilities of the CD-ROM hardware and/or low-level CD-ROM driver when a CD-ROM drive is registered with the Uniform CD-ROM Driver.\n\nNote that most functions have fewer parameters than their blkdev_fops counterparts. ",
			"This is because very little of the information in the structures inode and file is used.",
			" For most drivers, the main parameter is the struct cdrom_device_info, from which the major and minor number can be extracted. (Most low-level CD-ROM drivers don’t even look at the major and minor number though, since many of them only supp", "structures inode and"},
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
