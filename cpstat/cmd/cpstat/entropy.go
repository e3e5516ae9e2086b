package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"strings"

	"github.com/cpstat/cpstat/cpstat"
	"github.com/cpstat/cpstat/cpstat/entropy"
	"github.com/cpstat/cpstat/cpstat/table"
)

func init() {
	register(&command{
		name:    "entropy",
		summary: "entropy-weight index: weights, dimension scores, composite, log and ranks",
		usage: `(--indicators a,-b,c | --system FILE.csv | --system paper) [--data FILE --id ID --time T]
       [--by pooled|year] [--shift none|1e-4|a:b] [--score raw|shifted] [--missing error|listwise|complete]
       [--window 2001:2017] [--lang zh|en] [--json]`,
		details: entropyDetails,
		setup:   setupEntropy,
	})
}

const entropyDetails = `Computes entropy weights and a composite index (Hong, Jiang and Liu 2023): each indicator is min-max
standardised with its direction, optionally shifted away from zero, and weighted by 1 − its entropy. With
--system the weights are computed separately within each dimension, each dimension gets a score, and the
composite is the product of the dimension scores. With --indicators all columns form one dimension named
"index", and the composite is its score.

--system takes a CSV indicator table. Either the layout of data/indicators.csv (id, label_zh, label_en,
dimension_zh, dimension_en, level1_zh, level1_en, level2_zh, level2_en, direction, status, column, note),
or code, dimension, level1, level2, direction, where code is the column. "--system paper" uses the shipped
30-indicator system of the paper; with the embedded data add --missing complete, because several of its
indicators are sparse. Indicators with status missing are left out and listed.

The replication's Table 1 (cpstat replicate, chapter index) uses the paper's system with the shift
z + 0.0001, dimension scores on the shifted values, only complete indicators and the years 2001–2017.
This line prints the same weights and composite index:

  cpstat entropy --system paper --shift 1e-4 --score shifted --missing complete --window 2001:2017

--missing error stops at the first missing value and names the rows; listwise drops those rows; complete
leaves out every indicator with a missing value in the window and lists it with its coverage. Nothing is
filled.

Exit status: 0 on success, 1 when the data cannot be read or the index cannot be computed, 2 for an
invalid command line (including an --indicators column that the data lack).

JSON output (--json), one object; values that cannot be computed are null:
  window {from, to}, by_year, shift, score_basis ("raw" or "shifted"), missing   the options
  rows, used_rows            rows in the window, and rows that entered the computation
  dimensions[]               {key, label_zh, label_en}; key is also the output column of its log score
  indicators[]               {id, label_zh, label_en, dimension, level1, level2, direction ("+" or "-"),
                             status, column, used, weight, entropy, divergence}; weight, entropy and
                             divergence are the pooled values, null when by_year or not used
  weights[]                  {group, level ("first level", "second level", "indicator"), dimension,
                             level1, level2, indicator, weight}: every node of the hierarchy per group
                             (group is the period with --by year, "" when pooled)
  excluded[]                 {id, column, status, reason, rows, total, gap_periods[], gap_entities[]}
  scores[]                   {entity, time, dimensions {KEY: {score, score_shifted, log_score}},
                             composite, log_composite, rank}: score uses the unshifted standardised
                             values, score_shifted the shifted ones, log_score and composite the basis
                             of --score; rank 1 is the highest composite within the period
  dropped[]                  {entity, time, reason}: rows removed by --missing listwise
  warnings[]                 constant indicators, zero composites, scores at the shift floor`

