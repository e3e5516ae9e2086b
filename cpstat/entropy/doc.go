// Package entropy computes entropy weights and composite indices from a table of indicators.
//
// The entropy weight method gives each indicator a weight that grows with how unevenly its values are spread
// over the rows: an indicator on which all rows look alike carries little information and gets a small
// weight. For n rows and m indicators, with x_ij the value of indicator j in row i:
//
//	z_ij  = (x_ij − min_j) / (max_j − min_j)       benefit indicator (larger is better)
//	z_ij  = (max_j − x_ij) / (max_j − min_j)       cost indicator (smaller is better)
//	z'_ij = shift(z_ij)                            none, z + c, or a + (b − a)·z; see Shift
//	p_ij  = z'_ij / Σ_i z'_ij
//	e_j   = −k Σ_i p_ij ln p_ij,  k = 1 / ln n,  with 0·ln 0 = 0
//	d_j   = 1 − e_j
//	w_j   = d_j / Σ_j d_j
//	score_i         = Σ_j w_j z_ij                 (Result.Score)
//	shifted score_i = Σ_j w_j z'_ij                (Result.ScoreShifted)
//
// e_j is Shannon's (1948) entropy of the column shares p_·j, scaled by k so that it lies in [0, 1]. A constant
// indicator has no spread, so z is set to 0 in every row, its entropy is 1 and its weight 0. Its divergence
// d_j = 0 leaves the other weights as they would be without it. The result records a Warning for it.
//
// Weigh runs the method on one flat list of indicators, either pooled (one computation over all rows, the
// default) or grouped (for example year by year, with separate minima, maxima, k and weights per group).
//
// ComputeIndex runs it on a System: a table of indicators arranged in dimensions and first- and second-level
// groups. Following Hong, Jiang and Liu (2023, 财经研究 49(12)), the weights are computed separately within
// each dimension, each dimension gets its own score, and the composite index is the product of the dimension
// scores, whose natural log is the study's outcome. The paper takes the product from Wan Haiyuan and Chen
// Jiping (2021), who treat commonality and prosperity as imperfect substitutes. ReadSystemCSV reads such a
// table from a CSV file.
//
// Inputs are plain slices of columns: columns[j][i] is indicator j in row i. Missing values (NaN) and ±Inf
// are an error that names the indicator and rows unless Settings.Missing selects listwise deletion, which
// lists the dropped rows in the result.
package entropy
