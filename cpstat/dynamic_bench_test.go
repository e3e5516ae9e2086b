package cpstat

import "testing"

// BenchmarkGMMSystemTwoStepEmplUK times the product path of the engine's
// BenchmarkSystemTwoStepEmplUK: the same system GMM (e3's specification, 113 instruments, 140 firms)
// estimated in two steps from a Panel and a formula, including the formula translation, the drop
// report and the copy of the columns into the engine's panel.
func BenchmarkGMMSystemTwoStepEmplUK(b *testing.B) {
	p := readEmplUKPanel(b)
	s := GMMSettings{GMM: "n 2:99, w 2:99, k 2:99", System: true, TwoStep: true, TimeDummies: true}
	for b.Loop() {
		if _, err := p.GMM(bbFormula, s); err != nil {
			b.Fatal(err)
		}
	}
}
