package cpstat

import (
	"errors"
	"fmt"
	"math"
	"strings"

	"github.com/cpstat/cpstat/cpstat/quantreg"
	"github.com/cpstat/cpstat/cpstat/table"
)

// qrpdSuggestion returns the QRPDSettings change that makes the engine's remedy.
func qrpdSuggestion(a quantreg.Advice) Suggestion {
	s := Suggestion{Purpose: a.Purpose}
	switch a.Remedy {
	case quantreg.RemedyMCMC:
		s.Setting, s.Value = SettingQRPDOptimizer, "mcmc"
	case quantreg.RemedyGrid:
		s.Setting, s.Value = SettingQRPDOptimizer, "grid"
	case quantreg.RemedyNelderMead:
		s.Setting, s.Value = SettingQRPDOptimizer, "neldermead"
	case quantreg.RemedyMoreDraws:
		s.Setting = SettingQRPDDraws
	case quantreg.RemedyLongerBurn:
		s.Setting = SettingQRPDBurn
	case quantreg.RemedyWiderGrid:
		s.Setting = SettingQRPDGrid
	case quantreg.RemedyBandwidth:
		s.Setting = SettingQRPDBandwidth
	case quantreg.RemedyAnalyticStdErr:
		s.Setting, s.Value = SettingQRPDStdErr, "analytic"
	default:
		panic(fmt.Sprintf("cpstat: no setting for quantreg remedy %v", a.Remedy))
	}
	return s
}

func qrpdHint(advice []quantreg.Advice) Hint {
	var h Hint
	for _, a := range advice {
		h.Suggestions = append(h.Suggestions, qrpdSuggestion(a))
	}
	return h
}

// qrpdEngineError restates a *quantreg.RemedyError with a Hint in this package's settings; other
// errors are returned as they are.
func qrpdEngineError(err error) error {
	var re *quantreg.RemedyError
	if !errors.As(err, &re) {
		return err
	}
	return &HintError{Msg: re.Msg, Hint: qrpdHint(re.Advice), Err: err}
}

// NotesWith returns the fit's notes with the settings they suggest spelled by name; NotesWith(GoSetting)
// names the options of this package.
func (f *QRPDFit) NotesWith(name SettingNamer) []string {
	out := make([]string, 0, len(f.Remarks))
	for _, r := range f.Remarks {
		hint := qrpdHint(r.Advice).Format(name)
		if hint == "" {
			out = append(out, r.Text)
			continue
		}
		out = append(out, r.Text+"; "+hint)
	}
	return out
}

// FlatObjective reports whether the objective is flat at the estimate: Q is 0 there, or several
// points of the grid search attain its minimum. Other coefficients then fit the moments equally
// well, so the estimate is not identified at this τ.
func (f *QRPDFit) FlatObjective() bool {
	return f.Objective == 0 || len(f.GridSolutions) > 1
}

// flatNote returns the table note for a fit whose objective is flat, with the fixes spelled by
// name.
func (f *QRPDFit) flatNote(lang table.Lang, name SettingNamer) string {
	mcmc := name(Suggestion{Setting: SettingQRPDOptimizer, Value: "mcmc"})
	missingSE := false
	for _, se := range f.TestStdErr {
		missingSE = missingSE || math.IsNaN(se)
	}
	if lang == table.En {
		reason := "Q = 0 at the estimate"
		if len(f.GridSolutions) > 1 {
			reason = fmt.Sprintf("%d grid points attain the minimum of Q", len(f.GridSolutions))
		}
		text := fmt.Sprintf("At τ = %g the estimate is not identified: %s, so coefficients over a range fit equally well and the table shows their midpoint", f.Tau, reason)
		if missingSE {
			text += "; its standard errors are not available (—)"
		}
		fixes := "use fewer regressors"
		if mcmc != "" {
			fixes = "use " + mcmc + " or fewer regressors"
		}
		return text + ". " + strings.ToUpper(fixes[:1]) + fixes[1:] + "."
	}
	reason := "估计值处目标函数Q = 0"
	if len(f.GridSolutions) > 1 {
		reason = fmt.Sprintf("%d个网格点同时达到Q的最小值", len(f.GridSolutions))
	}
	text := fmt.Sprintf("τ = %g时估计值无法识别：%s，一段区间内的系数拟合同样好，表中为其中点", f.Tau, reason)
	if missingSE {
		text += "；标准误不可得（—）"
	}
	fixes := "可减少回归元"
	if mcmc != "" {
		fixes = "可改用" + mcmc + "或减少回归元"
	}
	return text + "。" + fixes + "。"
}
