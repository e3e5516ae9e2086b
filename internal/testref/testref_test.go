package testref

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// The copies in testdata must stay byte-identical to the shared originals, so that every test that reads
// them is still a test against the other software's numbers.
func TestCopiesMatchShared(t *testing.T) {
	shared, ok := SharedDir()
	if !ok {
		t.Skip("shared folder not found next to the checkout; set CPSTAT_SHARED to compare the copies")
	}
	for _, sub := range []string{"reference", "cases"} {
		origin := filepath.Join(shared, sub)
		err := filepath.WalkDir(origin, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			rel, _ := filepath.Rel(shared, path)
			want, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			got, err := os.ReadFile(Path(rel))
			if err != nil {
				t.Errorf("%s: missing from testdata: %v", rel, err)
				return nil
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s: testdata copy differs from %s; copy it again", rel, path)
			}
			return nil
		})
		if err != nil {
			t.Fatalf("walk %s: %v", origin, err)
		}
	}
}
