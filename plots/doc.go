// Package plots draws cpstat's figures with gonum/plot: one visual language for every figure, Chinese labels
// by default and English on request, export to PNG (300 dpi) and SVG.
//
// Chinese text needs a CJK font. LoadCJKFont finds one in this order: the file named by $CPSTAT_CJK_FONT (a
// .ttf, .otf or .ttc; for a collection, $CPSTAT_CJK_FACE picks the face by name), Debian's fonts-noto-cjk
// ("Noto Sans CJK SC" in NotoSansCJK-Regular.ttc), then fonts-wqy-microhei. English figures use gonum/plot's
// embedded Liberation fonts and need nothing installed.
//
// gonum/plot's PDF backend cannot embed a face taken from a font collection (.ttc), so PDF output is refused
// for Chinese figures; ask for PNG or SVG, or for English labels.
package plots
