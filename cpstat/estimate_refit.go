package cpstat

import (
	"context"
	"fmt"
	"maps"
	"slices"

	"github.com/cpstat/cpstat/cpstat/linreg"
)

// Change describes the data of one Model.Refit: replaced columns, resampled rows or drawn clusters. The
// zero value refits the model unchanged.
//
// Refit applies Columns first, on the model's rows, then selects Rows or ClusterDraw. A replaced column
// is used as given: no transformation is re-applied, so give log values for a log(x) term, and an
// interaction or lag built from a replaced column keeps its old values unless it is replaced too.
type Change struct {
	// Columns replaces the response (by its label, such as "cp" or "log(y)") or regressors (by the names
	// of Model.Terms) with new values, one per model row in the order of Model.Keys. A permutation
	// test or placebo passes a shuffled copy of the regressor here.
	Columns map[string][]float64

	// Rows selects the rows to estimate on, as indexes into Model.Keys; a row may appear more than once,
	// as in a pairs bootstrap. The fixed-effect and cluster codes of each row come with it. Nil keeps
	// every row once.
	Rows []int

	// ClusterDraw resamples whole clusters of the model's first cluster dimension: each entry indexes
	// Model.ClusterLevels and may repeat. Every drawn copy becomes a cluster of its own, and each fixed
	// effect nested in the clusters (province effects with clustering by province) gets new levels for
	// that copy, as Stata's bootstrap, cluster(id) idcluster(newid) does with xtreg, fe. Fixed effects
	// not nested in the clusters, such as years, keep their levels. It cannot be combined with Rows.
	ClusterDraw []int
}

// Refit estimates the model again on the changed data of c, with the model's settings. It parses and
// evaluates nothing, so a bootstrap or placebo replication costs one least-squares fit and one
// variance estimate. Refit may be called from several goroutines at once; set EstimateSettings.Workers
// to 1 when they already use every core.
//
// A Change that names an unknown column, has a column of the wrong length or an index out of range, or
// sets both Rows and ClusterDraw, is an ErrSettings error. Other errors are those of Fit. The drop report
// of the result combines the model's own drops with the singletons of the changed sample.
func (m *Model) Refit(c Change) (*Result, error) { return m.RefitContext(context.Background(), c) }

// RefitContext is Refit with a context that cancels the iterative absorption.
func (m *Model) RefitContext(ctx context.Context, c Change) (*Result, error) {
	if err := m.checkChange(c); err != nil {
		return nil, err
	}
	y, x := m.design.Y, m.design.X
	if len(c.Columns) > 0 {
		x = slices.Clone(x)
		for _, name := range slices.Sorted(maps.Keys(c.Columns)) {
			if name == m.frame.Response {
				y = c.Columns[name]
				continue
			}
			x[slices.Index(m.frame.XNames, name)] = c.Columns[name]
		}
	}

	switch {
	case c.ClusterDraw != nil:
		return m.fit(ctx, m.clusterSample(y, x, c.ClusterDraw))
	case c.Rows != nil:
		return m.fit(ctx, m.sample(m.rowDesign(y, x, c.Rows), c.Rows))
	}
	d := m.design
	d.Y, d.X = y, x
	return m.fit(ctx, m.sample(d, identityRows(m.frame.N())))
}

func (m *Model) checkChange(c Change) error {
	n := m.frame.N()
	for _, name := range slices.Sorted(maps.Keys(c.Columns)) {
		if _, err := m.column(name); err != nil {
			return fmt.Errorf("refit: %w", err)
		}
		if got := len(c.Columns[name]); got != n {
			return fmt.Errorf("%w: refit: column %q has %d values but the model has %d rows", ErrSettings, name, got, n)
		}
	}
	if c.Rows != nil && c.ClusterDraw != nil {
		return fmt.Errorf("%w: refit: give Rows or ClusterDraw, not both", ErrSettings)
	}
	for i, r := range c.Rows {
		if r < 0 || r >= n {
			return fmt.Errorf("%w: refit: Rows[%d] = %d is outside the model's %d rows", ErrSettings, i, r, n)
		}
	}
	if c.ClusterDraw != nil && m.clusterRows == nil {
		return fmt.Errorf("%w: refit: ClusterDraw needs a clustered model; estimate it with Cluster(...)", ErrSettings)
	}
	for i, g := range c.ClusterDraw {
		if g < 0 || g >= len(m.clusterRows) {
			return fmt.Errorf("%w: refit: ClusterDraw[%d] = %d is outside the %d clusters", ErrSettings, i, g, len(m.clusterRows))
		}
	}
	return nil
}

