//go:build amd64 && !noasm

package kernels

import (
	"os"
	"slices"
	"strings"
	"testing"
)

// TestCPUIDFeatures checks the F16C and AVX-VNNI detection the kernels rely on against the
// flags Linux lists in /proc/cpuinfo, and that every int8 kernel the detection allows is
// among those tested against the portable one.
func TestCPUIDFeatures(t *testing.T) {
	info, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		t.Skip("no /proc/cpuinfo")
	}
	var flags []string
	for line := range strings.Lines(string(info)) {
		if name, list, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(name) == "flags" {
			flags = strings.Fields(list)
			break
		}
	}
	if flags == nil {
		t.Skip("no flags line in /proc/cpuinfo")
	}
	for _, c := range []struct {
		flag string
		has  bool
	}{{"f16c", hasF16C}, {"avx_vnni", hasAVXVNNI}} {
		if want := slices.Contains(flags, c.flag); c.has != want {
			t.Errorf("detected %s = %v, /proc/cpuinfo lists it: %v", c.flag, c.has, want)
		}
	}
	if hasAVXVNNI && !slices.Contains(int8Kernels(), int8AVXVNNI) {
		t.Error("AVX-VNNI detected but its int8 kernel is not tested")
	}
	t.Logf("int8 kernels tested: %v", kernelNames(int8Kernels()))
}
