package cpstat

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/cpstat/cpstat/cpstat/formula"
	"github.com/cpstat/cpstat/cpstat/table"
)

// ErrSpecGrid is wrapped by every error about a specification grid that cannot be enumerated: a
// dimension without options, a repeated name, or an exclusion that names an unknown dimension or option.
var ErrSpecGrid = errors.New("invalid specification grid")

// Spec is one specification of a specification curve (Simonsohn, Simmons and Nelson 2020,
// "Specification curve analysis", Nature Human Behaviour): the pieces of one Estimate call. The curve
// plots the coefficient of the treatment.
//
//	Outcome ~ Treatment [or L(Treatment, TreatmentLag)] + Controls | FixedEffects
type Spec struct {
	Outcome   string // response column, such as "cp"
	Treatment string // column whose coefficient the curve plots, such as "balance"
	// TreatmentLag lags the treatment by this many periods, entered as L(Treatment, k). With 0 the
	// column itself enters.
	TreatmentLag int
	Controls     []string // further regressors, entered as columns
	// FixedEffects are the columns absorbed after "|". Without them the model is pooled OLS with an
	// intercept.
	FixedEffects []string

	Window Window // sample periods, inclusive, or every period for the zero value
	// DropEntities lists entities left out of the sample, such as the four municipalities. An entity the
	// panel does not have is an error, so a misspelt code cannot leave the sample unchanged.
	DropEntities []string

	Cluster []string   // columns to cluster the standard errors on, or none for the VCov estimator
	VCov    VCovType   // variance estimator, where DefaultVCov is Clustered with Cluster and IID without
	SSC     Convention // small-sample convention of a clustered variance
}

// Term returns the name of the treatment's coefficient: the column, or "L(column, k)" for a lag.
func (s Spec) Term() string {
	if s.TreatmentLag == 0 {
		return s.Treatment
	}
	return fmt.Sprintf("L(%s, %d)", s.Treatment, s.TreatmentLag)
}

// Formula returns the fixest-style formula of the specification, with column names quoted as needed.
func (s Spec) Formula() string {
	treatment := formula.QuoteName(s.Treatment)
	if s.TreatmentLag != 0 {
		treatment = fmt.Sprintf("L(%s, %d)", treatment, s.TreatmentLag)
	}
	terms := []string{treatment}
	for _, c := range s.Controls {
		terms = append(terms, formula.QuoteName(c))
	}
	src := formula.QuoteName(s.Outcome) + " ~ " + strings.Join(terms, " + ")
	if len(s.FixedEffects) > 0 {
		fe := make([]string, len(s.FixedEffects))
		for i, c := range s.FixedEffects {
			fe[i] = formula.QuoteName(c)
		}
		src += " | " + strings.Join(fe, " + ")
	}
	return src
}

// clone returns a copy whose slices do not share memory with s, so that an option can append to them.
func (s Spec) clone() Spec {
	s.Controls = slices.Clone(s.Controls)
	s.FixedEffects = slices.Clone(s.FixedEffects)
	s.DropEntities = slices.Clone(s.DropEntities)
	s.Cluster = slices.Clone(s.Cluster)
	return s
}

// SpecOption is one choice within a dimension of a specification grid.
type SpecOption struct {
	// Name identifies the option within its dimension in exclusions, tables and tests, such as
	// "invest_tilt" or "stata".
	Name string
	// Label is the text of the option in figures and tables. An empty text shows Name.
	Label table.Label
	// Apply sets the fields of the specification that the option controls. Nil leaves the
	// specification as it is.
	Apply func(*Spec)
}

// Text returns the option's label in the language l, or its Name when that label is empty.
func (o SpecOption) Text(l table.Lang) string {
	if text := o.Label.In(l); text != "" {
		return text
	}
	return o.Name
}

// SpecDimension is one choice a researcher makes, such as the outcome or the standard-error
// convention, with its options.
type SpecDimension struct {
	Name    string      // identifier, such as "outcome"
	Label   table.Label // text in figures and tables, or Name when empty
	Options []SpecOption
}

// Text returns the dimension's label in the language l, or its Name when that label is empty.
func (d SpecDimension) Text(l table.Lang) string {
	if text := d.Label.In(l); text != "" {
		return text
	}
	return d.Name
}

// option returns the index of the option with the given name, or -1.
func (d SpecDimension) option(name string) int {
	for i, o := range d.Options {
		if o.Name == name {
			return i
		}
	}
	return -1
}

// SpecExclusion leaves out the combinations of a grid that cannot be estimated by design, such as a
// policy dummy that is constant within provinces on the chosen sample. Excluded combinations are
// listed in SpecCurveResult.Excluded with the Reason.
type SpecExclusion struct {
	// When maps dimension names to option names. A combination is excluded when it takes every
	// listed option. Dimensions not listed may take any option.
	When   map[string]string
	Reason string
}

// SpecGrid is a specification grid: a base specification and the dimensions whose options modify it.
// Its specifications are the Cartesian product of the options, in row-major order (the last dimension
// varies fastest), less the excluded combinations. Each specification starts as a copy of Base, and
// the options are applied in dimension order.
type SpecGrid struct {
	Base       Spec
	Dimensions []SpecDimension
	Exclusions []SpecExclusion
}

