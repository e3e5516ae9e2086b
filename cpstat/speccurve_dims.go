package cpstat

import (
	"fmt"
	"slices"
	"strings"

	"github.com/cpstat/cpstat/cpstat/table"
)

// Names of the dimensions that the constructors below return and PaperSpecGrid uses.
const (
	SpecDimTreatment    = "treatment"
	SpecDimOutcome      = "outcome"
	SpecDimSample       = "sample"
	SpecDimFixedEffects = "fixed_effects"
	SpecDimStdError     = "std_error"
	SpecDimControls     = "controls"
	SpecDimLag          = "lag"
)

// TreatmentDimension returns the dimension "treatment" with one option per column, named after it.
func TreatmentDimension(columns ...string) SpecDimension {
	d := SpecDimension{Name: SpecDimTreatment, Label: table.Label{Zh: "处理变量", En: "Treatment"}}
	for _, c := range columns {
		d.Options = append(d.Options, SpecOption{Name: c, Apply: func(s *Spec) { s.Treatment = c }})
	}
	return d
}

// OutcomeDimension returns the dimension "outcome" with one option per column, named after it.
func OutcomeDimension(columns ...string) SpecDimension {
	d := SpecDimension{Name: SpecDimOutcome, Label: table.Label{Zh: "被解释变量", En: "Outcome"}}
	for _, c := range columns {
		d.Options = append(d.Options, SpecOption{Name: c, Apply: func(s *Spec) { s.Outcome = c }})
	}
	return d
}

// SpecSample is one sample option: the periods kept and the entities left out.
type SpecSample struct {
	Name         string
	Label        table.Label
	Window       Window
	DropEntities []string
}

// SampleDimension returns the dimension "sample" with one option per sample.
func SampleDimension(samples ...SpecSample) SpecDimension {
	d := SpecDimension{Name: SpecDimSample, Label: table.Label{Zh: "样本", En: "Sample"}}
	for _, sample := range samples {
		d.Options = append(d.Options, SpecOption{Name: sample.Name, Label: sample.Label, Apply: func(s *Spec) {
			s.Window = sample.Window
			s.DropEntities = slices.Clone(sample.DropEntities)
		}})
	}
	return d
}

// FixedEffectsDimension returns the dimension "fixed_effects" with one option per set of columns,
// named after the columns joined with "+" ("none" for an empty set, which is pooled OLS).
func FixedEffectsDimension(sets ...[]string) SpecDimension {
	d := SpecDimension{Name: SpecDimFixedEffects, Label: table.Label{Zh: "固定效应", En: "Fixed effects"}}
	for _, set := range sets {
		d.Options = append(d.Options, SpecOption{Name: fixedEffectsName(set), Apply: func(s *Spec) { s.FixedEffects = slices.Clone(set) }})
	}
	return d
}

func fixedEffectsName(set []string) string {
	if len(set) == 0 {
		return "none"
	}
	return strings.Join(set, "+")
}

// conventionLabels are the option labels of StdErrorDimension: the program whose default each
// convention reproduces.
var conventionLabels = map[Convention]string{
	Stata: "Stata xtreg", Reghdfe: "reghdfe", Fixest: "fixest", PlmSSS: "plm", PlmHC1: "plm HC1",
	CR0: "CR0", CR1: "CR1", AregLSDV: "areg", XtregOneWay: "xtreg one-way",
}

// StdErrorDimension returns the dimension "std_error": standard errors clustered on the given columns
// under each small-sample convention, one option per convention, named as Convention.String returns.
// The conventions change only the variance, so SpecCurve fits each model once for all of them.
func StdErrorDimension(cluster []string, conventions ...Convention) SpecDimension {
	d := SpecDimension{Name: SpecDimStdError, Label: table.Label{Zh: "标准误口径", En: "Standard errors"}}
	for _, c := range conventions {
		label := conventionLabels[c]
		d.Options = append(d.Options, SpecOption{Name: c.String(), Label: table.Label{Zh: label, En: label}, Apply: func(s *Spec) {
			s.Cluster = slices.Clone(cluster)
			s.VCov = Clustered
			s.SSC = c
		}})
	}
	return d
}

// ControlsDimension returns the dimension "controls" with the options "none" (no controls) and
// "controls" (all the given columns). Without columns it has the option "none" only.
func ControlsDimension(controls []string) SpecDimension {
	d := SpecDimension{Name: SpecDimControls, Label: table.Label{Zh: "控制变量", En: "Controls"}, Options: []SpecOption{
		{Name: "none", Label: table.Label{Zh: "无", En: "none"}, Apply: func(s *Spec) { s.Controls = nil }},
	}}
	if len(controls) > 0 {
		d.Options = append(d.Options, SpecOption{Name: "controls",
			Label: table.Label{Zh: strings.Join(controls, "、"), En: strings.Join(controls, ", ")},
			Apply: func(s *Spec) { s.Controls = slices.Clone(controls) }})
	}
	return d
}

