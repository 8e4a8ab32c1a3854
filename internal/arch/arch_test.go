package arch

import (
	"go/build"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

const module = "github.com/redraft/redraft/"

// forbidden lists, for each package, import-path prefixes it must not reach directly.
var forbidden = map[string][]string{
	"engine/kernels":   {module + "engine", module + "refine", module + "lsp", "go.lsp.dev/", "go.uber.org/zap"},
	"engine":           {module + "refine", module + "lsp", "go.lsp.dev/", "go.uber.org/zap"},
	"engine/assets":    {module},
	"refine":           {module + "lsp", module + "engine/kernels", "go.lsp.dev/", "go.uber.org/zap"},
	"lsp":              {module + "engine", module + "cmd", "gonum.org/"},
	"internal/evalset": {module + "lsp"},
}

func TestOneWayImports(t *testing.T) {
	_, here, _, _ := runtime.Caller(0)
	root := filepath.Join(filepath.Dir(here), "..", "..")
	for pkg, bad := range forbidden {
		p, err := build.ImportDir(filepath.Join(root, filepath.FromSlash(pkg)), 0)
		if err != nil {
			t.Fatalf("%s: %v", pkg, err)
		}
		for _, imp := range p.Imports {
			for _, b := range bad {
				if imp == strings.TrimSuffix(b, "/") || strings.HasPrefix(imp, b) {
					if pkg == "engine/kernels" && strings.HasPrefix(imp, module+"engine/kernels") {
						continue // its own sub-packages (the OpenBLAS link flags)
					}
					t.Errorf("%s imports %s: the data flow is engine → refine → lsp, never back", pkg, imp)
				}
			}
		}
	}
}
