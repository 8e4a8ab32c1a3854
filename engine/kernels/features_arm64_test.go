//go:build arm64 && !noasm

package kernels

import (
	"os"
	"slices"
	"strings"
	"testing"

	"golang.org/x/sys/cpu"
)

// TestDotProdKernel checks that the SDOT kernel is tested wherever the CPU has FEAT_DotProd
// (golang.org/x/sys/cpu's ASIMDDP, from the kernel's HWCAP), and the detection against the
// "asimddp" of /proc/cpuinfo's Features line where there is one (not under qemu-user, which
// shows the host's).
func TestDotProdKernel(t *testing.T) {
	if cpu.ARM64.HasASIMDDP != slices.Contains(int8Kernels(), int8SDOT) {
		t.Errorf("ASIMDDP %v, but the SDOT kernel tested: %v", cpu.ARM64.HasASIMDDP, !cpu.ARM64.HasASIMDDP)
	}
	t.Logf("ASIMDDP %v; int8 kernels tested: %v", cpu.ARM64.HasASIMDDP, kernelNames(int8Kernels()))
	info, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return
	}
	for line := range strings.Lines(string(info)) {
		if name, list, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(name) == "Features" {
			if want := slices.Contains(strings.Fields(list), "asimddp"); cpu.ARM64.HasASIMDDP != want {
				t.Errorf("ASIMDDP detected %v, /proc/cpuinfo lists asimddp: %v", cpu.ARM64.HasASIMDDP, want)
			}
			return
		}
	}
}
