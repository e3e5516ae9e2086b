package main

import (
	"math"

	"github.com/cpstat/cpstat/cpstat"
)

// regressOutput is the JSON document that `cpstat ols --json` and `cpstat fe --json` print. Numbers that
// cannot be computed (an unidentified standard error, an infinite value) are written as null.
// regressDetails, the commands' help text, describes each field for users.
type regressOutput struct {
	Formula  string `json:"formula"`  // canonical formula
	Label    string `json:"label"`    // --label
	Command  string `json:"command"`  // "ols" or "fe"
	Response string `json:"response"` // left-hand side, such as "log(y)"

	Coefficients []regressCoefficient `json:"coefficients"`
	Cons         *regressCoefficient  `json:"cons"` // Stata's _cons of a fixed-effects model; null for ols
	ConfLevel    float64              `json:"conf_level"`

	NObs         int          `json:"nobs"`          // rows in the estimation sample
	SampleRows   int          `json:"sample_rows"`   // panel rows inside --window
	ExcludedRows int          `json:"excluded_rows"` // panel rows outside --window
	Panel        regressPanel `json:"panel"`         // shape of the estimation sample
	K            int          `json:"k"`             // estimated coefficients, the intercept of ols included
	DFResid      int          `json:"df_resid"`      // N − K − absorbed levels
	R2           jsonFloat    `json:"r2"`            // fixed effects included
	AdjR2        jsonFloat    `json:"adj_r2"`
	R2Within     jsonFloat    `json:"r2_within"`
	AdjR2Within  jsonFloat    `json:"adj_r2_within"`
	RSS          jsonFloat    `json:"rss"`
	Sigma        jsonFloat    `json:"sigma"`
	F            regressF     `json:"f"`    // classical
	Wald         regressF     `json:"wald"` // with the chosen variance

	FixedEffects      []regressFixedEffect `json:"fixed_effects"`
	VCov              regressVCov          `json:"vcov"`
	Dropped           []regressDropGroup   `json:"dropped"`
	DroppedRegressors []regressDroppedTerm `json:"dropped_regressors"`
	Notes             []string             `json:"notes"`
}

// regressPanel is the shape of the estimation sample (cpstat.PanelShape).
type regressPanel struct {
	Entities int  `json:"entities"`
	Periods  int  `json:"periods"`
	Rows     int  `json:"rows"`     // distinct entity-periods
	Balanced bool `json:"balanced"` // rows = entities × periods
}

type regressCoefficient struct {
	Term      string    `json:"term"`
	Estimate  jsonFloat `json:"estimate"`
	StdError  jsonFloat `json:"std_error"`
	Statistic jsonFloat `json:"statistic"`
	PValue    jsonFloat `json:"p_value"`
	ConfLow   jsonFloat `json:"conf_low"`
	ConfHigh  jsonFloat `json:"conf_high"`
}

type regressF struct {
	Value jsonFloat `json:"value"`
	DF1   jsonFloat `json:"df1"`
	DF2   jsonFloat `json:"df2"` // null for a chi-squared test scaled by df1
	P     jsonFloat `json:"p"`
}

type regressFixedEffect struct {
	Name       string `json:"name"`
	Levels     int    `json:"levels"`
	Singletons int    `json:"singletons"`
}

type regressVCov struct {
	Type        string           `json:"type"`       // iid, hc0–hc3 or cluster
	Convention  string           `json:"convention"` // for cluster: stata, reghdfe, …; "" otherwise
	K           int              `json:"K"`          // K of the small-sample factor, or of N − K
	DF          jsonFloat        `json:"df"`         // t degrees of freedom; null for the standard normal
	Multiplier  jsonFloat        `json:"multiplier"`
	Clusters    []regressCluster `json:"clusters"`
	Nested      []string         `json:"nested"`       // fixed effects nested in a cluster dimension
	FewClusters bool             `json:"few_clusters"` // fewer than 42 clusters
	PerTerm     bool             `json:"per_term"`     // two-way: G/(G − 1) of each term, not min(G)
	Description string           `json:"description"`
}

type regressCluster struct {
	Name  string `json:"name"`
	Count int    `json:"count"`
}

type regressDropGroup struct {
	Reason string       `json:"reason"` // such as "missing value", "singleton"
	Column string       `json:"column"` // the column, expression or fixed effect at fault
	Count  int          `json:"count"`
	Rows   []regressKey `json:"rows"`
}

