package cpstat

// ClosestNames returns up to n candidates most similar to name, nearest first: by edit distance after
// folding case, and any candidate that contains name or is contained in it. Messages about a misspelt
// column or variable use it to suggest the intended one; the result is empty when nothing is close.
func ClosestNames(name string, candidates []string, n int) []string {
	return closestNames(name, candidates, n)
}
