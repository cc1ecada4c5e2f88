package regress

import (
	"encoding/xml"
	"fmt"
	"github.com/llmbench/llmbench/pkg/bench"
	"io"
	"strings"
)

// JUnit XML, in the shape CI systems (Jenkins, GitLab, GitHub actions'
// test reporters) read: testsuites > testsuite > testcase, a testcase
// holding <failure> or <skipped>.

// JUnitSuites is the root element of a JUnit report.
type JUnitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Skipped  int          `xml:"skipped,attr"`
	Suites   []JUnitSuite `xml:"testsuite"`
}

// JUnitSuite is one case file, the fuzzing run or the performance gate.
type JUnitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Skipped  int         `xml:"skipped,attr"`
	Cases    []JUnitCase `xml:"testcase"`
}

// JUnitCase is one check.
type JUnitCase struct {
	Name      string        `xml:"name,attr"`
	ClassName string        `xml:"classname,attr"`
	Failure   *JUnitFailure `xml:"failure,omitempty"`
	Skipped   *JUnitSkipped `xml:"skipped,omitempty"`
	SystemOut string        `xml:"system-out,omitempty"`
}

// JUnitFailure describes why a check failed; Text is the readable diff.
type JUnitFailure struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",chardata"`
}

// JUnitSkipped marks an expected failure (a known difference).
type JUnitSkipped struct {
	Message string `xml:"message,attr"`
}

// failedIDs lists, in order and once each, the ids of file's failures.
func failedIDs(fs []Failure, file string) []string {
	var ids []string
	seen := map[string]bool{}
	for _, f := range fs {
		if f.File == file && !seen[f.ID] {
			seen[f.ID] = true
			ids = append(ids, f.ID)
		}
	}
	return ids
}

// JUnit builds the JUnit form of a report. A report read back from JSON
// has no list of the cases that passed; each file's suite then holds its
// failures and known differences by name and the passing cases as one
// test case that counts them.
func JUnit(r *Report) *JUnitSuites {
	root := &JUnitSuites{Name: "llmbench regress"}
	fails := map[string][]Failure{}
	for _, f := range r.Cases.Failures {
		k := f.File + "\x00" + f.ID
		fails[k] = append(fails[k], f)
	}
	known := map[string]string{}
	for _, k := range r.Cases.KnownList {
		known[k.ID] = k.Reason
	}
	for _, f := range r.Cases.Files {
		s := JUnitSuite{Name: "cases/" + f.File}
		ids, saved := f.IDs, f.IDs == nil && f.Total > 0
		if saved {
			// A saved JSON result names only the cases that failed:
			// those become test cases; the passing and the known ones
			// one each, counting them.
			ids = failedIDs(r.Cases.Failures, f.File)
		}
		for _, id := range ids {
			c := JUnitCase{Name: id, ClassName: "regress.cases." + classPart(f.File)}
			if fs := fails[f.File+"\x00"+id]; len(fs) > 0 {
				var text []string
				variants := make([]string, len(fs))
				for i, x := range fs {
					variants[i] = x.Variant
					text = append(text, fmt.Sprintf("[%s] %s:%d\n%s", x.Variant, x.File, x.Line, x.Diff))
				}
				c.Failure = &JUnitFailure{Message: firstLine(fs[0].Diff), Type: "case failed: " + strings.Join(variants, ", "),
					Text: strings.Join(text, "\n\n")}
			} else if reason, ok := known[id]; ok {
				c.Skipped = &JUnitSkipped{Message: "known difference: " + reason}
			}
			s.add(c)
		}
		if saved && f.Passed > 0 {
			s.add(JUnitCase{Name: fmt.Sprintf("%d cases passed (the saved result does not name them)", f.Passed),
				ClassName: "regress.cases." + classPart(f.File)})
		}
		if saved {
			if f.Known > 0 {
				s.add(JUnitCase{Name: fmt.Sprintf("%d known differences", f.Known), ClassName: "regress.cases." + classPart(f.File),
					Skipped: &JUnitSkipped{Message: "known differences (testdata/known-differences); the saved result lists them under known_failures"}})
			}
		}
		root.add(s)
	}
	if fz := r.Fuzz; fz != nil && fz.Requests > 0 {
		var failure *JUnitFailure
		if fz.Mismatches > 0 || fz.Panics > 0 {
			failure = &JUnitFailure{Message: fmt.Sprintf("%d mismatches, %d panics", fz.Mismatches, fz.Panics),
				Text: fmt.Sprintf("reproduce with --seed %d; first mismatches below", fz.Seed)}
		}
		root.add(fuzzSuite("fuzz", "variants disagree", fz, failure,
			fmt.Sprintf("variants agree on %d random requests (seed %d)", fz.Requests, fz.Seed)))
	}
	if fz := r.FuzzBuilds; fz != nil && fz.Requests > 0 {
		var failure *JUnitFailure
		if fz.Mismatches > 0 {
			failure = &JUnitFailure{Message: fmt.Sprintf("%d requests differ", fz.Mismatches),
				Text: fmt.Sprintf("reproduce with --seed %d; first differences below", fz.Seed)}
		}
		root.add(fuzzSuite("fuzz-builds", "builds disagree", fz, failure,
			fmt.Sprintf("this build and %s agree on %d random requests (seed %d)", r.Against, fz.Requests, fz.Seed)))
	}
	if p := r.Perf; p != nil {
		s := JUnitSuite{Name: "perf"}
		for _, v := range p.Variants {
			t := JUnitCase{Name: v.Name + " time per call", ClassName: "regress.perf", SystemOut: perfLine(p, v)}
			if v.Slower {
				t.Failure = &JUnitFailure{Message: fmt.Sprintf("%s is %s slower than %s (threshold %s)", v.Name, fmt.Sprintf("%.1f%%", v.DeltaPct), p.Baseline, pct(p.Threshold)),
					Type: "slower", Text: t.SystemOut}
			}
			s.add(t)
			a := JUnitCase{Name: v.Name + " allocs/op", ClassName: "regress.perf",
				SystemOut: fmt.Sprintf("baseline %s, current %s", fmtNum(v.BaselineAllocs), fmtNum(v.CurrentAllocs))}
			if v.AllocsGrew {
				a.Failure = &JUnitFailure{Message: fmt.Sprintf("%s allocs/op grew from %s to %s", v.Name, fmtNum(v.BaselineAllocs), fmtNum(v.CurrentAllocs)),
					Type: "allocs grew", Text: a.SystemOut}
			}
			s.add(a)
		}
		if sp := p.Speedup; sp != nil {
			c := JUnitCase{Name: fmt.Sprintf("%s at least %.2fx faster than %s", sp.After, sp.Min, sp.Before), ClassName: "regress.perf",
				SystemOut: fmt.Sprintf("speedup %.2fx", sp.Speedup)}
			if !sp.OK {
				c.Failure = &JUnitFailure{Message: fmt.Sprintf("speedup %.2fx, want at least %.2fx", sp.Speedup, sp.Min), Type: "speedup lost"}
			}
			s.add(c)
		}
		root.add(s)
	}
	if r.Interrupted {
		s := JUnitSuite{Name: "interrupted"}
		s.add(JUnitCase{Name: "run finished", ClassName: "regress",
			Failure: &JUnitFailure{Message: "INTERRUPTED: only the checks that finished are reported", Type: "interrupted"}})
		root.add(s)
	}
	return root
}

// perfLine describes one variant's comparison in a line.
func perfLine(p *PerfReport, v PerfVariant) string {
	if p.Mode == ModeAgainst {
		return fmt.Sprintf("%s %s, this build %s, change %s over %d pairs (%s): %s", p.Baseline, bench.FormatNs(v.Baseline.Median),
			bench.FormatNs(v.Current.Median), v.interval(), v.Pairs, v.Measure, v.Verdict)
	}
	return fmt.Sprintf("baseline %s, current %s, wall %+.1f%%, CPU %+.1f%%, p=%.3g: %s", bench.FormatCI(v.Baseline, bench.FormatNs),
		bench.FormatCI(v.Current, bench.FormatNs), v.DeltaPct, v.CPUDeltaPct, v.PValue, v.Verdict)
}

func (s *JUnitSuite) add(c JUnitCase) {
	s.Cases = append(s.Cases, c)
	s.Tests++
	if c.Failure != nil {
		s.Failures++
	}
	if c.Skipped != nil {
		s.Skipped++
	}
}

func (r *JUnitSuites) add(s JUnitSuite) {
	r.Suites = append(r.Suites, s)
	r.Tests += s.Tests
	r.Failures += s.Failures
	r.Skipped += s.Skipped
}

func classPart(file string) string {
	if i := strings.LastIndexAny(file, `/\`); i >= 0 {
		file = file[i+1:]
	}
	return strings.TrimSuffix(file, ".jsonl")
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	if len(s) > 200 {
		s = s[:197] + "..."
	}
	return s
}

func writeJUnit(w io.Writer, r *Report) error {
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(JUnit(r)); err != nil {
		return fmt.Errorf("writing junit: %w", err)
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// fuzzSuite is the JUnit suite of a fuzz comparison: one case for the
// whole run (failing with failure, nil when all agreed), then one failing
// case per kept example; failType names what disagreed.
func fuzzSuite(name, failType string, fz *FuzzReport, failure *JUnitFailure, title string) JUnitSuite {
	s := JUnitSuite{Name: name}
	if failure != nil {
		failure.Type = failType
	}
	s.add(JUnitCase{Name: title, ClassName: "regress.fuzz", Failure: failure})
	for _, m := range fz.Examples {
		s.add(JUnitCase{Name: fmt.Sprintf("request #%d", m.Index), ClassName: "regress.fuzz",
			Failure: &JUnitFailure{Message: firstLine(m.Diff), Type: failType, Text: m.Request + "\n" + m.Diff}})
	}
	return s
}
