package linreg

import (
	"fmt"
	"math"
	"sort"
	"strconv"
)

// feDim is one factor restricted to the estimation sample, recoded to dense levels.
type feDim struct {
	name   string
	codes  []int32 // level 0..levels-1 of each estimation row
	levels int
	orig   []int32 // original code of each level, ascending
	counts []int32 // rows per level
}

// sample is the outcome of validation and singleton removal.
type sample struct {
	keep    []bool // per Design row
	rows    []int  // kept Design rows, ascending
	dropped []DroppedRow
	summary []DropCount
	singles []int // singleton rows dropped per FE dimension
	rounds  int   // singleton passes that dropped rows
	fe      []recoded
}

// checkDesign validates lengths and names and returns the regressor names and the factor names.
func checkDesign(d *Design) (xNames, feNames, clNames []string, err error) {
	n := len(d.Y)
	xNames = make([]string, len(d.X))
	seen := map[string]bool{}
	for j, col := range d.X {
		name := ""
		if j < len(d.Names) {
			name = d.Names[j]
		}
		if name == "" {
			name = "x" + strconv.Itoa(j+1)
		}
		if len(col) != n {
			return nil, nil, nil, &LengthError{Column: name, Got: len(col), Want: n}
		}
		if seen[name] {
			return nil, nil, nil, &NameError{Name: name, Reason: "names two regressors; give each column a distinct name"}
		}
		if name == InterceptName && d.Intercept && len(d.FE) == 0 {
			return nil, nil, nil, &NameError{Name: name, Reason: "is reserved for the constant that Design.Intercept adds"}
		}
		seen[name] = true
		xNames[j] = name
	}
	if len(d.Names) > len(d.X) {
		return nil, nil, nil, fmt.Errorf("%w: %d names for %d regressor columns", ErrInvalidDesign, len(d.Names), len(d.X))
	}

	factorNames := map[string]bool{}
	name := func(f Factor, prefix string, i int) (string, error) {
		nm := f.Name
		if nm == "" {
			nm = prefix + strconv.Itoa(i+1)
		}
		if len(f.Codes) != n {
			return "", &LengthError{Column: nm, Got: len(f.Codes), Want: n}
		}
		if factorNames[nm] {
			return "", &NameError{Name: nm, Reason: "names two factors; give each fixed effect and cluster a distinct name"}
		}
		factorNames[nm] = true
		return nm, nil
	}
	for i, f := range d.FE {
		nm, err := name(f, "fe", i)
		if err != nil {
			return nil, nil, nil, err
		}
		feNames = append(feNames, nm)
	}
	for i, f := range d.Clusters {
		nm, err := name(f, "cluster", i)
		if err != nil {
			return nil, nil, nil, err
		}
		clNames = append(clNames, nm)
	}
	return xNames, feNames, clNames, nil
}

// badRows returns the rows of one column that fail the check, in ascending order.
func badFloatRows(col []float64) []int {
	var bad []int
	for i, v := range col {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			bad = append(bad, i)
		}
	}
	return bad
}

func badCodeRows(codes []int32) []int {
	var bad []int
	for i, c := range codes {
		if c < 0 {
			bad = append(bad, i)
		}
	}
	return bad
}

// buildSample finds the rows with non-finite values or missing codes, then drops singleton groups
// recursively unless keepSingletons is set. Each dropped row is attributed to the first failing column
// in the order y, X, FE, Clusters.
func buildSample(d *Design, xNames, feNames, clNames []string, keepSingletons bool, workers int) *sample {
	n := len(d.Y)
	type check struct {
		reason RowDropReason
		column string
		bad    []int
	}
	checks := make([]check, 1+len(d.X)+len(d.FE)+len(d.Clusters))
	checks[0] = check{reason: NonFiniteY, column: yName(d)}
	for j := range d.X {
		checks[1+j] = check{reason: NonFiniteX, column: xNames[j]}
	}
	for j := range d.FE {
		checks[1+len(d.X)+j] = check{reason: MissingFECode, column: feNames[j]}
	}
	for j := range d.Clusters {
		checks[1+len(d.X)+len(d.FE)+j] = check{reason: MissingClusterCode, column: clNames[j]}
	}
	parallelFor(len(checks), workers, func(c int) {
		switch {
		case c == 0:
			checks[c].bad = badFloatRows(d.Y)
		case c <= len(d.X):
			checks[c].bad = badFloatRows(d.X[c-1])
		case c <= len(d.X)+len(d.FE):
			checks[c].bad = badCodeRows(d.FE[c-1-len(d.X)].Codes)
		default:
			checks[c].bad = badCodeRows(d.Clusters[c-1-len(d.X)-len(d.FE)].Codes)
		}
	})

	s := &sample{keep: make([]bool, n), singles: make([]int, len(d.FE))}
	for i := range s.keep {
		s.keep[i] = true
	}
	for _, c := range checks {
		count := 0
		for _, i := range c.bad {
			if s.keep[i] {
				s.keep[i] = false
				s.dropped = append(s.dropped, DroppedRow{Row: i, Reason: c.reason, Column: c.column})
				count++
			}
		}
		if count > 0 {
			s.summary = append(s.summary, DropCount{Reason: c.reason, Column: c.column, Rows: count})
		}
	}

	s.fe = make([]recoded, len(d.FE))
	for j, f := range d.FE {
		s.fe[j] = recode(f.Codes, s.keep)
	}
	if !keepSingletons && len(d.FE) > 0 {
		dropSingletons(feNames, s.fe, s)
	}
	sort.Slice(s.dropped, func(a, b int) bool { return s.dropped[a].Row < s.dropped[b].Row })

	s.rows = make([]int, 0, n-len(s.dropped))
	for i, k := range s.keep {
		if k {
			s.rows = append(s.rows, i)
		}
	}
	return s
}

