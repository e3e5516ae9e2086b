package resample

import (
	"fmt"
	"math"
	"slices"
)

// Interval is a two-sided confidence interval.
type Interval struct {
	Low, High float64
	Level     float64 // such as 0.95
}

// Contains reports whether v lies in the closed interval.
func (iv Interval) Contains(v float64) bool { return iv.Low <= v && v <= iv.High }

// Quantile returns the type-7 quantile of sorted at p in [0, 1]: with h = (n − 1)·p, the value
// (1 − f)·x(⌊h⌋) + f·x(⌊h⌋+1) with f = h − ⌊h⌋ and x 0-based. sorted must be ascending and free of NaN.
// It returns NaN for an empty slice.
func Quantile(sorted []float64, p float64) float64 {
	n := len(sorted)
	if n == 0 || math.IsNaN(p) {
		return math.NaN()
	}
	p = math.Min(1, math.Max(0, p))
	h := float64(n-1) * p
	lo := int(math.Floor(h))
	if lo >= n-1 {
		return sorted[n-1]
	}
	f := h - float64(lo)
	return (1-f)*sorted[lo] + f*sorted[lo+1]
}

// Finite returns the finite values of x in ascending order.
func Finite(x []float64) []float64 {
	out := make([]float64, 0, len(x))
	for _, v := range x {
		if !math.IsNaN(v) && !math.IsInf(v, 0) {
			out = append(out, v)
		}
	}
	slices.Sort(out)
	return out
}

// Percentile returns the percentile interval at level (such as 0.95) of the replicate values: the type-7
// quantiles at (1 − level)/2 and (1 + level)/2. Non-finite values are an error, because a replicate that
// failed must be left out by the caller and counted, not passed on as NaN.
func Percentile(draws []float64, level float64) (Interval, error) {
	sorted, err := sortedDraws(draws, level)
	if err != nil {
		return Interval{}, err
	}
	alpha := 1 - level
	return Interval{Low: Quantile(sorted, alpha/2), High: Quantile(sorted, 1-alpha/2), Level: level}, nil
}

// BC returns the bias-corrected percentile interval of the replicate values around the estimate:
//
//	z0 = Φ⁻¹((#{draw < estimate} + ½·#{draw = estimate}) / B)
//	Low, High = type-7 quantiles at Φ(2·z0 + z_{α/2}) and Φ(2·z0 + z_{1−α/2}), α = 1 − level
//
// When every draw lies on one side of the estimate z0 is infinite and the interval collapses to the
// smallest or largest draw; the second result then reports false, so the caller can note it.
func BC(draws []float64, estimate, level float64) (Interval, bool, error) {
	sorted, err := sortedDraws(draws, level)
	if err != nil {
		return Interval{}, false, err
	}
	below, equal := 0, 0
	for _, v := range sorted {
		switch {
		case v < estimate:
			below++
		case v == estimate:
			equal++
		}
	}
	share := (float64(below) + 0.5*float64(equal)) / float64(len(sorted))
	z0 := NormalQuantile(share)
	alpha := 1 - level
	lo := NormalCDF(2*z0 + NormalQuantile(alpha/2))
	hi := NormalCDF(2*z0 + NormalQuantile(1-alpha/2))
	iv := Interval{Low: Quantile(sorted, lo), High: Quantile(sorted, hi), Level: level}
	return iv, !math.IsInf(z0, 0), nil
}

func sortedDraws(draws []float64, level float64) ([]float64, error) {
	if !(level > 0 && level < 1) {
		return nil, fmt.Errorf("resample: confidence level %v is outside (0, 1); use such as 0.95", level)
	}
	if len(draws) == 0 {
		return nil, fmt.Errorf("resample: no replicate values to form an interval from")
	}
	for i, v := range draws {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("resample: replicate value %d is %v; leave failed replicates out and count them", i, v)
		}
	}
	sorted := slices.Clone(draws)
	slices.Sort(sorted)
	return sorted, nil
}

// MeanSD returns the mean and the standard deviation (divisor n − 1) of x; the SD is NaN for n < 2.
func MeanSD(x []float64) (mean, sd float64) {
	if len(x) == 0 {
		return math.NaN(), math.NaN()
	}
	for _, v := range x {
		mean += v
	}
	mean /= float64(len(x))
	if len(x) < 2 {
		return mean, math.NaN()
	}
	var ss float64
	for _, v := range x {
		ss += (v - mean) * (v - mean)
	}
	return mean, math.Sqrt(ss / float64(len(x)-1))
}

// NormalCDF returns Φ(z), the standard normal distribution function.
func NormalCDF(z float64) float64 { return 0.5 * math.Erfc(-z/math.Sqrt2) }

// NormalQuantile returns Φ⁻¹(p); −Inf at 0 and +Inf at 1.
func NormalQuantile(p float64) float64 { return -math.Sqrt2 * math.Erfcinv(2*p) }

// TwoSidedNormalP returns the two-sided p-value 2·(1 − Φ(|z|)) of a z statistic, NaN for NaN.
func TwoSidedNormalP(z float64) float64 { return math.Erfc(math.Abs(z) / math.Sqrt2) }
