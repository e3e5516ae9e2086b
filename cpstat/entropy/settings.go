package entropy

import (
	"fmt"
	"math"
	"strings"
)

// Direction states whether larger values of an indicator are better (Benefit) or worse (Cost).
type Direction int

const (
	// Benefit marks a positive indicator, standardised as (x − min)/(max − min). It is the zero value.
	Benefit Direction = iota
	// Cost marks a negative indicator, standardised as (max − x)/(max − min).
	Cost
)

// String returns "+" for Benefit and "-" for Cost, the signs used in indicator tables.
func (d Direction) String() string {
	switch d {
	case Benefit:
		return "+"
	case Cost:
		return "-"
	}
	return fmt.Sprintf("Direction(%d)", int(d))
}

// ParseDirection converts the direction column of an indicator table to a Direction.
//
// Accepted spellings, with case and surrounding spaces ignored: "+", "＋", "benefit", "positive", "正" for
// Benefit, and "-", "−" (U+2212), "－", "cost", "negative", "负" for Cost.
func ParseDirection(s string) (Direction, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "+", "＋", "benefit", "positive", "正":
		return Benefit, nil
	case "-", "−", "－", "cost", "negative", "负":
		return Cost, nil
	}
	return 0, fmt.Errorf("invalid direction %q: use \"+\" or \"benefit\" for larger-is-better and \"-\" or \"cost\" for smaller-is-better", s)
}

// ShiftKind selects how standardised values are moved away from zero before the shares p are computed.
type ShiftKind int

const (
	// NoShift uses z as it is. Zeros give p = 0, which contributes nothing to the entropy (0·ln 0 = 0).
	NoShift ShiftKind = iota
	// AddConstant adds Shift.Amount to every standardised value, not only to the zeros: z' = z + c.
	AddConstant
	// Rescale maps z from [0, 1] into [Shift.Low, Shift.High]: z' = a + (b − a)·z.
	Rescale
)

// DefaultShiftAmount is the constant that AddConstant adds when Shift.Amount is zero.
const DefaultShiftAmount = 1e-4

// Shift is the zero shift applied after standardisation and before the shares p. The zero value is NoShift.
type Shift struct {
	Kind ShiftKind
	// Amount is the constant c for AddConstant. Zero means DefaultShiftAmount (1e-4).
	Amount float64
	// Low and High are the bounds a < b for Rescale, with a ≥ 0. They have no default.
	Low, High float64
}

// AddShift returns the shift z' = z + c.
func AddShift(c float64) Shift { return Shift{Kind: AddConstant, Amount: c} }

// RescaleShift returns the shift z' = low + (high − low)·z.
func RescaleShift(low, high float64) Shift { return Shift{Kind: Rescale, Low: low, High: high} }

// String describes the shift as a formula, for notes and table footers.
func (s Shift) String() string {
	switch s.Kind {
	case NoShift:
		return "none"
	case AddConstant:
		return fmt.Sprintf("z + %g", s.amount())
	case Rescale:
		return fmt.Sprintf("%g + (%g − %g)·z", s.Low, s.High, s.Low)
	}
	return fmt.Sprintf("ShiftKind(%d)", int(s.Kind))
}

func (s Shift) amount() float64 {
	if s.Amount == 0 {
		return DefaultShiftAmount
	}
	return s.Amount
}

// apply returns the shifted value z'.
func (s Shift) apply(z float64) float64 {
	switch s.Kind {
	case AddConstant:
		return z + s.amount()
	case Rescale:
		return s.Low + (s.High-s.Low)*z
	}
	return z
}

func (s Shift) validate() error {
	switch s.Kind {
	case NoShift:
		return nil
	case AddConstant:
		c := s.amount()
		if !(c > 0) || math.IsInf(c, 0) {
			return &SettingsError{Field: "Shift.Amount", Value: fmt.Sprint(s.Amount),
				Reason: "the added constant must be positive and finite; 1e-4 is customary"}
		}
		return nil
	case Rescale:
		if !(s.Low >= 0) || !(s.High > s.Low) || math.IsInf(s.High, 0) {
			return &SettingsError{Field: "Shift.Low, Shift.High", Value: fmt.Sprintf("[%g, %g]", s.Low, s.High),
				Reason: "the rescaling interval needs 0 ≤ Low < High, both finite"}
		}
		return nil
	}
	return &SettingsError{Field: "Shift.Kind", Value: fmt.Sprint(int(s.Kind)), Reason: "unknown shift kind"}
}

