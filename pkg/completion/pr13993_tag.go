//go:build llmbench_pr13993

package completion

// Built with -tags llmbench_pr13993, every built-in variant dispatches the
// way the unmerged PR #13993 did (the generic "provider config maps
// everything" branch first): a separate build whose behaviour differs from
// this one's, for the tests that show `regress --against` catching it.
// Without the tag this file is not compiled.
func init() {
	for _, v := range []*Variant{Baseline, Summary, Optimized} {
		v.Dispatch = DispatchConfigFirst
	}
}
