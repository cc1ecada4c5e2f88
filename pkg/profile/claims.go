package profile

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/llmbench/llmbench/pkg/infile"
)

// Claims are published estimates of per-component CPU shares, checked
// against measured ones.
type Claims struct {
	// Source names where the claims come from (a file, or "built-in").
	Source string `json:"source,omitempty"`
	// TolerancePP widens every claimed range by this many percentage
	// points on both sides (estimates are rounded); default 1.
	TolerancePP *float64 `json:"tolerance_pp,omitempty"`
	Claims      []Claim  `json:"claims"`
}

// A Claim is one row of a before/after table: a component's share of
// pipeline CPU before and after a change, and the improvement in
// percentage points. Values are strings such as "6.5%", "~0%", "10-12%",
// "<3%" or plain numbers (percent); an empty value is not checked.
type Claim struct {
	// Component is a stage name (see Stages) or "total" (the union of the
	// hot spots).
	Component string `json:"component"`
	// Label is the component's name in the claim's source; default
	// Component.
	Label       string `json:"label,omitempty"`
	Before      Value  `json:"before,omitempty"`
	After       Value  `json:"after,omitempty"`
	Improvement Value  `json:"improvement,omitempty"`
}

// A Value is a claimed percentage or range of percentages, as written.
type Value string

// UnmarshalJSON accepts a string or a number.
func (v *Value) UnmarshalJSON(data []byte) error {
	var s string
	if err := json.Unmarshal(data, &s); err == nil {
		*v = Value(s)
		return nil
	}
	var f float64
	if err := json.Unmarshal(data, &f); err != nil {
		return fmt.Errorf("claim value must be a string like \"6.5%%\" or \"10-12%%\", or a number, got %s", data)
	}
	*v = Value(strconv.FormatFloat(f, 'f', -1, 64) + "%")
	return nil
}

// Range parses v into the range of percentages it claims: "6.5%" and
// "~6.5%" are [6.5, 6.5], "10-12%" is [10, 12], "<3%" is [0, 3], ">3%" is
// [3, 100]. ok is false for an empty value.
func (v Value) Range() (lo, hi float64, ok bool, err error) {
	s := strings.TrimSpace(string(v))
	if s == "" {
		return 0, 0, false, nil
	}
	s = strings.TrimSuffix(strings.TrimSpace(strings.TrimSuffix(s, "pp")), "%")
	s = strings.TrimSpace(strings.TrimPrefix(s, "~"))
	num := func(t string) (float64, error) {
		f, err := strconv.ParseFloat(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(t), "%")), 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			return 0, fmt.Errorf("malformed claim value %q (want e.g. \"6.5%%\", \"~0%%\", \"10-12%%\", \"<3%%\")", string(v))
		}
		return f, nil
	}
	switch {
	case strings.HasPrefix(s, "<="), strings.HasPrefix(s, "<"):
		hi, err = num(strings.TrimLeft(s, "<="))
		return 0, hi, err == nil, err
	case strings.HasPrefix(s, ">="), strings.HasPrefix(s, ">"):
		lo, err = num(strings.TrimLeft(s, ">="))
		return lo, 100, err == nil, err
	}
	if i := strings.Index(s[min(1, len(s)):], "-"); i >= 0 { // a range; a leading '-' is a sign
		i++
		if lo, err = num(s[:i]); err == nil {
			hi, err = num(s[i+1:])
		}
		if err == nil && lo > hi {
			err = fmt.Errorf("claim range %q runs backwards", string(v))
		}
		return lo, hi, err == nil, err
	}
	lo, err = num(s)
	return lo, lo, err == nil, err
}

// DefaultTolerancePP is the default Claims.TolerancePP.
const DefaultTolerancePP = 1.0

// Tolerance returns the claims' tolerance in percentage points.
func (c *Claims) Tolerance() float64 {
	if c == nil || c.TolerancePP == nil {
		return DefaultTolerancePP
	}
	return *c.TolerancePP
}

