package describe

import (
	"errors"
	"fmt"
	"math"
	"sort"
)

// ErrLength is wrapped when a panel's ids and values differ in length.
var ErrLength = errors.New("length mismatch")

// Summary holds the univariate statistics of one column over its finite values.
type Summary struct {
	N         int // finite values
	NonFinite int // NaN and ±Inf values left out
	Mean      float64
	SD        float64 // divisor N − 1
	Var       float64 // divisor N − 1
	Min       float64
	Max       float64
	Sum       float64
	P25       float64 // type-7 quantiles
	Median    float64
	P75       float64
}

// Summarize computes the statistics of the finite values of x. With no finite value every statistic
// is NaN; with one, SD and Var are NaN.
func Summarize(x []float64) Summary {
	v, bad := finite(x)
	s := Summary{N: len(v), NonFinite: bad}
	if s.N == 0 {
		nan := math.NaN()
		s.Mean, s.SD, s.Var, s.Min, s.Max, s.Sum, s.P25, s.Median, s.P75 = nan, nan, nan, nan, nan, nan, nan, nan, nan
		return s
	}
	s.Sum, s.Mean, s.Var = moments(v)
	s.SD = math.Sqrt(s.Var)
	sort.Float64s(v)
	s.Min, s.Max = v[0], v[len(v)-1]
	s.P25 = quantileSorted(v, 0.25)
	s.Median = quantileSorted(v, 0.5)
	s.P75 = quantileSorted(v, 0.75)
	return s
}

// Quantile returns the type-7 quantile of the finite values of x at probability p in [0, 1]. It
// returns an error for p outside [0, 1] and NaN when x has no finite value.
func Quantile(x []float64, p float64) (float64, error) {
	if !(p >= 0 && p <= 1) {
		return math.NaN(), fmt.Errorf("quantile probability %g is outside [0, 1]", p)
	}
	v, _ := finite(x)
	if len(v) == 0 {
		return math.NaN(), nil
	}
	sort.Float64s(v)
	return quantileSorted(v, p), nil
}

// quantileSorted computes the type-7 quantile of sorted values with the interpolation (1 − f)·lo + f·hi
// that R's quantile.default uses, rather than lo + f·(hi − lo), which rounds differently.
func quantileSorted(v []float64, p float64) float64 {
	index := float64(len(v)-1) * p
	lo := math.Floor(index)
	hi := math.Ceil(index)
	q := v[int(lo)]
	f := index - lo
	if f > 0 && v[int(hi)] != q {
		q = (1-f)*q + f*v[int(hi)]
	}
	return q
}

// PanelSummary is Stata's xtsum decomposition of one variable.
type PanelSummary struct {
	N         int // finite values with a valid id
	NonFinite int // NaN and ±Inf values left out
	MissingID int // finite values whose id is negative, left out
	Entities  int // entities with at least one finite value
	TBar      float64

	Mean float64

	SDOverall float64 // divisor N − 1
	SDBetween float64 // of the entity means, divisor Entities − 1
	SDWithin  float64 // of x_it − x̄_i + x̄, divisor N − 1

	MinOverall, MaxOverall float64
	MinBetween, MaxBetween float64 // of the entity means
	MinWithin, MaxWithin   float64 // of x_it − x̄_i + x̄
}

// XtSum decomposes x into between-entity and within-entity variation, as Stata's xtsum. ids gives the
// entity of each value (any non-negative int32; a negative id is missing). Non-finite values and
// values with a missing id are left out and counted.
func XtSum(x []float64, ids []int32) (PanelSummary, error) {
	if len(x) != len(ids) {
		return PanelSummary{}, fmt.Errorf("%w: %d values but %d ids; pass one id per value", ErrLength, len(x), len(ids))
	}
	var s PanelSummary
	var vals []float64
	var ents []int32
	for i, v := range x {
		switch {
		case math.IsNaN(v) || math.IsInf(v, 0):
			s.NonFinite++
		case ids[i] < 0:
			s.MissingID++
		default:
			vals = append(vals, v)
			ents = append(ents, ids[i])
		}
	}
	s.N = len(vals)
	nan := math.NaN()
	if s.N == 0 {
		s.TBar, s.Mean, s.SDOverall, s.SDBetween, s.SDWithin = nan, nan, nan, nan, nan
		s.MinOverall, s.MaxOverall, s.MinBetween, s.MaxBetween, s.MinWithin, s.MaxWithin = nan, nan, nan, nan, nan, nan
		return s, nil
	}

	var overallVar float64
	_, s.Mean, overallVar = moments(vals)
	s.SDOverall = math.Sqrt(overallVar)
	s.MinOverall, s.MaxOverall = minMax(vals)

	// Entity means, in order of first appearance.
	slot := map[int32]int{}
	var sums []float64
	var counts []int
	for i, v := range vals {
		k, ok := slot[ents[i]]
		if !ok {
			k = len(sums)
			slot[ents[i]] = k
			sums = append(sums, 0)
			counts = append(counts, 0)
		}
		sums[k] += v
		counts[k]++
	}
	means := make([]float64, len(sums))
	for k := range sums {
		means[k] = sums[k] / float64(counts[k])
	}
	s.Entities = len(means)
	s.TBar = float64(s.N) / float64(s.Entities)
	var betweenVar float64
	_, _, betweenVar = moments(means)
	s.SDBetween = math.Sqrt(betweenVar)
	s.MinBetween, s.MaxBetween = minMax(means)

	within := make([]float64, s.N)
	for i, v := range vals {
		within[i] = v - means[slot[ents[i]]] + s.Mean
	}
	var withinVar float64
	_, _, withinVar = moments(within)
	s.SDWithin = math.Sqrt(withinVar)
	s.MinWithin, s.MaxWithin = minMax(within)
	return s, nil
}

// finite returns a copy of the finite values of x and the number of others.
func finite(x []float64) ([]float64, int) {
	v := make([]float64, 0, len(x))
	for _, a := range x {
		if !math.IsNaN(a) && !math.IsInf(a, 0) {
			v = append(v, a)
		}
	}
	return v, len(x) - len(v)
}

// moments returns the sum, the mean and the variance (divisor n − 1, NaN for n < 2). The mean gets one
// correction pass, mean += Σ(x − mean)/n, and the variance is a second pass over the deviations.
func moments(v []float64) (sum, mean, variance float64) {
	n := float64(len(v))
	for _, a := range v {
		sum += a
	}
	mean = sum / n
	corr := 0.0
	for _, a := range v {
		corr += a - mean
	}
	mean += corr / n
	if len(v) < 2 {
		return sum, mean, math.NaN()
	}
	ss := 0.0
	for _, a := range v {
		d := a - mean
		ss += d * d
	}
	return sum, mean, ss / (n - 1)
}

func minMax(v []float64) (lo, hi float64) {
	lo, hi = v[0], v[0]
	for _, a := range v[1:] {
		lo = math.Min(lo, a)
		hi = math.Max(hi, a)
	}
	return lo, hi
}
