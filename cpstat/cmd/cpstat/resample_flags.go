package main

import (
	"fmt"
	"io"
	"slices"

	"github.com/cpstat/cpstat/cpstat"
)

// replicateProgress returns a callback that writes a line to w each time another tenth of the
// replicates is done, or nil when quiet is set.
func replicateProgress(w io.Writer, what string, quiet bool) func(done, total int) {
	if quiet {
		return nil
	}
	next := 1
	return func(done, total int) {
		if done*10 >= next*total {
			fmt.Fprintf(w, "%s: %d of %d replicates\n", what, done, total)
			next = done*10/total + 1
		}
	}
}

// loadAnyPanel reads --data as a panel keyed by --id and --time. A file with neither column is a
// cross-section: each row becomes its own entity in one period (Table.CrossSection), and a reader
// note says so. A file with the --id column but no --time column is one period of those entities.
func (d *dataFlags) loadAnyPanel(e *env) (*cpstat.Panel, error) {
	if d.path == "" {
		return cpstat.EmbeddedPanel()
	}
	t, err := d.readTable(e)
	if err != nil {
		return nil, err
	}
	names := t.DataFrame.Names()
	if !slices.Contains(names, d.id) && !slices.Contains(names, d.time) {
		p, err := t.CrossSection()
		if err == nil {
			d.addNotes(e, d.crossSectionNote(names, p.EntityColumn()))
		}
		return p, err
	}
	if err := d.checkKeys(t, true, false); err != nil {
		return nil, err
	}
	return d.onePeriodPanel(t)
}
