package completion

import "testing"

func TestFireworksOptionalParams(t *testing.T) {
	const m = `"model":"fireworks_ai/accounts/fireworks/models/llama-v3-8b-instruct"`
	runOptCases(t, []optCase{
		{name: "tools accepted, tool_choice not",
			req:     `{` + m + `,"tools":[` + tool + `],"tool_choice":"auto"}`,
			wantErr: "fireworks_ai does not support parameters: ['tool_choice']"},
		{name: "tools kept when tool_choice is dropped",
			req:  `{` + m + `,"tools":[` + tool + `],"tool_choice":"auto","drop_params":true}`,
			want: `{"tools":[` + tool + `],"stream":false,"extra_body":{}}`},
		{name: "required becomes any",
			req:  `{` + m + `,"tool_choice":"required","allowed_openai_params":["tool_choice"]}`,
			want: `{"tool_choice":"any","stream":false,"extra_body":{}}`},
		{name: "json_schema becomes json_object with schema",
			req:  `{` + m + `,"response_format":{"type":"json_schema","json_schema":{"name":"p","schema":{"type":"object"}}}}`,
			want: `{"response_format":{"type":"json_object","schema":{"type":"object"}},"stream":false,"extra_body":{}}`},
		{name: "response_format with tools leaves json_mode",
			req:  `{` + m + `,"tools":[` + tool + `],"response_format":{"type":"json_schema","json_schema":{"schema":{"type":"object"}}}}`,
			want: `{"tools":[` + tool + `],"json_mode":true,"stream":false,"extra_body":{}}`},
		{name: "user kept, max_completion_tokens renamed",
			req:  `{` + m + `,"user":"a@b.com","max_completion_tokens":3}`,
			want: `{"user":"a@b.com","max_tokens":3,"stream":false,"extra_body":{}}`},
		{name: "top_logprobs rejected",
			req:     `{` + m + `,"logprobs":true,"top_logprobs":2}`,
			wantErr: "fireworks_ai does not support parameters: ['top_logprobs']"},
	})
}
