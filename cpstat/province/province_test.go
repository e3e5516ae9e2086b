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
		// official, English and pinyin forms with administrative and ethnic words
		{"Inner Mongolia Autonomous Region", "NM"}, {"内蒙", "NM"}, {"Nei Menggu Zizhiqu", "NM"},
		{"Guangxi Zhuangzu Zizhiqu", "GX"}, {"广西壮族", "GX"}, {"Xinjiang Weiwuer Zizhiqu", "XJ"},
		{"Ningxia Huizu Zizhiqu", "NX"}, {"Tibet Autonomous Region", "XZ"}, {"Beijing Municipality", "BJ"},
		{"Beijing Shi", "BJ"}, {"Chongqing City", "CQ"}, {"Hebei Sheng", "HE"}, {"Anhui Province", "AH"}, {"Anhui", "AH"},
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

// Stripping administrative words never turns a non-province into one.
func TestLookupRejectsNonProvinces(t *testing.T) {
	for _, in := range []string{"全国", "Shi", "Hui", "Anhu", "Province", "自治区", "China", "Hong Kong"} {
		if p, ok := Lookup(in); ok {
			t.Errorf("Lookup(%q) = %s, want not found", in, p.Code)
		}
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
	// The administrative words do not count against the suggestion.
	if _, err := Resolve("Inner Mongolai Autonomous Region"); !errors.As(err, &unk) || len(unk.Closest) == 0 || unk.Closest[0] != "Inner Mongolia" {
		t.Errorf("Resolve(Inner Mongolai Autonomous Region) = %v, want Inner Mongolia suggested", err)
	}
}
