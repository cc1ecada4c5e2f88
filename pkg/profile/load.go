package profile

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
)

// LoadReport reads a saved JSON profile report (`llmbench profile --format
// json`) and checks it.
func LoadReport(path string) (*Report, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("profile report: %w", err)
	}
	return ParseReport(path, data)
}

// ParseReport decodes a JSON profile report and checks what a reader of it
// relies on: the schema, named variants, and shares that are percentages;
// name is used in errors.
func ParseReport(name string, data []byte) (*Report, error) {
	var r Report
	if err := json.Unmarshal(data, &r); err != nil {
		return nil, fmt.Errorf("profile report %s: malformed: %v", name, err)
	}
	if r.Schema != Schema {
		return nil, fmt.Errorf("profile report %s: schema %q, want %q", name, r.Schema, Schema)
	}
	if len(r.Variants) == 0 {
		return nil, fmt.Errorf("profile report %s: no variants", name)
	}
	pct := func(x float64) bool { return !math.IsNaN(x) && x >= 0 && x <= 100 }
	for i, v := range r.Variants {
		if v.Name == "" {
			return nil, fmt.Errorf("profile report %s: variants[%d] has no name", name, i)
		}
		for j, c := range v.Components {
			if c.Name == "" || !pct(c.Share) || !pct(c.CIPP) || c.Samples < 0 {
				return nil, fmt.Errorf("profile report %s: variants[%d].components[%d]: want a name, a share and ci_pp in 0-100 and samples >= 0", name, i, j)
			}
		}
	}
	for i, c := range r.Comparison {
		if c.Component == "" || !pct(c.Before) || !pct(c.After) {
			return nil, fmt.Errorf("profile report %s: comparison[%d]: want a component and before/after shares in 0-100", name, i)
		}
	}
	return &r, nil
}
