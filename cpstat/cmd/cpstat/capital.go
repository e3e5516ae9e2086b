package main

import (
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/cpstat/cpstat/cpstat"
	"github.com/cpstat/cpstat/cpstat/capital"
	"github.com/cpstat/cpstat/cpstat/table"
)

func init() {
	register(&command{
		name:    "capital",
		summary: "capital stock by perpetual inventory (Shan Haojie 2008 defaults, Zhang Jun 2004 option)",
		usage: `[--data FILE --id ID --time T] [--investment gfcf] [--price invest_deflator] [--price-kind fixed|previous]
       [--depreciation 0.1096] [--base growth|zhang|given] [--base-stocks FILE] [--base-year YEAR]
       [--price-year 2000] [--start first|after-invalid] [--years 2000,2017] [--export FILE.csv] [--json]`,
		details: capitalDetails,
		setup:   setupCapital,
	})
}

const capitalDetails = `Computes real fixed capital stocks K_t = I_t/P_t + (1 − δ)K_{t−1} for every unit of a long table of
investment and its price index. Without --data it uses the embedded inputs (30 provinces, 1952–2017: gfcf
in 100 million yuan at current prices, invest_deflator with 1952 = 1).

Base stock rules: growth (default, Shan Haojie 2008) K_0 = I_0/P_0 / (g + δ), g the geometric mean growth of
real investment over the first --growth-years years; zhang (Zhang Jun, Wu Guiying and Zhang Jipeng 2004)
K_0 = I_0/P_0 / 10 % with δ = 9.6 % unless --depreciation is given; given K_0 from --base-stocks, a CSV
with the columns unit and stock in the currency unit of investment at --price-year prices.

The defaults are the replication's settings. Each unit starts after its last missing, negative or
non-positive value, and the years left out are listed: in the embedded inputs Chongqing starts in 1996,
when its series begin, and Fujian in 1969, because its GFCF is negative in 1967–1968. --start first
starts every unit in its first year with both values and stops at a later bad value instead. Every unit
needs a price in --price-year, so with the embedded inputs it must be 1996 or later.

Exit status: 0 on success, 1 when the data cannot be read or a value stops the computation (the message
names the unit and year), 2 for an invalid command line.

JSON output (--json), one object; values that cannot be computed are null:
  settings {depreciation, base_stock, growth_years, growth_mean, base_ratio, price_kind, price_base_year,
            start_year, start_rule}     the settings after defaults
  investment, price          the input columns
  note                       unit, prices and method of the stock, for a table footer
  skipped[]                  {unit, from, to, start, reason}: leading years left out per unit
  units[]                    {unit, start, base_stock, growth, years[], price[], real_investment[], stock[]}:
                             price rebased to 1 in price_base_year, real investment and K per year

--export writes one CSV row per unit and year: unit, year, price, real_investment, capital_stock (K) and
capital (ln K).`

