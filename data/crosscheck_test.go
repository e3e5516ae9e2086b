package data

import (
	"math"
	"slices"
	"testing"
)

// crossCheckBound is the largest |relative difference| allowed for the rows of a check that fall in a year
// range and, when provinces is set, belong to one of those provinces. The first matching bound applies.
type crossCheckBound struct {
	check       string
	first, last int
	provinces   []string
	maxRelDiff  float64
	reason      string
}

// crossCheckBounds records the differences found between overlapping sources when the data were built
// (see data/README.md, section "Cross-checks"). A rebuild from changed sources that widens a gap fails here.
var crossCheckBounds = []crossCheckBound{
	{"gdp_wd_vs_renjiyi", 2005, 2006, []string{"HI"}, 0.025, "Hainan 2005–2006 differ by about 2 % (different vintage)"},
	{"gdp_wd_vs_renjiyi", 2005, 2017, nil, 0.001, "same NBS series, rounding"},
	{"cpi_csmar_vs_yetian", 2001, 2017, nil, 0.005, "CSMAR 2003+ values carry computed decimals; largest Jilin 2007"},
	{"budget_exp_renjiyi_vs_techme", 2010, 2017, nil, 1e-5, "same yearbook table, two to four decimals"},
	{"pop_wd_vs_carbondata", 2000, 2004, nil, 0.002, "same series"},
	{"pop_wd_vs_carbondata", 2010, 2013, nil, 0.002, "same series"},
	{"pop_wd_vs_carbondata", 2005, 2009, nil, 0.14, "WD takes 2010-census revised values for some provinces (Shanghai 2009 2210 vs 1921)"},
	{"pop_wd_vs_carbondata", 2014, 2017, nil, 0.11, "carbondata takes 2020-census revised values (Heilongjiang 2017 3399 vs 3788)"},
	{"gdp_wd_vs_carbondata_sectors", 2009, 2012, nil, 1e-6, "same vintage"},
	{"gdp_wd_vs_carbondata_sectors", 2013, 2013, nil, 0.02, "small revisions"},
	{"gdp_wd_vs_carbondata_sectors", 2006, 2006, []string{"BJ"}, 0.5, "carbondata Beijing 2006 tertiary value added is a transcription error"},
	{"gdp_wd_vs_carbondata_sectors", 2000, 2017, nil, 0.36, "carbondata mixes vintages: first-published 2000–2008, 2018-census revised 2014–2017"},
	{"usd_cny_wd_vs_renjiyi_implied", 2005, 2014, nil, 1e-4, "same national rate; the implied rate carries the rounding of trade values"},
	{"gfcf_asset_vs_wind2018", 1996, 2017, nil, 1e-12, "identical"},
	{"gfcf_asset_vs_wind2018", 1952, 1995, []string{"SC", "FJ"}, 15, "CHNCapitalStock rebuilt Sichuan without Chongqing and Fujian 1967–1968 (negative GFCF in the package)"},
	{"gfcf_asset_vs_wind2018", 1952, 1995, []string{"GD", "BJ", "XJ"}, 0.7, "CHNCapitalStock fills early years from provincial yearbooks and Zhang Jun (2004)"},
	{"gfcf_asset_vs_wind2018", 1952, 1995, []string{"TJ", "GS", "HN"}, 0.03, "small early-year corrections by the package author"},
	{"gfcf_asset_vs_wind2018", 1952, 1995, nil, 0.001, "same series"},
}

// crossCheckRows is the number of province-years each check must compare, so that a check cannot vanish.
var crossCheckRows = map[string]int{
	"gdp_wd_vs_carbondata_sectors": 540, "gdp_wd_vs_renjiyi": 390, "cpi_csmar_vs_yetian": 510,
	"pop_wd_vs_carbondata": 540, "budget_exp_renjiyi_vs_techme": 240, "gfcf_asset_vs_wind2018": 1355,
	"usd_cny_wd_vs_renjiyi_implied": 300,
}

func TestCrossChecksWithinBounds(t *testing.T) {
	rows, err := CrossChecks()
	if err != nil {
		t.Fatal(err)
	}
	counts := map[string]int{}
	for _, r := range rows {
		counts[r.Check]++
		var bound *crossCheckBound
		for i, b := range crossCheckBounds {
			if b.check == r.Check && r.Year >= b.first && r.Year <= b.last &&
				(b.provinces == nil || slices.Contains(b.provinces, r.Province)) {
				bound = &crossCheckBounds[i]
				break
			}
		}
		if bound == nil {
			t.Errorf("%s %s %d: no bound covers this row", r.Check, r.Province, r.Year)
			continue
		}
		if math.IsNaN(r.RelDiff) || math.Abs(r.RelDiff) > bound.maxRelDiff {
			t.Errorf("%s %s %d: |relative difference| %.4g exceeds %.4g (%s): %s = %v, %s = %v", r.Check, r.Province,
				r.Year, math.Abs(r.RelDiff), bound.maxRelDiff, bound.reason, r.SourceA, r.ValueA, r.SourceB, r.ValueB)
		}
		if want := (r.ValueB - r.ValueA) / r.ValueA; math.Abs(want-r.RelDiff) > 1e-12*math.Max(1, math.Abs(want)) {
			t.Errorf("%s %s %d: rel_diff %v, recomputed %v", r.Check, r.Province, r.Year, r.RelDiff, want)
		}
	}
	for check, want := range crossCheckRows {
		if counts[check] != want {
			t.Errorf("check %s compares %d province-years, want %d", check, counts[check], want)
		}
	}
}
