package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/cpstat/cpstat/data"
)

func init() {
	register(&command{
		name:    "data",
		summary: "list the embedded variables, show their coverage, export the panel",
		usage:   "[--coverage] [--indicators] [--export FILE] [--lang zh|en] [--json]",
		details: `Without flags, lists every column of the embedded public data set: code, label, unit, status
(paper variable, proxy, input, alternative) and the years it covers. --coverage prints the count of provinces
with a value per variable and year; --indicators maps the paper's 30 index indicators to the columns that
serve them. --export writes the panel (province × year, 2000–2017) as CSV, the capital-stock inputs
(1952–2017) with --capital-inputs, or the indicator table with --indicators: edit its column field to map
the indicators to your own columns and pass it to cpstat entropy --system.`,
		setup: func(fs *flag.FlagSet) func(*env) error {
			coverage := fs.Bool("coverage", false, "print non-missing counts per variable and year")
			indicators := fs.Bool("indicators", false, "print the 30 index indicators and the columns that serve them; with --export, write\ntheir table (the format of entropy --system)")
			export := fs.String("export", "", "write the panel as CSV to `FILE` (\"-\" for stdout)")
			capitalInputs := fs.Bool("capital-inputs", false, "with --export: write the 1952–2017 capital-stock inputs instead")
			lang := fs.String("lang", "zh", "label language: zh or en")
			asJSON := fs.Bool("json", false, "print machine-readable JSON")
			return func(e *env) error {
				if *lang != "zh" && *lang != "en" {
					return usagef("--lang must be zh or en, not %q", *lang)
				}
				switch {
				case *export != "":
					raw := data.PanelCSV()
					switch {
					case *capitalInputs && *indicators:
						return usagef("give --capital-inputs or --indicators with --export, not both")
					case *capitalInputs:
						raw = data.CapitalInputsCSV()
					case *indicators:
						raw = data.IndicatorsCSV()
					}
					return writeExport(e, *export, raw)
				case *coverage:
					return printCoverage(e.stdout, *asJSON)
				case *indicators:
					return printIndicators(e.stdout, *lang, *asJSON)
				}
				return printCodebook(e.stdout, *lang, *asJSON)
			}
		},
	})
}

func writeExport(e *env, path string, raw []byte) error {
	if path == "-" {
		_, err := e.stdout.Write(raw)
		return err
	}
	if ext := strings.ToLower(filepath.Ext(path)); ext != ".csv" {
		return usagef("--export writes CSV; name the file with .csv, not %q", ext)
	}
	if err := os.WriteFile(path, raw, 0o644); err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "wrote %s (%d bytes)\n", path, len(raw))
	return nil
}

func printJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func printCodebook(w io.Writer, lang string, asJSON bool) error {
	vars, err := data.Codebook()
	if err != nil {
		return err
	}
	if asJSON {
		return printJSON(w, vars)
	}
	cw := &columnWriter{padding: 2}
	cw.row("file", "code", "label", "unit", "status", "years", "serves")
	for _, v := range vars {
		years := "—"
		if v.NonMissing > 0 {
			years = fmt.Sprintf("%d–%d (%d values)", v.FirstYear, v.LastYear, v.NonMissing)
		}
		cw.row(v.File, v.Code, v.Label(lang), v.Unit, v.Status, years, v.PaperVariable)
	}
	return cw.flush(w)
}

func printCoverage(w io.Writer, asJSON bool) error {
	rows, err := data.Coverage()
	if err != nil {
		return err
	}
	if asJSON {
		return printJSON(w, rows)
	}
	cw := &columnWriter{right: true, padding: 1}
	if len(rows) > 0 {
		head := []string{"variable"}
		for _, y := range rows[0].Years {
			head = append(head, fmt.Sprintf("'%02d", y%100))
		}
		cw.row(append(head, "total")...)
	}
	for _, r := range rows {
		cells := []string{r.Variable}
		for _, c := range r.Counts {
			cells = append(cells, strconv.Itoa(c))
		}
		cw.row(append(cells, strconv.Itoa(r.Total))...)
	}
	return cw.flush(w)
}

func printIndicators(w io.Writer, lang string, asJSON bool) error {
	inds, err := data.Indicators()
	if err != nil {
		return err
	}
	if asJSON {
		return printJSON(w, inds)
	}
	cw := &columnWriter{padding: 2}
	cw.row("id", "indicator", "direction", "status", "column", "note")
	for _, ind := range inds {
		label, note := ind.LabelZh, ind.NoteZh
		if lang == "en" {
			label, note = ind.LabelEn, ind.Note
		}
		cw.row(ind.ID, label, ind.Direction, ind.Status, ind.Column, note)
	}
	return cw.flush(w)
}
