package completion

import "testing"

func TestGroqOptionalParams(t *testing.T) {
	schema := `{"type":"object","properties":{"name":{"type":"string"}}}`
	runOptCases(t, []optCase{
		{name: "json_object fakes streaming",
			req:  `{"model":"groq/llama3-8b-8192","response_format":{"type":"json_object"}}`,
			want: `{"fake_stream":true,"response_format":{"type":"json_object"},"stream":false,"extra_body":{}}`},
		{name: "json_schema becomes a forced tool",
			req: `{"model":"groq/llama-3.3-70b-versatile","response_format":{"type":"json_schema","json_schema":{"name":"p","schema":` + schema + `}}}`,
			want: `{"fake_stream":true,"json_mode":true,"tools":[{"type":"function","function":{"name":"json_tool_call","parameters":` + schema + `}}],` +
				`"tool_choice":{"type":"function","function":{"name":"json_tool_call"}},"stream":false,"extra_body":{}}`},
		{name: "max_completion_tokens renamed",
			req:  `{"model":"groq/llama3-8b-8192","max_completion_tokens":50}`,
			want: `{"max_tokens":50,"stream":false,"extra_body":{}}`},
		{name: "user dropped silently",
			req:  `{"model":"groq/llama3-8b-8192","user":"u1"}`,
			want: `{"stream":false,"extra_body":{}}`},
		{name: "reasoning_effort needs a reasoning model",
			req:     `{"model":"groq/llama3-8b-8192","reasoning_effort":"low"}`,
			wantErr: "groq does not support parameters: ['reasoning_effort']"},
		{name: "max_retries not supported but never reported",
			req:  `{"model":"groq/llama3-8b-8192","max_retries":3}`,
			want: `{"stream":false,"extra_body":{}}`},
	})
}

func TestResponseFormatSchema(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{`{"type":"json_object"}`, `null`},
		{`{"type":"json_schema","json_schema":{"schema":{"a":1}}}`, `{"a":1}`},
		{`{"response_schema":{"b":2},"json_schema":{"schema":{"a":1}}}`, `{"b":2}`},
		{`"text"`, `null`},
	} {
		in, _ := DecodeValue([]byte(tc.in))
		got, _ := MarshalValue(responseFormatSchema(in))
		if string(got) != tc.want {
			t.Errorf("responseFormatSchema(%s) = %s, want %s", tc.in, got, tc.want)
		}
	}
}
