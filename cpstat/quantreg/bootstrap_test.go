package quantreg

import (
	"context"
	"errors"
	"runtime"
	"testing"
)

// The xy bootstrap must give bit-identical draws for the same seed whatever the number of cores, because
// replication b draws from the stream of (seed, b) and results are stored by index.
func TestBootstrapSameSeedAnyCores(t *testing.T) {
	d := engelDesign(t)
	res, err := Fit(d, 0.5, Options{})
	if err != nil {
		t.Fatal(err)
	}
	cluster := make([]int, res.N)
	for i := range cluster {
		cluster[i] = i / 5
	}
	for _, method := range []SEMethod{SEBootstrapXY, SEBootstrapCluster, SEBootstrapWildCluster} {
		var first []float64
		for _, procs := range []int{1, 2, 8} {
			old := runtime.GOMAXPROCS(procs)
			inf, err := res.Infer(context.Background(), InferenceOptions{Method: method, Replications: 60, Seed: 42, Cluster: cluster})
			runtime.GOMAXPROCS(old)
			if err != nil {
				t.Fatalf("%v with GOMAXPROCS %d: %v", method, procs, err)
			}
			if first == nil {
				first = inf.StdErr
				continue
			}
			for j := range first {
				if inf.StdErr[j] != first[j] {
					t.Errorf("%v: GOMAXPROCS %d gives SE %v, GOMAXPROCS 1 gives %v", method, procs, inf.StdErr, first)
					break
				}
			}
		}
	}
}

// Bootstrap and nid standard errors estimate the same sampling spread. For the Engel median regression
// summary.rq gives nid SEs 19.25 and 0.0283 (reference case f1); with 400 replications the bootstrap SE has
// a Monte Carlo error of about 1/sqrt(2·400) ≈ 4%, and the two estimators differ by design, so the check
// only requires agreement within a factor of 1.5. A different seed must change the draws.
func TestBootstrapNearNID(t *testing.T) {
	d := engelDesign(t)
	res, err := Fit(d, 0.5, Options{})
	if err != nil {
		t.Fatal(err)
	}
	nid, err := res.Infer(context.Background(), InferenceOptions{})
	if err != nil {
		t.Fatal(err)
	}
	boot, err := res.Infer(context.Background(), InferenceOptions{Method: SEBootstrapXY, Replications: 400, Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	if boot.Replications+boot.Failed != 400 {
		t.Errorf("replications %d + failed %d, want 400", boot.Replications, boot.Failed)
	}
	for j := range nid.StdErr {
		ratio := boot.StdErr[j] / nid.StdErr[j]
		if ratio < 1/1.5 || ratio > 1.5 {
			t.Errorf("%s: bootstrap SE %v vs nid %v (ratio %.2f)", res.Names[j], boot.StdErr[j], nid.StdErr[j], ratio)
		}
	}
	other, err := res.Infer(context.Background(), InferenceOptions{Method: SEBootstrapXY, Replications: 400, Seed: 8})
	if err != nil {
		t.Fatal(err)
	}
	if other.StdErr[0] == boot.StdErr[0] {
		t.Error("seeds 7 and 8 give the same bootstrap SE")
	}
}

func TestBootstrapInputErrors(t *testing.T) {
	res, err := Fit(engelDesign(t), 0.5, Options{})
	if err != nil {
		t.Fatal(err)
	}
	_, err = res.Infer(context.Background(), InferenceOptions{Method: SEBootstrapCluster, Cluster: []int{1, 2}})
	var dim *DimensionError
	if !errors.As(err, &dim) {
		t.Errorf("short cluster slice: err = %v, want *DimensionError", err)
	}
	one := make([]int, res.N)
	if _, err := res.Infer(context.Background(), InferenceOptions{Method: SEBootstrapCluster, Cluster: one}); err == nil {
		t.Error("one cluster: want an error")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := res.Infer(ctx, InferenceOptions{Method: SEBootstrapXY}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled context: err = %v, want context.Canceled", err)
	}
}

func TestBootstrapProgress(t *testing.T) {
	res, err := Fit(engelDesign(t), 0.25, Options{})
	if err != nil {
		t.Fatal(err)
	}
	calls, last := 0, 0
	_, err = res.Infer(context.Background(), InferenceOptions{Method: SEBootstrapXY, Replications: 30,
		Progress: func(done, total int) {
			calls++
			if done <= last || total != 30 {
				t.Errorf("progress %d of %d after %d", done, total, last)
			}
			last = done
		}})
	if err != nil {
		t.Fatal(err)
	}
	if calls != 30 || last != 30 {
		t.Errorf("progress called %d times, last %d; want 30 and 30", calls, last)
	}
}