// LagDimension returns the dimension "lag" with one option per lag of the treatment, named "0", "1", ….
func LagDimension(lags ...int) SpecDimension {
	d := SpecDimension{Name: SpecDimLag, Label: table.Label{Zh: "处理变量滞后", En: "Treatment lag"}}
	for _, k := range lags {
		label := table.Label{Zh: "当期", En: "current"}
		if k != 0 {
			label = table.Label{Zh: fmt.Sprintf("滞后 %d 期", k), En: fmt.Sprintf("lag %d", k)}
		}
		d.Options = append(d.Options, SpecOption{Name: fmt.Sprint(k), Label: label, Apply: func(s *Spec) { s.TreatmentLag = k }})
	}
	return d
}

// PaperSpecColumns configures PaperSpecGrid. Empty fields take the defaults given per field, which
// are the columns of the embedded panel and the robustness choices of Hong, Jiang and Liu (2023).
type PaperSpecColumns struct {
	// Treatments are the policy measures. The default is balance and the two alternatives of the embedded
	// data, invest_tilt and post2003_cw.
	Treatments []string
	// TurningPoint is the treatment that is a post-2003 dummy (default post2003_cw, when it is among
	// Treatments). It is constant within each province from 2003 on, so the grid excludes it, with
	// province effects, on samples that start after the switch. TurningYear is the first year in which
	// it is 1 (default 2003).
	TurningPoint string
	TurningYear  int
	// ControlsFrom is the first period in which some row has every control (default: from the panel).
	// With controls the estimation sample starts there at the earliest, so the grid also excludes the
	// turning-point dummy with controls when ControlsFrom is on or after the switch.
	ControlsFrom int
	// Outcomes are cp and the paper's alternative outcomes. The default is cp, prosperity and commonality
	// (the log sub-indices that EntropyIndex adds).
	Outcomes []string
	// Controls default to the paper's controls (expen, finan, cpi, open) that the panel has with at
	// least one value. The embedded panel lacks finan.
	Controls []string
	// FixedEffects are the options of the fixed-effects dimension. The default is the entity, and the entity
	// and the time.
	FixedEffects [][]string
	// Cluster is the clustering of every specification, by default the entity.
	Cluster []string
	// Conventions are the standard-error options, by default Stata, Reghdfe, Fixest, PlmSSS and CR1.
	Conventions []Convention
	// Samples default to 2001–2017, 2005–2017 (the years in which the embedded expen exists) and
	// 2001–2017 without the four municipalities Beijing, Tianjin, Shanghai and Chongqing, when the
	// panel has them.
	Samples []SpecSample
	// Lags are the lags of the treatment, by default 0 and 1.
	Lags []int
}

// paperControlColumns are the control variables of every model in Hong, Jiang and Liu (2023).
var paperControlColumns = []string{"expen", "finan", "cpi", "open"}

// PaperSpecGrid returns the specification grid of the robustness choices of Hong, Jiang and Liu (2023)
// on p, in the dimension order treatment, outcome, sample, fixed effects, standard errors, controls,
// lag. With the defaults it has 3 × 3 × 3 × 2 × 5 × 2 × 2 = 1080 combinations. On the embedded panel
// 240 with post2003_cw and province effects are excluded: the 120 on 2005–2017 and the 120 with
// controls, because expen starts in 2005.
func PaperSpecGrid(p *Panel, c PaperSpecColumns) SpecGrid {
	c = c.withDefaults(p)
	g := SpecGrid{
		Base: Spec{Outcome: c.Outcomes[0], Treatment: c.Treatments[0], Cluster: c.Cluster},
		Dimensions: []SpecDimension{
			TreatmentDimension(c.Treatments...),
			OutcomeDimension(c.Outcomes...),
			SampleDimension(c.Samples...),
			FixedEffectsDimension(c.FixedEffects...),
			StdErrorDimension(c.Cluster, c.Conventions...),
			ControlsDimension(c.Controls),
			LagDimension(c.Lags...),
		},
	}
	fe := g.Dimensions[3]
	for i, set := range c.FixedEffects {
		fe.Options[i].Label = fixedEffectsLabel(set)
	}
	if slices.Contains(c.Treatments, c.TurningPoint) {
		g.Exclusions = turningPointExclusions(c, p.EntityColumn())
	}
	return g
}

