package main

import (
	"flag"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/cpstat/cpstat/cpstat"
	"github.com/cpstat/cpstat/cpstat/formula"
)

func init() {
	register(&command{
		name:    "ols",
		summary: "pooled OLS with classical, robust or clustered standard errors",
		usage: `--formula "y ~ x1 + log(x2)" [--vcov iid|hc0|hc1|hc2|hc3|cluster:ID[,ID2] | --cluster ID[,ID2]]
       [--ssc stata|...] [--window 2001:2017] [--split-by VAR:G] [--data FILE --id ID --time T] [--json]`,
		details: regressDetails + splitDetails,
		setup:   func(fs *flag.FlagSet) func(*env) error { return setupRegress(fs, false) },
	})
	register(&command{
		name:    "fe",
		summary: "OLS with fixed effects absorbed (formula part after |) and robust or clustered standard errors",
		usage: `--formula "y ~ x1 + x2 | province + year" [--cluster province | --vcov hc1] [--ssc stata|reghdfe|fixest|plm|...]
       [--window 2001:2017] [--keep-singletons] [--split-by VAR:G] [--data FILE --id ID --time T] [--json]`,
		details: regressDetails + splitDetails,
		setup:   func(fs *flag.FlagSet) func(*env) error { return setupRegress(fs, true) },
	})
}

const regressDetails = `Estimates a linear model by least squares. The formula follows R's fixest: "y ~ x1 + log(x2) +
L(x3, 1) + i(region) | province + year", where the part after "|" lists the fixed effects to absorb. ols
takes formulas without that part and adds an intercept; fe requires it. Rows with a missing or non-finite
value, a log of a non-positive value or a lag that reaches an unobserved period are dropped and listed,
and so are rows alone in a fixed-effect level (singletons), unless --keep-singletons is given.

Small-sample conventions of clustered standard errors (--ssc), with the K of (N − 1)/(N − K):
  stata         xtreg, fe vce(cluster) with non-nested effects as i.var dummies: K = slopes + 1 + the
                levels of the fixed effects not nested in the clusters (less one each)   [default]
  reghdfe       reghdfe: nested effects count 0 and no constant, so K = slopes + T − 1 with province
                and year effects clustered by province
  fixest        fixest's default ssc(): K = slopes + T for the same model
  plm           plm's vcovHC(type = "sss") and clubSandwich's CR1S: K = slopes; p-values from t(N − K −
                absorbed levels)
  plm-hc1       plm's vcovHC(type = "HC1"): N/(N − K) only
  cr0, cr1      no factor, or G/(G − 1) only
  areg          areg and regress with dummies: K = slopes + every absorbed level
  xtreg-oneway  K = slopes + 1 whatever is absorbed
All but plm, plm-hc1 and cr0 take p-values from t(G − 1); cr0 uses the standard normal.

Two-way clustering (--cluster a,b) computes V_a + V_b − V_ab. --twoway-adjust chooses how G/(G − 1)
enters. auto (default) applies each term's own G under plm and cr1, as R plm's vcovDC(type = "sss")
and sandwich's vcovCL(cadjust = TRUE) do, and min(G_a, G_b) to the sum under the other conventions, as
fixest's default ssc(cluster.df = "min") does. min and per-term force one rule. Negative eigenvalues of
the sum are set to 0.

Heteroskedasticity-robust hc2 and hc3 in fe use the leverage of the within-transformed design. R's
vcovHC on lm with dummies, and Stata's regress with i.id dummies, use the leverage of the dummy
regression, which is larger, so their hc2 and hc3 standard errors are larger.

Exit status: 0 on success, 1 when the data cannot be read or the model cannot be estimated, 2 for an
invalid command line or formula.

JSON output (--json), one object; numbers that cannot be computed (an unidentified standard error, an
infinite value) are null:
  formula, label, command      the model in canonical form, --label, "ols" or "fe"
  response                     the left-hand side, such as "log(y)"
  coefficients[]               term, estimate, std_error, statistic (t), p_value, conf_low, conf_high
  cons                         Stata's _cons of a fixed-effects model (ȳ − x̄'b) with the same fields; null for ols,
                               whose intercept is the coefficient "(Intercept)"
  conf_level                   level of the intervals (--level)
  nobs                         rows in the estimation sample
  sample_rows, excluded_rows   panel rows inside --window, and rows outside it
  panel                        {entities, periods, rows, balanced}: the estimation sample's entities, periods and
                               entity-periods, and whether every entity has every period
  k, df_resid                  estimated coefficients, and N − k − absorbed levels
  r2, adj_r2                   R² of the whole model, fixed effects included, and its adjusted value
  r2_within, adj_r2_within     R² of the within-transformed model (equal to r2 for ols), as plm reports
  rss, sigma                   residual sum of squares and residual standard error
  f                            {value, df1, df2, p}: classical F test that all slopes are zero
  wald                         {value, df1, df2, p}: the same test with the chosen variance
  fixed_effects[]              name, levels, singletons (rows dropped as singletons of that effect)
  vcov                         type ("iid", "hc0"–"hc3", "cluster"), convention (for cluster), K, df (null:
                               standard normal), multiplier, clusters[] {name, count}, nested[], few_clusters
                               (fewer than 42), per_term (two-way: each term's own G/(G − 1)), description
  dropped[]                    reason, column, count, rows[] {entity, time}: every sample row left out
  dropped_regressors[]         term, reason, collinear_with[], detail (the relation found)
  notes[]                      reference levels, the sample restriction, few clusters and similar facts`

