package data

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"
)

// outputFiles are the files scripts/builddata writes; README.md is written by hand and not rebuilt.
var outputFiles = []string{"panel.csv", "capital_inputs.csv", "codebook.csv", "paper_variables.csv",
	"indicators.csv", "coverage.csv", "crosscheck.csv", "COVERAGE.md"}

// rawDir finds the public source files: $CPSTAT_SHARED/data/raw, or ../shared/data/raw beside the
// repository root. It returns "" when neither exists.
func rawDir() string {
	candidates := []string{filepath.Join("..", "..", "shared", "data", "raw")}
	if shared := os.Getenv("CPSTAT_SHARED"); shared != "" {
		candidates = append([]string{filepath.Join(shared, "data", "raw")}, candidates...)
	}
	for _, c := range candidates {
		if info, err := os.Stat(c); err == nil && info.IsDir() {
			abs, err := filepath.Abs(c)
			if err == nil {
				return abs
			}
		}
	}
	return ""
}

func goTool() string {
	if p := filepath.Join(runtime.GOROOT(), "bin", "go"); fileExists(p) {
		return p
	}
	return "go"
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// TestRebuildIsIdentical runs the builder on the raw sources and requires byte-identical outputs, so the
// committed files are exactly what the sources and the builder produce.
func TestRebuildIsIdentical(t *testing.T) {
	raw := rawDir()
	if raw == "" {
		t.Skip("raw sources not found: set CPSTAT_SHARED or place shared/data/raw beside the repository to run the rebuild test")
	}
	out := t.TempDir()
	cmd := exec.Command(goTool(), "run", "./scripts/builddata", "--raw", raw, "--out", out)
	cmd.Dir = ".."
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("builder failed: %v\n%s", err, msg)
	}
	for _, name := range outputFiles {
		committed, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		rebuilt, err := os.ReadFile(filepath.Join(out, name))
		if err != nil {
			t.Fatalf("builder did not write %s: %v", name, err)
		}
		if !bytes.Equal(committed, rebuilt) {
			t.Errorf("%s differs from a rebuild; run `go run ./scripts/builddata` from the repository root and commit the result", name)
		}
	}
}
