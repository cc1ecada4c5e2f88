package regress

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"strings"
)

// BenchSchema is the schema name of a saved `bench --out` result;
// BenchSchemaV1 files (before each variant listed its changes) are read
// alike.
const (
	BenchSchema   = "llmbench.bench/v2"
	BenchSchemaV1 = "llmbench.bench/v1"
)

// A BenchFile is the part of a saved bench result (DESIGN §3, schema
// "llmbench.bench/v1") that the performance gate reads. Config is kept raw:
// it is handed back to a Runner to re-run the same configuration.
type BenchFile struct {
	Schema string          `json:"schema"`
	Env    BenchEnv        `json:"env"`
	Config json.RawMessage `json:"config"`
	// Workload describes the workload that ran (name, templates); a re-run
	// must describe it the same way.
	Workload   json.RawMessage `json:"workload,omitempty"`
	Variants   []BenchVariant  `json:"variants"`
	Comparison json.RawMessage `json:"comparison,omitempty"`
}

// BenchEnv is the part of a bench result's env the gate reads.
type BenchEnv struct {
	GOMAXPROCS int `json:"gomaxprocs"`
}

// A BenchVariant is one variant's measurements in a bench result.
type BenchVariant struct {
	Name    string   `json:"name"`
	NsPerOp Estimate `json:"ns_per_op"`
	// CPUNsPerOp is the process CPU time per call; a zero median means the
	// platform could not tell.
	CPUNsPerOp Estimate `json:"cpu_ns_per_op"`
	// SamplesStretch are, per batch, wall time x parallelism / CPU time:
	// how much waiting for a core stretched the batch (see comparePerf).
	SamplesStretch []float64 `json:"samples_stretch"`
	RPS            float64   `json:"rps"`
	AllocsPerOp    float64   `json:"allocs_per_op"`
	BytesPerOp     float64   `json:"bytes_per_op"`
	SamplesNsPerOp []float64 `json:"samples_ns_per_op"`
}

// An Estimate is a median with its 95% confidence interval. A bound that
// needs more samples is infinite (null in JSON), as bench writes it.
type Estimate struct {
	Median float64 `json:"median"`
	CILow  float64 `json:"ci_low"`
	CIHigh float64 `json:"ci_high"`
}

type estimateJSON struct {
	Median *float64 `json:"median"`
	CILow  *float64 `json:"ci_low"`
	CIHigh *float64 `json:"ci_high"`
}

// MarshalJSON writes infinite bounds as null.
func (e Estimate) MarshalJSON() ([]byte, error) {
	fin := func(x float64) *float64 {
		if !finite(x) {
			return nil
		}
		return &x
	}
	return json.Marshal(estimateJSON{fin(e.Median), fin(e.CILow), fin(e.CIHigh)})
}

// UnmarshalJSON reads null bounds as infinite; a missing median is NaN.
func (e *Estimate) UnmarshalJSON(data []byte) error {
	var j estimateJSON
	if err := json.Unmarshal(data, &j); err != nil {
		return err
	}
	*e = Estimate{Median: math.NaN(), CILow: math.Inf(-1), CIHigh: math.Inf(1)}
	if j.Median != nil {
		e.Median = *j.Median
	}
	if j.CILow != nil {
		e.CILow = *j.CILow
	}
	if j.CIHigh != nil {
		e.CIHigh = *j.CIHigh
	}
	return nil
}

// Variant returns the named variant's measurements, nil when absent.
func (b *BenchFile) Variant(name string) *BenchVariant {
	for i := range b.Variants {
		if b.Variants[i].Name == name {
			return &b.Variants[i]
		}
	}
	return nil
}

// ErrBadBaseline is wrapped by every error about a malformed or unusable
// baseline file.
var ErrBadBaseline = errors.New("bad baseline")

// A BaselineError reports a baseline file that cannot be used: malformed,
// of the wrong schema, or recorded with a different configuration. Its
// message is one line naming the file.
type BaselineError struct {
	File string
	Msg  string
}

// Error returns "baseline FILE: message".
func (e *BaselineError) Error() string { return "baseline " + e.File + ": " + e.Msg }

// Unwrap makes errors.Is(err, ErrBadBaseline) hold.
func (e *BaselineError) Unwrap() error { return ErrBadBaseline }

// LoadBaseline reads and validates a saved bench result.
func LoadBaseline(path string) (*BenchFile, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, &BaselineError{File: path, Msg: "cannot read: " + err.Error()}
	}
	return ParseBaseline(path, data)
}

// ParseBaseline decodes and validates a saved bench result; name is used in
// errors.
func ParseBaseline(name string, data []byte) (*BenchFile, error) {
	bad := func(format string, args ...any) error {
		return &BaselineError{File: name, Msg: strings.ReplaceAll(fmt.Sprintf(format, args...), "\n", " ")}
	}
	var probe struct {
		Schema *string `json:"schema"`
	}
	if err := json.Unmarshal(data, &probe); err != nil {
		return nil, bad("not a bench result (malformed JSON: %v)", err)
	}
	if probe.Schema == nil {
		return nil, bad("not a bench result: no \"schema\" (want %q; write one with `llmbench bench --out FILE`)", BenchSchema)
	}
	if *probe.Schema != BenchSchema && *probe.Schema != BenchSchemaV1 {
		return nil, bad("schema %q, want %q", *probe.Schema, BenchSchema)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	var b BenchFile
	if err := dec.Decode(&b); err != nil {
		return nil, bad("malformed bench result: %v", err)
	}
	if len(b.Config) == 0 || b.Config[0] != '{' {
		return nil, bad("no \"config\" object: cannot re-run the same configuration")
	}
	if len(b.Variants) == 0 {
		return nil, bad("no variants")
	}
	seen := map[string]bool{}
	for i, v := range b.Variants {
		switch {
		case v.Name == "":
			return nil, bad("variants[%d] has no name", i)
		case seen[v.Name]:
			return nil, bad("variant %q listed twice", v.Name)
		case !positive(v.NsPerOp.Median):
			return nil, bad("variant %q: ns_per_op.median must be a positive number", v.Name)
		case v.NsPerOp.CILow > v.NsPerOp.Median || v.NsPerOp.CIHigh < v.NsPerOp.Median:
			return nil, bad("variant %q: ns_per_op [ci_low, ci_high] does not hold the median", v.Name)
		case !finite(v.AllocsPerOp) || v.AllocsPerOp < 0:
			return nil, bad("variant %q: allocs_per_op must be a non-negative number", v.Name)
		case len(v.SamplesNsPerOp) == 0:
			return nil, bad("variant %q: no samples_ns_per_op", v.Name)
		}
		for _, s := range v.SamplesNsPerOp {
			if !positive(s) {
				return nil, bad("variant %q: samples_ns_per_op holds %v, want positive numbers", v.Name, s)
			}
		}
		seen[v.Name] = true
	}
	return &b, nil
}

func finite(f float64) bool   { return !math.IsNaN(f) && !math.IsInf(f, 0) }
func positive(f float64) bool { return finite(f) && f > 0 }