type regressKey struct {
	Entity string `json:"entity"`
	Time   int    `json:"time"`
}

type regressDroppedTerm struct {
	Term          string   `json:"term"`
	Reason        string   `json:"reason"`
	CollinearWith []string `json:"collinear_with"`
	Detail        string   `json:"detail"`
}

func newRegressOutput(r *cpstat.Result, command string) regressOutput {
	out := regressOutput{
		Formula: r.Formula, Label: r.Label, Command: command, Response: r.Response, ConfLevel: r.ConfLevel,
		NObs: r.N, SampleRows: r.SampleRows, ExcludedRows: r.Excluded, K: r.K, DFResid: r.DFResid,
		Panel: newRegressPanel(r.SampleShape()),
		R2:    jsonFloat(r.R2), AdjR2: jsonFloat(r.AdjR2), R2Within: jsonFloat(r.R2Within), AdjR2Within: jsonFloat(r.AdjR2Within),
		RSS: jsonFloat(r.RSS), Sigma: jsonFloat(r.Sigma), F: newRegressF(r.F), Wald: newRegressF(r.Wald),
		Coefficients:      []regressCoefficient{},
		FixedEffects:      []regressFixedEffect{},
		Dropped:           []regressDropGroup{},
		DroppedRegressors: []regressDroppedTerm{},
		Notes:             append([]string{}, r.Notes...),
	}
	for _, c := range r.Coefficients {
		out.Coefficients = append(out.Coefficients, newRegressCoefficient(c))
	}
	if r.Cons != nil {
		c := newRegressCoefficient(*r.Cons)
		out.Cons = &c
	}
	for _, fe := range r.FixedEffects {
		out.FixedEffects = append(out.FixedEffects, regressFixedEffect{Name: fe.Name, Levels: fe.Levels, Singletons: fe.Singletons})
	}

	v := r.VCov
	out.VCov = regressVCov{Type: v.Type.String(), K: v.K, DF: jsonFloat(v.DF), Multiplier: jsonFloat(v.Multiplier),
		Clusters: []regressCluster{}, Nested: append([]string{}, v.Nested...), FewClusters: v.FewClusters, PerTerm: v.PerTerm,
		Description: v.Description}
	if v.Type == cpstat.Clustered {
		out.VCov.Convention = v.Convention.String()
		for i, name := range v.Cluster {
			out.VCov.Clusters = append(out.VCov.Clusters, regressCluster{Name: name, Count: v.G[i]})
		}
	}

	for _, g := range r.Dropped.Groups {
		d := regressDropGroup{Reason: string(g.Reason), Column: g.Column, Count: len(g.Keys), Rows: []regressKey{}}
		for _, k := range g.Keys {
			d.Rows = append(d.Rows, regressKey{Entity: k.Entity, Time: k.Time})
		}
		out.Dropped = append(out.Dropped, d)
	}
	for _, d := range r.DroppedRegressors {
		out.DroppedRegressors = append(out.DroppedRegressors, regressDroppedTerm{Term: d.Term, Reason: d.Reason,
			CollinearWith: append([]string{}, d.CollinearWith...), Detail: d.Detail})
	}
	return out
}

func newRegressPanel(s cpstat.PanelShape) regressPanel {
	return regressPanel{Entities: s.Entities, Periods: s.Periods, Rows: s.Rows, Balanced: s.Balanced}
}

func newRegressCoefficient(c cpstat.Coefficient) regressCoefficient {
	return regressCoefficient{Term: c.Term, Estimate: jsonFloat(c.Estimate), StdError: jsonFloat(c.StdError),
		Statistic: jsonFloat(c.Statistic), PValue: jsonFloat(c.PValue), ConfLow: jsonFloat(c.ConfLow),
		ConfHigh: jsonFloat(c.ConfHigh)}
}

func newRegressF(f cpstat.FTest) regressF {
	df2 := jsonFloat(f.DF2)
	if math.IsInf(f.DF2, 1) {
		df2 = jsonFloat(math.NaN())
	}
	return regressF{Value: jsonFloat(f.Value), DF1: jsonFloat(f.DF1), DF2: df2, P: jsonFloat(f.P)}
}
