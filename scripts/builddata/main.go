package main

import (
	"flag"
	"fmt"
	"os"
)

func main() {
	raw := flag.String("raw", "../shared/data/raw", "directory with one folder per public source (read only)")
	out := flag.String("out", "data", "directory that receives the CSV and Markdown outputs")
	flag.Parse()
	if err := build(*raw, *out); err != nil {
		fmt.Fprintln(os.Stderr, "builddata:", err)
		os.Exit(1)
	}
}

// build loads every source under raw and writes all outputs to out.
func build(raw, out string) error {
	d, err := loadAll(raw)
	if err != nil {
		return err
	}
	panel, err := derivePanel(d)
	if err != nil {
		return err
	}
	capital := deriveCapitalInputs(d)
	return writeAll(out, panel, capital, crossCheckRecords(crossChecks(d)))
}
