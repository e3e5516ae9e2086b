package dea

import "math"

// changes computes the indices of every unit for each pair of adjacent periods from the distances. With
// E for a score (Solution.Score convention), superscripts for the frontier period and arguments for the
// data period:
//
//	effch  = Eᶜ_{t+1}(t+1) / Eᶜ_t(t)
//	techch = √( Eᶜ_t(t+1)/Eᶜ_{t+1}(t+1) × Eᶜ_t(t)/Eᶜ_{t+1}(t) )      FGNZ (CRS frontiers)
//	techch = √( Eᵛ_t(t+1)/Eᵛ_{t+1}(t+1) × Eᵛ_t(t)/Eᵛ_{t+1}(t) )      RayDesli (VRS frontiers)
//	pech   = Eᵛ_{t+1}(t+1) / Eᵛ_t(t)
//	tfpch  = effch × √( Eᶜ_t(t+1)/Eᶜ_{t+1}(t+1) × Eᶜ_t(t)/Eᶜ_{t+1}(t) )
//	sech   = effch / pech                                             FGNZ
//	sech   = tfpch / (pech × techch)                                  RayDesli
func changes(distances [][]Distances, decomposition Decomposition) [][]Indices {
	pairs := len(distances) - 1
	out := make([][]Indices, pairs)
	for k := range pairs {
		out[k] = make([]Indices, len(distances[k]))
		for i := range out[k] {
			from, to := distances[k][i], distances[k+1][i]

			effch := to.CRS / from.CRS
			crsTechch := math.Sqrt(to.CRSPrevious / to.CRS * from.CRS / from.CRSNext)
			pech := to.VRS / from.VRS
			tfpch := effch * crsTechch

			ind := Indices{Effch: effch, Techch: crsTechch, Pech: pech, Sech: effch / pech, Tfpch: tfpch}
			if decomposition == RayDesli {
				ind.Techch = math.Sqrt(to.VRSPrevious / to.VRS * from.VRS / from.VRSNext)
				ind.Sech = tfpch / (pech * ind.Techch)
			}
			out[k][i] = ind
		}
	}
	return out
}

// distanceMeans returns the arithmetic mean over units of each distance in each period, skipping NaN.
func distanceMeans(distances [][]Distances) []Distances {
	out := make([]Distances, len(distances))
	for t, row := range distances {
		var sum [6]float64
		var count [6]int
		for _, d := range row {
			for f, v := range d.fields() {
				if !math.IsNaN(v) {
					sum[f] += v
					count[f]++
				}
			}
		}
		var mean [6]float64
		for f := range mean {
			mean[f] = sum[f] / float64(count[f]) // 0/0 gives NaN for a field with no values
		}
		out[t] = Distances{
			CRSPrevious: mean[0], CRS: mean[1], CRSNext: mean[2],
			VRS: mean[3], VRSPrevious: mean[4], VRSNext: mean[5],
		}
	}
	return out
}

func (d Distances) fields() [6]float64 {
	return [6]float64{d.CRSPrevious, d.CRS, d.CRSNext, d.VRS, d.VRSPrevious, d.VRSNext}
}

func (ind Indices) fields() [5]float64 {
	return [5]float64{ind.Effch, ind.Techch, ind.Pech, ind.Sech, ind.Tfpch}
}

// geometricMean accumulates the geometric means of the five indices, skipping NaN.
type geometricMean struct {
	logSum [5]float64
	count  [5]int
}

func (g *geometricMean) add(ind Indices) {
	for f, v := range ind.fields() {
		if !math.IsNaN(v) {
			g.logSum[f] += math.Log(v)
			g.count[f]++
		}
	}
}

func (g *geometricMean) result() MeanIndices {
	var mean [5]float64
	for f := range mean {
		mean[f] = math.Exp(g.logSum[f] / float64(g.count[f])) // NaN when count is 0
	}
	return MeanIndices{
		Indices: Indices{Effch: mean[0], Techch: mean[1], Pech: mean[2], Sech: mean[3], Tfpch: mean[4]},
		Count: IndexCounts{
			Effch: g.count[0], Techch: g.count[1], Pech: g.count[2], Sech: g.count[3], Tfpch: g.count[4],
		},
	}
}

// indexMeans returns the geometric means per period pair, per unit and overall.
func indexMeans(changes [][]Indices) (perPair, perUnit []MeanIndices, overall MeanIndices) {
	units := len(changes[0])
	unitAccumulators := make([]geometricMean, units)
	var all geometricMean
	perPair = make([]MeanIndices, len(changes))
	for k, row := range changes {
		var pair geometricMean
		for i, ind := range row {
			pair.add(ind)
			unitAccumulators[i].add(ind)
			all.add(ind)
		}
		perPair[k] = pair.result()
	}
	perUnit = make([]MeanIndices, units)
	for i := range unitAccumulators {
		perUnit[i] = unitAccumulators[i].result()
	}
	return perPair, perUnit, all.result()
}

// cumulative chains tfpch: 1 in the first period, then the running product.
func cumulative(changes [][]Indices, units int) [][]float64 {
	out := make([][]float64, len(changes)+1)
	out[0] = make([]float64, units)
	for i := range out[0] {
		out[0][i] = 1
	}
	for k, row := range changes {
		out[k+1] = make([]float64, units)
		for i, ind := range row {
			out[k+1][i] = out[k][i] * ind.Tfpch
		}
	}
	return out
}
