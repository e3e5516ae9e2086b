package linreg

// unionFind is a disjoint-set forest over fixed-effect levels.
type unionFind struct{ parent []int32 }

func newUnionFind(n int) *unionFind {
	u := &unionFind{parent: make([]int32, n)}
	for i := range u.parent {
		u.parent[i] = int32(i)
	}
	return u
}

func (u *unionFind) find(x int32) int32 {
	for u.parent[x] != x {
		u.parent[x] = u.parent[u.parent[x]]
		x = u.parent[x]
	}
	return x
}

func (u *unionFind) union(a, b int32) {
	ra, rb := u.find(a), u.find(b)
	if ra != rb {
		if ra < rb {
			u.parent[rb] = ra
		} else {
			u.parent[ra] = rb
		}
	}
}

// components links the levels of the given dimensions that share a row and returns the number of
// connected components and the forest. Levels of dimension k occupy [off[k], off[k]+levels).
func components(dims []feDim, which []int) (int, *unionFind, []int) {
	off := make([]int, len(which))
	total := 0
	for k, d := range which {
		off[k] = total
		total += dims[d].levels
	}
	uf := newUnionFind(total)
	if len(which) > 1 {
		first := dims[which[0]].codes
		for k := 1; k < len(which); k++ {
			other := dims[which[k]].codes
			for i, c := range first {
				uf.union(int32(c), int32(off[k])+other[i])
			}
		}
	}
	count := 0
	for i := range uf.parent {
		if uf.find(int32(i)) == int32(i) {
			count++
		}
	}
	return count, uf, off
}

// subsetRank returns the rank of the dummy matrix of the listed dimensions and whether it is exact.
// One dimension has rank L. Two have rank L1 + L2 − C, where C counts the connected components of the
// bipartite graph whose edges are the rows. For three or more the count L1 + … + Lk − (k − 1) − (C − 1)
// is an upper bound.
func subsetRank(dims []feDim, which []int) (int, bool) {
	switch len(which) {
	case 0:
		return 0, true
	case 1:
		return dims[which[0]].levels, true
	}
	total := 0
	for _, d := range which {
		total += dims[d].levels
	}
	c, _, _ := components(dims, which)
	if len(which) == 2 {
		return total - c, true
	}
	return total - (len(which) - 1) - (c - 1), false
}

// nestedIn reports whether every level of f lies in a single cluster of c.
func nestedIn(f, c feDim) bool {
	owner := make([]int32, f.levels)
	for i := range owner {
		owner[i] = -1
	}
	for i, l := range f.codes {
		g := c.codes[i]
		switch owner[l] {
		case -1:
			owner[l] = g
		case g:
		default:
			return false
		}
	}
	return true
}
