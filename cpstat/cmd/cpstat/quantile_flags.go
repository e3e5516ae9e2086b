package main

import (
	"flag"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/cpstat/cpstat/cpstat"
	"github.com/cpstat/cpstat/cpstat/formula"
)

// parseTaus reads quantiles as a comma-separated list ("0.1,0.5,0.9") or a range FROM:TO:STEP
// ("0.1:0.9:0.1"), and checks that each lies strictly between 0 and 1. flagName names the flag in
// errors, which are usage errors.
func parseTaus(flagName, s string) ([]float64, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, usagef("%s is empty; give quantiles such as 0.5, 0.1,0.5,0.9 or 0.1:0.9:0.1", flagName)
	}
	var taus []float64
	if parts := strings.Split(s, ":"); len(parts) > 1 {
		if len(parts) != 3 {
			return nil, usagef("%s %q: a range has the form FROM:TO:STEP, such as 0.1:0.9:0.1", flagName, s)
		}
		var bounds [3]float64
		for i, p := range parts {
			v, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
			if err != nil {
				return nil, usagef("%s %q: %q is not a number", flagName, s, p)
			}
			bounds[i] = v
		}
		from, to, step := bounds[0], bounds[1], bounds[2]
		if !(step > 0) || to < from {
			return nil, usagef("%s %q: the step must be positive and TO at least FROM", flagName, s)
		}
		// Each τ is FROM + k·STEP rounded to 12 digits, so 0.1:0.9:0.1 gives 0.3 and not 0.30000000000000004.
		for k := 0; ; k++ {
			tau := roundTo(from+float64(k)*step, 12)
			if tau > to+1e-12 {
				break
			}
			taus = append(taus, tau)
			if len(taus) > 999 {
				return nil, usagef("%s %q gives more than 999 quantiles; use a larger step", flagName, s)
			}
		}
	} else {
		for _, p := range strings.Split(s, ",") {
			v, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
			if err != nil {
				return nil, usagef("%s %q: %q is not a number", flagName, s, p)
			}
			taus = append(taus, v)
		}
	}
	for _, tau := range taus {
		if !(tau > 0 && tau < 1) {
			return nil, usagef("%s: quantile %v is outside (0, 1); quantiles are fractions such as 0.25, never 0 or 1",
				flagName, tau)
		}
	}
	return taus, nil
}

func roundTo(x float64, digits int) float64 {
	scale := math.Pow(10, float64(digits))
	return math.Round(x*scale) / scale
}

// checkQuantileFormula parses --formula and rejects a "|" part, so that a formula the quantile
// commands cannot take is a usage error before any data is read.
func checkQuantileFormula(src, command string) error {
	if src == "" {
		return usagef("--formula is required")
	}
	f, err := formula.Parse(src)
	if err != nil {
		return usagef("--formula: %w", err)
	}
	if len(f.FixedEffects) == 0 {
		return nil
	}
	if command == "qrpd" {
		return usagef("--formula %q: remove the \"|\" part; qrpd takes --id as the unit with a nonadditive effect "+
			"and --time as the period", src)
	}
	return usagef("--formula %q: qr takes no fixed effects after \"|\", because the quantile of y minus an entity "+
		"effect is not the quantile of y; run cpstat qrpd for panel effects", src)
}

// loadQuantileData reads the data of qr. A file with neither the --id nor the --time column is a
// cross-section when neither flag was given: each row becomes its own entity (see
// cpstat.Table.CrossSection), a reader note says so, and crossSection is true.
func (d *dataFlags) loadQuantileData(e *env) (p *cpstat.Panel, crossSection bool, err error) {
	if d.path == "" {
		p, err = cpstat.EmbeddedPanel()
		return p, false, err
	}
	keysGiven := false
	d.fs.Visit(func(f *flag.Flag) { keysGiven = keysGiven || f.Name == "id" || f.Name == "time" })

	t, err := d.readTable(e)
	if err != nil {
		return nil, false, err
	}
	names := t.DataFrame.Names()
	if !keysGiven && !slices.Contains(names, d.id) && !slices.Contains(names, d.time) {
		if p, err = t.CrossSection(); err != nil {
			return nil, false, err
		}
		d.addNotes(e, d.crossSectionNote(names, p.EntityColumn()))
		return p, true, nil
	}
	if err := d.checkKeys(t, true, true); err != nil {
		return nil, false, err
	}
	p, err = d.panel(e, t)
	return p, false, err
}

// quantileDropped converts a drop report into the dropped[] field of the JSON output.
func quantileDropped(r cpstat.DropReport) []regressDropGroup {
	out := []regressDropGroup{}
	for _, g := range r.Groups {
		d := regressDropGroup{Reason: string(g.Reason), Column: g.Column, Count: len(g.Keys), Rows: []regressKey{}}
		for _, k := range g.Keys {
			d.Rows = append(d.Rows, regressKey{Entity: k.Entity, Time: k.Time})
		}
		out = append(out, d)
	}
	return out
}
