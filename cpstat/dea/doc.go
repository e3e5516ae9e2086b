// Package dea computes data envelopment analysis (DEA) efficiency scores and the DEA Malmquist total
// factor productivity (TFP) index, with the figures and conventions of Coelli's DEAP 2.1.
//
// Sources: T.J. Coelli (1996), "A Guide to DEAP Version 2.1: A Data Envelopment Analysis (Computer)
// Program", CEPA Working Paper 96/08, University of New England; R. Färe, S. Grosskopf, M. Norris and
// Z. Zhang (1994), "Productivity Growth, Technical Progress, and Efficiency Change in Industrialized
// Countries", American Economic Review 84(1); S.C. Ray and E. Desli (1997), comment on the same, American
// Economic Review 87(5).
//
// # Entry points
//
//   - [Malmquist] runs DEAP's Malmquist option on a balanced [Panel]: distances, the decomposition per unit
//     and period pair, geometric means, and the cumulative TFP index.
//   - [Efficiency] runs DEAP's single-period DEA option: CRS, VRS and NIRS scores, scale efficiency and
//     the irs/drs label of each unit.
//   - [Evaluate] and [Evaluator] solve one program for any unit against any reference [Technology].
//
// # Linear programs
//
// For a unit with inputs x₀ (m) and outputs y₀ (s), and reference units with inputs X (n×m) and outputs
// Y (n×s), the output-oriented envelopment program is
//
//	maximize φ  subject to  Σⱼ λⱼ yᵣⱼ ≥ φ yᵣ₀ (each output r),  Σⱼ λⱼ xₖⱼ ≤ xₖ₀ (each input k),  λ ≥ 0,
//
// and the input-oriented one is
//
//	minimize θ  subject to  Σⱼ λⱼ yᵣⱼ ≥ yᵣ₀,  Σⱼ λⱼ xₖⱼ ≤ θ xₖ₀,  λ ≥ 0.
//
// CRS uses these as written, VRS adds Σⱼ λⱼ = 1 and NIRS adds Σⱼ λⱼ ≤ 1.
//
// # Score convention
//
// Every score is reported as DEAP prints it. For input orientation that is θ, the Farrell input
// efficiency, which equals 1/Dᵢ for the Shephard input distance Dᵢ. For output orientation it is 1/φ, the
// Shephard output distance Dₒ, where φ is the Farrell output efficiency. Within its own period a unit
// scores at most 1.
// Against another period's frontier it may score above 1. Under CRS both orientations give the same score.
//
// # Malmquist index
//
// Write Eᶜ_s(t) and Eᵛ_s(t) for the CRS and VRS scores of a unit's period-t data against the period-s
// frontier. Between adjacent periods t and t+1, DEAP (FGNZ decomposition) reports
//
//	effch  = Eᶜ_{t+1}(t+1) / Eᶜ_t(t)
//	techch = √( Eᶜ_t(t+1)/Eᶜ_{t+1}(t+1) × Eᶜ_t(t)/Eᶜ_{t+1}(t) )
//	pech   = Eᵛ_{t+1}(t+1) / Eᵛ_t(t)
//	sech   = effch / pech
//	tfpch  = effch × techch
//
// The same formulas hold in both orientations because every score is an efficiency (higher is better).
// Means over units (per period pair) and over period pairs (per unit) are geometric, as in DEAP. The
// cumulative index is 1 in the first period and the running product of tfpch afterwards. Studies use this
// TFP level series as a regressor.
//
// The Ray–Desli decomposition ([RayDesli]) keeps tfpch and pech but measures techch on the VRS frontiers,
// with sech = tfpch / (pech × techch).
//
// # Infeasible programs
//
// CRS programs and programs of a unit against its own period are always feasible for positive data. VRS
// programs against another period's frontier can be infeasible: in output orientation when the unit uses
// less of an input than every convex combination of the other period's units, in input orientation when it
// produces more of an output. Such a distance is NaN and is listed in [MalmquistResult.Unsolved] with the
// reason, and the run continues. The FGNZ decomposition never uses those distances, so DEAP's figures are
// unaffected. Under Ray–Desli, techch and sech of that unit and period pair are NaN, while effch, pech and
// tfpch are still computed. Geometric means skip NaN values and report how many values entered each mean.
//
// # Data requirements
//
// DEA needs positive, finite inputs and outputs, so zero, negative, NaN and infinite values are rejected
// with a [DataError] that names the unit, period, variable and value. The Malmquist index needs a balanced
// panel, which [NewPanel] checks ([UnbalancedError]). Each variable is divided by its panel mean before
// solving, so the results do not depend on units of measurement (yuan or 100 million yuan).
//
// # Solver
//
// The programs are solved by a dense two-phase tableau simplex method written for these small problems.
// It prices with Dantzig's rule and switches to Bland's anti-cycling rule after the first degenerate
// pivot. Its tolerances are 1e-11 for pivots and reduced costs and 1e-9 for phase-1 feasibility, on data
// scaled to mean 1. On DEAP's example 4 the scores agree with exact optima to about 1e-15. Each goroutine
// reuses one LP workspace, and every program depends only on its own data, so results are bit-identical
// for any GOMAXPROCS or worker count.
//
// # Not implemented
//
// DEAP's slacks (multi-stage or two-stage), targets, peer tables, cost and allocative efficiency, and
// super-efficiency are not computed. The intensity weights of one program are available from [Evaluate].
package dea
