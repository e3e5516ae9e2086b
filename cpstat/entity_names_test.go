package cpstat

import (
	"reflect"
	"testing"
)

// Names that differ by an administrative word or spaces are grouped; distinct names are not.
func TestSimilarEntities(t *testing.T) {
	names := []string{"安平", "武邑县", "安平县", "Anping County", "anping", "冀州市", "冀州区", "枣强县", "景县"}
	want := [][]string{{"安平", "安平县"}, {"Anping County", "anping"}, {"冀州市", "冀州区"}}
	if got := SimilarEntities(names); !reflect.DeepEqual(got, want) {
		t.Errorf("SimilarEntities = %v, want %v in order of first appearance", got, want)
	}
	if got := SimilarEntities([]string{"景县", "枣强县", "BJ", "TJ"}); len(got) != 0 {
		t.Errorf("distinct names grouped: %v", got)
	}
}
