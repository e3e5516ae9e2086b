package cpstat

import (
	"bytes"
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/cpstat/cpstat/cpstat/capital"
	"github.com/cpstat/cpstat/cpstat/table"
	"github.com/cpstat/cpstat/data"
)

// Default columns of MeasureCapital.
const (
	DefaultInvestmentColumn = "gfcf"            // nominal gross fixed capital formation, 100 million yuan
	DefaultPriceColumn      = "invest_deflator" // fixed-base investment deflator (1952 = 1 in the embedded data)
	DefaultCapitalColumn    = "capital"         // ln K; K itself goes to DefaultCapitalColumn + "_stock"
)

// CapitalInputsPanel returns the embedded capital-stock inputs (data/capital_inputs.csv) as a panel keyed
// by "province" and "year": 30 provinces × 1952–2017 with gfcf (100 million yuan, current prices),
// gfcf_index, invest_deflator (fixed base), fai_price_index (previous year = 100) and depreciation.
// Chongqing's series start in 1996.
func CapitalInputsPanel() (*Panel, error) {
	t, err := ReadCSVFrom(bytes.NewReader(data.CapitalInputsCSV()), "data/"+data.CapitalInputsFile, WithKeys("province", "year"))
	if err != nil {
		return nil, fmt.Errorf("embedded capital inputs: %w", err)
	}
	return t.Panel()
}

// CapitalOptions are the settings of MeasureCapital. The zero value follows Shan Haojie (2008) as
// capital.Settings does (δ = 10.96 %, growth-rate base stock, each unit starting in its first year with
// data, prices of the earliest start year) on the columns gfcf and invest_deflator.
type CapitalOptions struct {
	// Settings pass through to capital.Stock: depreciation, price index form, price base year, start year
	// and base-stock rule. Every unit needs a price in the price base year, so with the embedded inputs,
	// where Chongqing starts in 1996, it must be 1996 or later; PaperCapitalOptions sets 2000.
	Settings capital.Settings

	// Investment and Price name the input columns; "" means DefaultInvestmentColumn and DefaultPriceColumn.
	Investment string
	Price      string

	// Column names the output column of ln K; "" means DefaultCapitalColumn. K in levels goes to
	// Column + "_stock".
	Column string

	// Start selects where each unit's series begins when its early years are unusable.
	Start CapitalStartRule
}

// CapitalStartRule selects the first year of each unit's perpetual inventory.
type CapitalStartRule int

const (
	// StartFirstComplete starts each unit in its first year with both an investment and a price, leaving
	// out the leading years without them. A missing, negative or non-positive value later in the series
	// is an error. It is the zero value.
	StartFirstComplete CapitalStartRule = iota

	// StartAfterLastInvalid starts each unit in the year after its last missing, negative (investment) or
	// non-positive (price) value or missing year, so a unit with a bad value early in its history keeps
	// the valid years after it. Every unit's left-out years are listed in CapitalResult.Skipped.
	StartAfterLastInvalid
)

func (o CapitalOptions) names() (investment, price, column string) {
	investment, price, column = o.Investment, o.Price, o.Column
	if investment == "" {
		investment = DefaultInvestmentColumn
	}
	if price == "" {
		price = DefaultPriceColumn
	}
	if column == "" {
		column = DefaultCapitalColumn
	}
	return investment, price, column
}

// SkippedYears is the leading run of years of one unit that the capital stock leaves out, so the unit's
// perpetual inventory starts after them. The years lack an investment or price value, or under
// StartAfterLastInvalid they end with an unusable value.
type SkippedYears struct {
	Unit     string
	From, To int    // inclusive
	Start    int    // year where the series starts; 0 when the unit has no usable year
	Reason   string // the unusable values in English, for example "gfcf = -0.11 in 1967"

	// The same reasons as data, for other languages: years without investment or price, the
	// invalid values (negative investment, non-positive price) and years without a row.
	Missing []int
	Invalid []InvalidInput
	Gaps    []int
}

// InvalidInput is one unusable capital input value.
type InvalidInput struct {
	Column string
	Year   int
	Value  float64
}

// Describe states why the years were skipped, in Chinese (zh) or English.
func (sk SkippedYears) Describe(zh bool) string {
	if !zh {
		return sk.Reason
	}
	var parts []string
	if len(sk.Missing) > 0 {
		parts = append(parts, fmt.Sprintf("%s 年投资额或价格指数缺失", yearRangesZh(sk.Missing)))
	}
	for _, v := range sk.Invalid {
		parts = append(parts, fmt.Sprintf("%d 年 %s = %g", v.Year, v.Column, v.Value))
	}
	if len(sk.Gaps) > 0 {
		parts = append(parts, fmt.Sprintf("%s 年没有数据行", yearRangesZh(sk.Gaps)))
	}
	return strings.Join(parts, "；")
}

