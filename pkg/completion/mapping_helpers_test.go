package completion

import (
	"encoding/json"
	"reflect"
	"testing"
)

// mapCase is one get_optional_params call for the mapping tests: a request
// (JSON, as llmbench inspect takes it) and either the expected optional
// params (JSON) or a substring of the expected error.
type mapCase struct {
	name     string
	request  string
	settings Settings
	want     string // expected optional params as JSON; "" when an error is expected
	wantErr  string // substring of the error message
}

// runMapCases runs each case through get_optional_params in every built-in
// variant, as the conformance cases do (no stream argument: stream=False).
func runMapCases(t *testing.T, tests []mapCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, v := range []*Variant{Baseline, Optimized} {
				req, err := DecodeRequest([]byte(tt.request))
				if err != nil {
					t.Fatalf("DecodeRequest(%s): %v", tt.request, err)
				}
				p := NewPipeline(v, Options{Settings: tt.settings})
				_, got, err := p.OptionalParams(req)
				checkOpt(t, v.Name, got, err, tt.want, tt.wantErr)
			}
		})
	}
}

func checkOpt(t *testing.T, variant string, got Object, err error, want, wantErr string) {
	t.Helper()
	if wantErr != "" {
		if err == nil {
			b, _ := MarshalValue(got)
			t.Fatalf("%s: got optional params %s, want error containing %q", variant, b, wantErr)
		}
		if !containsStr(err.Error(), wantErr) {
			t.Fatalf("%s: got error %q, want it to contain %q", variant, err, wantErr)
		}
		return
	}
	if err != nil {
		t.Fatalf("%s: got error %v, want %s", variant, err, want)
	}
	b, mErr := MarshalValue(got)
	if mErr != nil {
		t.Fatalf("%s: marshal: %v", variant, mErr)
	}
	if !jsonEqual(t, string(b), want) {
		t.Errorf("%s: got %s, want %s", variant, b, want)
	}
}

func jsonEqual(t *testing.T, a, b string) bool {
	t.Helper()
	var x, y any
	if err := json.Unmarshal([]byte(a), &x); err != nil {
		t.Fatalf("bad JSON %s: %v", a, err)
	}
	if err := json.Unmarshal([]byte(b), &y); err != nil {
		t.Fatalf("bad JSON %s: %v", b, err)
	}
	return reflect.DeepEqual(x, y)
}

func containsStr(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return true
		}
	}
	return false
}

// weatherTool is the OpenAI function tool most mapping tests use.
const weatherTool = `{"type":"function","function":{"name":"get_weather","description":"Get the weather",` +
	`"parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}}`
