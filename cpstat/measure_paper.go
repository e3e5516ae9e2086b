package cpstat

import (
	"context"
	"fmt"

	"github.com/cpstat/cpstat/cpstat/capital"
	"github.com/cpstat/cpstat/cpstat/entropy"
)

// StudyWindow is the sample period of Hong, Jiang and Liu (2023), 2001–2017.
var StudyWindow = Window{From: 2001, To: 2017}

// PaperIndexOptions returns the index settings of the replication: pooled weights over 2001–2017, the
// shift z + 0.0001 before the entropy shares, dimension scores from the shifted values (so no score is 0
// and every log exists), and IndexCompleteIndicators.
//
// The embedded public data force the last choice. Several indicators are sparse: ur_ratio is complete only
// in 2007–2008, budget_exp_pc starts in 2005, edu_fund_pc lacks 2012 and road_rail_density lacks Xinjiang.
// Under IndexMissingError the 2001–2017 index cannot be built, and IndexListwise would keep 68 of the 510
// province-years (58 of them in 2007–2008). The complete-indicators rule keeps all 510 rows and lists every
// indicator it leaves out, with its coverage, in IndexResult.Excluded and the table notes. No value is
// filled. On a user's complete data the rule excludes nothing.
func PaperIndexOptions() IndexOptions {
	return IndexOptions{
		Window:  StudyWindow,
		Shift:   entropy.AddShift(entropy.DefaultShiftAmount),
		Score:   entropy.ScoreShifted,
		Missing: IndexCompleteIndicators,
	}
}

// PaperCapitalOptions returns the capital-stock settings of the replication: Shan Haojie (2008), δ =
// 10.96 % and the growth-rate base stock, on gfcf deflated by invest_deflator, at 2000 prices like real
// GDP. Each province starts after its last unusable year (StartAfterLastInvalid): 1952 for most, 1996 for
// Chongqing, whose series begin then, and 1969 for Fujian, whose GFCF in the embedded inputs is negative in
// 1967–1968.
func PaperCapitalOptions() CapitalOptions {
	s := capital.ShanHaojie2008()
	s.PriceBaseYear = 2000
	return CapitalOptions{Settings: s, Start: StartAfterLastInvalid}
}

// PaperTFPOptions returns the TFP settings of the replication: DEAP 2.1's output-oriented Malmquist index
// over 2001–2017 with inputs capital_stock and employment and output real_gdp.
func PaperTFPOptions() TFPOptions { return TFPOptions{Window: StudyWindow} }

// PaperMeasures holds the three measurement steps of the replication and the panel they produce.
type PaperMeasures struct {
	Index   *IndexResult
	Capital *CapitalResult
	TFP     *TFPResult

	// Panel is the input panel with cp, prosperity and commonality (logs) and their scores, capital (ln K)
	// and capital_stock, tfp (cumulative index) and tfpch.
	Panel *Panel
}

// MeasurePaper runs the measurement steps of Hong, Jiang and Liu (2023) on p with the replication's
// settings (PaperIndexOptions, PaperCapitalOptions, PaperTFPOptions): the common-prosperity index of sys,
// the capital stock from capitalInputs, and the Malmquist TFP index on that stock. sys nil means
// PaperIndicatorSystem and capitalInputs nil means CapitalInputsPanel.
func MeasurePaper(ctx context.Context, p *Panel, sys *IndicatorSystem, capitalInputs *Panel) (*PaperMeasures, error) {
	var err error
	if sys == nil {
		if sys, err = PaperIndicatorSystem(); err != nil {
			return nil, err
		}
	}
	m := &PaperMeasures{}
	if m.Index, err = EntropyIndex(p, sys, PaperIndexOptions()); err != nil {
		return nil, fmt.Errorf("measure: %w", err)
	}
	if m.Capital, err = MeasureCapital(m.Index.Panel, capitalInputs, PaperCapitalOptions()); err != nil {
		return nil, fmt.Errorf("measure: %w", err)
	}
	if m.TFP, err = MeasureTFP(ctx, m.Capital.Panel, PaperTFPOptions()); err != nil {
		return nil, fmt.Errorf("measure: %w", err)
	}
	m.Panel = m.TFP.Panel
	return m, nil
}
