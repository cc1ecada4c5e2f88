package completion

import "testing"

func TestMistralOptionalParams(t *testing.T) {
	runOptCases(t, []optCase{
		{name: "stream false not emitted",
			req:  `{"model":"mistral/mistral-large-latest","max_completion_tokens":5,"temperature":0.2}`,
			want: `{"max_tokens":5,"temperature":0.2}`},
		{name: "stream true emitted",
			req:  `{"model":"mistral/mistral-large-latest","stream":true,"stream_options":{"include_usage":true}}`,
			want: `{"stream":true}`},
		{name: "required becomes any",
			req:  `{"model":"mistral/mistral-large-latest","tools":[` + tool + `],"tool_choice":"required"}`,
			want: `{"tools":[` + tool + `],"tool_choice":"any"}`},
		{name: "none kept",
			req:  `{"model":"mistral/mistral-large-latest","tools":[` + tool + `],"tool_choice":"none"}`,
			want: `{"tools":[` + tool + `],"tool_choice":"none"}`},
		{name: "object tool_choice dropped",
			req:  `{"model":"mistral/mistral-large-latest","tools":[` + tool + `],"tool_choice":{"type":"function","function":{"name":"get_weather"}}}`,
			want: `{"tools":[` + tool + `]}`},
		{name: "seed becomes random_seed",
			req:  `{"model":"mistral/mistral-large-latest","seed":42}`,
			want: `{"extra_body":{"random_seed":42}}`},
		{name: "codestral is openai-compatible",
			req:  `{"model":"codestral/codestral-latest","seed":42,"top_k":3}`,
			want: `{"extra_body":{"random_seed":42,"top_k":3}}`},
		{name: "magistral reasoning flag",
			req:  `{"model":"mistral/magistral-medium-latest","reasoning_effort":"high"}`,
			want: `{"_add_reasoning_prompt":true}`},
		{name: "reasoning rejected elsewhere",
			req:     `{"model":"mistral/mistral-large-latest","reasoning_effort":"low"}`,
			wantErr: "mistral does not support parameters: ['reasoning_effort']"},
		{name: "tool schema refs removed",
			req:  `{"model":"mistral/mistral-large-latest","tools":[{"type":"function","function":{"name":"f","parameters":{"$schema":"x","$id":"y","type":"object"}}}]}`,
			want: `{"tools":[{"type":"function","function":{"name":"f","parameters":{"type":"object"}}}]}`},
	})
}

func TestMistralToolChoice(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"auto", "auto"}, {"none", "none"}, {"required", "any"}, {"something", "any"},
	} {
		if got := mistralToolChoice(tc.in); got != tc.want {
			t.Errorf("mistralToolChoice(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestIsMistralReasoningModel(t *testing.T) {
	for _, tc := range []struct {
		model string
		want  bool
	}{
		{"magistral-medium-latest", true}, {"Magistral-small-2506", true}, {"mistral-large-latest", false}, {"", false},
	} {
		if got := isMistralReasoningModel(tc.model); got != tc.want {
			t.Errorf("isMistralReasoningModel(%q) = %v, want %v", tc.model, got, tc.want)
		}
	}
}