// SummaryClaims returns the optimization summary's table ("Expected
// Performance Improvements"): the built-in claims.
func SummaryClaims() *Claims {
	return &Claims{Source: "optimization summary", Claims: []Claim{
		{Component: "provider_validation", Label: "LlmProviders enum validation", Before: "6.5%", After: "~0%", Improvement: "6.5%"},
		{Component: "get_optional_params", Label: "get_optional_params()", Before: "18.6%", After: "~10-12%", Improvement: "6-8%"},
		{Component: "pre_process_non_default_params", Label: "pre_process_non_default_params()", Before: "7.7%", After: "~2-3%", Improvement: "4-5%"},
		{Component: Total, Label: "Total", Before: "32.8%", After: "~12-15%", Improvement: "17-20%"},
	}}
}

// LoadClaims reads a claims file (see ParseClaims).
func LoadClaims(path string) (*Claims, error) {
	return infile.Load(path, func(name string, data []byte) (*Claims, error) { return ParseClaims(name, data) })
}

// ParseClaims decodes a claims file:
//
//	{"tolerance_pp": 1,
//	 "claims": [
//	   {"component": "provider_validation", "label": "LlmProviders enum validation",
//	    "before": "6.5%", "after": "~0%", "improvement": "6.5%"},
//	   {"component": "total", "before": "32.8%", "after": "12-15%"}]}
//
// component must be one of stages or "total"; at least one of before, after
// and improvement must be given. Errors name the file (and the line of a
// JSON syntax error).
func ParseClaims(name string, data []byte, stages ...Stage) (*Claims, error) {
	if stages == nil {
		stages = Stages()
	}
	fail := func(format string, args ...any) (*Claims, error) {
		return nil, infile.Errorf(name, 0, format, args...)
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return fail("empty claims file")
	}
	var c Claims
	if err := infile.DecodeJSON(name, data, &c, true); err != nil {
		return nil, err
	}
	if len(c.Claims) == 0 {
		return fail("no claims (want {\"claims\": [{\"component\": ..., \"before\": ..., \"after\": ...}]})")
	}
	if c.TolerancePP != nil && (*c.TolerancePP < 0 || *c.TolerancePP > 100) {
		return fail("tolerance_pp must be between 0 and 100")
	}
	for i, cl := range c.Claims {
		if cl.Component != Total && stageIndex(stages, cl.Component) < 0 {
			names := make([]string, 0, len(stages)+1)
			for _, s := range stages {
				names = append(names, s.Name)
			}
			return fail("claims[%d]: unknown component %q: want one of %s, %s", i, cl.Component,
				strings.Join(names, ", "), Total)
		}
		given := 0
		for _, v := range []Value{cl.Before, cl.After, cl.Improvement} {
			_, _, ok, err := v.Range()
			if err != nil {
				return fail("claims[%d] (%s): %v", i, cl.Component, err)
			}
			if ok {
				given++
			}
		}
		if given == 0 {
			return fail("claims[%d] (%s): no before, after or improvement value", i, cl.Component)
		}
	}
	c.Source = name
	return &c, nil
}

// A Verdict is the outcome of checking a claim against a measurement.
type Verdict string

// The verdicts. A claimed range (widened by the tolerance) holds when the
// measured 95% interval lies inside it, does not hold when the interval
// lies outside it, and is not decidable at this sample size when the
// interval straddles one of its ends.
const (
	Holds        Verdict = "holds"
	DoesNotHold  Verdict = "does not hold"
	NotDecidable Verdict = "not decidable"
	// Unchecked is the verdict of a part with no claimed value.
	Unchecked Verdict = ""
)

// judge compares the measured interval [lo, hi] with the claimed range
// [a, b].
func judge(lo, hi, a, b float64) Verdict {
	switch {
	case hi < a || lo > b:
		return DoesNotHold
	case lo >= a && hi <= b:
		return Holds
	}
	return NotDecidable
}

// combine merges the verdicts of a claim's parts: any part that does not
// hold fails the claim; all parts must hold for it to hold.
func combine(vs ...Verdict) Verdict {
	out := Unchecked
	for _, v := range vs {
		switch v {
		case DoesNotHold:
			return DoesNotHold
		case NotDecidable:
			out = NotDecidable
		case Holds:
			if out == Unchecked {
				out = Holds
			}
		}
	}
	return out
}