func setupEntropy(fs *flag.FlagSet) func(*env) error {
	data := addDataFlags(fs)
	indicators := fs.String("indicators", "", "comma-separated indicator `columns`; a leading minus marks a cost indicator\n(smaller is better), such as gdp_pc,-unemp")
	system := fs.String("system", "", "indicator table `FILE.csv` for a hierarchical index, or \"paper\" for the shipped system")
	by := fs.String("by", "pooled", "weights over all rows (pooled) or separately in each period (year)")
	shift := fs.String("shift", "none", "shift after standardisation: none, a constant c such as 1e-4 (z + c),\nor LOW:HIGH such as 1:2 (z rescaled into [LOW, HIGH])")
	score := fs.String("score", "raw", "values the dimension scores use: raw (unshifted) or shifted")
	missing := fs.String("missing", "error", "missing values: error, listwise (drop rows) or complete (drop incomplete indicators)")
	window := fs.String("window", "", "periods `FROM:TO` to use, such as 2001:2017 (default: every period)")
	lang := fs.String("lang", "zh", "label language of the text tables: zh or en")
	asJSON := fs.Bool("json", false, "print the result as JSON (schema below)")
	return func(e *env) error {
		opts, err := entropyOptions(*by, *shift, *score, *missing, *window)
		if err != nil {
			return err
		}
		l, err := parseLang(*lang)
		if err != nil {
			return err
		}
		sys, fromFlag, err := entropySystem(*indicators, *system)
		if err != nil {
			return err
		}
		p, err := data.load(e)
		if err != nil {
			return err
		}
		r, err := cpstat.EntropyIndex(p, sys, opts)
		if err != nil {
			var missing *cpstat.IndicatorColumnsError
			if fromFlag && errors.As(err, &missing) {
				// The columns came from --indicators, so no indicator table maps them.
				parts := make([]string, len(missing.Missing))
				for i, m := range missing.Missing {
					parts[i] = m.Error()
				}
				return usagef("--indicators: %s", strings.Join(parts, "; "))
			}
			return err
		}
		if *asJSON {
			return printJSON(e.stdout, struct {
				entropyOutput
				readerReport
			}{newEntropyOutput(r), data.report()})
		}
		return printEntropyText(e.stdout, r, l)
	}
}

func entropyOptions(by, shift, score, missing, window string) (cpstat.IndexOptions, error) {
	var opts cpstat.IndexOptions
	var err error
	switch by {
	case "pooled":
	case "year", "period":
		opts.ByYear = true
	default:
		return opts, usagef("--by must be pooled or year, not %q", by)
	}
	if opts.Shift, err = parseShift(shift); err != nil {
		return opts, err
	}
	switch score {
	case "raw":
	case "shifted":
		opts.Score = entropy.ScoreShifted
	default:
		return opts, usagef("--score must be raw or shifted, not %q", score)
	}
	switch missing {
	case "error":
	case "listwise":
		opts.Missing = cpstat.IndexListwise
	case "complete":
		opts.Missing = cpstat.IndexCompleteIndicators
	default:
		return opts, usagef("--missing must be error, listwise or complete, not %q", missing)
	}
	opts.Window, err = parseWindow(window)
	return opts, err
}

// entropySystem builds the indicator system from --indicators or --system; the second result is true
// when the columns came from the command line.
func entropySystem(indicators, system string) (*cpstat.IndicatorSystem, bool, error) {
	switch {
	case indicators != "" && system != "":
		return nil, false, usagef("give either --indicators or --system, not both")
	case indicators != "":
		var columns, cost []string
		for _, item := range splitList(indicators) {
			name, isCost := strings.CutPrefix(item, "-")
			if name == "" {
				return nil, false, usagef("--indicators %q: an empty column name", indicators)
			}
			columns = append(columns, name)
			if isCost {
				cost = append(cost, name)
			}
		}
		return cpstat.FlatIndicatorSystem("index", columns, cost), true, nil
	case system == "paper":
		sys, err := cpstat.PaperIndicatorSystem()
		return sys, false, err
	case system != "":
		f, err := os.Open(system)
		if err != nil {
			return nil, false, fmt.Errorf("--system: %w", err)
		}
		defer f.Close()
		sys, err := cpstat.ReadIndicatorSystemCSV(f, system)
		return sys, false, err
	}
	return nil, false, usagef("give the indicators with --indicators a,-b,c or an indicator table with --system FILE.csv")
}