func (c PaperSpecColumns) withDefaults(p *Panel) PaperSpecColumns {
	entity, period := p.EntityColumn(), p.TimeColumn()
	if c.Treatments == nil {
		c.Treatments = []string{"balance", "invest_tilt", "post2003_cw"}
	}
	if c.TurningPoint == "" {
		c.TurningPoint = "post2003_cw"
	}
	if c.TurningYear == 0 {
		c.TurningYear = 2003
	}
	if c.Outcomes == nil {
		c.Outcomes = []string{DefaultIndexColumn, "prosperity", "commonality"}
	}
	if c.Controls == nil {
		for _, col := range paperControlColumns {
			if x, err := p.Float(col); err == nil && slices.ContainsFunc(x, finite) {
				c.Controls = append(c.Controls, col)
			}
		}
	}
	if c.ControlsFrom == 0 {
		c.ControlsFrom = firstCompletePeriod(p, c.Controls)
	}
	if c.FixedEffects == nil {
		c.FixedEffects = [][]string{{entity}, {entity, period}}
	}
	if c.Cluster == nil {
		c.Cluster = []string{entity}
	}
	if c.Conventions == nil {
		c.Conventions = []Convention{Stata, Reghdfe, Fixest, PlmSSS, CR1}
	}
	if c.Samples == nil {
		c.Samples = []SpecSample{
			{Name: "2001-2017", Label: table.Label{Zh: "2001—2017 年", En: "2001–2017"}, Window: StudyWindow},
			{Name: "2005-2017", Label: table.Label{Zh: "2005—2017 年", En: "2005–2017"}, Window: Window{From: 2005, To: 2017}},
		}
		// A panel keyed by other entities (counties, firms) has no municipalities to leave out.
		var municipalities []string
		for _, m := range []string{"BJ", "TJ", "SH", "CQ"} {
			if slices.Contains(p.Entities(), m) {
				municipalities = append(municipalities, m)
			}
		}
		if len(municipalities) > 0 {
			c.Samples = append(c.Samples, SpecSample{Name: "no-municipalities", Label: table.Label{Zh: "剔除直辖市", En: "no municipalities"},
				Window: StudyWindow, DropEntities: municipalities})
		}
	}
	if c.Lags == nil {
		c.Lags = []int{0, 1}
	}
	return c
}

// fixedEffectsLabel names a set of fixed effects, such as 省份 + 年份 / province + year.
func fixedEffectsLabel(set []string) table.Label {
	if len(set) == 0 {
		return table.Label{Zh: "无", En: "none"}
	}
	zh := make([]string, len(set))
	for i, col := range set {
		zh[i] = col
		if name, ok := keyLabelsZh[col]; ok {
			zh[i] = name
		}
	}
	return table.Label{Zh: strings.Join(zh, " + "), En: strings.Join(set, " + ")}
}

// keyLabelsZh are the Chinese names of the usual panel key columns.
var keyLabelsZh = map[string]string{"province": "省份", "county": "县", "city": "城市", "year": "年份"}

// firstCompletePeriod returns the first period in which some row of p has a finite value of every
// column, or 0 when columns is empty or no row has them all.
func firstCompletePeriod(p *Panel, columns []string) int {
	if len(columns) == 0 {
		return 0
	}
	values := make([][]float64, len(columns))
	for j, col := range columns {
		x, err := p.Float(col)
		if err != nil {
			return 0
		}
		values[j] = x
	}
	first := 0
	for i, t := range p.Times() {
		complete := true
		for _, x := range values {
			complete = complete && finite(x[i])
		}
		if complete && (first == 0 || t < first) {
			first = t
		}
	}
	return first
}

// turningPointExclusions excludes the turning-point dummy, at each lag and with each set of fixed
// effects that contains the entity, where the estimation sample starts after the lagged dummy has
// switched, because the entity effects absorb a dummy that is constant within each entity. The sample
// starts after the switch when its window does, or with controls whose data start after it.
func turningPointExclusions(c PaperSpecColumns, entity string) []SpecExclusion {
	var out []SpecExclusion
	for _, sample := range c.Samples {
		for _, k := range c.Lags {
			switched := c.TurningYear + k // first year in which the lagged dummy is 1
			byControls := len(c.Controls) > 0 && c.ControlsFrom >= switched
			if sample.Window.From < switched && !byControls {
				continue
			}
			for _, set := range c.FixedEffects {
				if !slices.Contains(set, entity) {
					continue
				}
				e := SpecExclusion{
					When: map[string]string{SpecDimTreatment: c.TurningPoint, SpecDimSample: sample.Name,
						SpecDimLag: fmt.Sprint(k), SpecDimFixedEffects: fixedEffectsName(set)},
					Reason: fmt.Sprintf("%s at lag %d is constant within each %s from %d on, so the %s effects absorb it on sample %s",
						c.TurningPoint, k, entity, switched, entity, sample.Name),
				}
				if sample.Window.From < switched {
					e.When[SpecDimControls] = "controls"
					e.Reason = fmt.Sprintf("%s at lag %d is constant within each %s from %d on, and the controls start in %d, so the %s effects absorb it on sample %s with controls",
						c.TurningPoint, k, entity, switched, c.ControlsFrom, entity, sample.Name)
				}
				out = append(out, e)
			}
		}
	}
	return out
}
