package cpstat

import (
	"math"
	"math/rand/v2"
	"testing"
)

// The slot layout and the map fallback must find the same rows, reject the same duplicates and miss
// the same keys, including times at the ends of the int range, where a span or an offset could
// overflow.
func TestKeyIndexSlotsMatchMap(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for round := 0; round < 200; round++ {
		entities := 1 + rng.IntN(5)
		var codes []int32
		var times []int
		spread := []int{3, 40, 1 << 20}[rng.IntN(3)] // short ranges use slots, wide ones the map
		for e := 0; e < entities; e++ {
			for r := rng.IntN(6); r >= 0; r-- {
				codes, times = append(codes, int32(e)), append(times, 2000+rng.IntN(spread))
			}
		}
		if rng.IntN(10) == 0 {
			codes, times = append(codes, 0), append(times, math.MaxInt)
			codes, times = append(codes, 0), append(times, math.MinInt)
		}

		reference := map[panelKey]int{}
		ix := newKeyIndex(entities, codes, times)
		for i := range codes {
			k := panelKey{codes[i], times[i]}
			want, dup := reference[k]
			if !dup {
				reference[k], want = i, i
			}
			got, inserted := ix.insert(codes[i], times[i], i)
			if inserted == dup || got != want {
				t.Fatalf("round %d: insert %v = (%d, %v), want (%d, %v)", round, k, got, inserted, want, !dup)
			}
		}
		for e := int32(0); e < int32(entities); e++ {
			for _, tm := range []int{math.MinInt, -1, 1999, 2000, 2001, 2002, 2039, 2000 + spread, math.MaxInt} {
				want, wantOK := reference[panelKey{e, tm}]
				got, ok := ix.lookup(e, tm)
				if ok != wantOK || (ok && got != want) {
					t.Fatalf("round %d: lookup (%d, %d) = (%d, %v), want (%d, %v)", round, e, tm, got, ok, want, wantOK)
				}
			}
		}
		if _, ok := ix.lookup(int32(entities), 2000); ok {
			t.Fatalf("round %d: an unknown entity code was found", round)
		}
	}
}