func setupCapital(fs *flag.FlagSet) func(*env) error {
	data := addDataFlags(fs)
	fs.Lookup("data").Usage = "long CSV or XLSX `file` of investment and its price index by unit and year\n(default: the embedded inputs, 30 provinces × 1952–2017)"
	investment := fs.String("investment", cpstat.DefaultInvestmentColumn, "`column` of nominal investment (GFCF), any currency unit")
	price := fs.String("price", cpstat.DefaultPriceColumn, "`column` of the investment price index")
	priceKind := fs.String("price-kind", "fixed", "form of the price index: fixed (a fixed base year, any scale) or previous (previous year = 100)")
	depreciation := fs.Float64("depreciation", capital.DefaultDepreciation, "depreciation rate δ as a `fraction` (0.1096 is 10.96 %)")
	base := fs.String("base", "growth", "base-stock rule: growth (Shan Haojie 2008), zhang (Zhang Jun et al. 2004) or given")
	baseStocks := fs.String("base-stocks", "", "CSV `file` with columns unit and stock: the base-year stocks for --base given")
	baseYear := fs.Int("base-year", 0, "`year` of the base stock for every unit; 0 starts each unit in its own first usable year")
	priceYear := fs.Int("price-year", 2000, "`year` whose prices the stock is in")
	growthYears := fs.Int("growth-years", capital.DefaultGrowthYears, "number of annual growth rates averaged for g under --base growth")
	start := fs.String("start", "after-invalid", "where each unit starts: after-invalid (after its last missing, negative or\nnon-positive value) or first (first year with both values; a later bad value is an error)")
	years := fs.String("years", "", "comma-separated `years` whose stock the text table shows (default: --price-year and the last year)")
	export := fs.String("export", "", "write every unit-year as CSV to `FILE` (\"-\" for stdout)")
	lang := fs.String("lang", "zh", "label language of the text table: zh or en")
	asJSON := fs.Bool("json", false, "print the result as JSON (schema below)")
	return func(e *env) error {
		set := map[string]bool{}
		fs.Visit(func(f *flag.Flag) { set[f.Name] = true })

		opts := cpstat.CapitalOptions{Investment: *investment, Price: *price}
		switch *base {
		case "growth":
			opts.Settings = capital.ShanHaojie2008()
		case "zhang":
			opts.Settings = capital.ZhangJun2004()
		case "given":
			opts.Settings.BaseStock = capital.GivenStock
			if *baseStocks == "" {
				return usagef("--base given needs --base-stocks FILE with the base-year stock of every unit")
			}
			stocks, err := readBaseStocks(*baseStocks)
			if err != nil {
				return err
			}
			opts.Settings.BaseStocks = stocks
		default:
			return usagef("--base must be growth, zhang or given, not %q", *base)
		}
		if set["depreciation"] || *base != "zhang" {
			opts.Settings.Depreciation = *depreciation
		}
		if *depreciation <= 0 || *depreciation >= 1 {
			return usagef("--depreciation %v: give δ as a fraction between 0 and 1, such as 0.1096 for 10.96 %%", *depreciation)
		}
		switch *priceKind {
		case "fixed":
		case "previous":
			opts.Settings.PriceIndex = capital.PreviousYear
		default:
			return usagef("--price-kind must be fixed or previous, not %q", *priceKind)
		}
		switch *start {
		case "first":
		case "after-invalid":
			opts.Start = cpstat.StartAfterLastInvalid
		default:
			return usagef("--start must be first or after-invalid, not %q", *start)
		}
		opts.Settings.StartYear = *baseYear
		opts.Settings.PriceBaseYear = *priceYear
		opts.Settings.GrowthYears = *growthYears
		l, err := parseLang(*lang)
		if err != nil {
			return err
		}
		tableYears, err := parseYears(*years)
		if err != nil {
			return err
		}

		var inputs *cpstat.Panel
		if data.path != "" {
			if inputs, err = data.load(e); err != nil {
				return err
			}
		}
		r, err := cpstat.CapitalStock(inputs, opts)
		var de *capital.DataError
		if errors.As(err, &de) && opts.Start == cpstat.StartFirstComplete && (de.Field == "Investment" || de.Field == "Price") {
			return fmt.Errorf("%w; or run with --start after-invalid to start %s after its last unusable year", err, de.Unit)
		}
		if err != nil {
			return err
		}
		if *export != "" {
			if err := exportCapital(e, *export, r); err != nil {
				return err
			}
		}
		if *asJSON {
			return printJSON(e.stdout, struct {
				capitalOutput
				readerReport
			}{newCapitalOutput(r), data.report()})
		}
		if *export == "-" {
			return nil
		}
		if len(tableYears) == 0 {
			tableYears = defaultCapitalYears(r)
		}
		return table.WriteText(e.stdout, r.Grid(l, tableYears), table.TextOptions{})
	}
}

func parseYears(s string) ([]int, error) {
	var out []int
	for _, item := range splitList(s) {
		y, err := strconv.Atoi(item)
		if err != nil {
			return nil, usagef("--years %q: %q is not a year", s, item)
		}
		out = append(out, y)
	}
	return out, nil
}

// defaultCapitalYears returns the price base year and the last year of the data.
func defaultCapitalYears(r *cpstat.CapitalResult) []int {
	last := 0
	for _, u := range r.Stock.Units {
		last = max(last, u.Years[len(u.Years)-1])
	}
	if r.Stock.PriceBaseYear == last {
		return []int{last}
	}
	return []int{r.Stock.PriceBaseYear, last}
}

// readBaseStocks reads a CSV with the columns unit and stock.
func readBaseStocks(path string) (map[string]float64, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("--base-stocks: %w", err)
	}
	defer f.Close()
	records, err := csv.NewReader(f).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("--base-stocks %s: %w", path, err)
	}
	if len(records) < 2 {
		return nil, fmt.Errorf("--base-stocks %s: need a header (unit,stock) and one row per unit", path)
	}

	unitCol, stockCol := -1, -1
	for j, h := range records[0] {
		switch strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))) {
		case "unit":
			unitCol = j
		case "stock":
			stockCol = j
		}
	}
	if unitCol < 0 || stockCol < 0 {
		return nil, fmt.Errorf("--base-stocks %s: the header must name the columns unit and stock, not %q", path, strings.Join(records[0], ","))
	}

	stocks := map[string]float64{}
	for k, rec := range records[1:] {
		v, err := strconv.ParseFloat(strings.TrimSpace(rec[stockCol]), 64)
		if err != nil {
			return nil, fmt.Errorf("--base-stocks %s: line %d: stock %q is not a number", path, k+2, rec[stockCol])
		}
		stocks[strings.TrimSpace(rec[unitCol])] = v
	}
	return stocks, nil
}

