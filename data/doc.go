// Package data embeds cpstat's default public data set: a tidy panel of the 30 provinces of mainland
// China without Tibet for 2000–2017, the long capital-stock inputs for 1952–2017, and their codebook.
//
// The data stand in for the unpublished data of Hong, Jiang and Liu (2023, 财经研究 49(12)) so that the
// replication runs offline on real numbers. They come from public repositories and yearbook tables listed in
// README.md, and they are built by scripts/builddata, which never fills a gap: an empty cell is a value
// that no public source here gives. Several of the paper's variables are replaced by documented proxies
// (see PaperVariables and Indicators), and the construction-land approvals behind the paper's policy
// variable are not public, so `balance` is a fiscal-intervention proxy.
//
// Files (all UTF-8 CSV with a header row; numbers round-trip through strconv.ParseFloat):
//
//	panel.csv            province, province_zh, province_en, region, year, then one column per variable
//	capital_inputs.csv   the same keys for 1952–2017 with GFCF, deflators and depreciation
//	codebook.csv         one row per column of the two data files (see Variable)
//	paper_variables.csv  the paper's model variables mapped to columns or marked missing
//	indicators.csv       the 30 common-prosperity indicators with the column that serves each
//	coverage.csv         non-missing counts per panel variable and year (30 = complete)
//	crosscheck.csv       the same quantity from two sources side by side
//
// The package depends only on the standard library, so any reader of CSV bytes can use PanelCSV.
package data
