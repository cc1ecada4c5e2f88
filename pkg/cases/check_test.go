package cases

import (
	"context"
	"math"
	"strings"
	"testing"

	"github.com/llmbench/llmbench/pkg/completion"
)

func chunk(id string, created any) completion.Object {
	return completion.Object{{Key: "id", Value: id}, {Key: "created", Value: created}, {Key: "model", Value: "m"}}
}

func TestCheckPlaceholders(t *testing.T) {
	want := completion.Object{{Key: "chunks", Value: []any{chunk("<id>", "<created>"), chunk("<id>", "<created>")}}}
	tests := []struct {
		name     string
		got      []any
		wantDiff string // "" = pass
	}{
		{"one shared id", []any{chunk("chatcmpl-a", 1.0), chunk("chatcmpl-a", 2.0)}, ""},
		{"ids differ", []any{chunk("chatcmpl-a", 1.0), chunk("chatcmpl-b", 1.0)}, "chunks.1.id"},
		{"id without the chatcmpl- prefix", []any{chunk("a", 1.0), chunk("a", 1.0)}, "chunks.0.id"},
		{"created not an integer", []any{chunk("chatcmpl-a", 1.5), chunk("chatcmpl-a", 1.0)}, "chunks.0.created"},
		{"created a string", []any{chunk("chatcmpl-a", "1"), chunk("chatcmpl-a", 1.0)}, "chunks.0.created"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := &Case{ID: "x", Completion: true, Expect: want}
			out := Check(c, completion.Object{{Key: "chunks", Value: tt.got}})
			switch {
			case tt.wantDiff == "" && !out.Pass:
				t.Errorf("got diffs %q, want a pass", out.Diff())
			case tt.wantDiff != "" && !strings.Contains(out.Diff(), tt.wantDiff):
				t.Errorf("got diffs %q, want one at %s", out.Diff(), tt.wantDiff)
			}
		})
	}
}

func TestCheckPlaceholdersOnlyInResponses(t *testing.T) {
	// Outside response and chunks "<id>" is an ordinary string.
	c := &Case{ID: "x", Expect: completion.Object{{Key: "model", Value: "<id>"}}}
	out := Check(c, completion.Object{{Key: "model", Value: "chatcmpl-a"}})
	if out.Pass {
		t.Error("got a pass, want model compared literally")
	}
}

func TestCheckMissingCostMeansNone(t *testing.T) {
	resp := completion.Object{{Key: "id", Value: "<id>"}}
	c := &Case{ID: "x", Completion: true, Expect: completion.Object{{Key: "response", Value: resp}}}
	tests := []struct {
		name string
		cost any
		pass bool
	}{
		{"None", nil, true},
		{"a number", 0.5, false},
	}
	for _, tt := range tests {
		got := completion.Object{{Key: "response", Value: completion.Object{{Key: "id", Value: "chatcmpl-a"}}}, {Key: "cost", Value: tt.cost}}
		if out := Check(c, got); out.Pass != tt.pass {
			t.Errorf("%s: got pass=%v (%s), want %v", tt.name, out.Pass, out.Diff(), tt.pass)
		}
	}
}

func TestRunStreamErrorKeepsChunks(t *testing.T) {
	line := `{"id":"s","model":"gpt-4o","params":{"stream":true},"mock_response":"Exception: mock_streaming_error",` +
		`"expect":{"chunks":[]},"expect_error":{"type":"APIError","contains":"This is a mock error raised mid-stream"}}`
	c, err := ParseCase([]byte(line))
	if err != nil {
		t.Fatal(err)
	}
	v, err := completion.LookupVariant("optimized")
	if err != nil {
		t.Fatal(err)
	}
	if out := Run(context.Background(), v, completion.Options{}, c); !out.Pass {
		t.Errorf("got diffs %q, want a pass", out.Diff())
	}
}

func TestBlankGeneratedToolCallIDs(t *testing.T) {
	resp := func(id string) completion.Object {
		call := completion.Object{{Key: "id", Value: id}, {Key: "type", Value: "function"}}
		msg := completion.Object{{Key: "tool_calls", Value: []any{call}}}
		return completion.Object{{Key: "choices", Value: []any{completion.Object{{Key: "message", Value: msg}}}}}
	}
	tests := []struct {
		name      string
		a, b      string
		wantAlike bool
	}{
		{"two generated ids", "0f8fad5b-d9cb-469f-a165-70867728950e", "7c9e6679-7425-40de-944b-e07fc1f90ae7", true},
		{"given ids", "call_1", "call_2", false},
	}
	for _, tt := range tests {
		a, _ := completion.MarshalValue(blank(resp(tt.a)))
		b, _ := completion.MarshalValue(blank(resp(tt.b)))
		if alike := string(a) == string(b); alike != tt.wantAlike {
			t.Errorf("%s: got alike=%v (%s vs %s), want %v", tt.name, alike, a, b, tt.wantAlike)
		}
	}
}

func TestAgreement(t *testing.T) {
	resp := completion.Object{{Key: "choices", Value: []any{}}}
	tests := []struct {
		name  string
		a, b  completion.Object
		agree bool
	}{
		{"keys only one side gives are left out",
			completion.Object{{Key: "response", Value: resp}, {Key: "cost", Value: 0.5}, {Key: "optional_params", Value: completion.Object{}}},
			completion.Object{{Key: "response", Value: resp}, {Key: "cost", Value: 0.5}}, true},
		{"numbers compare by value",
			completion.Object{{Key: "optional_params", Value: completion.Object{{Key: "temperature", Value: completion.Float(1)}}}},
			completion.Object{{Key: "optional_params", Value: completion.Object{{Key: "temperature", Value: 1.0}}}}, true},
		{"-0 is 0",
			completion.Object{{Key: "optional_params", Value: completion.Object{{Key: "presence_penalty", Value: math.Copysign(0, -1)}}}},
			completion.Object{{Key: "optional_params", Value: completion.Object{{Key: "presence_penalty", Value: 0.0}}}}, true},
		{"a shared key that differs",
			completion.Object{{Key: "cost", Value: 0.5}},
			completion.Object{{Key: "cost", Value: 0.25}}, false},
		{"an error on one side only",
			completion.Object{{Key: "error", Value: completion.Object{{Key: "type", Value: "BadRequestError"}}}},
			completion.Object{{Key: "response", Value: resp}}, false},
	}
	for _, tt := range tests {
		a, b := Agreement(tt.a, tt.b)
		if (a == b) != tt.agree {
			t.Errorf("%s: Agreement = %s, %s; want agree=%v", tt.name, a, b, tt.agree)
		}
	}
}