// CapitalResult is a perpetual-inventory capital stock merged into a panel.
type CapitalResult struct {
	Options CapitalOptions

	// Stock is the engine's result on the input rows that entered it: every unit's series, base stock,
	// growth rate and rebased prices. Its Note states the unit and prices of the stock.
	Stock *capital.Result

	// Skipped lists, per unit, the leading years without data that were left out before the computation.
	Skipped []SkippedYears

	// Levels and Logs hold K and ln K for every row of the target panel; NaN where the inputs give no stock
	// for that entity and period, and such rows are listed in Unmatched.
	Levels, Logs []float64
	Unmatched    []RowKey

	// Panel is the target panel with the columns Column (ln K) and Column + "_stock" (K); nil from
	// CapitalStock.
	Panel *Panel
}

// MeasureCapital computes the capital stock from the long input table inputs with CapitalStock and merges
// ln K and K into p by entity and period. inputs nil means the embedded CapitalInputsPanel. Entities of p
// must use the same codes as the inputs; rows of p without a stock get NaN and are listed in Unmatched.
func MeasureCapital(p *Panel, inputs *Panel, opts CapitalOptions) (*CapitalResult, error) {
	r, err := CapitalStock(inputs, opts)
	if err != nil {
		return nil, err
	}
	_, _, column := opts.names()
	r.merge(p)
	if p, err = p.With(column, r.Logs); err != nil {
		return nil, fmt.Errorf("capital stock: %w", err)
	}
	if r.Panel, err = p.With(column+"_stock", r.Levels); err != nil {
		return nil, fmt.Errorf("capital stock: %w", err)
	}
	return r, nil
}

// CapitalStock computes the perpetual-inventory capital stock (package capital) of every entity of the
// long input table inputs, without merging it into a panel: Levels, Logs and Panel stay empty. inputs nil
// means the embedded CapitalInputsPanel.
//
// Each unit's leading years without investment or price (Chongqing before 1996 in the embedded inputs)
// are left out and listed in Skipped. Its series starts in its first year with both values, and its base
// stock comes from that year under the chosen rule. Under StartFirstComplete a gap after the start,
// a non-positive price or a negative investment is an error from capital.Stock, which names the unit and
// year. StartAfterLastInvalid starts the unit after such a value instead, which the embedded inputs need
// because Fujian's GFCF is negative in 1967–1968.
func CapitalStock(inputs *Panel, opts CapitalOptions) (*CapitalResult, error) {
	var err error
	if inputs == nil {
		if inputs, err = CapitalInputsPanel(); err != nil {
			return nil, err
		}
	}
	investmentColumn, priceColumn, _ := opts.names()
	investment, err := inputs.Float(investmentColumn)
	if err != nil {
		return nil, fmt.Errorf("capital stock: investment: %w", err)
	}
	price, err := inputs.Float(priceColumn)
	if err != nil {
		return nil, fmt.Errorf("capital stock: price index: %w", err)
	}

	r := &CapitalResult{Options: opts}
	d := r.trimmedInputs(inputs, investment, price)
	if len(d.Unit) == 0 {
		return nil, fmt.Errorf("capital stock: %w: no row of the inputs has both %s and %s", ErrEmptyFrame, investmentColumn, priceColumn)
	}
	if r.Stock, err = capital.Stock(d, opts.Settings); err != nil {
		return nil, capitalError(err, d, opts.Settings)
	}
	return r, nil
}

// trimmedInputs builds the engine's data from the input panel, leaving out each unit's leading years as
// the start rule selects.
func (r *CapitalResult) trimmedInputs(inputs *Panel, investment, price []float64) capital.Data {
	byEntity := map[string][]int{}
	for i := range inputs.Len() {
		e := inputs.Key(i).Entity
		byEntity[e] = append(byEntity[e], i)
	}
	var d capital.Data
	for _, e := range inputs.Entities() {
		rows := byEntity[e]
		sort.Slice(rows, func(a, b int) bool { return inputs.Key(rows[a]).Time < inputs.Key(rows[b]).Time })
		first, skip := r.startPosition(inputs, rows, investment, price)
		if first > 0 {
			skip.Unit, skip.From, skip.To = e, inputs.Key(rows[0]).Time, inputs.Key(rows[first-1]).Time
			if first < len(rows) {
				skip.Start = inputs.Key(rows[first]).Time
			}
			r.Skipped = append(r.Skipped, skip)
		}
		for _, i := range rows[first:] {
			d.Unit = append(d.Unit, e)
			d.Year = append(d.Year, inputs.Key(i).Time)
			d.Investment = append(d.Investment, investment[i])
			d.Price = append(d.Price, price[i])
		}
	}
	return d
}

