package regress

import (
	"math"

	"github.com/llmbench/llmbench/pkg/infile"
)

// LoadReport reads a saved JSON regress report (`llmbench regress --format
// json`) and checks it.
func LoadReport(path string) (*Report, error) {
	return infile.Load(path, ParseReport)
}

// ParseReport decodes a JSON regress report and checks what a reader of it
// relies on: the schema, case counts that add up, and named performance
// rows; name is used in errors.
func ParseReport(name string, data []byte) (*Report, error) {
	var r Report
	if err := infile.DecodeJSON(name, data, &r, false); err != nil {
		return nil, err
	}
	if r.Schema != Schema {
		return nil, infile.Errorf(name, 0, "not a regress report: schema %q, want %q", r.Schema, Schema)
	}
	c := r.Cases
	if c.Total < 0 || c.Passed < 0 || c.Failed < 0 || c.Known < 0 || c.Passed+c.Failed+c.Known != c.Total {
		return nil, infile.Errorf(name, 0, "cases: passed %d + failed %d + known %d is not total %d", c.Passed, c.Failed, c.Known, c.Total)
	}
	if p := r.Perf; p != nil {
		for i, v := range p.Variants {
			if v.Name == "" {
				return nil, infile.Errorf(name, 0, "perf.variants[%d] has no name", i)
			}
			if !positive(v.Baseline.Median) || !positive(v.Current.Median) {
				return nil, infile.Errorf(name, 0, "perf.variants[%d] (%s) lacks a baseline or current median", i, v.Name)
			}
		}
	}
	return &r, nil
}

func positive(f float64) bool { return f > 0 && !math.IsInf(f, 0) }
