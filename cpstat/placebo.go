package cpstat

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/cpstat/cpstat/cpstat/resample"
)

// ErrPlacebo is wrapped by every error about a placebo test that cannot run as requested.
var ErrPlacebo = errors.New("invalid placebo test")

// PlaceboScheme selects how the placebo test reassigns the treatment.
type PlaceboScheme int

const (
	// PlaceboEntity permutes whole time paths across entities (the zero value): entity i gets the
	// treatment series of entity π(i) for a random permutation π, so each placebo series keeps the time
	// pattern of a real one while its link to the entity's outcome is broken. Entities are permuted
	// among those observed in the same periods, which in a balanced panel is all of them.
	PlaceboEntity PlaceboScheme = iota
	// PlaceboCell permutes the treatment values across all entity-periods of the sample, which breaks
	// the time pattern as well.
	PlaceboCell
)

// String returns "province" or "cell", the names the command line uses.
func (s PlaceboScheme) String() string {
	if s == PlaceboCell {
		return "cell"
	}
	return "province"
}

// ParsePlaceboScheme returns the scheme named "province" (also "entity") or "cell".
func ParsePlaceboScheme(name string) (PlaceboScheme, error) {
	switch strings.ToLower(name) {
	case "", "province", "entity":
		return PlaceboEntity, nil
	case "cell", "cells":
		return PlaceboCell, nil
	}
	return 0, fmt.Errorf("%w: unknown scheme %q: use province or cell", ErrPlacebo, name)
}

// DefaultPlaceboReps is the number of placebo replicates when PlaceboSettings.Reps is 0, as in Hong,
// Jiang and Liu (2023).
const DefaultPlaceboReps = 500

// PlaceboSettings configure Model.Placebo. The zero value runs 500 entity-path permutations with seed 0.
type PlaceboSettings struct {
	Reps   int // 0 means DefaultPlaceboReps
	Scheme PlaceboScheme
	Seed   uint64 // replicate b permutes with resample.Stream(Seed, b)
	// Workers is the number of goroutines; 0 means GOMAXPROCS.
	Workers int
	// Progress, when not nil, receives the finished and total replicates. Calls never overlap.
	Progress func(done, total int)
}

// PlaceboResult is the distribution of a coefficient under randomly reassigned treatment.
type PlaceboResult struct {
	Term     string
	Estimate float64 // β̂ with the real treatment
	T        float64 // its t statistic under the model's variance
	N        int     // rows of the fit

	// Coefs and TValues hold β* and t* of each successful replicate, in replicate order.
	Coefs, TValues []float64
	Mean, SD       float64 // of Coefs

	// PCoef and PT are the two-sided permutation p-values with the +1 correction (Phipson and Smyth
	// 2010), which counts the real assignment as one of the permutations:
	//
	//	P = (1 + #{|β*| ≥ |β̂|}) / (1 + R),  R = successful replicates
	//
	// and the same with |t*| and |T|.
	PCoef, PT float64

	Reps   int // replicates requested
	Failed []resample.Failure
	Scheme PlaceboScheme
	Seed   uint64
	// Groups is the number of groups of entities observed in the same periods, within which the entity
	// scheme permutes; 1 for a balanced panel and 0 for the cell scheme.
	Groups int

	Notes []string
}

// Placebo evaluates src on the panel and runs Model.Placebo on term; see Estimate for opts.
func Placebo(ctx context.Context, p *Panel, src, term string, s PlaceboSettings, opts ...EstimateOption) (*PlaceboResult, error) {
	m, err := NewModel(p, src, opts...)
	if err != nil {
		return nil, err
	}
	return m.Placebo(ctx, term, s)
}