// startPosition returns the position in rows (one unit's rows sorted by year) of the first row of its
// series under the start rule, and the unusable values before it.
func (r *CapitalResult) startPosition(inputs *Panel, rows []int, investment, price []float64) (int, SkippedYears) {
	investmentColumn, priceColumn, _ := r.Options.names()
	first := 0
	var missing []int          // years without investment or price
	var invalid []InvalidInput // negative investment or non-positive price
	var gaps []int             // years without a row
	for k, i := range rows {
		year := inputs.Key(i).Time
		if k > 0 && r.Options.Start == StartAfterLastInvalid {
			for y := inputs.Key(rows[k-1]).Time + 1; y < year; y++ {
				gaps = append(gaps, y)
				first = k
			}
		}
		switch {
		case !finite(investment[i]) || !finite(price[i]):
			missing = append(missing, year)
			first = k + 1
		case r.Options.Start == StartFirstComplete:
			return first, skippedYears(investmentColumn, priceColumn, missing, nil, nil)
		case investment[i] < 0:
			invalid = append(invalid, InvalidInput{Column: investmentColumn, Year: year, Value: investment[i]})
			first = k + 1
		case price[i] <= 0:
			invalid = append(invalid, InvalidInput{Column: priceColumn, Year: year, Value: price[i]})
			first = k + 1
		}
	}
	return first, skippedYears(investmentColumn, priceColumn, missing, invalid, gaps)
}

// skippedYears records the unusable values with an English description.
func skippedYears(investmentColumn, priceColumn string, missing []int, invalid []InvalidInput, gaps []int) SkippedYears {
	var parts []string
	if len(missing) > 0 {
		parts = append(parts, fmt.Sprintf("no %s or %s in %s", investmentColumn, priceColumn, yearRanges(missing)))
	}
	for _, v := range invalid {
		parts = append(parts, fmt.Sprintf("%s = %g in %d", v.Column, v.Value, v.Year))
	}
	if len(gaps) > 0 {
		parts = append(parts, "no row for "+yearRanges(gaps))
	}
	return SkippedYears{Reason: strings.Join(parts, "; "), Missing: missing, Invalid: invalid, Gaps: gaps}
}

// merge looks up the stock of every row of p by entity and period.
func (r *CapitalResult) merge(p *Panel) {
	stock := map[RowKey]float64{}
	for _, u := range r.Stock.Units {
		for k, y := range u.Years {
			stock[RowKey{Entity: u.Unit, Time: y}] = u.Stock[k]
		}
	}
	r.Levels = make([]float64, p.Len())
	r.Logs = make([]float64, p.Len())
	for i, key := range p.Keys() {
		k, ok := stock[key]
		if !ok {
			r.Levels[i], r.Logs[i] = math.NaN(), math.NaN()
			r.Unmatched = append(r.Unmatched, key)
			continue
		}
		r.Levels[i], r.Logs[i] = k, logOrNaN(k)
	}
}

// Notes returns the notes for a table of the capital stock: the method, the skipped leading years of each
// unit and the panel rows without a stock.
func (r *CapitalResult) Notes(lang table.Lang) []string {
	zh := lang == table.Zh
	s := r.Stock.Settings
	method := langText(zh,
		fmt.Sprintf("永续盘存法 K_t = I_t/P_t + (1−δ)K_{t−1}，δ = %.2f%%，基期资本存量规则：%s，价格为 %d 年价格，单位与投资额相同。",
			100*s.Depreciation, baseRuleZh(s), r.Stock.PriceBaseYear),
		upperFirst(r.Stock.Note)+".")
	notes := []string{method}
	for _, sk := range r.Skipped {
		if sk.Start == 0 {
			notes = append(notes, langText(zh,
				fmt.Sprintf("%s没有任何一年同时有投资额和价格指数，无法计算资本存量。", EntityNameZh(sk.Unit)),
				fmt.Sprintf("%s has no year with both investment and a price index, so it has no capital stock.", sk.Unit)))
			continue
		}
		u, _ := r.Stock.Unit(sk.Unit)
		notes = append(notes, langText(zh,
			fmt.Sprintf("%s的 %d—%d 年未使用（%s），序列从 %d 年开始，基期存量 %.1f 由该年起的实际投资按所选规则推算，其误差每年按 (1−δ) 衰减。",
				EntityNameZh(sk.Unit), sk.From, sk.To, sk.Describe(true), sk.Start, u.BaseStock),
			fmt.Sprintf("%s: %d–%d left out (%s), so its series starts in %d with a base stock of %.1f from the real investment from that year under the chosen rule; an error in it decays by (1 − δ) a year.",
				sk.Unit, sk.From, sk.To, sk.Reason, sk.Start, u.BaseStock)))
	}
	if note := r.baseStockWeightNote(zh); note != "" {
		notes = append(notes, note)
	}
	if len(r.Unmatched) > 0 {
		keys := make([]string, len(r.Unmatched))
		for k, key := range r.Unmatched {
			keys[k] = key.String()
		}
		notes = append(notes, langText(zh,
			fmt.Sprintf("面板中有 %d 行在投入数据中没有对应的资本存量，取缺失值：%s。", len(keys), listFirst(keys, 12)),
			fmt.Sprintf("%d panel rows have no capital stock in the inputs and are missing: %s.", len(keys), listFirst(keys, 12))))
	}
	return notes
}

