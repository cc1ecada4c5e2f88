package profile

import (
	"math"

	"github.com/llmbench/llmbench/pkg/infile"
)

// LoadReport reads a saved JSON profile report (`llmbench profile --format
// json`) and checks it.
func LoadReport(path string) (*Report, error) {
	return infile.Load(path, ParseReport)
}

// ParseReport decodes a JSON profile report and checks what a reader of it
// relies on: the schema, named variants, and shares that are percentages;
// name is used in errors.
func ParseReport(name string, data []byte) (*Report, error) {
	var r Report
	if err := infile.DecodeJSON(name, data, &r, false); err != nil {
		return nil, err
	}
	if r.Schema != Schema {
		return nil, infile.Errorf(name, 0, "not a profile report: schema %q, want %q", r.Schema, Schema)
	}
	if len(r.Variants) == 0 {
		return nil, infile.Errorf(name, 0, "no variants")
	}
	pct := func(x float64) bool { return !math.IsNaN(x) && x >= 0 && x <= 100 }
	for i, v := range r.Variants {
		if v.Name == "" {
			return nil, infile.Errorf(name, 0, "variants[%d] has no name", i)
		}
		for j, c := range v.Components {
			if c.Name == "" || !pct(c.Share) || !pct(c.CIPP) || c.Samples < 0 {
				return nil, infile.Errorf(name, 0, "variants[%d].components[%d]: want a name, a share and ci_pp in 0-100 and samples >= 0", i, j)
			}
		}
	}
	for i, c := range r.Comparison {
		if c.Component == "" || !pct(c.Before) || !pct(c.After) {
			return nil, infile.Errorf(name, 0, "comparison[%d]: want a component and before/after shares in 0-100", i)
		}
	}
	return &r, nil
}
