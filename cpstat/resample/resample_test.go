package resample

import (
	"context"
	"errors"
	"math"
	"testing"
)

// drawSums runs reps replicates that each sum 10 uniform draws, on the given number of workers.
func drawSums(t *testing.T, reps, workers int) []float64 {
	t.Helper()
	out := make([]float64, reps)
	_, err := Run(context.Background(), reps, Settings{Seed: 42, Workers: workers}, func(r Replicate) error {
		for range 10 {
			out[r.Index] += r.Rand.Float64()
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestRunSameForAnyWorkers(t *testing.T) {
	want := drawSums(t, 257, 1)
	for _, workers := range []int{2, 3, 8} {
		got := drawSums(t, 257, workers)
		for b := range want {
			if got[b] != want[b] {
				t.Fatalf("workers %d: replicate %d = %v, with 1 worker %v", workers, b, got[b], want[b])
			}
		}
	}
}

func TestRunStreamMatchesReplicate(t *testing.T) {
	got := drawSums(t, 20, 4)
	rng := Stream(42, 13)
	var want float64
	for range 10 {
		want += rng.Float64()
	}
	if got[13] != want {
		t.Errorf("replicate 13 = %v, Stream(42, 13) gives %v", got[13], want)
	}
}

func TestRunStreamsDiffer(t *testing.T) {
	if Stream(1, 0).Uint64() == Stream(1, 1).Uint64() {
		t.Error("replicates 0 and 1 start with the same number")
	}
	if Stream(1, 0).Uint64() == Stream(2, 0).Uint64() {
		t.Error("seeds 1 and 2 start replicate 0 with the same number")
	}
}

func TestRunCountsFailures(t *testing.T) {
	bad := errors.New("regressor has no variance")
	rep, err := Run(context.Background(), 10, Settings{Workers: 3}, func(r Replicate) error {
		if r.Index%4 == 1 {
			return bad
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Succeeded() != 7 {
		t.Errorf("Succeeded = %d, want 7", rep.Succeeded())
	}
	wantIdx := []int{1, 5, 9}
	if len(rep.Failed) != len(wantIdx) {
		t.Fatalf("Failed = %v, want indexes %v", rep.Failed, wantIdx)
	}
	for i, f := range rep.Failed {
		if f.Index != wantIdx[i] || !errors.Is(f.Err, bad) {
			t.Errorf("Failed[%d] = %+v, want index %d with the function's error", i, f, wantIdx[i])
		}
	}
	if set := rep.FailedSet(); !set[5] || set[4] {
		t.Errorf("FailedSet = %v", set)
	}
}

func TestRunCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	_, err := Run(ctx, 1000, Settings{Workers: 2}, func(r Replicate) error {
		if r.Index == 10 {
			cancel()
		}
		return nil
	})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}

func TestRunProgressCountsUp(t *testing.T) {
	var seen []int
	_, err := Run(context.Background(), 50, Settings{Workers: 4, Progress: func(done, total int) {
		if total != 50 {
			t.Errorf("total = %d", total)
		}
		seen = append(seen, done)
	}}, func(Replicate) error { return nil })
	if err != nil {
		t.Fatal(err)
	}
	for i, d := range seen {
		if d != i+1 {
			t.Fatalf("progress call %d reported %d done", i, d)
		}
	}
	if len(seen) != 50 {
		t.Errorf("%d progress calls, want 50", len(seen))
	}
}

func TestRunNegativeReps(t *testing.T) {
	if _, err := Run(context.Background(), -1, Settings{}, func(Replicate) error { return nil }); err == nil {
		t.Error("no error for -1 replicates")
	}
}

// TestQuantileType7 compares with R 4.2.2: quantile(c(1, 2, 4, 7, 11), c(0, 0.1, 0.25, 0.5, 0.9, 1))
// gives 1.0, 1.4, 2.0, 4.0, 9.4, 11.0 (type 7 is R's default).
func TestQuantileType7(t *testing.T) {
	x := []float64{1, 2, 4, 7, 11}
	cases := []struct{ p, want float64 }{{0, 1}, {0.1, 1.4}, {0.25, 2}, {0.5, 4}, {0.9, 9.4}, {1, 11}}
	for _, c := range cases {
		if got := Quantile(x, c.p); math.Abs(got-c.want) > 1e-12 {
			t.Errorf("Quantile(%v) = %v, want %v", c.p, got, c.want)
		}
	}
}

// TestBCHandComputed checks the bias correction on draws 1…9 with the estimate 3: 2 draws lie below
// and one equals it, so z0 = Φ⁻¹(2.5/9) = −0.5895 and at level 0.80 the quantile levels are
// Φ(2·z0 ∓ 1.2816) = Φ(−2.4606) = 0.006935 and Φ(0.1026) = 0.5409. With type-7 quantiles
// (h = 8·p) the interval is [1 + 8·0.006935, 1 + 8·0.5409] = [1.0555, 5.327].
func TestBCHandComputed(t *testing.T) {
	draws := []float64{9, 1, 8, 2, 7, 3, 6, 4, 5}
	iv, ok, err := BC(draws, 3, 0.80)
	if err != nil || !ok {
		t.Fatalf("BC: ok = %v, err = %v", ok, err)
	}
	z0 := NormalQuantile(2.5 / 9)
	lo := NormalCDF(2*z0 + NormalQuantile(0.1))
	hi := NormalCDF(2*z0 + NormalQuantile(0.9))
	if math.Abs(iv.Low-(1+8*lo)) > 1e-12 || math.Abs(iv.High-(1+8*hi)) > 1e-12 {
		t.Errorf("BC = [%v, %v], want [%v, %v]", iv.Low, iv.High, 1+8*lo, 1+8*hi)
	}
	if math.Abs(iv.Low-1.0555) > 5e-4 || math.Abs(iv.High-5.327) > 5e-3 {
		t.Errorf("BC = [%v, %v], want about [1.0555, 5.327]", iv.Low, iv.High)
	}
}

// TestBCCentredEqualsPercentile: when the estimate is the median of symmetric draws, z0 = 0 and BC is
// the percentile interval.
func TestBCCentredEqualsPercentile(t *testing.T) {
	draws := []float64{1, 2, 3, 4, 5, 6, 7}
	bc, _, err := BC(draws, 4, 0.9)
	if err != nil {
		t.Fatal(err)
	}
	pc, err := Percentile(draws, 0.9)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(bc.Low-pc.Low) > 1e-12 || math.Abs(bc.High-pc.High) > 1e-12 {
		t.Errorf("BC %v differs from percentile %v with z0 = 0", bc, pc)
	}
}

func TestBCAllDrawsAbove(t *testing.T) {
	_, ok, err := BC([]float64{5, 6, 7}, 1, 0.95)
	if err != nil {
		t.Fatal(err)
	}
	if ok {
		t.Error("ok = true although z0 is infinite")
	}
}

func TestIntervalRejectsNaN(t *testing.T) {
	if _, err := Percentile([]float64{1, math.NaN()}, 0.95); err == nil {
		t.Error("no error for a NaN replicate value")
	}
	if _, err := Percentile([]float64{1, 2}, 1.5); err == nil {
		t.Error("no error for level 1.5")
	}
}

// TestNormalQuantile checks Φ⁻¹(0.975) = 1.959963984540054 (R: qnorm(0.975)).
func TestNormalQuantile(t *testing.T) {
	if got := NormalQuantile(0.975); math.Abs(got-1.959963984540054) > 1e-14 {
		t.Errorf("NormalQuantile(0.975) = %v", got)
	}
	if got := TwoSidedNormalP(1.959963984540054); math.Abs(got-0.05) > 1e-14 {
		t.Errorf("TwoSidedNormalP = %v, want 0.05", got)
	}
}
