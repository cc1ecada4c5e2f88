package cases

import (
	"errors"
	"strings"
	"testing"

	"github.com/llmbench/llmbench/pkg/infile"
)

func TestParseReportsFileAndLine(t *testing.T) {
	tests := []struct {
		name, data string
		line       int
		want       string
	}{
		{"malformed JSON", `{"id":"a","model":"gpt-4o","expect":{}}` + "\n{not json\n", 2, "malformed JSON"},
		{"wrong param type", `{"id":"a","model":"gpt-4o","params":{"temperature":"hot"},"expect":{}}`, 1, "temperature must be a number"},
		{"no id", `{"model":"gpt-4o","expect":{}}`, 1, "case has no id"},
		{"no model", `{"id":"a","expect":{}}`, 1, "has no model"},
		{"no expectation", `{"id":"a","model":"gpt-4o"}`, 1, "neither expect nor expect_error"},
		{"duplicate id", `{"id":"a","model":"gpt-4o","expect":{}}` + "\n" + `{"id":"a","model":"gpt-4o","expect":{}}`, 2, "duplicate case id"},
		{"unknown stage", `{"id":"a","model":"gpt-4o","stage":"nope","expect":{}}`, 1, "unknown stage"},
		{"unknown setting", `{"id":"a","model":"gpt-4o","settings":{"x":1},"expect":{}}`, 1, "unknown setting"},
		{"not an object", `[1,2]`, 1, "must be a JSON object"},
		{"too deep", `{"id":"a","model":"gpt-4o","expect":` + strings.Repeat("[", 2000) + strings.Repeat("]", 2000) + `}`, 1, "nested more than 1000 levels deep"},
		{"number out of range", `{"id":"a","model":"gpt-4o","params":{"temperature":1e999},"expect":{}}`, 1, "number 1e999 is out of range"},
		{"line too long", `{"id":"a","model":"gpt-4o","params":{"user":"` + strings.Repeat("x", infile.MaxLine) + `"},"expect":{}}`, 1, "line longer than the 1 MiB limit"},
		{"line too long after others", `{"id":"a","model":"gpt-4o","expect":{}}` + "\n" + strings.Repeat("x", 3*infile.MaxLine), 2, "line longer than the 1 MiB limit"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("cases.jsonl", strings.NewReader(tt.data))
			var ie *infile.Error
			if !errors.As(err, &ie) {
				t.Fatalf("Parse error = %v, want an *infile.Error", err)
			}
			if ie.File != "cases.jsonl" || ie.Line != tt.line || !strings.Contains(ie.Err.Error(), tt.want) {
				t.Errorf("Parse error = %.200v, want ...%s... (cases.jsonl:%d)", err, tt.want, tt.line)
			}
		})
	}
}

func TestParseFields(t *testing.T) {
	data := `# a comment line

{"id":"x","model":"gpt-4o","custom_llm_provider":null,"params":{"temperature":0.2,"top_k":2},"drop_params":true,` +
		`"additional_drop_params":["seed"],"allowed_openai_params":null,"settings":{"drop_params":true,"custom_provider_map":["custom_llm"]},` +
		`"stage":"map_openai_params","optional_params_in":{"a":1},"keys_present":["a.b"],"keys_absent":["c"],` +
		`"expect":{"optional_params":{}},"partial":true}
{"id":"y","model":"gpt-4o","params":{},"mock_response":"Hi","expect_error":{"type":"RateLimitError","contains":"mock"}}`
	cs, err := Parse("f.jsonl", strings.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) != 2 {
		t.Fatalf("Parse: got %d cases, want 2", len(cs))
	}
	x, y := cs[0], cs[1]
	if x.Line != 3 || !x.Partial || x.Stage != "map_openai_params" || !x.DropParamsSetting ||
		len(x.CustomProviders) != 1 || x.Request.DropParams == nil || !*x.Request.DropParams ||
		len(x.Request.AdditionalDropParams) != 1 || x.Request.AllowedOpenAIParams != nil ||
		len(x.KeysPresent) != 1 || len(x.KeysAbsent) != 1 || x.Completion || !x.Request.Extras.Has("top_k") {
		t.Errorf("case x parsed as %+v", x)
	}
	if !y.Completion || y.ExpectError == nil || y.ExpectError.Type != "RateLimitError" || y.Request.MockResponse != "Hi" {
		t.Errorf("case y parsed as %+v", y)
	}
}