// baseStockWeightNote warns when a series is short: the base stock, an estimate, keeps the share
// (1 − δ)^(T − 1) of its value after T years, so with series that start late it still weighs on the
// last year. It returns "" when every unit's base stock has decayed below 10 % by its last year.
func (r *CapitalResult) baseStockWeightNote(zh bool) string {
	delta := r.Stock.Settings.Depreciation
	var late []string
	share, start, last := 0.0, 0, 0
	for _, u := range r.Stock.Units {
		if len(u.Years) == 0 {
			continue
		}
		w := math.Pow(1-delta, float64(len(u.Years)-1))
		if w < 0.10 {
			continue
		}
		late = append(late, u.Unit)
		if w > share {
			share, start, last = w, u.Years[0], u.Years[len(u.Years)-1]
		}
	}
	if len(late) == 0 {
		return ""
	}
	namesZh := make([]string, min(len(late), 8))
	for i := range namesZh {
		namesZh[i] = EntityNameZh(late[i])
	}
	unitsZh := strings.Join(namesZh, "、")
	if len(late) > 8 {
		unitsZh += fmt.Sprintf("等 %d 个单位", len(late))
	}
	return langText(zh,
		fmt.Sprintf("%s的序列较短：基期存量是推算值，到最后一年仍占其原值的 (1−δ)^(T−1)，最高为 %.0f%%（%d 年起至 %d 年）。用更早年份开始的投资序列（内置投入数据从 1952 年起）可减小这部分影响。",
			unitsZh, 100*share, start, last),
		fmt.Sprintf("short series for %s: the base stock is an estimate, and (1 − δ)^(T − 1) of it remains in the last year, up to %.0f%% (from %d to %d). Investment series that start earlier (the embedded inputs start in 1952) reduce its weight.",
			listFirst(late, 8), 100*share, start, last))
}

func baseRuleZh(s capital.Settings) string {
	switch s.BaseStock {
	case capital.GrowthRate:
		return fmt.Sprintf("首年实际投资 / (前 %d 年实际投资平均增长率 + δ)（单豪杰 2008）", s.GrowthYears)
	case capital.InvestmentRatio:
		return fmt.Sprintf("首年实际投资 / %.0f%%（张军等 2004）", 100*s.BaseRatio)
	case capital.GivenStock:
		return "给定的基期存量"
	}
	return s.BaseStock.String()
}

// Grid lays out the stock per unit: start year, base stock, the growth rate g of the base-stock rule, and
// K in each of the given years (100 million yuan at the price base year's prices for the embedded inputs).
func (r *CapitalResult) Grid(lang table.Lang, years []int) table.Grid {
	zh := lang == table.Zh
	header := []table.Head{{Text: langText(zh, "省份", "Unit")}, {Text: langText(zh, "起始年", "Start")},
		{Text: langText(zh, "基期存量", "Base stock")}, {Text: "g"}}
	for _, y := range years {
		header = append(header, table.Head{Text: "K " + strconv.Itoa(y)})
	}
	var rows [][]table.Value
	for _, u := range r.Stock.Units {
		growth := table.Num(u.Growth)
		if r.Stock.Settings.BaseStock != capital.GrowthRate {
			growth = table.Text("—")
		}
		row := []table.Value{table.Text(entityName(u.Unit, zh)), table.Int(u.Years[0]), table.Num(u.BaseStock), growth}
		for _, y := range years {
			v := math.NaN()
			if k := slices.Index(u.Years, y); k >= 0 {
				v = u.Stock[k]
			}
			row = append(row, table.Num(v))
		}
		rows = append(rows, row)
	}
	decimals := []int{0, 0, 1, 4}
	for range years {
		decimals = append(decimals, 1)
	}
	return table.Grid{
		Title:    langText(zh, "资本存量（永续盘存法）", "Capital stock (perpetual inventory)"),
		Lang:     lang,
		Header:   [][]table.Head{header},
		Rows:     rows,
		Decimals: decimals,
		Notes:    r.Notes(lang),
	}
}
