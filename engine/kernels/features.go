package kernels

import (
	"runtime"

	"golang.org/x/sys/cpu"
)

// feature is one CPU feature as golang.org/x/sys/cpu detects it.
type feature struct {
	name string
	has  bool
}

// CPUFeatures names the features of this CPU that kernels here use or could use, as
// golang.org/x/sys/cpu detects them, for benchmark reports: on amd64 among AVX2, FMA, F16C,
// AVXVNNI, AVX512F, AVX512VNNI and AVX512BF16; on arm64 among ASIMD, FPHP and ASIMDHP (float16 arithmetic),
// ASIMDFHM (FMLAL), ASIMDDP (SDOT) and SVE. Other architectures: none.
func CPUFeatures() []string {
	var fs []feature
	switch runtime.GOARCH {
	case "amd64":
		fs = []feature{{"AVX2", cpu.X86.HasAVX2}, {"FMA", cpu.X86.HasFMA}, {"F16C", cpu.X86.HasF16C},
			{"AVXVNNI", cpu.X86.HasAVXVNNI}, {"AVX512F", cpu.X86.HasAVX512F},
			{"AVX512VNNI", cpu.X86.HasAVX512VNNI}, {"AVX512BF16", cpu.X86.HasAVX512BF16}}
	case "arm64":
		fs = []feature{{"ASIMD", cpu.ARM64.HasASIMD}, {"FPHP", cpu.ARM64.HasFPHP}, {"ASIMDHP", cpu.ARM64.HasASIMDHP},
			{"ASIMDFHM", cpu.ARM64.HasASIMDFHM}, {"ASIMDDP", cpu.ARM64.HasASIMDDP}, {"SVE", cpu.ARM64.HasSVE}}
	}
	var names []string
	for _, f := range fs {
		if f.has {
			names = append(names, f.name)
		}
	}
	return names
}
