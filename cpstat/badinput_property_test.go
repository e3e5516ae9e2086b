package cpstat

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"

	"github.com/go-gota/gota/dataframe"
	"github.com/go-gota/gota/series"
)

// randomPanelCase is one randomly generated small panel: 1–6 entities, 1–5 periods, rows missing at
// random, and columns y, x1, x2 with random NaN, ±Inf, constant columns and columns constant within
// entities. With probability 0.1 one key is duplicated, so NewPanel must reject it.
type randomPanelCase struct {
	ids   []string
	years []int
	cols  map[string][]float64
}

var randomColumns = []string{"y", "x1", "x2"}

func newRandomPanelCase(rng *rand.Rand) randomPanelCase {
	c := randomPanelCase{cols: map[string][]float64{}}
	entities, periods := 1+rng.IntN(6), 1+rng.IntN(5)
	for e := 0; e < entities; e++ {
		for t := 0; t < periods; t++ {
			if rng.Float64() < 0.15 {
				continue // an unbalanced panel with gaps
			}
			c.ids = append(c.ids, "e"+strconv.Itoa(e))
			c.years = append(c.years, 2001+t)
		}
	}
	if len(c.ids) > 0 && rng.Float64() < 0.1 {
		i := rng.IntN(len(c.ids))
		c.ids, c.years = append(c.ids, c.ids[i]), append(c.years, c.years[i])
	}
	for _, name := range randomColumns {
		v := make([]float64, len(c.ids))
		kind := rng.Float64()
		for i := range v {
			switch {
			case kind < 0.1:
				v[i] = 3 // constant column
			case kind < 0.2:
				v[i] = float64(len(c.ids[i])) + float64(c.ids[i][len(c.ids[i])-1]) // constant within entity
			default:
				v[i] = math.Round(rng.NormFloat64()*100) / 10 // ties are likely
			}
			switch r := rng.Float64(); {
			case r < 0.08:
				v[i] = math.NaN()
			case r < 0.10:
				v[i] = math.Inf(1 - 2*rng.IntN(2))
			}
		}
		c.cols[name] = v
	}
	return c
}

func (c randomPanelCase) frame() dataframe.DataFrame {
	ss := []series.Series{series.New(c.ids, series.String, "id"), series.New(c.years, series.Int, "year")}
	for _, name := range randomColumns {
		ss = append(ss, series.New(c.cols[name], series.Float, name))
	}
	return dataframe.New(ss...)
}

// csv writes the case as CSV text, with NaN as an empty cell and ±Inf as "+Inf" and "-Inf".
func (c randomPanelCase) csv() string {
	var b strings.Builder
	b.WriteString("id,year,y,x1,x2\n")
	for i := range c.ids {
		fmt.Fprintf(&b, "%s,%d", c.ids[i], c.years[i])
		for _, name := range randomColumns {
			v := c.cols[name][i]
			switch {
			case math.IsNaN(v):
				b.WriteString(",")
			default:
				b.WriteString("," + strconv.FormatFloat(v, 'g', -1, 64))
			}
		}
		b.WriteString("\n")
	}
	return b.String()
}

// checkStdErrors fails when a standard error is finite and exactly 0, or NaN without any note.
func checkStdErrors(t *testing.T, what string, se []float64, notes []string) {
	t.Helper()
	for j, v := range se {
		if v == 0 {
			t.Errorf("%s: standard error %d is exactly 0", what, j)
		}
		if math.IsNaN(v) && len(notes) == 0 {
			t.Errorf("%s: standard error %d is NaN without a note", what, j)
		}
	}
}

// checkEstimates fails when an estimate is infinite, or NaN without a note.
func checkEstimates(t *testing.T, what string, coef []float64, notes []string) {
	t.Helper()
	for j, v := range coef {
		if math.IsInf(v, 0) || (math.IsNaN(v) && len(notes) == 0) {
			t.Errorf("%s: estimate %d is %v", what, j, v)
		}
	}
}

