package regress

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
)

// LoadReport reads a saved JSON regress report (`llmbench regress --format
// json`) and checks it.
func LoadReport(path string) (*Report, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("regress report: %w", err)
	}
	return ParseReport(path, data)
}

// ParseReport decodes a JSON regress report and checks what a reader of it
// relies on: the schema, case counts that add up, and named performance
// rows; name is used in errors.
func ParseReport(name string, data []byte) (*Report, error) {
	var r Report
	if err := json.Unmarshal(data, &r); err != nil {
		return nil, fmt.Errorf("regress report %s: malformed: %v", name, err)
	}
	if r.Schema != Schema {
		return nil, fmt.Errorf("regress report %s: schema %q, want %q", name, r.Schema, Schema)
	}
	c := r.Cases
	if c.Total < 0 || c.Passed < 0 || c.Failed < 0 || c.Known < 0 || c.Passed+c.Failed+c.Known != c.Total {
		return nil, fmt.Errorf("regress report %s: cases: passed %d + failed %d + known %d is not total %d", name, c.Passed, c.Failed, c.Known, c.Total)
	}
	if p := r.Perf; p != nil {
		for i, v := range p.Variants {
			if v.Name == "" {
				return nil, fmt.Errorf("regress report %s: perf.variants[%d] has no name", name, i)
			}
			if !positive(v.Baseline.Median) || !positive(v.Current.Median) {
				return nil, fmt.Errorf("regress report %s: perf.variants[%d] (%s) lacks a baseline or current median", name, i, v.Name)
			}
		}
	}
	return &r, nil
}

func positive(f float64) bool { return f > 0 && !math.IsInf(f, 0) }