// Size returns the number of combinations of the grid, excluded ones included.
func (g SpecGrid) Size() int {
	n := 1
	for _, d := range g.Dimensions {
		n *= len(d.Options)
	}
	return n
}

// Validate checks that every dimension has options, that names are not empty and not repeated, and
// that every exclusion names existing dimensions and options. The errors wrap ErrSpecGrid.
func (g SpecGrid) Validate() error {
	if len(g.Dimensions) == 0 {
		return fmt.Errorf("%w: no dimensions; add at least one SpecDimension", ErrSpecGrid)
	}
	seen := map[string]bool{}
	for _, d := range g.Dimensions {
		switch {
		case d.Name == "":
			return fmt.Errorf("%w: a dimension has no name", ErrSpecGrid)
		case seen[d.Name]:
			return fmt.Errorf("%w: dimension %q appears twice", ErrSpecGrid, d.Name)
		case len(d.Options) == 0:
			return fmt.Errorf("%w: dimension %q has no options", ErrSpecGrid, d.Name)
		}
		seen[d.Name] = true
		names := map[string]bool{}
		for i, o := range d.Options {
			if o.Name == "" {
				return fmt.Errorf("%w: option %d of dimension %q has no name", ErrSpecGrid, i+1, d.Name)
			}
			if names[o.Name] {
				return fmt.Errorf("%w: dimension %q has two options named %q", ErrSpecGrid, d.Name, o.Name)
			}
			names[o.Name] = true
		}
	}
	for i, e := range g.Exclusions {
		if len(e.When) == 0 {
			return fmt.Errorf("%w: exclusion %d (%q) lists no options, so it would exclude every specification", ErrSpecGrid, i+1, e.Reason)
		}
		for _, dim := range slices.Sorted(maps.Keys(e.When)) {
			d := g.dimension(dim)
			if d < 0 {
				return fmt.Errorf("%w: exclusion %d names dimension %q, which the grid does not have (it has %s)",
					ErrSpecGrid, i+1, dim, strings.Join(g.dimensionNames(), ", "))
			}
			if g.Dimensions[d].option(e.When[dim]) < 0 {
				return fmt.Errorf("%w: exclusion %d names option %q of dimension %q, which has no such option",
					ErrSpecGrid, i+1, e.When[dim], dim)
			}
		}
	}
	return nil
}

func (g SpecGrid) dimension(name string) int {
	for i, d := range g.Dimensions {
		if d.Name == name {
			return i
		}
	}
	return -1
}

func (g SpecGrid) dimensionNames() []string {
	names := make([]string, len(g.Dimensions))
	for i, d := range g.Dimensions {
		names[i] = d.Name
	}
	return names
}

// LabelOptions sets the Label of every option whose Label is empty and whose Name is a code in labels,
// such as the codebook label of an outcome column.
func (g SpecGrid) LabelOptions(labels table.Labels) {
	for _, d := range g.Dimensions {
		for i, o := range d.Options {
			if l, ok := labels[o.Name]; ok && o.Label == (table.Label{}) {
				d.Options[i].Label = l
			}
		}
	}
}

// SpecChoice is one combination of options: Choice[d] indexes the options of dimension d.
type SpecChoice struct {
	Index  int   // position in the Cartesian product, excluded combinations counted
	Choice []int // option index per dimension
}

// Options returns the names of the chosen options, one per dimension.
func (c SpecChoice) Options(g SpecGrid) []string {
	out := make([]string, len(c.Choice))
	for d, o := range c.Choice {
		out[d] = g.Dimensions[d].Options[o].Name
	}
	return out
}

// SpecExcluded is a combination left out by an exclusion rule.
type SpecExcluded struct {
	SpecChoice
	Reason string
}

// enumerate returns the combinations of the grid in row-major order, split into those to estimate and
// those excluded. The grid must be valid.
func (g SpecGrid) enumerate() (kept []SpecChoice, excluded []SpecExcluded) {
	size := g.Size()
	for index := 0; index < size; index++ {
		choice := make([]int, len(g.Dimensions))
		rest := index
		for d := len(g.Dimensions) - 1; d >= 0; d-- {
			n := len(g.Dimensions[d].Options)
			choice[d] = rest % n
			rest /= n
		}
		c := SpecChoice{Index: index, Choice: choice}
		if reason, ok := g.excludes(choice); ok {
			excluded = append(excluded, SpecExcluded{SpecChoice: c, Reason: reason})
			continue
		}
		kept = append(kept, c)
	}
	return kept, excluded
}

// excludes returns the reason of the first exclusion that matches the choice.
func (g SpecGrid) excludes(choice []int) (string, bool) {
	for _, e := range g.Exclusions {
		match := true
		for dim, option := range e.When {
			d := g.dimension(dim)
			if g.Dimensions[d].Options[choice[d]].Name != option {
				match = false
				break
			}
		}
		if match {
			return e.Reason, true
		}
	}
	return "", false
}

// spec applies the chosen options to a copy of the base specification.
func (g SpecGrid) spec(choice []int) Spec {
	s := g.Base.clone()
	for d, o := range choice {
		if apply := g.Dimensions[d].Options[o].Apply; apply != nil {
			apply(&s)
		}
	}
	return s
}
