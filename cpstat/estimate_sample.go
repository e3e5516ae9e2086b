package cpstat

// restrictFrame returns the frame reduced to the rows whose panel row passes keep. The model frame was
// evaluated on the whole panel, so lags of kept rows may read rows outside the sample. Factor levels
// absent from the kept rows disappear and the others keep their order of first appearance. The drop
// report keeps only the rows inside the sample, sampleRows in all.
func restrictFrame(fr *Frame, keep func(row int) bool, sampleRows int) *Frame {
	var pos []int
	for j, row := range fr.Rows {
		if keep(row) {
			pos = append(pos, j)
		}
	}
	out := &Frame{
		Formula:   fr.Formula,
		Response:  fr.Response,
		Y:         gather(fr.Y, pos),
		XNames:    fr.XNames,
		Intercept: fr.Intercept,
		Factors:   fr.Factors,
		Notes:     append([]string(nil), fr.Notes...),
	}
	for _, col := range fr.X {
		out.X = append(out.X, gather(col, pos))
	}
	for _, fe := range fr.FixedEffects {
		out.FixedEffects = append(out.FixedEffects, restrictFactor(fe, pos))
	}
	for _, c := range fr.Clusters {
		out.Clusters = append(out.Clusters, restrictFactor(c, pos))
	}
	for _, j := range pos {
		out.Rows = append(out.Rows, fr.Rows[j])
		out.Keys = append(out.Keys, fr.Keys[j])
	}

	out.Dropped = DropReport{Rows: sampleRows, Kept: len(pos)}
	for _, g := range fr.Dropped.Groups {
		kept := DropGroup{Reason: g.Reason, Column: g.Column}
		for i, row := range g.Rows {
			if keep(row) {
				kept.Rows = append(kept.Rows, row)
				kept.Keys = append(kept.Keys, g.Keys[i])
			}
		}
		if len(kept.Rows) > 0 {
			out.Dropped.Groups = append(out.Dropped.Groups, kept)
		}
	}
	return out
}

func gather(values []float64, pos []int) []float64 {
	out := make([]float64, len(pos))
	for i, j := range pos {
		out[i] = values[j]
	}
	return out
}

// restrictFactor keeps the codes at pos and renumbers the levels in order of first appearance.
func restrictFactor(f Factor, pos []int) Factor {
	out := Factor{Name: f.Name, Codes: make([]int32, len(pos))}
	renumber := map[int32]int32{}
	for i, j := range pos {
		old := f.Codes[j]
		code, ok := renumber[old]
		if !ok {
			code = int32(len(out.Levels))
			renumber[old] = code
			out.Levels = append(out.Levels, f.Levels[old])
		}
		out.Codes[i] = code
	}
	return out
}
