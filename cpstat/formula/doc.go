// Package formula parses regression formulas written in the style of the R package fixest by
// Laurent Bergé (feols formulas and the i() function as its CRAN reference manual documents them)
// into a syntax tree. It does no data work: package cpstat evaluates a Formula on a panel.
//
// Grammar, informally:
//
//	formula      = response "~" terms [ "|" fixed-effects ]
//	terms        = sum of products:  a + b,  a:b (interaction),  a*b (= a + b + a:b),  (a + b):c
//	intercept    = "1" keeps it (the default), "0" or "-1" removes it; "y ~ 1" is intercept-only
//	value        = name | `any name` | log(v) | log1p(v) | exp(v) | sqrt(v) | abs(v)
//	             | L(v) | L(v, k) | L(v, a:b) | F(v, k) | D(v) | D(v, k)
//	factor       = i(name) | i(name, value) | i(name, value, "level") | i(name, ref = "level")
//	fixed-effects = name + name^name + ...
//
// L(v, k) is the value k periods earlier within the same entity, F(v, k) the value k periods later
// (a lead, stored as a negative lag), and D(v, k) the difference v − L(v, k). Names may contain any
// Unicode letters and digits, "_" and "."; a name with other characters (spaces, brackets) is
// written between backticks.
//
// As in R's terms(), terms are ordered by degree (main effects before two-way interactions and so
// on), a term that appears twice is kept once, and a:b is the same term as b:a.
//
// Errors are *SyntaxError values that name the token, its 1-based position counted in characters,
// and show the formula with a caret under the token.
package formula
