package report

import (
	"io"
	"slices"
	"strings"

	"github.com/llmbench/llmbench/pkg/bench"
	"github.com/llmbench/llmbench/pkg/infile"
	"github.com/llmbench/llmbench/pkg/profile"
	"github.com/llmbench/llmbench/pkg/regress"
)

// The formats this package adds to the ones each kind's own package
// renders.
const (
	FormatHTML                  = "html"
	FormatBMF                   = "bmf"
	FormatGitHubActionBenchmark = "github-action-benchmark"
)

// Formats returns the formats a result of kind k renders in: its own
// package's, then the ones this package adds.
func Formats(k Kind) []string {
	switch k {
	case KindBench:
		return slices.Concat(bench.Formats, []string{FormatHTML, FormatBMF, FormatGitHubActionBenchmark})
	case KindProfile:
		return slices.Concat(profile.Formats, []string{FormatHTML})
	case KindRegress:
		return slices.Concat(regress.Formats, []string{FormatHTML})
	}
	return nil
}

// AllFormats lists every format of every kind and of comparisons, once.
func AllFormats() []string {
	var out []string
	for _, fs := range [][]string{Formats(KindBench), Formats(KindProfile), Formats(KindRegress), CompareFormats} {
		for _, f := range fs {
			if !slices.Contains(out, f) {
				out = append(out, f)
			}
		}
	}
	return out
}

// Render writes r in format, one of Formats(r.Kind): the kind's own formats
// through its own package's renderer (bench.Render, profile.Render,
// regress.Render), the others here. A format the kind does not have is a
// *infile.Error.
func Render(w io.Writer, r *Result, format string) error {
	if !slices.Contains(Formats(r.Kind), format) {
		return infile.Errorf(r.File, 0, "format %s does not apply to a %s result (formats: %s)", format, r.Kind, strings.Join(Formats(r.Kind), ", "))
	}
	switch format {
	case FormatHTML:
		return WriteHTML(w, r)
	case FormatBMF:
		return writeBMF(w, r.Bench)
	case FormatGitHubActionBenchmark:
		return writeGitHubActionBenchmark(w, r.Bench)
	}
	switch r.Kind {
	case KindBench:
		return bench.Render(w, r.Bench, format)
	case KindProfile:
		return profile.Render(w, r.Profile, format)
	default:
		return regress.Render(w, r.Regress, format)
	}
}

// Warnings returns the warnings a result carries, for the caller's error
// stream.
func (r *Result) Warnings() []string {
	switch {
	case r.Bench != nil:
		return r.Bench.Warnings
	case r.Profile != nil:
		return r.Profile.Warnings
	case r.Regress != nil:
		return r.Regress.Warnings
	}
	return nil
}
