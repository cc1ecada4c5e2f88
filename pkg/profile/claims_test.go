package profile

import (
	"strings"
	"testing"
)

func TestValueRange(t *testing.T) {
	tests := []struct {
		in             Value
		wantLo, wantHi float64
		wantOK         bool
		wantErr        bool
	}{
		{in: "6.5%", wantLo: 6.5, wantHi: 6.5, wantOK: true},
		{in: "~0%", wantLo: 0, wantHi: 0, wantOK: true},
		{in: "~10-12%", wantLo: 10, wantHi: 12, wantOK: true},
		{in: "2 - 3 %", wantLo: 2, wantHi: 3, wantOK: true},
		{in: "<3%", wantLo: 0, wantHi: 3, wantOK: true},
		{in: ">= 40%", wantLo: 40, wantHi: 100, wantOK: true},
		{in: "6pp", wantLo: 6, wantHi: 6, wantOK: true},
		{in: "-2%", wantLo: -2, wantHi: -2, wantOK: true},
		{in: "", wantOK: false},
		{in: "lots", wantErr: true},
		{in: "12-10%", wantErr: true},
	}
	for _, tt := range tests {
		lo, hi, ok, err := tt.in.Range()
		if (err != nil) != tt.wantErr {
			t.Errorf("Value(%q).Range() error = %v, want error %v", tt.in, err, tt.wantErr)
			continue
		}
		if err == nil && (lo != tt.wantLo || hi != tt.wantHi || ok != tt.wantOK) {
			t.Errorf("Value(%q).Range() = %v, %v, %v, want %v, %v, %v", tt.in, lo, hi, ok, tt.wantLo, tt.wantHi, tt.wantOK)
		}
	}
}

func TestParseClaims(t *testing.T) {
	tests := []struct {
		name    string
		data    string
		wantErr string // "" means no error
	}{
		{name: "ok", data: `{"tolerance_pp": 0.5, "claims": [{"component": "provider_validation", "before": "6.5%", "after": 0}]}`},
		{name: "total", data: `{"claims": [{"component": "total", "improvement": "17-20%"}]}`},
		{name: "syntax error names the line", data: "{\"claims\": [\n{\"component\": }]}", wantErr: "malformed JSON: invalid character '}' looking for beginning of value (claims.json:2:15)"},
		{name: "unknown component", data: `{"claims": [{"component": "nope", "before": "1%"}]}`, wantErr: `unknown component "nope"`},
		{name: "unknown field", data: `{"claims": [{"component": "cost", "befor": "1%"}]}`, wantErr: `unknown field "befor"`},
		{name: "bad value", data: `{"claims": [{"component": "cost", "before": "much"}]}`, wantErr: `malformed claim value "much"`},
		{name: "no values", data: `{"claims": [{"component": "cost"}]}`, wantErr: "no before, after or improvement"},
		{name: "no claims", data: `{"claims": []}`, wantErr: "no claims"},
		{name: "empty", data: ``, wantErr: "empty claims file"},
		{name: "array value", data: `{"claims": [{"component": "cost", "before": [1, 2]}]}`, wantErr: "claim value must be"},
		{name: "bad tolerance", data: `{"tolerance_pp": -1, "claims": [{"component": "cost", "before": "1%"}]}`, wantErr: "tolerance_pp"},
		{name: "trailing data", data: `{"claims": [{"component": "cost", "before": "1%"}]} {}`, wantErr: "more data after the document (claims.json:1:53)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := ParseClaims("claims.json", []byte(tt.data))
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("ParseClaims: %v", err)
				}
				if c.Source != "claims.json" {
					t.Errorf("Source = %q, want claims.json", c.Source)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) || !strings.Contains(err.Error(), "(claims.json") {
				t.Errorf("ParseClaims error = %v, want one naming claims.json and containing %q", err, tt.wantErr)
			}
		})
	}
}

func TestSummaryClaimsParse(t *testing.T) {
	for _, c := range SummaryClaims().Claims {
		for _, v := range []Value{c.Before, c.After, c.Improvement} {
			if _, _, ok, err := v.Range(); err != nil || !ok {
				t.Errorf("summary claim %s value %q: ok %v, err %v", c.Component, v, ok, err)
			}
		}
	}
}

func TestJudge(t *testing.T) {
	tests := []struct {
		lo, hi, a, b float64
		want         Verdict
	}{
		{lo: 5, hi: 7, a: 4, b: 8, want: Holds},
		{lo: 5, hi: 9, a: 4, b: 8, want: NotDecidable},
		{lo: 9, hi: 10, a: 4, b: 8, want: DoesNotHold},
		{lo: 1, hi: 3, a: 4, b: 8, want: DoesNotHold},
		{lo: 3, hi: 9, a: 4, b: 8, want: NotDecidable},
	}
	for _, tt := range tests {
		if got := judge(tt.lo, tt.hi, tt.a, tt.b); got != tt.want {
			t.Errorf("judge([%v, %v] vs [%v, %v]) = %q, want %q", tt.lo, tt.hi, tt.a, tt.b, got, tt.want)
		}
	}
	combos := []struct {
		in   []Verdict
		want Verdict
	}{
		{[]Verdict{Holds, Holds, Unchecked}, Holds},
		{[]Verdict{Holds, NotDecidable, Holds}, NotDecidable},
		{[]Verdict{NotDecidable, DoesNotHold, Holds}, DoesNotHold},
		{[]Verdict{Unchecked, Unchecked}, Unchecked},
	}
	for _, tt := range combos {
		if got := combine(tt.in...); got != tt.want {
			t.Errorf("combine(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// FuzzParseClaims: any claims file gives claims whose every value parses,
// or one line naming the file in JSON's terms.
func FuzzParseClaims(f *testing.F) {
	f.Add([]byte(`{"tolerance_pp": 0.5, "claims": [{"component": "provider_validation", "before": "6.5%", "after": 0}]}`))
	f.Add([]byte(`{"claims": [{"component": "total", "improvement": "17-20%"}]}`))
	f.Add([]byte(`{"claims": [{"component": "cost", "before": [1]}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := ParseClaims("claims.json", data)
		if err != nil {
			if !strings.Contains(err.Error(), "(claims.json") || strings.Contains(err.Error(), "\n") || strings.Contains(err.Error(), "Go ") {
				t.Fatalf("error %q: want one line naming claims.json in JSON's terms", err)
			}
			return
		}
		for _, cl := range c.Claims {
			for _, v := range []Value{cl.Before, cl.After, cl.Improvement} {
				if _, _, _, err := v.Range(); err != nil {
					t.Fatalf("accepted claim %+v has a bad value: %v", cl, err)
				}
			}
		}
	})
}
