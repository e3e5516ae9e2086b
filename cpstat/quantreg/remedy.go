package quantreg

import (
	"fmt"
	"strings"
)

// Remedy is a change of the QRPD options that a note or error of FitQRPD suggests. Callers with
// their own names for the options (a command line) spell it their way; String gives the Go field.
type Remedy int

const (
	RemedyMCMC           Remedy = iota + 1 // Optimizer = OptimizeMCMC
	RemedyGrid                             // Optimizer = OptimizeGrid
	RemedyNelderMead                       // Optimizer = OptimizeNelderMead
	RemedyMoreDraws                        // a larger Draws
	RemedyLongerBurn                       // a larger Burn
	RemedyWiderGrid                        // a wider Grid, or more GridShifts
	RemedyBandwidth                        // a larger positive Bandwidth
	RemedyAnalyticStdErr                   // test with StdErr, the analytic standard errors, instead of DrawStdErr

	remedyEnd // one past the last Remedy
)

// Remedies returns every Remedy, so that callers can check that they spell each one.
func Remedies() []Remedy {
	out := make([]Remedy, 0, remedyEnd-1)
	for r := RemedyMCMC; r < remedyEnd; r++ {
		out = append(out, r)
	}
	return out
}

// String returns the QRPDOptions field and value that the remedy sets.
func (r Remedy) String() string {
	switch r {
	case RemedyMCMC:
		return "QRPDOptions.Optimizer = OptimizeMCMC"
	case RemedyGrid:
		return "QRPDOptions.Optimizer = OptimizeGrid"
	case RemedyNelderMead:
		return "QRPDOptions.Optimizer = OptimizeNelderMead"
	case RemedyMoreDraws:
		return "a larger QRPDOptions.Draws"
	case RemedyLongerBurn:
		return "a larger QRPDOptions.Burn"
	case RemedyWiderGrid:
		return "a wider QRPDOptions.Grid or more GridShifts"
	case RemedyBandwidth:
		return "a larger QRPDOptions.Bandwidth"
	case RemedyAnalyticStdErr:
		return "the analytic StdErr in place of DrawStdErr"
	}
	return fmt.Sprintf("Remedy(%d)", int(r))
}

// Advice is one remedy with what it achieves, as a verb phrase such as "use the spread of MCMC
// draws"; a note reads "Purpose with Remedy".
type Advice struct {
	Remedy  Remedy
	Purpose string
}

// Note is a remark on a QRPD fit: the finding, and the remedies that address it as alternatives.
// QRPDResult.Notes holds the same remarks as text, in the same order.
type Note struct {
	Text   string // the finding, with any advice that names no option
	Advice []Advice
}

// String returns the finding followed by the remedies with their Go field names.
func (n Note) String() string {
	if len(n.Advice) == 0 {
		return n.Text
	}
	parts := make([]string, len(n.Advice))
	for i, a := range n.Advice {
		parts[i] = a.Purpose + " with " + a.Remedy.String()
	}
	return n.Text + "; " + joinOr(parts)
}

// joinOr joins "a", "a, or b", "a, b, or c".
func joinOr(parts []string) string {
	if len(parts) == 1 {
		return parts[0]
	}
	return strings.Join(parts[:len(parts)-1], ", ") + ", or " + parts[len(parts)-1]
}

// addNote appends n to the result's Remarks and its text to Notes.
func (r *QRPDResult) addNote(n Note) {
	r.Remarks = append(r.Remarks, n)
	r.Notes = append(r.Notes, n.String())
}

// RemedyError is a QRPD failure that a change of options can avoid.
type RemedyError struct {
	Msg    string // the failure, with "quantreg: " in front
	Advice []Advice
	Err    error // the underlying error, if any
}

func (e *RemedyError) Error() string {
	return Note{Text: e.Msg, Advice: e.Advice}.String()
}

func (e *RemedyError) Unwrap() error { return e.Err }

// pluralWord returns one when n is 1 and many otherwise.
func pluralWord(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// formatFloats writes x as "(a, b)" with 4 significant digits, or "a" for one value.
func formatFloats(x []float64) string {
	parts := make([]string, len(x))
	for i, v := range x {
		parts[i] = fmt.Sprintf("%.4g", v)
	}
	if len(parts) == 1 {
		return parts[0]
	}
	return "(" + strings.Join(parts, ", ") + ")"
}
