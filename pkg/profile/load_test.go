package profile

import (
	"bytes"
	"strings"
	"testing"
)

func TestParseReportRoundTrip(t *testing.T) {
	rep, err := Analyze(syntheticRun(t), AnalyzeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := Render(&b, rep, "json"); err != nil {
		t.Fatal(err)
	}
	got, err := ParseReport("p.json", b.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	var again bytes.Buffer
	if err := Render(&again, got, "json"); err != nil {
		t.Fatal(err)
	}
	if again.String() != b.String() {
		t.Errorf("re-rendered report differs from the saved one:\n%s\nwant\n%s", again.String(), b.String())
	}
}

func TestParseReportErrors(t *testing.T) {
	tests := []struct{ name, data, want string }{
		{"not json", "{", "malformed JSON: unexpected end of input (p.json:1:2)"},
		{"wrong schema", `{"schema": "llmbench.bench/v1"}`, `schema "llmbench.bench/v1", want "llmbench.profile/v1"`},
		{"no variants", `{"schema": "llmbench.profile/v1"}`, "no variants"},
		{"no name", `{"schema": "llmbench.profile/v1", "variants": [{}]}`, "variants[0] has no name"},
		{"share", `{"schema": "llmbench.profile/v1", "variants": [{"name": "b", "components": [{"name": "cost", "share": 120}]}]}`, "variants[0].components[0]"},
		{"comparison", `{"schema": "llmbench.profile/v1", "variants": [{"name": "b"}], "comparison": [{"component": "cost", "before": -1}]}`, "comparison[0]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := ParseReport("p.json", []byte(tt.data)); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("ParseReport(%s) = %v, want an error containing %q", tt.data, err, tt.want)
			}
		})
	}
}