func exportCapital(e *env, path string, r *cpstat.CapitalResult) error {
	var w io.Writer = e.stdout
	if path != "-" {
		f, err := os.Create(path)
		if err != nil {
			return err
		}
		defer f.Close()
		w = f
	}
	cw := csv.NewWriter(w)
	format := func(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
	_ = cw.Write([]string{"unit", "year", "price", "real_investment", "capital_stock", "capital"})
	for _, u := range r.Stock.Units {
		for k, y := range u.Years {
			_ = cw.Write([]string{u.Unit, strconv.Itoa(y), format(u.Price[k]), format(u.RealInvestment[k]),
				format(u.Stock[k]), format(math.Log(u.Stock[k]))})
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	if path != "-" {
		fmt.Fprintf(e.stderr, "wrote %s\n", path)
	}
	return nil
}

type capitalOutput struct {
	Settings   capitalSettings  `json:"settings"`
	Investment string           `json:"investment"`
	Price      string           `json:"price"`
	Note       string           `json:"note"`
	Skipped    []capitalSkipped `json:"skipped"`
	Units      []capitalUnit    `json:"units"`
}

type capitalSettings struct {
	Depreciation  float64 `json:"depreciation"`
	BaseStock     string  `json:"base_stock"`
	GrowthYears   int     `json:"growth_years"`
	GrowthMean    string  `json:"growth_mean"`
	BaseRatio     float64 `json:"base_ratio"`
	PriceKind     string  `json:"price_kind"`
	PriceBaseYear int     `json:"price_base_year"`
	StartYear     int     `json:"start_year"`
	StartRule     string  `json:"start_rule"`
}

type capitalSkipped struct {
	Unit   string `json:"unit"`
	From   int    `json:"from"`
	To     int    `json:"to"`
	Start  int    `json:"start"`
	Reason string `json:"reason"`
}

type capitalUnit struct {
	Unit           string      `json:"unit"`
	Start          int         `json:"start"`
	BaseStock      jsonFloat   `json:"base_stock"`
	Growth         jsonFloat   `json:"growth"`
	Years          []int       `json:"years"`
	Price          []jsonFloat `json:"price"`
	RealInvestment []jsonFloat `json:"real_investment"`
	Stock          []jsonFloat `json:"stock"`
}

func newCapitalOutput(r *cpstat.CapitalResult) capitalOutput {
	s := r.Stock.Settings
	investment, price := r.Options.Investment, r.Options.Price
	out := capitalOutput{
		Settings: capitalSettings{Depreciation: s.Depreciation, BaseStock: s.BaseStock.String(), GrowthYears: s.GrowthYears,
			GrowthMean: "geometric", BaseRatio: s.BaseRatio, PriceKind: s.PriceIndex.String(),
			PriceBaseYear: r.Stock.PriceBaseYear, StartYear: s.StartYear, StartRule: "first"},
		Investment: pick(investment, cpstat.DefaultInvestmentColumn), Price: pick(price, cpstat.DefaultPriceColumn),
		Note: r.Stock.Note, Skipped: []capitalSkipped{},
	}
	if s.GrowthMean == capital.Arithmetic {
		out.Settings.GrowthMean = "arithmetic"
	}
	if r.Options.Start == cpstat.StartAfterLastInvalid {
		out.Settings.StartRule = "after-invalid"
	}
	for _, sk := range r.Skipped {
		out.Skipped = append(out.Skipped, capitalSkipped{Unit: sk.Unit, From: sk.From, To: sk.To, Start: sk.Start, Reason: sk.Reason})
	}
	floats := func(x []float64) []jsonFloat {
		out := make([]jsonFloat, len(x))
		for i, v := range x {
			out[i] = jsonFloat(v)
		}
		return out
	}
	for _, u := range r.Stock.Units {
		growth := jsonFloat(u.Growth)
		if s.BaseStock != capital.GrowthRate {
			growth = jsonFloat(math.NaN())
		}
		out.Units = append(out.Units, capitalUnit{Unit: u.Unit, Start: u.Years[0], BaseStock: jsonFloat(u.BaseStock),
			Growth: growth, Years: slices.Clone(u.Years), Price: floats(u.Price), RealInvestment: floats(u.RealInvestment),
			Stock: floats(u.Stock)})
	}
	return out
}