// rowDesign gathers the design rows listed in rows.
func (m *Model) rowDesign(y []float64, x [][]float64, rows []int) linreg.Design {
	d := m.design
	d.Y = gather(y, rows)
	d.X = make([][]float64, len(x))
	for j, col := range x {
		d.X[j] = gather(col, rows)
	}
	d.FE = gatherFactors(m.design.FE, rows)
	d.Clusters = gatherFactors(m.design.Clusters, rows)
	return d
}

func gatherFactors(factors []linreg.Factor, rows []int) []linreg.Factor {
	out := make([]linreg.Factor, len(factors))
	for f, fac := range factors {
		codes := make([]int32, len(rows))
		for i, r := range rows {
			codes[i] = fac.Codes[r]
		}
		out[f] = linreg.Factor{Name: fac.Name, Codes: codes}
	}
	return out
}

// clusterSample stacks the rows of each drawn cluster, and copy k of the draw gets cluster code k. A
// fixed effect nested in the clusters gets, in each copy, the copy's offset plus the level's index
// within its cluster. So no two copies share a level and the codes stay below the number of stacked
// rows. Such a level is named after the original with "#k", k counted from 1.
func (m *Model) clusterSample(y []float64, x [][]float64, draw []int) fitSample {
	var rows, copyOf []int
	for k, g := range draw {
		for _, r := range m.clusterRows[g] {
			rows = append(rows, r)
			copyOf = append(copyOf, k)
		}
	}
	d := m.rowDesign(y, x, rows)
	s := m.sample(d, rows)
	for f := range d.FE {
		nested := m.clusterNested[f]
		if nested == nil {
			continue
		}
		offsets := make([]int32, len(draw))
		var next int32
		for k, g := range draw {
			offsets[k] = next
			next += nested.levelsIn[g]
		}
		names := make([]string, next)
		original := m.frame.FixedEffects[f].Levels
		for i, old := range d.FE[f].Codes {
			code := offsets[copyOf[i]] + nested.local[old]
			d.FE[f].Codes[i] = code
			names[code] = fmt.Sprintf("%s#%d", original[old], copyOf[i]+1)
		}
		s.levels[f] = names
	}
	first := m.clusterNames[0]
	for f := range d.Clusters {
		if d.Clusters[f].Name != first {
			continue
		}
		for i := range d.Clusters[f].Codes {
			d.Clusters[f].Codes[i] = int32(copyOf[i])
		}
	}
	return s
}

// nesting maps the levels of a fixed effect nested in the first cluster dimension to their index
// within their cluster.
type nesting struct {
	local    []int32 // per fixed-effect level, its index among the levels of its cluster
	levelsIn []int32 // per cluster, the number of fixed-effect levels inside it
}

// newNesting returns the nesting of fe in cluster, or nil when some level of fe spans two clusters.
func newNesting(fe, cluster Factor) *nesting {
	n := &nesting{local: make([]int32, len(fe.Levels)), levelsIn: make([]int32, len(cluster.Levels))}
	home := make([]int32, len(fe.Levels))
	for i := range home {
		home[i] = -1
	}
	for i, level := range fe.Codes {
		c := cluster.Codes[i]
		switch home[level] {
		case -1:
			home[level] = c
			n.local[level] = n.levelsIn[c]
			n.levelsIn[c]++
		case c:
		default:
			return nil
		}
	}
	return n
}
