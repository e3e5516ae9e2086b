// Command builddata builds cpstat's embedded public data set from the raw source files.
//
// It reads the public sources described in each folder's SOURCE.md under --raw and writes under --out:
//
//	panel.csv            30 provinces (mainland without Tibet) × 2000–2017, one row per province-year
//	capital_inputs.csv   30 provinces × 1952–2017 inputs for a perpetual-inventory capital stock
//	codebook.csv         one row per column of the two data files
//	paper_variables.csv  each variable of Hong, Jiang and Liu (2023) mapped to a column, a proxy or "missing"
//	indicators.csv       the 30-indicator common-prosperity system of Hong, Jiang and Liu (2023), Table 1
//	coverage.csv         non-missing counts per variable and year
//	COVERAGE.md          the same counts for reading, with what is missing and why
//	crosscheck.csv       values of the same quantity from two sources side by side
//
// Usage, from the repository root:
//
//	go run ./scripts/builddata --raw ../shared/data/raw --out data
//
// The builder never fills a gap: a value that no source gives stays an empty cell. It stops with an error
// when a source row names a province that the province package cannot resolve, when a source gives two
// values for one province-year, or when an expected sheet or column is absent.
//
// Methods: the capital-stock inputs follow the perpetual-inventory set-up of Zhang Jun, Wu Guiying and
// Zhang Jipeng (2004) and Shan Haojie (2008) as packaged in the CHNCapitalStock R package (Pu Chen); real GDP
// chains the NBS GDP index (previous year = 100) from nominal GDP in 2000; prices are deflated with the
// provincial CPI chained to 2000 = 100.
package main
