// Package testref locates the reference cases and tricky-input files that tests compare against.
//
// The files live in testdata/ at the module root: reference/ (values from R, DEAP and other established
// software, with the data they were computed on) and cases/ (small bad inputs with the behaviour users must
// get). Each test that reads them names the case it checks.
package testref

import (
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// Root returns the module root, found from this source file's location so it works from any package.
func Root() string {
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		panic("testref: cannot locate source file")
	}
	return filepath.Clean(filepath.Join(filepath.Dir(file), "..", ".."))
}

// Path joins elements onto the module's testdata folder.
func Path(elem ...string) string {
	return filepath.Join(append([]string{Root(), "testdata"}, elem...)...)
}

// Case returns the path of a file in testdata/cases, for example Case("PB-01.csv").
func Case(name string) string { return Path("cases", name) }

// ReferenceData returns the path of a data set in testdata/reference/data, for example "plm_Grunfeld.csv".
func ReferenceData(name string) string { return Path("reference", "data", name) }

// LoadCase decodes testdata/reference/cases/NAME.json into v and fails the test on any error.
func LoadCase(t testing.TB, name string, v any) {
	t.Helper()
	raw, err := os.ReadFile(Path("reference", "cases", name+".json"))
	if err != nil {
		t.Fatalf("reference case %s: %v", name, err)
	}
	if err := json.Unmarshal(raw, v); err != nil {
		t.Fatalf("reference case %s: decode: %v", name, err)
	}
}

// SharedDir returns the shared folder that testdata was copied from: $CPSTAT_SHARED if set, otherwise
// ../shared beside the module root. The second result is false when that folder does not exist.
func SharedDir() (string, bool) {
	dir := os.Getenv("CPSTAT_SHARED")
	if dir == "" {
		dir = filepath.Join(Root(), "..", "shared")
	}
	info, err := os.Stat(dir)
	return dir, err == nil && info.IsDir()
}
