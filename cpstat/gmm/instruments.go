package gmm

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"gonum.org/v1/gonum/mat"
)

// buildInstruments defines the instrument columns: GMM-style groups, IV-style groups, then the time dummies
// and the constant, which instrument themselves.
func (d *design) buildInstruments(spec Spec) {
	transformedPeriods := d.rowPeriods(transformedRow)
	levelPeriods := d.rowPeriods(levelRow)
	timeLabel := func(t int) string { return strconv.Itoa(d.grid.firstTime + t) }
	var levelGMM []int // columns of the GMM-style instruments for the level equation

	for _, gs := range spec.GMM {
		group := len(d.groups)
		d.groups = append(d.groups, InstrumentGroup{Name: gmmGroupName(gs)})
		for _, v := range gs.Vars {
			if gs.Equation != LevelEquation && len(transformedPeriods) > 0 {
				lastPeriod := transformedPeriods[len(transformedPeriods)-1]
				if gs.Collapse {
					for lag := gs.MinLag; lag <= lagLimit(gs.MaxLag, lastPeriod); lag++ {
						d.addInstrument(instrumentColumn{name: termName(v, lag), group: group,
							kind: transformedRow, mode: levelValue, variable: v, lag: lag, period: -1})
					}
				} else {
					for _, t := range transformedPeriods {
						for lag := gs.MinLag; lag <= lagLimit(gs.MaxLag, t); lag++ {
							d.addInstrument(instrumentColumn{name: termName(v, lag) + "@" + timeLabel(t), group: group,
								kind: transformedRow, mode: levelValue, variable: v, lag: lag, period: t})
						}
					}
				}
			}
			if spec.System && gs.Equation != TransformedEquation && len(levelPeriods) > 0 {
				lag := max(gs.MinLag-1, 0)
				name := "D." + termName(v, lag)
				if gs.Collapse {
					levelGMM = append(levelGMM, len(d.instr))
					d.addInstrument(instrumentColumn{name: name, group: group,
						kind: levelRow, mode: differenceValue, variable: v, lag: lag, period: -1})
				} else {
					for _, t := range levelPeriods {
						if t-lag-1 < 0 {
							continue
						}
						levelGMM = append(levelGMM, len(d.instr))
						d.addInstrument(instrumentColumn{name: name + "@" + timeLabel(t), group: group,
							kind: levelRow, mode: differenceValue, variable: v, lag: lag, period: t})
					}
				}
			}
		}
	}

	prefix := "D."
	if spec.Transformation == OrthogonalDeviations {
		prefix = "FOD."
	}
	for _, is := range spec.IV {
		group := len(d.groups)
		d.groups = append(d.groups, InstrumentGroup{Name: ivGroupName(is)})
		for _, v := range is.Vars {
			for lag := is.MinLag; lag <= is.MaxLag; lag++ {
				if is.Equation != LevelEquation {
					d.addInstrument(instrumentColumn{name: prefix + termName(v, lag), group: group,
						kind: transformedRow, mode: transformedValue, variable: v, lag: lag, period: -1})
				}
				if spec.System && is.Equation != TransformedEquation {
					d.addInstrument(instrumentColumn{name: termName(v, lag), group: group,
						kind: levelRow, mode: levelValue, variable: v, lag: lag, period: -1})
				}
			}
		}
	}

	// Time dummies and the constant instrument themselves: the transformed dummies in the transformed equation
	// of difference GMM, the level dummies and the constant in the level equation of system GMM (as pgmm).
	for k, name := range d.coefNames {
		if !d.isTimeDummy[k] && !d.isConst[k] {
			continue
		}
		kind := transformedRow
		if spec.System {
			kind = levelRow
		}
		d.addInstrument(instrumentColumn{name: name, group: -1, kind: kind, mode: regressorColumn, column: k, period: -1})
	}

	if spec.System && len(levelGMM) > 0 {
		d.groups = append(d.groups, InstrumentGroup{Name: "GMM instruments for levels", Columns: levelGMM})
	}
}

func (d *design) addInstrument(c instrumentColumn) {
	if c.group >= 0 {
		d.groups[c.group].Columns = append(d.groups[c.group].Columns, len(d.instr))
	}
	d.instr = append(d.instr, c)
}

// rowPeriods returns the sorted periods at which some unit has an equation of the given kind.
func (d *design) rowPeriods(kind rowKind) []int {
	seen := map[int]bool{}
	for _, u := range d.units {
		for _, r := range u.rows {
			if r.kind == kind {
				seen[r.period] = true
			}
		}
	}
	out := make([]int, 0, len(seen))
	for t := range seen {
		out = append(out, t)
	}
	sort.Ints(out)
	return out
}