func printEntropyText(w io.Writer, r *cpstat.IndexResult, lang table.Lang) error {
	if err := table.WriteText(w, r.SystemGrid(lang, ""), table.TextOptions{}); err != nil {
		return err
	}
	if r.Options.ByYear {
		fmt.Fprintln(w)
		if err := table.WriteText(w, r.WeightsByPeriodGrid(lang), table.TextOptions{}); err != nil {
			return err
		}
	}
	composite := r.Columns()[0] + "_index"
	g, err := r.Panel.WideGrid(composite, r.Options.Window, nil, lang)
	if err != nil {
		return err
	}
	g.Title = "综合指数（各维度得分之积）"
	if lang == table.En {
		g.Title = "Composite index (product of the dimension scores)"
	}
	if len(r.System.Dimensions) == 1 {
		g.Title = "综合指数（熵权加权得分）"
		if lang == table.En {
			g.Title = "Composite index (entropy-weighted score)"
		}
	}
	fmt.Fprintln(w)
	return table.WriteText(w, g, table.TextOptions{})
}

type entropyOutput struct {
	Window     windowJSON          `json:"window"`
	ByYear     bool                `json:"by_year"`
	Shift      string              `json:"shift"`
	ScoreBasis string              `json:"score_basis"`
	Missing    string              `json:"missing"`
	Rows       int                 `json:"rows"`
	UsedRows   int                 `json:"used_rows"`
	Dimensions []entropyDimension  `json:"dimensions"`
	Indicators []entropyIndicator  `json:"indicators"`
	Weights    []entropyWeight     `json:"weights"`
	Excluded   []entropyExcluded   `json:"excluded"`
	Scores     []entropyRow        `json:"scores"`
	Dropped    []entropyDroppedRow `json:"dropped"`
	Warnings   []string            `json:"warnings"`
}

type windowJSON struct {
	From int `json:"from"`
	To   int `json:"to"`
}

type entropyDimension struct {
	Key     string `json:"key"`
	LabelZh string `json:"label_zh"`
	LabelEn string `json:"label_en"`
}

type entropyIndicator struct {
	ID         string    `json:"id"`
	LabelZh    string    `json:"label_zh"`
	LabelEn    string    `json:"label_en"`
	Dimension  string    `json:"dimension"`
	Level1     string    `json:"level1"`
	Level2     string    `json:"level2"`
	Direction  string    `json:"direction"`
	Status     string    `json:"status"`
	Column     string    `json:"column"`
	Used       bool      `json:"used"`
	Weight     jsonFloat `json:"weight"`
	Entropy    jsonFloat `json:"entropy"`
	Divergence jsonFloat `json:"divergence"`
}

type entropyWeight struct {
	Group     string    `json:"group"`
	Level     string    `json:"level"`
	Dimension string    `json:"dimension"`
	Level1    string    `json:"level1"`
	Level2    string    `json:"level2"`
	Indicator string    `json:"indicator"`
	Weight    jsonFloat `json:"weight"`
}

type entropyExcluded struct {
	ID          string   `json:"id"`
	Column      string   `json:"column"`
	Status      string   `json:"status"`
	Reason      string   `json:"reason"`
	Rows        int      `json:"rows"`
	Total       int      `json:"total"`
	GapPeriods  []int    `json:"gap_periods"`
	GapEntities []string `json:"gap_entities"`
}

type entropyScore struct {
	Score        jsonFloat `json:"score"`
	ScoreShifted jsonFloat `json:"score_shifted"`
	LogScore     jsonFloat `json:"log_score"`
}

type entropyRow struct {
	Entity       string                  `json:"entity"`
	Time         int                     `json:"time"`
	Dimensions   map[string]entropyScore `json:"dimensions"`
	Composite    jsonFloat               `json:"composite"`
	LogComposite jsonFloat               `json:"log_composite"`
	Rank         int                     `json:"rank"`
}

