package completion

import "testing"

func TestOllamaOptionalParams(t *testing.T) {
	runOptCases(t, []optCase{
		{name: "num_predict and frequency_penalty kept",
			req:  `{"model":"ollama/llama3","max_tokens":10,"frequency_penalty":0.5}`,
			want: `{"num_predict":10,"frequency_penalty":0.5,"stream":false}`},
		{name: "presence_penalty rejected",
			req:     `{"model":"ollama/llama3","presence_penalty":0.5}`,
			wantErr: "ollama does not support parameters: ['presence_penalty']"},
		{name: "tools become functions_unsupported_model and tool_choice goes",
			req:  `{"model":"ollama/llama3","tools":[` + tool + `],"tool_choice":"required"}`,
			want: `{"format":"json","functions_unsupported_model":[` + tool + `],"stream":false}`},
		{name: "function_call stays to be checked",
			req:     `{"model":"ollama/llama3","functions":[{"name":"f"}],"function_call":"auto"}`,
			wantErr: "ollama does not support parameters: ['function_call']"},
		{name: "json_schema format",
			req:  `{"model":"ollama/llama3","response_format":{"type":"json_schema","json_schema":{"schema":{"type":"object"}}}}`,
			want: `{"format":{"type":"object"},"stream":false}`},
		{name: "reasoning_effort thinks",
			req:  `{"model":"ollama/llama3","reasoning_effort":"low"}`,
			want: `{"think":true,"stream":false}`},
		{name: "gpt-oss thinks at a level",
			req:  `{"model":"ollama/gpt-oss:20b","reasoning_effort":"high"}`,
			want: `{"think":"high","stream":false}`},
		{name: "chat repeat_penalty",
			req:  `{"model":"ollama_chat/llama3","frequency_penalty":0.5,"max_completion_tokens":4}`,
			want: `{"repeat_penalty":0.5,"num_predict":4,"stream":false}`},
		{name: "chat tools pass for a function-calling model",
			req:  `{"model":"ollama_chat/llama3.1","tools":[` + tool + `],"tool_choice":"auto"}`,
			want: `{"tools":[` + tool + `],"stream":false}`},
		{name: "chat tools fall back to json mode",
			req:  `{"model":"ollama_chat/llama3","tools":[` + tool + `]}`,
			want: `{"format":"json","functions_unsupported_model":[` + tool + `],"function_name":"get_weather","stream":false}`},
		{name: "chat functions become tools",
			req:  `{"model":"ollama_chat/llama3.1","functions":[{"name":"f"}],"function_call":"auto","drop_params":true}`,
			want: `{"tools":[{"name":"f"}],"stream":false}`},
		{name: "chat rejects n",
			req:     `{"model":"ollama_chat/llama3.1","n":2}`,
			wantErr: "ollama_chat does not support parameters: ['n']"},
		{name: "extras at the top level",
			req:  `{"model":"ollama/llama3","format":"json","temperature":0.5}`,
			want: `{"format":"json","temperature":0.5,"stream":false}`},
	})
}

func TestOllamaThink(t *testing.T) {
	for _, tc := range []struct {
		model string
		in    any
		want  any
	}{
		{"llama3", "low", true}, {"llama3", "medium", true}, {"llama3", "minimal", false}, {"llama3", "none", false},
		{"gpt-oss:120b", "low", "low"}, {"gpt-oss", "minimal", "minimal"},
	} {
		if got := ollamaThink(tc.model, tc.in); got != tc.want {
			t.Errorf("ollamaThink(%q, %v) = %v, want %v", tc.model, tc.in, got, tc.want)
		}
	}
}
