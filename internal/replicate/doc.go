// Package replicate runs the replication of Hong, Jiang and Liu (2023) chapter by chapter and writes every
// table and figure to an output folder. It is the engine behind `cpstat replicate`.
//
// Each chapter lives in its own file and registers itself with register. Chapters run in Order; a chapter
// may add columns to the run's panel (the measured index, capital stock and TFP) for later chapters. A
// chapter that cannot run on the data at hand (a variable missing from the embedded public data) records a
// note instead of failing; a chapter that fails records its error, the run continues, and Run returns an
// error naming every failed chapter.
//
// Output layout under Config.Out:
//
//	tables/NAME.txt .md .html .tex .csv   one file per table and format
//	tables.xlsx                           every table, one sheet each
//	figures/NAME.png (300 dpi) .svg       one file per figure and format
//	manifest.json                         what was written, notes, seeds, timings, data checksum
package replicate
