// Package cpstat is the notebook-facing layer of the toolkit. It reads yearbook exports into typed
// gota data frames and declares panels with validated entity and time keys. It also evaluates
// model formulas (package cpstat/formula) into the vectors and matrices that the estimation
// packages consume.
//
// # Reading
//
// ReadCSV, ReadCSVFrom and ReadXLSX return a *Table: the data frame plus each column's header
// cells, unit and missing-cell counts, the source line of every row, and notes on what the reader
// did. They handle the exports of NBS, EPS, Wind and CSMAR as researchers get them: UTF-8 with or
// without a byte-order mark, GBK and GB18030 (detected, or set with WithEncoding), title rows
// above the header and footnote rows below the data, multi-row headers with merged cells and a
// units row, numbers stored as text with thousands separators ("29,492"), placeholders ("—"),
// percentages, and the wide provinces × years layout (WithWide, or Long on a data frame).
// Column types are decided by the reader, not by gota, so "1,234.5" is 1234.5, a blank numeric
// cell is missing rather than 0, and the country code "NA" stays text. Every error names the
// file, the line or cell, the column, the value and what to do.
//
// # Panels
//
// NewPanel and Table.Panel declare the keys and reject missing or duplicated (entity, time)
// pairs. ResolveProvinces maps province names in any spelling to the codes of package
// cpstat/province. Lags, leads and differences (Panel.Lag, Lead, Diff) match periods by time value
// within each entity, so a gap in the years gives a missing value rather than the previous row's.
//
// # Model frames
//
// ModelFrame evaluates a fixest-style formula on a panel: transformations, lags, interactions,
// i() factor dummies with a named reference level, fixed-effect and cluster codes. It drops rows
// with missing, infinite or out-of-domain values listwise in one place and reports each dropped
// row with its key and reason, in the spirit of R's model.frame and fixest's handling of NA rows.
//
// # Measurement
//
// EntropyIndex computes an entropy-weighted index of an IndicatorSystem (PaperIndicatorSystem is Table
// 1 of Hong, Jiang and Liu 2023) and adds cp, its dimension logs and scores to the panel, listing every
// indicator it leaves out. MeasureCapital adds a perpetual-inventory capital stock (package
// cpstat/capital), MeasureTFP the cumulative DEA Malmquist index (package cpstat/dea), and MeasurePaper
// runs all three with the replication's settings.
//
// # Linear regression
//
// Estimate fits a formula by least squares through package cpstat/linreg: pooled OLS without "|",
// absorbed fixed effects after it, and classical, HC0–HC3 or one- and two-way clustered standard
// errors under the small-sample Convention of Stata, reghdfe, fixest, plm or areg. Its Result carries
// the coefficients with their inference, the fit statistics, Stata's _cons, every dropped row and
// regressor with the reason, and converts to a table column (Result.Column). NewModel and
// Model.Refit re-estimate one model on permuted columns, resampled rows or drawn clusters without
// evaluating the formula again, for placebo and bootstrap loops. DescribeModel gives a model's
// descriptive statistics and VIFs on its estimation sample.
//
// # Quantile regression
//
// QuantReg fits a linear quantile regression exactly as R's quantreg rq(method = "br") does, with
// summary.rq's nid, iid or kernel standard errors or an xy, cluster or wild bootstrap (package
// cpstat/quantreg). QRPD fits Powell's quantile regression for panel data with nonadditive fixed
// effects (Stata's qregpd) at several quantiles, with the panel's entity as the unit and its time as
// the period. Both report the rows they drop by key. Their results convert to table columns, and
// Effect or QREffect give a coefficient against τ with a confidence band for plots.BandChart.
// Table.CrossSection reads data without panel keys for them.
//
// # Specification curves
//
// SpecCurve estimates every combination of the options of a SpecGrid (treatment, outcome, sample, fixed
// effects, standard errors, controls, lag, or dimensions of the caller's own) as in Simonsohn, Simmons
// and Nelson (2020). It fits each formula and sample once for all standard-error conventions, and keeps
// excluded and failed combinations in the result with their reasons. PaperSpecGrid is the robustness
// grid of Hong, Jiang and Liu (2023), and plots.SpecCurve draws the curve.
package cpstat
