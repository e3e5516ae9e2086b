package main

import (
	"fmt"
	"path/filepath"
	"strings"
)

// Source folders under the raw directory, one per public source (each has a SOURCE.md).
const (
	srcCapital   = "common2016__CapitalStock"
	srcCSMAR     = "eileenCHEN-9__PhD_2022_2025"
	srcYeTian    = "YeTian97__Birthrate-Fighter"
	srcCarbon    = "yaoyaoustc__carbondata"
	srcWD        = "xxyyluo__WD"
	srcRenJiyi   = "RenJiyi163__panel_data_analysis_for_thesis"
	srcTechme    = "huhuaping__techme"
	srcYearbook  = "pages__yearbook_tables"
	srcHousehold = "pages__household_income"
	srcLand      = "pages__urban_land"
)

// wdWorkbook is the xxyyluo__WD workbook with one sheet per series (rows = provinces, columns = years).
const wdWorkbook = "2021.8.6_provincialGPI_compenent_and_measurement.xlsx"

// longSpec describes a long-format CSV: one row per province-year (and possibly per item).
type longSpec struct {
	folder, file      string
	provinceCol       string
	yearCol, valueCol string
	filterCol, keep   string  // when filterCol is set, only rows whose filterCol equals keep are read
	scale             float64 // multiplies each value; 0 means 1
}