// setupRegress declares the flags of ols (fe false) and fe (fe true).
func setupRegress(fs *flag.FlagSet, fe bool) func(*env) error {
	data := addDataFlags(fs)
	example := "log(real_gdp) ~ balance + open"
	if fe {
		example += " | province + year"
	}
	src := fs.String("formula", "", "model `formula`, such as \""+example+"\"")
	vcov := fs.String("vcov", "iid", "variance `estimator`: iid, hc0, hc1, hc2, hc3, or cluster:COLUMN[,COLUMN2] for\none- or two-way clustered standard errors")
	cluster := fs.String("cluster", "", "`columns` to cluster standard errors on: one, such as province, or two, such as\nprovince,year; the same as --vcov cluster:COLUMNS")
	ssc := fs.String("ssc", "stata", "small-sample `convention` of clustered standard errors: stata, reghdfe, fixest,\nplm, plm-hc1, cr0, cr1, areg or xtreg-oneway (see below)")
	twoway := fs.String("twoway-adjust", "auto", "how two-way clustering applies G/(G − 1): auto, min or per-term (see below)")
	window := fs.String("window", "", "`periods` FROM:TO to keep, inclusive, such as 2001:2017; FROM: or :TO leaves one end\nopen (default: every period)")
	level := fs.Float64("level", 0.95, "confidence `level` of the intervals, between 0 and 1")
	label := fs.String("label", "", "model `name` shown in the output")
	var keepSingletons *bool
	if fe {
		keepSingletons = fs.Bool("keep-singletons", false, "keep rows alone in a fixed-effect level (default: drop them, as reghdfe and fixest do)")
	}
	asJSON := fs.Bool("json", false, "print the result as JSON (schema below)")
	splitBy := fs.String("split-by", "", "estimate also within each of G pooled quantile groups of column VAR, given as `VAR:G`\n(open:3 for terciles; see below)")

	return func(e *env) error {
		if *src == "" {
			return usagef("--formula is required")
		}
		f, err := formula.Parse(*src)
		if err != nil {
			return usagef("--formula: %w", err)
		}
		switch {
		case fe && len(f.FixedEffects) == 0:
			return usagef("--formula %q has no fixed effects; add them after \"|\", as in \"y ~ x | province + year\", or run cpstat ols", *src)
		case !fe && len(f.FixedEffects) > 0:
			return usagef("--formula %q absorbs fixed effects after \"|\"; run cpstat fe for that model, or drop the \"|\" part", *src)
		}

		variance, err := clusterShorthand(fs, *vcov, *cluster)
		if err != nil {
			return err
		}
		opts, err := regressOptions(variance, *ssc, *window, *level)
		if err != nil {
			return err
		}
		opts = append(opts, cpstat.Label(*label))
		switch *twoway {
		case "auto":
		case "min":
			opts = append(opts, cpstat.TwoWayAdjustment(cpstat.TwoWayMin))
		case "per-term":
			opts = append(opts, cpstat.TwoWayAdjustment(cpstat.TwoWayPerTerm))
		default:
			return usagef("--twoway-adjust %q is not one of auto, min, per-term", *twoway)
		}
		if keepSingletons != nil && *keepSingletons {
			opts = append(opts, cpstat.KeepSingletons())
		}

		p, err := data.load(e)
		if err != nil {
			return err
		}
		command := "ols"
		if fe {
			command = "fe"
		}
		if *splitBy != "" {
			s, err := parseSplitBy(*splitBy)
			if err != nil {
				return err
			}
			return runSplit(e, p, *src, s, opts, command, *asJSON, data.report())
		}
		res, err := cpstat.Estimate(p, *src, opts...)
		if err != nil {
			return err
		}
		if *asJSON {
			return printJSON(e.stdout, struct {
				regressOutput
				readerReport
			}{newRegressOutput(res, command), data.report()})
		}
		_, err = fmt.Fprint(e.stdout, res.Summary())
		return err
	}
}

