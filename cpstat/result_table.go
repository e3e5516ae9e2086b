package cpstat

import (
	"github.com/cpstat/cpstat/cpstat/table"
)

// Column converts the result into one column of a journal regression table (table.Regression). The
// coefficients come in model order with the constant last as "_cons", which is Stata's constant of a
// fixed-effects model or the intercept of pooled OLS. Each absorbed fixed effect gets an indicator
// row. The statistics are N, R² ("r2") and, for a fixed-effects model, within R² ("r2_within"). The
// dependent variable is the response label, which table Labels can translate.
//
// Put any number of results side by side:
//
//	t := table.Regression{Columns: []table.Column{r1.Column(""), r2.Column("")}, Paren: table.ParenT}
func (r *Result) Column(title string) table.Column {
	col := table.Column{Title: title, DepVar: r.Response}
	for _, c := range r.Coefficients {
		term := c.Term
		if term == "(Intercept)" {
			term = "_cons"
		}
		col.Coefs = append(col.Coefs, table.Coef{Term: term, Estimate: c.Estimate, StdErr: c.StdError,
			Stat: c.Statistic, PValue: c.PValue})
	}
	if r.Cons != nil {
		c := r.Cons
		col.Coefs = append(col.Coefs, table.Coef{Term: "_cons", Estimate: c.Estimate, StdErr: c.StdError,
			Stat: c.Statistic, PValue: c.PValue})
	}
	for _, fe := range r.FixedEffects {
		col.FixedEffects = append(col.FixedEffects, fe.Name)
	}
	col.Stats = []table.Stat{table.StatN(r.N), table.StatR2(r.R2)}
	if len(r.FixedEffects) > 0 {
		col.Stats = append(col.Stats, table.Stat{Key: "r2_within", Value: r.R2Within, Decimals: 3})
	}
	return col
}

// Columns converts several results into table columns titled by their labels.
func Columns(results ...*Result) []table.Column {
	out := make([]table.Column, len(results))
	for i, r := range results {
		out[i] = r.Column(r.Label)
	}
	return out
}