// loadLong reads one variable from a long-format CSV, dropping aggregate and Tibet rows.
func loadLong(raw string, spec longSpec) (series, error) {
	path := filepath.Join(raw, spec.folder, spec.file)
	t, err := readCSV(path)
	if err != nil {
		return nil, err
	}
	pc, err := t.col(spec.provinceCol)
	if err != nil {
		return nil, err
	}
	yc, err := t.col(spec.yearCol)
	if err != nil {
		return nil, err
	}
	vc, err := t.col(spec.valueCol)
	if err != nil {
		return nil, err
	}
	fc := -1
	if spec.filterCol != "" {
		if fc, err = t.col(spec.filterCol); err != nil {
			return nil, err
		}
	}

	scale := spec.scale
	if scale == 0 {
		scale = 1
	}
	name := spec.folder + "/" + spec.file

	out := series{}
	for i, r := range t.rows {
		if fc >= 0 && cell(r, fc) != spec.keep {
			continue
		}
		p, kind, err := resolveLabel(name, cell(r, pc))
		if err != nil {
			return nil, fmt.Errorf("row %d: %w", i+2, err)
		}
		if kind != inSample {
			continue
		}
		year, err := parseYear(cell(r, yc))
		if err != nil {
			return nil, fmt.Errorf("%s row %d: %w", name, i+2, err)
		}
		v, ok, err := parseValue(cell(r, vc))
		if err != nil {
			return nil, fmt.Errorf("%s row %d column %s: %w", name, i+2, spec.valueCol, err)
		}
		if !ok {
			continue
		}
		if err := out.set(name, p.Code, year, v*scale); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// loadWDSheet reads one sheet of the WD workbook: the first row holds the years, the first column the
// English province names. Reading stops at the first row without a name, because several sheets carry a
// second block (for example capital stock under gross fixed capital formation) below a blank row.
func loadWDSheet(raw, sheet string) (series, error) {
	path := filepath.Join(raw, srcWD, wdWorkbook)
	rows, err := readSheet(path, sheet)
	if err != nil {
		return nil, err
	}
	if len(rows) < 2 {
		return nil, fmt.Errorf("%s sheet %q: no data rows", wdWorkbook, sheet)
	}
	years := make([]int, len(rows[0]))
	for j := 1; j < len(rows[0]); j++ {
		if years[j], err = parseYear(rows[0][j]); err != nil {
			return nil, fmt.Errorf("%s sheet %q header column %d: %w", wdWorkbook, sheet, j+1, err)
		}
	}
	name := srcWD + "/" + wdWorkbook + " [" + sheet + "]"
	out := series{}
	for i, r := range rows[1:] {
		if len(r) == 0 || strings.TrimSpace(r[0]) == "" {
			break
		}
		p, kind, err := resolveLabel(name, r[0])
		if err != nil {
			return nil, fmt.Errorf("row %d: %w", i+2, err)
		}
		if kind != inSample {
			continue
		}
		for j := 1; j < len(r) && j < len(years); j++ {
			v, ok, err := parseValue(r[j])
			if err != nil {
				return nil, fmt.Errorf("%s row %d year %d: %w", name, i+2, years[j], err)
			}
			if ok {
				if err := out.set(name, p.Code, years[j], v); err != nil {
					return nil, err
				}
			}
		}
	}
	return out, nil
}

// loadWindWide reads a Wind/EDB export laid out with one column per province and one row per year-end
// date (an Excel serial) in the first column. label extracts the province name from a column header.
func loadWindWide(raw, folder, file, sheet string, label func(string) string) (series, error) {
	path := filepath.Join(raw, folder, file)
	rows, err := readSheet(path, sheet)
	if err != nil {
		return nil, err
	}
	name := folder + "/" + file
	codes := make([]string, len(rows[0]))
	for j := 1; j < len(rows[0]); j++ {
		p, kind, err := resolveLabel(name, label(rows[0][j]))
		if err != nil {
			return nil, fmt.Errorf("header column %d: %w", j+1, err)
		}
		if kind == inSample {
			codes[j] = p.Code
		}
	}
	out := series{}
	for i, r := range rows[1:] {
		if len(r) == 0 || strings.TrimSpace(r[0]) == "" {
			continue
		}
		year, err := excelSerialYear(r[0])
		if err != nil {
			// Wind puts notes such as the data source below the table; stop there.
			break
		}
		for j := 1; j < len(r) && j < len(codes); j++ {
			if codes[j] == "" {
				continue
			}
			v, ok, err := parseValue(r[j])
			if err != nil {
				return nil, fmt.Errorf("%s row %d column %d: %w", name, i+2, j+1, err)
			}
			if ok {
				if err := out.set(name, codes[j], year, v); err != nil {
					return nil, err
				}
			}
		}
	}
	return out, nil
}

// loadFAIPriceIndex reads the 2019 Wind export of the fixed-asset investment price index (previous year =
// 100): one row per province, with metadata columns and then one column per year-end date serial.
func loadFAIPriceIndex(raw string) (series, error) {
	const file = "固定资产投资价格指数2019.xlsx"
	path := filepath.Join(raw, srcCapital, file)
	rows, err := readSheet(path, "北京_固定资产投资价格指数")
	if err != nil {
		return nil, err
	}
	name := srcCapital + "/" + file

	header := rows[0]
	const labelCol, firstDateCol = 1, 8
	if len(header) <= firstDateCol || header[labelCol] != "指标名称" {
		return nil, fmt.Errorf("%s: unexpected header %q; expected 指标名称 in column 2 and dates from column 9", name, header)
	}
	years := make([]int, len(header))
	for j := firstDateCol; j < len(header); j++ {
		if years[j], err = excelSerialYear(header[j]); err != nil {
			return nil, fmt.Errorf("%s header column %d: %w", name, j+1, err)
		}
	}

	out := series{}
	for i, r := range rows[1:] {
		label := cell(r, labelCol)
		if label == "" {
			continue
		}
		prov, _, found := strings.Cut(label, ":")
		if !found {
			continue // the note rows below the table ("数据来源：Wind")
		}
		p, kind, err := resolveLabel(name, prov)
		if err != nil {
			return nil, fmt.Errorf("row %d: %w", i+2, err)
		}
		if kind != inSample {
			continue
		}
		for j := firstDateCol; j < len(r) && j < len(years); j++ {
			v, ok, err := parseValue(r[j])
			if err != nil {
				return nil, fmt.Errorf("%s row %d column %d: %w", name, i+2, j+1, err)
			}
			if ok {
				if err := out.set(name, p.Code, years[j], v); err != nil {
					return nil, err
				}
			}
		}
	}
	return out, nil
}

// loadCSMARCPI reads the CSMAR provincial CPI (previous year = 100). The province is identified by both
// its GB code and its English name; a row where the two disagree is an error.
func loadCSMARCPI(raw string) (series, error) {
	const file = "CRE_Pi01.csv"
	name := srcCSMAR + "/" + file
	t, err := readCSV(filepath.Join(raw, srcCSMAR, file))
	if err != nil {
		return nil, err
	}

	idc, err := t.col("Prvcnm_id")
	if err != nil {
		return nil, err
	}
	enc, err := t.col("Prvcnm_en")
	if err != nil {
		return nil, err
	}
	yc, err := t.col("Sgnyea")
	if err != nil {
		return nil, err
	}
	vc, err := t.col("Pi0101")
	if err != nil {
		return nil, err
	}

	out := series{}
	for i, r := range t.rows {
		p, kind, err := resolveLabel(name, cell(r, enc))
		if err != nil {
			return nil, fmt.Errorf("row %d: %w", i+2, err)
		}
		if kind != inSample {
			continue
		}
		if id := cell(r, idc); id != fmt.Sprintf("%d0000", p.GB) {
			return nil, fmt.Errorf("%s row %d: province code %s does not match name %q (GB %d)", name, i+2, id, cell(r, enc), p.GB)
		}
		year, err := parseYear(cell(r, yc))
		if err != nil {
			return nil, fmt.Errorf("%s row %d: %w", name, i+2, err)
		}
		v, ok, err := parseValue(cell(r, vc))
		if err != nil {
			return nil, fmt.Errorf("%s row %d: %w", name, i+2, err)
		}
		if ok {
			if err := out.set(name, p.Code, year, v); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

// loadLandArea reads the 2008 land-survey area of each province (10k hectares) from the MLR land-use table
// in China Statistical Yearbook 2009 (table 11-34) and returns it in square kilometres, keyed to year 2008.
func loadLandArea(raw string) (series, error) {
	s, err := loadLong(raw, longSpec{
		folder: srcLand, file: "land_use_mlr_csy2009_table11-34_2008_bonus.csv",
		provinceCol: "province_cn", yearCol: "year", valueCol: "value",
		filterCol: "variable", keep: "land_survey_area", scale: 100, // 1 (10k ha) = 100 km²
	})
	return s, err
}
