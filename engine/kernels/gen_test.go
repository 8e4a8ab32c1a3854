package kernels

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestGeneratedAssembly regenerates the avo-generated assembly (gen.go) and checks that it
// is the committed file, line for line (the first line names the output path, which differs).
func TestGeneratedAssembly(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the generator")
	}
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command")
	}
	for _, c := range []struct{ file, out string }{
		{"panel", "panel_avx2_amd64.s"},
		{"panel512", "panel_avx512_amd64.s"},
		{"int8", "int8_amd64.s"},
		{"vecmath", "vecmath_avx2_amd64.s"},
		{"vecmath512", "vecmath_avx512_amd64.s"},
	} {
		tmp := filepath.Join(t.TempDir(), c.out)
		cmd := exec.Command(gobin, "run", "./internal/asmgen", "-file", c.file, "-out", tmp)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("asmgen -file %s: %v\n%s", c.file, err, out)
		}
		got, err := os.ReadFile(tmp)
		if err != nil {
			t.Fatal(err)
		}
		want, err := os.ReadFile(c.out)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(afterFirstLine(got), afterFirstLine(want)) {
			t.Errorf("%s differs from what asmgen -file %s generates: run go generate ./engine/kernels/", c.out, c.file)
		}
	}
}

func afterFirstLine(b []byte) []byte {
	if i := bytes.IndexByte(b, '\n'); i >= 0 {
		return b[i+1:]
	}
	return nil
}
