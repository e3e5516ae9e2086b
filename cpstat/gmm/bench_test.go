package gmm

import "testing"

// BenchmarkSystemTwoStepEmplUK times e3's system GMM (113 instruments, 140 units, 1642 equations) estimated in
// two steps, with the Windmeijer covariance, AR tests and difference-in-Hansen tests.
func BenchmarkSystemTwoStepEmplUK(b *testing.B) {
	p := loadEmplUK(b)
	spec := bbSpec()
	for b.Loop() {
		if _, err := Fit(p, spec, Options{TwoStep: true}); err != nil {
			b.Fatal(err)
		}
	}
}
