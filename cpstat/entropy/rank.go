package entropy

import "sort"

// rankRows ranks score over the used rows within each partition of codes (nil: one partition), highest score
// first. Tied scores share the smallest rank of the tie, and the next rank skips. Other rows get rank 0.
func rankRows(score []float64, usedRows []int, codes []string, n int) []int {
	rank := make([]int, n)
	for _, g := range partition(usedRows, codes) {
		order := append([]int(nil), g.rows...)
		sort.SliceStable(order, func(a, b int) bool { return score[order[a]] > score[order[b]] })
		for pos, i := range order {
			if pos > 0 && score[i] == score[order[pos-1]] {
				rank[i] = rank[order[pos-1]]
				continue
			}
			rank[i] = pos + 1
		}
	}
	return rank
}
