package main

import (
	"strconv"
	"strings"

	"github.com/go-gota/gota/series"

	"github.com/cpstat/cpstat/cpstat"
	"github.com/cpstat/cpstat/cpstat/dea"
	"github.com/cpstat/cpstat/cpstat/entropy"
	"github.com/cpstat/cpstat/cpstat/table"
)

// Parsers and loaders shared by the measurement commands entropy, capital, dea and malmquist.

// parseWindow reads "2001:2017", "2001:", ":2017" or a single period "2010".
func parseWindow(s string) (cpstat.Window, error) {
	if s == "" {
		return cpstat.Window{}, nil
	}
	from, to, found := strings.Cut(s, ":")
	if !found {
		to = from
	}
	var w cpstat.Window
	var err error
	if from != "" {
		if w.From, err = strconv.Atoi(strings.TrimSpace(from)); err != nil {
			return w, usagef("--window %q: the first period %q is not a whole number; write FROM:TO such as 2001:2017", s, from)
		}
	}
	if to != "" {
		if w.To, err = strconv.Atoi(strings.TrimSpace(to)); err != nil {
			return w, usagef("--window %q: the last period %q is not a whole number; write FROM:TO such as 2001:2017", s, to)
		}
	}
	if w.From != 0 && w.To != 0 && w.To < w.From {
		return w, usagef("--window %q: the last period is before the first", s)
	}
	return w, nil
}

// parseShift reads "none", a constant c such as "1e-4" (z + c), or "a:b" (z rescaled into [a, b]).
func parseShift(s string) (entropy.Shift, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "none", "0":
		return entropy.Shift{}, nil
	}
	if low, high, ok := strings.Cut(s, ":"); ok {
		a, errA := strconv.ParseFloat(strings.TrimSpace(low), 64)
		b, errB := strconv.ParseFloat(strings.TrimSpace(high), 64)
		if errA != nil || errB != nil || a < 0 || b <= a {
			return entropy.Shift{}, usagef("--shift %q: a rescale shift is LOW:HIGH with 0 ≤ LOW < HIGH, such as 1:2", s)
		}
		return entropy.RescaleShift(a, b), nil
	}
	c, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || c <= 0 {
		return entropy.Shift{}, usagef("--shift %q: use none, a positive constant such as 1e-4, or LOW:HIGH such as 1:2", s)
	}
	return entropy.AddShift(c), nil
}

// splitList splits a comma-separated flag value and drops empty items.
func splitList(s string) []string {
	var out []string
	for _, item := range strings.Split(s, ",") {
		if item = strings.TrimSpace(item); item != "" {
			out = append(out, item)
		}
	}
	return out
}

func parseOrientation(s string) (dea.Orientation, error) {
	switch strings.ToLower(s) {
	case "output", "out", "oo":
		return dea.OutputOrientation, nil
	case "input", "in", "io":
		return dea.InputOrientation, nil
	}
	return 0, usagef("--orientation must be output or input, not %q", s)
}

func parseLang(s string) (table.Lang, error) {
	switch s {
	case "zh":
		return table.Zh, nil
	case "en":
		return table.En, nil
	}
	return table.Zh, usagef("--lang must be zh or en, not %q", s)
}

// loadCrossSection reads --data as a panel keyed by --id and --time. A file without the --time column
// is one cross-section: every row gets period 0 in a time column of that name.
func (d *dataFlags) loadCrossSection(e *env) (*cpstat.Panel, error) {
	if d.path == "" {
		return cpstat.EmbeddedPanel()
	}
	t, err := d.readTable(e)
	if err != nil {
		return nil, err
	}
	if err := d.checkKeys(t, true, false); err != nil {
		return nil, err
	}
	return d.onePeriodPanel(t)
}

// onePeriodPanel declares t a panel keyed by --id and --time, adding a --time column of zeros when the
// file has none.
func (d *dataFlags) onePeriodPanel(t *cpstat.Table) (*cpstat.Panel, error) {
	df := t.DataFrame
	hasTime := false
	for _, name := range df.Names() {
		hasTime = hasTime || name == d.time
	}
	if !hasTime {
		df = df.Mutate(series.New(make([]int, df.Nrow()), series.Int, d.time))
	}
	return cpstat.NewPanel(df, d.id, d.time)
}
