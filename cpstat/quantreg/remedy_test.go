package quantreg

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// Every note of a fit exists twice, as text in Notes and as a value in Remarks, in the same order.
// The zero-objective panel of TestQRPDZeroObjectiveStdErrNaN gives a note that advises MCMC.
func TestQRPDRemarksMatchNotes(t *testing.T) {
	res, err := FitQRPD(context.Background(), separatedPanel(5), 0.5, QRPDOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Remarks) != len(res.Notes) {
		t.Fatalf("%d remarks for %d notes", len(res.Remarks), len(res.Notes))
	}
	for i, r := range res.Remarks {
		if r.String() != res.Notes[i] {
			t.Errorf("remark %d renders %q, note is %q", i, r.String(), res.Notes[i])
		}
	}
	advisesMCMC := false
	for _, r := range res.Remarks {
		if strings.Contains(r.Text, "objective is 0") {
			advisesMCMC = slices.ContainsFunc(r.Advice, func(a Advice) bool { return a.Remedy == RemedyMCMC })
		}
	}
	if !advisesMCMC {
		t.Errorf("no remark on the zero objective that advises MCMC in %q", res.Notes)
	}
}

// The grid search rejects three regressors with a RemedyError that names the other optimisers.
func TestQRPDGridThreeRegressorsRemedy(t *testing.T) {
	d := separatedPanel(0.2)
	x := mat.NewDense(len(d.Y), 3, nil)
	for r := range d.Y {
		unit, period := d.Unit[r], d.Time[r]-2001
		x.Set(r, 0, d.X.At(r, 0))
		x.Set(r, 1, float64((unit*5+period*7)%13))
		x.Set(r, 2, float64((unit*3+period*11)%7))
	}
	d.X = x
	_, err := FitQRPD(context.Background(), d, 0.5, QRPDOptions{Optimizer: OptimizeGrid})
	var re *RemedyError
	if !errors.As(err, &re) {
		t.Fatalf("error %v, want a *RemedyError", err)
	}
	var got []Remedy
	for _, a := range re.Advice {
		got = append(got, a.Remedy)
	}
	if !slices.Equal(got, []Remedy{RemedyMCMC, RemedyNelderMead}) {
		t.Errorf("remedies %v, want MCMC and Nelder–Mead", got)
	}
	if !strings.Contains(err.Error(), "OptimizeMCMC") {
		t.Errorf("message %q does not name OptimizeMCMC", err)
	}
}

func TestRemedyStringsAreDistinct(t *testing.T) {
	seen := map[string]Remedy{}
	for _, r := range Remedies() {
		s := r.String()
		if strings.HasPrefix(s, "Remedy(") {
			t.Errorf("remedy %d has no Go spelling", int(r))
		}
		if prev, dup := seen[s]; dup {
			t.Errorf("remedies %d and %d both read %q", int(prev), int(r), s)
		}
		seen[s] = r
	}
}
