package linreg

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// chunkRows is the fixed block size of row-chunked sums. Partial sums are formed per block and added in
// block order, so totals do not depend on the number of goroutines.
const chunkRows = 1 << 15

func workerCount(w int) int {
	if w <= 0 {
		w = runtime.GOMAXPROCS(0)
	}
	return w
}

// parallelFor calls fn(i) for every i in [0, n), on at most workers goroutines. Each fn(i) must write
// only to memory owned by task i, which keeps the results independent of scheduling.
func parallelFor(n, workers int, fn func(i int)) {
	workers = workerCount(workers)
	if workers > n {
		workers = n
	}
	if workers <= 1 {
		for i := 0; i < n; i++ {
			fn(i)
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				fn(i)
			}
		}()
	}
	wg.Wait()
}

// chunks returns the number of fixed-size row blocks of n rows.
func chunks(n int) int { return (n + chunkRows - 1) / chunkRows }

// chunkBounds returns the row range of block c.
func chunkBounds(c, n int) (lo, hi int) {
	lo = c * chunkRows
	hi = lo + chunkRows
	if hi > n {
		hi = n
	}
	return lo, hi
}