// MissingPolicy selects what happens to rows with missing (NaN) or infinite values.
type MissingPolicy int

const (
	// MissingError returns a *MissingValuesError that names each indicator and its rows. It is the zero value.
	MissingError MissingPolicy = iota
	// DropRows deletes every row that has a missing or infinite value in any indicator used, before any
	// standardisation, and lists the rows in Result.Dropped.
	DropRows
)

// ScoreBasis selects which standardised values the score used for ranks and composites is built from.
type ScoreBasis int

const (
	// ScoreStandardised uses Σ_j w_j z_ij with the unshifted z. It is the zero value.
	ScoreStandardised ScoreBasis = iota
	// ScoreShifted uses Σ_j w_j z'_ij with the shifted z'. With AddConstant this adds c to every score (the
	// weights sum to 1), which keeps the dimension scores, and so the composite, strictly positive.
	ScoreShifted
)

// Settings are the options of Weigh and ComputeIndex. The zero value computes pooled weights without a
// shift, returns an error on missing values and ranks by the unshifted score.
type Settings struct {
	// Shift moves standardised values away from zero before the shares p are computed.
	Shift Shift

	// Groups, when not nil, holds one group code per row (for example the year), and the weights are computed
	// separately in each group: own minima and maxima, k = 1/ln(n_g) and weights. Nil pools all rows, with
	// k = 1/ln(n).
	Groups []string

	// RankWithin, when not nil, holds one code per row, and ranks are computed within each code. Nil ranks
	// within each weight group, which is all rows when pooled. A pooled panel ranked year by year passes the
	// year here and leaves Groups nil.
	RankWithin []string

	// Missing selects the handling of NaN and ±Inf values.
	Missing MissingPolicy

	// Score selects the score that Rank and the composite index are computed from.
	Score ScoreBasis

	// RowLabels, when not nil, holds one label per row (for example "Beijing 2005"), used in error messages
	// and in Result.Dropped.
	RowLabels []string

	// AllowAbsentIndicators lets ComputeIndex go on when a System indicator has no column in the data. The
	// absent indicators are left out and listed in Index.AbsentIndicators. Weigh ignores this field.
	AllowAbsentIndicators bool
}

// checkLengths panics when a per-row slice of the settings does not have n entries.
func (s Settings) checkLengths(n int) {
	for _, f := range []struct {
		name string
		len  int
		set  bool
	}{
		{"Groups", len(s.Groups), s.Groups != nil},
		{"RankWithin", len(s.RankWithin), s.RankWithin != nil},
		{"RowLabels", len(s.RowLabels), s.RowLabels != nil},
	} {
		if f.set && f.len != n {
			panic(fmt.Sprintf("entropy: Settings.%s has %d entries for %d rows", f.name, f.len, n))
		}
	}
}

func (s Settings) validate() error {
	if err := s.Shift.validate(); err != nil {
		return err
	}
	if s.Missing != MissingError && s.Missing != DropRows {
		return &SettingsError{Field: "Missing", Value: fmt.Sprint(int(s.Missing)), Reason: "unknown missing-value policy"}
	}
	if s.Score != ScoreStandardised && s.Score != ScoreShifted {
		return &SettingsError{Field: "Score", Value: fmt.Sprint(int(s.Score)), Reason: "unknown score basis"}
	}
	return nil
}

// rowLabel names row i for messages: its label when RowLabels is set, otherwise "row i" (0-based).
func (s Settings) rowLabel(i int) string {
	if s.RowLabels != nil {
		return s.RowLabels[i]
	}
	return fmt.Sprintf("row %d", i)
}
