package cpstat

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/cpstat/cpstat/cpstat/linreg"
)

// singleLevelError explains a failed fit by a variable that has one level on every row of the
// sample, such as a data file that holds only one province. The fit itself reports the symptom,
// a cluster count below two or no row left after dropping singleton groups, which misleads about
// the cause.
type singleLevelError struct {
	formula  string
	role     string // "cluster variable", "fixed effect" or "entity column"
	variable string
	level    string
	// singletons lists the other fixed effects whose singleton groups the fit dropped.
	singletons []string
	err        error // the error of the fit: *linreg.ClusterError or *linreg.NoObservationsError
}

func (e *singleLevelError) Error() string {
	every := fmt.Sprintf("every row of the sample has %s = %s", e.variable, e.level)
	if e.role == "cluster variable" {
		return fmt.Sprintf("estimate %s: %v: %s, so the sample has only 1 cluster. Cluster-robust standard "+
			"errors need at least two clusters, so use data with more than one level of %s or a variance "+
			"that does not cluster", e.formula, linreg.ErrVCov, every, e.variable)
	}
	left := "no row is left"
	if len(e.singletons) > 0 {
		left = "dropping the singleton groups of " + strings.Join(e.singletons, " and ") + " leaves no row"
	}
	return fmt.Sprintf("estimate %s: %v: %s. With 1 level of the %s %s, %s, so within estimation is "+
		"impossible. Use data with more than one level of %s", e.formula, linreg.ErrNoObservations, every,
		e.role, e.variable, left, e.variable)
}

// Unwrap returns the error of the fit and the kind of failure the message states, so errors.As
// still finds the linreg error and errors.Is matches the stated kind.
func (e *singleLevelError) Unwrap() []error {
	kind := linreg.ErrNoObservations
	if e.role == "cluster variable" {
		kind = linreg.ErrVCov
	}
	return []error{e.err, kind}
}

// explainFitError returns err wrapped with the formula. When the fit found a single cluster or no
// row left, and a cluster variable, fixed effect or the entity column has one level on every row
// of the sample, it returns a *singleLevelError that names that variable instead. Clusters come
// first because they need two levels even when the fit succeeds.
func (m *Model) explainFitError(s fitSample, err error) error {
	var noRows *linreg.NoObservationsError
	var clusterErr *linreg.ClusterError
	noRowsLeft := errors.As(err, &noRows)
	singleCluster := errors.As(err, &clusterErr) && clusterErr.G < 2
	if (!noRowsLeft && !singleCluster) || len(s.rows) < 2 {
		return fmt.Errorf("estimate %s: %w", m.formula, err)
	}

	for _, name := range m.clusterNames {
		if level, ok := m.onlyClusterLevel(s, name); ok {
			return &singleLevelError{formula: m.formula, role: "cluster variable", variable: name, level: level, err: err}
		}
	}
	if !noRowsLeft {
		return fmt.Errorf("estimate %s: %w", m.formula, err)
	}

	single := func(role, name, level string) error {
		var others []string
		for _, c := range noRows.Dropped {
			if c.Reason == linreg.Singleton && c.Column != name && !slices.Contains(others, c.Column) {
				others = append(others, c.Column)
			}
		}
		return &singleLevelError{formula: m.formula, role: role, variable: name, level: level, singletons: others, err: err}
	}
	for f, fe := range s.design.FE {
		if code, ok := onlyCode(fe.Codes); ok {
			return single("fixed effect", fe.Name, s.levels[f][code])
		}
	}
	if m.entity != "" && !m.frame.isFixedEffect(m.entity) {
		entity := m.frame.Keys[s.rows[0]].Entity
		same := true
		for _, r := range s.rows {
			same = same && m.frame.Keys[r].Entity == entity
		}
		if same {
			return single("entity column", m.entity, entity)
		}
	}
	return fmt.Errorf("estimate %s: %w", m.formula, err)
}

// onlyClusterLevel returns the level of the cluster variable name when every row of the sample has
// the same one. A cluster variable that is also a fixed effect has its codes in the design's FE.
func (m *Model) onlyClusterLevel(s fitSample, name string) (string, bool) {
	for f, fe := range s.design.FE {
		if fe.Name == name {
			code, ok := onlyCode(fe.Codes)
			if !ok {
				return "", false
			}
			return s.levels[f][code], true
		}
	}
	for _, c := range s.design.Clusters {
		if c.Name != name {
			continue
		}
		if _, ok := onlyCode(c.Codes); !ok {
			return "", false
		}
		// A cluster bootstrap renumbers the codes of the design, so the level name comes from the
		// frame row behind the first design row.
		i := slices.Index(m.settings.Cluster, name)
		frameCluster := m.frame.Clusters[i]
		return frameCluster.Levels[frameCluster.Codes[s.rows[0]]], true
	}
	return "", false
}

// onlyCode returns the code shared by every element of codes, and false when they differ or codes is
// empty.
func onlyCode(codes []int32) (int32, bool) {
	if len(codes) == 0 {
		return 0, false
	}
	for _, c := range codes[1:] {
		if c != codes[0] {
			return 0, false
		}
	}
	return codes[0], true
}
