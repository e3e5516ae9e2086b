package main

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/cpstat/cpstat/cpstat"
	"github.com/cpstat/cpstat/cpstat/table"
)

// splitDetails documents --split-by in the help of ols and fe.
const splitDetails = `

Sample splits (--split-by VAR:G): the model is estimated on every row and then separately within each
of G groups of the pooled quantiles of the column VAR, such as open:3 for terciles or open:5 for quintiles.
The groups are formed over the rows of the full-sample model, with Stata xtile's cutpoints: a value equal
to a cutpoint goes to the lower group and tied values share a group, so sizes can differ when values tie.
Each group keeps the other options (--vcov, --ssc, --window). A group that cannot be estimated, for
example because it covers a single cluster, is reported with its error and the others still run.
With --json the output is one object:
  split                        by, groups, rule ("cutpoints"), cutpoints[], sizes[] (rows per group)
  full                         the full-sample model, in the schema above
  groups[]                     index (1-based), rows, min, max (range of VAR in the group), and either
                               result (the schema above) or error (text)
  notes[]                      the grouping rule, failed groups and rows dropped within groups`

// parseSplitBy reads --split-by VAR:G.
func parseSplitBy(text string) (cpstat.SplitSettings, error) {
	column, groups, found := strings.Cut(text, ":")
	g, err := strconv.Atoi(strings.TrimSpace(groups))
	if !found || strings.TrimSpace(column) == "" || err != nil || g < 2 {
		return cpstat.SplitSettings{}, usagef("--split-by %q: give a column and a number of groups of at least 2, such as open:3", text)
	}
	return cpstat.SplitSettings{By: strings.TrimSpace(column), Groups: g}, nil
}

// splitOutput is the JSON document of ols and fe with --split-by; splitDetails describes it.
type splitOutput struct {
	Split  splitInfo          `json:"split"`
	Full   regressOutput      `json:"full"`
	Groups []splitGroupOutput `json:"groups"`
	Notes  []string           `json:"notes"`
}

type splitInfo struct {
	By        string      `json:"by"`
	Groups    int         `json:"groups"`
	Rule      string      `json:"rule"`
	Cutpoints []jsonFloat `json:"cutpoints"`
	Sizes     []int       `json:"sizes"`
}

type splitGroupOutput struct {
	Index  int            `json:"index"`
	Rows   int            `json:"rows"`
	Min    jsonFloat      `json:"min"`
	Max    jsonFloat      `json:"max"`
	Result *regressOutput `json:"result,omitempty"`
	Error  string         `json:"error,omitempty"`
}

// runSplit estimates src on every row and within each quantile group, and prints the results as text
// or JSON.
func runSplit(e *env, p *cpstat.Panel, src string, s cpstat.SplitSettings, opts []cpstat.EstimateOption, command string, asJSON bool, report readerReport) error {
	res, err := cpstat.EstimateSplit(p, src, s, opts...)
	if err != nil {
		return err
	}
	if asJSON {
		return printJSON(e.stdout, struct {
			splitOutput
			readerReport
		}{newSplitOutput(res, command), report})
	}

	var b strings.Builder
	b.WriteString(res.Full.Summary())
	for _, g := range res.Groups {
		fmt.Fprintf(&b, "\n== group %d of %d: %s in [%.6g, %.6g], %d rows ==\n", g.Index+1, len(res.Groups), s.By, g.Min, g.Max, g.Rows)
		if g.Err != nil {
			fmt.Fprintf(&b, "not estimated: %v\n", g.Err)
			continue
		}
		b.WriteString(g.Result.Summary())
	}
	b.WriteString("\n")
	for _, note := range res.Notes(table.En) {
		b.WriteString("Note: " + note + "\n")
	}
	_, err = fmt.Fprint(e.stdout, b.String())
	return err
}

func newSplitOutput(res *cpstat.SplitResult, command string) splitOutput {
	out := splitOutput{
		Split: splitInfo{By: res.Settings.By, Groups: res.Settings.Groups, Rule: res.Grouping.Rule.String(),
			Sizes: res.Grouping.Sizes},
		Full:  newRegressOutput(res.Full, command),
		Notes: res.Notes(table.En),
	}
	for _, c := range res.Grouping.Cutpoints {
		out.Split.Cutpoints = append(out.Split.Cutpoints, jsonFloat(c))
	}
	for _, g := range res.Groups {
		group := splitGroupOutput{Index: g.Index + 1, Rows: g.Rows, Min: jsonFloat(g.Min), Max: jsonFloat(g.Max)}
		if g.Err != nil {
			group.Error = g.Err.Error()
		} else {
			result := newRegressOutput(g.Result, command)
			group.Result = &result
		}
		out.Groups = append(out.Groups, group)
	}
	return out
}