type entropyDroppedRow struct {
	Entity string `json:"entity"`
	Time   int    `json:"time"`
	Reason string `json:"reason"`
}

func newEntropyOutput(r *cpstat.IndexResult) entropyOutput {
	o := r.Options
	out := entropyOutput{
		Window: windowJSON{From: o.Window.From, To: o.Window.To}, ByYear: o.ByYear, Shift: o.Shift.String(),
		ScoreBasis: "raw", Missing: o.Missing.String(), Rows: len(r.Rows), UsedRows: r.Index.Used,
		Warnings: append([]string{}, r.Warnings...), Dropped: []entropyDroppedRow{}, Excluded: []entropyExcluded{},
	}
	if o.Score == entropy.ScoreShifted {
		out.ScoreBasis = "shifted"
	}
	for _, d := range r.System.Dimensions {
		out.Dimensions = append(out.Dimensions, entropyDimension{Key: d.Key, LabelZh: d.LabelZh, LabelEn: d.LabelEn})
	}
	nan := jsonFloat(math.NaN())
	for _, ind := range r.System.Indicators {
		item := entropyIndicator{ID: ind.ID, LabelZh: ind.LabelZh, LabelEn: ind.LabelEn, Dimension: ind.Dimension,
			Level1: ind.Level1(table.Zh), Level2: ind.Level2(table.Zh), Direction: ind.Direction.String(),
			Status: string(ind.Status), Column: ind.Column, Weight: nan, Entropy: nan, Divergence: nan}
		for _, w := range r.Weights {
			if w.Level == entropy.LevelIndicator && w.Indicator == ind.ID {
				item.Used = true
				if !o.ByYear {
					item.Weight, item.Entropy, item.Divergence = jsonFloat(w.Weight), jsonFloat(w.Entropy), jsonFloat(w.Divergence)
				}
			}
		}
		out.Indicators = append(out.Indicators, item)
	}
	for _, w := range r.Weights {
		out.Weights = append(out.Weights, entropyWeight{Group: w.Group, Level: w.Level.String(), Dimension: w.Dimension,
			Level1: pick(w.Level1Zh, w.Level1En), Level2: pick(w.Level2Zh, w.Level2En), Indicator: w.Indicator,
			Weight: jsonFloat(w.Weight)})
	}
	for _, ex := range r.Excluded {
		out.Excluded = append(out.Excluded, entropyExcluded{ID: ex.ID, Column: ex.Column, Status: string(ex.Status),
			Reason: string(ex.Reason), Rows: ex.Rows, Total: ex.Total, GapPeriods: orEmpty(ex.GapPeriods), GapEntities: orEmpty(ex.GapEntities)})
	}
	for i, key := range r.Keys {
		row := entropyRow{Entity: key.Entity, Time: key.Time, Dimensions: map[string]entropyScore{},
			Composite: jsonFloat(r.Composite[i]), LogComposite: jsonFloat(r.LogComposite[i]), Rank: r.Rank[i]}
		for d, dim := range r.System.Dimensions {
			res, _ := r.Index.Dimension(dim.Key)
			row.Dimensions[dim.Key] = entropyScore{Score: jsonFloat(res.Weights.Score[i]),
				ScoreShifted: jsonFloat(res.Weights.ScoreShifted[i]), LogScore: jsonFloat(r.LogScores[d][i])}
		}
		out.Scores = append(out.Scores, row)
	}
	for _, d := range r.Dropped {
		out.Dropped = append(out.Dropped, entropyDroppedRow{Entity: d.Key.Entity, Time: d.Key.Time, Reason: d.Reason})
	}
	return out
}

func pick(zh, en string) string {
	if zh != "" {
		return zh
	}
	return en
}

// orEmpty returns s, or an empty slice in place of nil so that JSON shows [] rather than null.
func orEmpty[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