// dropSingletons removes rows alone in a level of any fixed-effect dimension, repeating until none is
// left, because each removal can leave a new singleton in another dimension.
func dropSingletons(feNames []string, fe []recoded, s *sample) {
	counts := make([][]int32, len(fe))
	for j := range fe {
		counts[j] = append([]int32(nil), fe[j].counts...)
	}
	// Walk rows until a full pass drops nothing. Counts are updated as rows go, so one pass can
	// already remove chains of singletons.
	for {
		droppedThisPass := 0
		for i, k := range s.keep {
			if !k {
				continue
			}
			for j := range fe {
				if counts[j][fe[j].dense[i]] == 1 {
					s.keep[i] = false
					s.dropped = append(s.dropped, DroppedRow{Row: i, Reason: Singleton, Column: feNames[j]})
					s.singles[j]++
					droppedThisPass++
					for jj := range fe {
						counts[jj][fe[jj].dense[i]]--
					}
					break
				}
			}
		}
		if droppedThisPass == 0 {
			break
		}
		s.rounds++
	}
	for j, c := range s.singles {
		if c > 0 {
			s.summary = append(s.summary, DropCount{Reason: Singleton, Column: feNames[j], Rows: c})
		}
	}
}

// recoded is a factor mapped to dense levels 0..L-1, in ascending order of the original codes.
type recoded struct {
	dense  []int32 // level of each row; -1 on rows left out
	orig   []int32 // original code of each level
	counts []int32 // rows per level
}

// recode maps the codes of the rows with keep set (all rows when keep is nil) to dense levels. Codes on
// those rows must be non-negative.
func recode(codes []int32, keep []bool) recoded {
	var maxCode int32 = -1
	for i, c := range codes {
		if (keep == nil || keep[i]) && c > maxCode {
			maxCode = c
		}
	}

	out := recoded{dense: make([]int32, len(codes))}
	if int64(maxCode) < 4*int64(len(codes))+1024 {
		// Codes are small enough for a lookup table.
		table := make([]int32, int(maxCode)+1)
		for i, c := range codes {
			if keep == nil || keep[i] {
				table[c] = 1
			}
		}
		for c, present := range table {
			if present != 0 {
				table[c] = int32(len(out.orig))
				out.orig = append(out.orig, int32(c))
			}
		}
		out.counts = make([]int32, len(out.orig))
		for i, c := range codes {
			if keep != nil && !keep[i] {
				out.dense[i] = -1
				continue
			}
			l := table[c]
			out.dense[i] = l
			out.counts[l]++
		}
		return out
	}

	set := map[int32]int32{}
	for i, c := range codes {
		if keep == nil || keep[i] {
			set[c] = 0
		}
	}
	for c := range set {
		out.orig = append(out.orig, c)
	}
	sort.Slice(out.orig, func(a, b int) bool { return out.orig[a] < out.orig[b] })
	for l, c := range out.orig {
		set[c] = int32(l)
	}
	out.counts = make([]int32, len(out.orig))
	for i, c := range codes {
		if keep != nil && !keep[i] {
			out.dense[i] = -1
			continue
		}
		l := set[c]
		out.dense[i] = l
		out.counts[l]++
	}
	return out
}

// compactFactor restricts a recoded factor to the estimation rows, renumbering the levels when some
// lost all their rows.
func compactFactor(name string, f recoded, rows []int) feDim {
	if len(rows) == len(f.dense) {
		// No row was dropped, so every level keeps its rows and the codes can be shared.
		return feDim{name: name, codes: f.dense, levels: len(f.orig), orig: f.orig, counts: f.counts}
	}
	sub := make([]int32, len(rows))
	counts := make([]int32, len(f.orig))
	for r, i := range rows {
		l := f.dense[i]
		sub[r] = l
		counts[l]++
	}
	renumber := make([]int32, len(f.orig))
	var orig []int32
	var kept []int32
	for l, c := range counts {
		renumber[l] = int32(len(orig))
		if c > 0 {
			orig = append(orig, f.orig[l])
			kept = append(kept, c)
		}
	}
	if len(orig) < len(f.orig) {
		for r, l := range sub {
			sub[r] = renumber[l]
		}
	}
	return feDim{name: name, codes: sub, levels: len(orig), orig: orig, counts: kept}
}

func yName(d *Design) string {
	if d.YName == "" {
		return "y"
	}
	return d.YName
}
