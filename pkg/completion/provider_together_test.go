package completion

import "testing"

func TestTogetherOptionalParams(t *testing.T) {
	runOptCases(t, []optCase{
		{name: "tools rejected without function calling",
			req:     `{"model":"together_ai/meta-llama/Llama-3-8b-chat-hf","tools":[` + tool + `],"tool_choice":"auto"}`,
			wantErr: "together_ai does not support parameters: ['tools', 'tool_choice']"},
		{name: "parallel_tool_calls kept when tools are dropped",
			req:  `{"model":"together_ai/meta-llama/Llama-3-8b-chat-hf","tools":[` + tool + `],"parallel_tool_calls":false,"drop_params":true}`,
			want: `{"parallel_tool_calls":false,"stream":false,"extra_body":{}}`},
		{name: "function-calling model keeps tools",
			req:  `{"model":"together_ai/meta-llama/Llama-3.3-70B-Instruct-Turbo","tools":[` + tool + `],"tool_choice":"auto"}`,
			want: `{"tools":[` + tool + `],"tool_choice":"auto","stream":false,"extra_body":{}}`},
		{name: "text response_format dropped",
			req:  `{"model":"together_ai/meta-llama/Llama-3.3-70B-Instruct-Turbo","response_format":{"type":"text"}}`,
			want: `{"stream":false,"extra_body":{}}`},
		{name: "user dropped for non-OpenAI models",
			req:  `{"model":"together_ai/meta-llama/Llama-3-8b-chat-hf","user":"u1","logprobs":1}`,
			want: `{"logprobs":1,"stream":false,"extra_body":{}}`},
	})
}