// lagLimit returns the largest lag usable at period t (lags reach back to period 0) under the maximum lag.
func lagLimit(maxLag, t int) int {
	if maxLag == AllLags {
		return t
	}
	return min(maxLag, t)
}

func gmmGroupName(g GMMStyle) string {
	var b strings.Builder
	b.WriteString("gmm(")
	b.WriteString(strings.Join(g.Vars, " "))
	b.WriteString(", ")
	b.WriteString(lagRangeString(g.MinLag, g.MaxLag))
	if g.Collapse {
		b.WriteString(" collapse")
	}
	if g.Equation != BothEquations {
		b.WriteString(" eq(" + g.Equation.String() + ")")
	}
	b.WriteString(")")
	return b.String()
}

func ivGroupName(g IVStyle) string {
	name := "iv(" + strings.Join(g.Vars, " ") + ", " + lagRangeString(g.MinLag, g.MaxLag)
	if g.Equation != BothEquations {
		name += " eq(" + g.Equation.String() + ")"
	}
	return name + ")"
}

func lagRangeString(minLag, maxLag int) string {
	if maxLag == AllLags {
		return strconv.Itoa(minLag) + ":."
	}
	return strconv.Itoa(minLag) + ":" + strconv.Itoa(maxLag)
}

// fillInstruments computes every unit's instrument matrix Z. A lagged value the unit does not have enters as
// zero, as in pgmm and xtabond2, and the count of such values goes to the notes.
func (d *design) fillInstruments() {
	L := len(d.instr)
	missing := 0
	for ui := range d.units {
		u := &d.units[ui]
		i := u.unit
		u.Z = mat.NewDense(len(u.rows), L, nil)
		for c, col := range d.instr {
			var series []float64
			if col.mode != regressorColumn {
				series = d.grid.values[col.variable][i]
			}
			for r, row := range u.rows {
				if row.kind != col.kind || (col.period >= 0 && row.period != col.period) {
					continue
				}
				var x float64
				ok := true
				switch col.mode {
				case levelValue:
					x, ok = at(series, row.period-col.lag)
				case differenceValue:
					var prev float64
					x, ok = at(series, row.period-col.lag)
					prev, ok2 := at(series, row.period-col.lag-1)
					ok = ok && ok2
					x -= prev
				case transformedValue:
					for _, s := range row.support {
						v, ok1 := at(series, s.period-col.lag)
						ok = ok && ok1
						x += s.weight * v
					}
				case regressorColumn:
					x = u.X.At(r, col.column)
				}
				if !ok {
					missing++
					continue
				}
				u.Z.Set(r, c, x)
			}
		}
	}
	if missing > 0 {
		d.notes = append(d.notes, fmt.Sprintf("%d instrument values refer to periods or values a unit does not have and enter as zero, as in pgmm and xtabond2", missing))
	}
}

// at returns series[t] and whether it exists and is finite.
func at(series []float64, t int) (float64, bool) {
	if t < 0 || t >= len(series) || math.IsNaN(series[t]) {
		return 0, false
	}
	return series[t], true
}

// dropZeroInstruments removes instrument columns that are zero for every unit, because they carry no moment
// condition and would make the weight matrix singular. Groups left without columns are removed too.
func (d *design) dropZeroInstruments() error {
	L := len(d.instr)
	nonzero := make([]bool, L)
	for _, u := range d.units {
		rows, _ := u.Z.Dims()
		for r := range rows {
			for c := range L {
				if u.Z.At(r, c) != 0 {
					nonzero[c] = true
				}
			}
		}
	}

	var keep []int
	var dropped []string
	newIndex := make([]int, L)
	for c := range L {
		newIndex[c] = -1
		if nonzero[c] {
			newIndex[c] = len(keep)
			keep = append(keep, c)
		} else {
			dropped = append(dropped, d.instr[c].name)
		}
	}

	if len(keep) == 0 {
		return &DataError{Msg: "every instrument is zero in the estimation sample; check the instrument lags against the time span"}
	}
	if len(dropped) > 0 {
		d.notes = append(d.notes, fmt.Sprintf("%d instrument columns are zero for every unit and were left out: %s", len(dropped), strings.Join(dropped, ", ")))
		d.instr = pick(d.instr, keep)
		for ui := range d.units {
			d.units[ui].Z = pickColumns(d.units[ui].Z, keep)
		}
	}

	var groups []InstrumentGroup
	for _, g := range d.groups {
		var cols []int
		for _, c := range g.Columns {
			if newIndex[c] >= 0 {
				cols = append(cols, newIndex[c])
			}
		}
		if len(cols) > 0 {
			groups = append(groups, InstrumentGroup{Name: g.Name, Columns: cols})
		}
	}
	d.groups = groups
	return nil
}