// Placebo runs the counterfactual (placebo) test of Hong, Jiang and Liu (2023, robustness step 4d):
// fit the model, then reassign the regressor term at random Reps times by the chosen scheme and refit,
// and compare the real coefficient with the placebo distribution. Only the term's own column is
// reassigned: a lag or interaction built from it keeps its real values. A replicate whose fit fails or
// drops the term is counted in Failed and left out.
//
// ctx cancels the replicates.
func (m *Model) Placebo(ctx context.Context, term string, s PlaceboSettings) (*PlaceboResult, error) {
	if !slices.Contains(m.frame.XNames, term) {
		return nil, fmt.Errorf("%w: %s has no regressor %q; its regressors are %s", ErrPlacebo, m.formula, term, quoteList(m.frame.XNames))
	}
	reps := s.Reps
	if reps == 0 {
		reps = DefaultPlaceboReps
	}
	if reps < 0 {
		return nil, fmt.Errorf("%w: %d replicates requested; give a positive number or 0 for %d", ErrPlacebo, reps, DefaultPlaceboReps)
	}
	fit, err := m.FitContext(ctx)
	if err != nil {
		return nil, err
	}
	real, ok := fit.Coef(term)
	if !ok {
		return nil, fmt.Errorf("%w: the fit of %s dropped %q, so there is no coefficient to compare", ErrPlacebo, m.formula, term)
	}
	out := &PlaceboResult{Term: term, Estimate: real.Estimate, T: real.Statistic, N: fit.N, Reps: reps, Scheme: s.Scheme, Seed: s.Seed}

	x, _ := m.column(term)
	groups := placeboGroups(m.frame.Keys, s.Scheme)
	if s.Scheme == PlaceboEntity {
		out.Groups = len(groups)
		if len(groups) > 1 {
			out.Notes = append(out.Notes, fmt.Sprintf("the panel is unbalanced: entities are permuted within %d groups observed in the same periods", len(groups)))
		}
	}

	type draw struct{ coef, t float64 }
	draws := make([]*draw, reps)
	report, err := resample.Run(ctx, reps, resample.Settings{Seed: s.Seed, Workers: s.Workers, Progress: s.Progress},
		func(rep resample.Replicate) error {
			placebo := make([]float64, len(x))
			for _, g := range groups {
				order := rep.Rand.Perm(len(g.donors))
				for k, target := range g.donors {
					donor := g.donors[order[k]]
					for t, row := range target {
						placebo[row] = x[donor[t]]
					}
				}
			}
			res, err := m.RefitContext(ctx, Change{Columns: map[string][]float64{term: placebo}})
			if err != nil {
				return err
			}
			c, ok := res.Coef(term)
			if !ok {
				return fmt.Errorf("the refit dropped %q as collinear", term)
			}
			draws[rep.Index] = &draw{coef: c.Estimate, t: c.Statistic}
			return nil
		})
	if err != nil {
		return nil, err
	}
	out.Failed = report.Failed
	for _, d := range draws {
		if d != nil {
			out.Coefs = append(out.Coefs, d.coef)
			out.TValues = append(out.TValues, d.t)
		}
	}
	if len(out.Coefs) == 0 {
		return nil, fmt.Errorf("%w: none of the %d placebo refits succeeded; the first failed with: %v", ErrPlacebo, reps, report.Failed[0].Err)
	}
	if len(out.Failed) > 0 {
		out.Notes = append(out.Notes, fmt.Sprintf("%d of %d placebo refits failed and are left out; the first: replicate %d, %v",
			len(out.Failed), reps, out.Failed[0].Index, out.Failed[0].Err))
	}
	out.Mean, out.SD = resample.MeanSD(out.Coefs)
	out.PCoef = permutationP(out.Coefs, out.Estimate)
	out.PT = permutationP(out.TValues, out.T)
	return out, nil
}

// permutationP returns (1 + #{|draw| ≥ |real|}) / (1 + len(draws)).
func permutationP(draws []float64, real float64) float64 {
	extreme := 0
	for _, d := range draws {
		if math.Abs(d) >= math.Abs(real) {
			extreme++
		}
	}
	return float64(1+extreme) / float64(1+len(draws))
}

// placeboGroup is a set of units whose values are permuted among each other. donors[u][k] is the k-th
// model row of unit u; all units of a group have the same number of rows, in the same periods.
type placeboGroup struct {
	donors [][]int
}

// placeboGroups returns the permutation groups: under the cell scheme one group whose units are the
// single rows; under the entity scheme one group per set of observed periods, whose units are the
// entities with their rows in time order.
func placeboGroups(keys []RowKey, scheme PlaceboScheme) []placeboGroup {
	if scheme == PlaceboCell {
		g := placeboGroup{donors: make([][]int, len(keys))}
		for i := range keys {
			g.donors[i] = []int{i}
		}
		return []placeboGroup{g}
	}

	rowsOf := map[string][]int{}
	var entities []string
	for i, k := range keys {
		if _, ok := rowsOf[k.Entity]; !ok {
			entities = append(entities, k.Entity)
		}
		rowsOf[k.Entity] = append(rowsOf[k.Entity], i)
	}
	byPeriods := map[string]int{}
	var groups []placeboGroup
	for _, e := range entities {
		rows := rowsOf[e]
		slices.SortFunc(rows, func(a, b int) int { return keys[a].Time - keys[b].Time })
		periods := make([]string, len(rows))
		for k, r := range rows {
			periods[k] = fmt.Sprint(keys[r].Time)
		}
		sig := strings.Join(periods, ",")
		g, ok := byPeriods[sig]
		if !ok {
			g = len(groups)
			byPeriods[sig] = g
			groups = append(groups, placeboGroup{})
		}
		groups[g].donors = append(groups[g].donors, rows)
	}
	return groups
}