// clusterShorthand returns the --vcov value that selects the variance of --vcov and --cluster:
// --cluster COLUMNS alone means --vcov cluster:COLUMNS. Both flags together must name the same
// clustering, because they would otherwise ask for two different variances.
func clusterShorthand(fs *flag.FlagSet, vcov, cluster string) (string, error) {
	setFlags := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { setFlags[f.Name] = true })
	if !setFlags["cluster"] {
		return vcov, nil
	}
	columns := splitList(cluster)
	if len(columns) == 0 || len(columns) > 2 {
		return "", usagef("--cluster %q: name one or two columns, such as --cluster province or --cluster province,year", cluster)
	}
	shorthand := "cluster:" + strings.Join(columns, ",")
	if !setFlags["vcov"] {
		return shorthand, nil
	}
	name, vcovColumns, _ := strings.Cut(vcov, ":")
	if name != "cluster" || !sameColumns(splitList(vcovColumns), columns) {
		return "", usagef("--cluster %s and --vcov %s ask for different variances; give only one of them "+
			"(--cluster %s is the same as --vcov %s)", cluster, vcov, cluster, shorthand)
	}
	return vcov, nil
}

// sameColumns reports whether a and b contain the same column names, in any order.
func sameColumns(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

// regressOptions converts the --vcov, --ssc, --window and --level flags into estimation options.
func regressOptions(vcov, ssc, window string, level float64) ([]cpstat.EstimateOption, error) {
	var opts []cpstat.EstimateOption
	switch name, columns, _ := strings.Cut(vcov, ":"); name {
	case "iid":
		opts = append(opts, cpstat.VCov(cpstat.IID))
	case "hc0":
		opts = append(opts, cpstat.VCov(cpstat.HC0))
	case "hc1":
		opts = append(opts, cpstat.VCov(cpstat.HC1))
	case "hc2":
		opts = append(opts, cpstat.VCov(cpstat.HC2))
	case "hc3":
		opts = append(opts, cpstat.VCov(cpstat.HC3))
	case "cluster":
		var names []string
		for _, c := range strings.Split(columns, ",") {
			if c = strings.TrimSpace(c); c != "" {
				names = append(names, c)
			}
		}
		if len(names) == 0 || len(names) > 2 {
			return nil, usagef("--vcov %q: name one or two columns, as in cluster:province or cluster:province,year", vcov)
		}
		opts = append(opts, cpstat.Cluster(names...))
	default:
		return nil, usagef("--vcov %q is not one of iid, hc0, hc1, hc2, hc3, cluster:COLUMN", vcov)
	}

	convention, err := cpstat.ParseConvention(ssc)
	if err != nil {
		return nil, usagef("--ssc: %v", err)
	}
	opts = append(opts, cpstat.SSC(convention))

	from, to, err := parsePeriodRange(window)
	if err != nil {
		return nil, err
	}
	opts = append(opts, cpstat.Period(from, to))

	if level <= 0 || level >= 1 {
		return nil, usagef("--level %g is outside (0, 1); use 0.95 for 95%% intervals", level)
	}
	return append(opts, cpstat.ConfLevel(level)), nil
}

// parsePeriodRange reads FROM:TO, FROM:, :TO or a single period; "" keeps every period (0, 0).
func parsePeriodRange(s string) (from, to int, err error) {
	if s == "" {
		return 0, 0, nil
	}
	first, last, found := strings.Cut(s, ":")
	if !found {
		last = first
	}
	parse := func(text string) (int, error) {
		if text = strings.TrimSpace(text); text == "" {
			return 0, nil
		}
		return strconv.Atoi(text)
	}
	if from, err = parse(first); err == nil {
		to, err = parse(last)
	}
	if err != nil || (from == 0 && to == 0) {
		return 0, 0, usagef("--window %q: give whole periods as FROM:TO, such as 2001:2017", s)
	}
	if from != 0 && to != 0 && to < from {
		return 0, 0, usagef("--window %q ends before it starts; give the earlier period first", s)
	}
	return from, to, nil
}
