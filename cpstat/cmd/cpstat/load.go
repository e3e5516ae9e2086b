package main

import (
	"flag"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/cpstat/cpstat/cpstat"
)

// dataFlags are the flags every estimation command shares for choosing its data.
type dataFlags struct {
	path  string
	sheet string
	id    string
	time  string
}

// addDataFlags declares --data, --sheet, --id and --time on fs.
func addDataFlags(fs *flag.FlagSet) *dataFlags {
	d := &dataFlags{}
	fs.StringVar(&d.path, "data", "", "CSV or XLSX `file` to analyse (default: the embedded 30-province panel)")
	fs.StringVar(&d.sheet, "sheet", "", "XLSX worksheet `name` (default: the first sheet)")
	fs.StringVar(&d.id, "id", "province", "entity (panel unit) `column`")
	fs.StringVar(&d.time, "time", "year", "time `column` (integer periods such as years)")
	return d
}

// load reads the chosen data as a panel keyed by --id and --time.
func (d *dataFlags) load() (*cpstat.Panel, error) {
	if d.path == "" {
		return cpstat.EmbeddedPanel()
	}
	var (
		t   *cpstat.Table
		err error
	)
	keys := cpstat.WithKeys(d.id, d.time)
	switch strings.ToLower(filepath.Ext(d.path)) {
	case ".xlsx", ".xlsm":
		t, err = cpstat.ReadXLSX(d.path, d.sheet, keys)
	case ".csv", ".txt", "":
		t, err = cpstat.ReadCSV(d.path, keys)
	default:
		return nil, fmt.Errorf("--data %s: unsupported file type; give a .csv or .xlsx file (save .xls and .dta files as CSV first)", d.path)
	}
	if err != nil {
		return nil, err
	}
	return t.Panel()
}
