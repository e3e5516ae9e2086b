package province

import (
	"errors"
	"testing"
)

func TestLookupSpellings(t *testing.T) {
	cases := []struct{ in, want string }{
		{"北京", "BJ"}, {"北京市", "BJ"}, {"Beijing", "BJ"}, {"BJ", "BJ"}, {"bj", "BJ"}, {" beijing ", "BJ"},
		{"内蒙古", "NM"}, {"内蒙古自治区", "NM"}, {"Inner Mongolia", "NM"}, {"Inner-Mongolia", "NM"}, {"Nei Mongol", "NM"},
		{"Shanxi", "SX"}, {"Shaanxi", "SN"}, {"陕西", "SN"}, {"山西省", "SX"},
		{"黑龙江", "HL"}, {"广西壮族自治区", "GX"}, {"Xinjiang Uygur", "XJ"}, {"Xizang", "XZ"}, {"11", "BJ"}, {"65", "XJ"},
	}
	for _, c := range cases {
		p, ok := Lookup(c.in)
		if !ok {
			t.Errorf("Lookup(%q): not found, want %s", c.in, c.want)
			continue
		}
		if p.Code != c.want {
			t.Errorf("Lookup(%q) = %s, want %s", c.in, p.Code, c.want)
		}
	}
}

// The NBS three-belt split: 11 East, 8 Central, 11 West provinces in the 30-province sample.
func TestSampleRegions(t *testing.T) {
	count := map[Region]int{}
	for _, p := range Sample() {
		count[p.Region]++
	}
	if len(Sample()) != 30 || count[East] != 11 || count[Central] != 8 || count[West] != 11 {
		t.Errorf("sample = %d provinces, regions %v; want 30 with East 11, Central 8, West 11", len(Sample()), count)
	}
}

func TestResolveUnknownSuggests(t *testing.T) {
	_, err := Resolve("Bejing")
	var unk *UnknownError
	if !errors.As(err, &unk) {
		t.Fatalf("Resolve(Bejing) error = %v, want *UnknownError", err)
	}
	if len(unk.Closest) == 0 || unk.Closest[0] != "Beijing" {
		t.Errorf("closest = %v, want Beijing first", unk.Closest)
	}
}