// Random small panels go through the readers, Estimate, EntropyIndex, GMM and the quantile functions.
// Each call must return an error or a result whose estimates are finite (or NaN with a note) and whose
// standard errors are never exactly 0. A panic fails the test with the case that caused it.
func TestBadInputRandomPanels(t *testing.T) {
	rng := rand.New(rand.NewPCG(20261204, 1))
	const cases = 400
	fitted := map[string]int{} // successful calls per function, so that the checks are not vacuous
	for n := 0; n < cases; n++ {
		c := newRandomPanelCase(rng)
		call := func(what string, fn func()) {
			t.Helper()
			defer func() {
				if r := recover(); r != nil {
					t.Fatalf("case %d, %s: panic %v\n%s\ndata:\n%s", n, what, r, debug.Stack(), c.csv())
				}
			}()
			fn()
		}

		call("ReadCSVFrom", func() {
			tb, err := ReadCSVFrom(strings.NewReader(c.csv()), "random.csv", WithKeys("id", "year"))
			if err != nil {
				return
			}
			if _, err := tb.Panel(); err != nil && !errors.Is(err, ErrDuplicateKeys) && !errors.Is(err, ErrMissingKeys) {
				t.Errorf("case %d: Table.Panel: %v", n, err)
			}
		})

		var p *Panel
		call("NewPanel", func() {
			var err error
			p, err = NewPanel(c.frame(), "id", "year")
			if err != nil && !errors.Is(err, ErrDuplicateKeys) {
				t.Errorf("case %d: NewPanel: %v", n, err)
			}
		})
		if p == nil {
			continue
		}

		for _, spec := range []struct {
			formula string
			opts    []EstimateOption
		}{
			{"y ~ x1 + x2", nil},
			{"y ~ x1 + x2 | id", []EstimateOption{Cluster("id")}},
			{"y ~ x1 + L(x2, 1) | id + year", []EstimateOption{VCov(HC1)}},
			{"log(y) ~ x1 | year", []EstimateOption{Cluster("id", "year")}},
		} {
			call("Estimate "+spec.formula, func() {
				r, err := Estimate(p, spec.formula, spec.opts...)
				if err != nil {
					return
				}
				fitted["Estimate"]++
				what := fmt.Sprintf("case %d, Estimate %s", n, spec.formula)
				var coef, se []float64
				for _, cf := range r.Coefficients {
					coef, se = append(coef, cf.Estimate), append(se, cf.StdError)
				}
				checkEstimates(t, what, coef, r.Notes)
				checkStdErrors(t, what, se, r.Notes)
			})
		}

		call("EntropyIndex", func() {
			res, err := EntropyIndex(p, FlatIndicatorSystem("d", []string{"y", "x1", "x2"}, []string{"x2"}),
				IndexOptions{Missing: IndexMissingPolicy(rng.IntN(3))})
			if err != nil {
				return
			}
			fitted["EntropyIndex"]++
			for _, w := range res.Weights {
				if math.IsNaN(w.Weight) || w.Weight < 0 || w.Weight > 1 {
					t.Errorf("case %d: entropy weight of %s = %v", n, w.Indicator, w.Weight)
				}
			}
		})

		call("GMM", func() {
			g, err := p.GMM("y ~ L(y, 1) + x1", GMMSettings{GMM: "y 2:."})
			if err != nil {
				return
			}
			fitted["GMM"]++
			checkEstimates(t, fmt.Sprintf("case %d, GMM", n), g.Coef, []string{"GMM"})
		})

		call("QuantReg", func() {
			q, err := QuantReg(p, "y ~ x1", 0.5)
			if err != nil {
				return
			}
			fitted["QuantReg"]++
			what := fmt.Sprintf("case %d, QuantReg", n)
			checkEstimates(t, what, q.Coef, q.Notes)
			checkStdErrors(t, what, q.StdErr, q.Notes)
		})

		call("QRPD", func() {
			res, err := QRPDContext(context.Background(), p, "y ~ x1", []float64{0.5}, QRPDOptimizer(0))
			if err != nil {
				return
			}
			fitted["QRPD"]++
			for _, fit := range res.Fits {
				what := fmt.Sprintf("case %d, QRPD", n)
				checkEstimates(t, what, fit.Coef, fit.Notes)
				checkStdErrors(t, what, fit.StdErr, fit.Notes)
				checkStdErrors(t, what+" test", fit.TestStdErr, fit.Notes)
			}
		})
	}
	t.Logf("successful fits of %d random panels: %v", cases, fitted)
	for _, name := range []string{"Estimate", "EntropyIndex", "GMM", "QuantReg", "QRPD"} {
		if fitted[name] < 10 {
			t.Errorf("%s succeeded %d times, want at least 10 so that its checks run", name, fitted[name])
		}
	}
}
