package completion

import "testing"

func TestOpenAIMapping(t *testing.T) {
	runMapCases(t, []mapCase{
		{
			name:    "gpt-4o copies params and always has extra_body",
			request: `{"model":"gpt-4o","temperature":0.2,"max_tokens":10,"user":"u","seed":1,"logprobs":true}`,
			want:    `{"temperature":0.2,"stream":false,"max_tokens":10,"user":"u","seed":1,"logprobs":true,"extra_body":{}}`,
		},
		{
			name:    "max_retries is copied for OpenAI (its client pops it later)",
			request: `{"model":"gpt-4o","max_retries":3}`,
			want:    `{"stream":false,"max_retries":3,"extra_body":{}}`,
		},
		{
			name:    "user only for known OpenAI models",
			request: `{"model":"my-ft-model","custom_llm_provider":"openai","user":"u"}`,
			want:    `{"stream":false,"extra_body":{}}`,
		},
		{
			name:    "o-series: max_tokens becomes max_completion_tokens",
			request: `{"model":"o3-mini","max_tokens":100,"temperature":1,"reasoning_effort":"low"}`,
			want:    `{"max_completion_tokens":100,"temperature":1,"stream":false,"reasoning_effort":"low","extra_body":{}}`,
		},
		{
			name:    "o-series: temperature other than 1 is an error",
			request: `{"model":"o1-mini","temperature":0.2,"drop_params":false}`,
			wantErr: "O-series models don't support temperature=0.2. Only temperature=1 is supported.",
		},
		{
			name:    "o-series: temperature other than 1 is dropped with drop_params",
			request: `{"model":"o1-mini","temperature":0,"drop_params":true}`,
			want:    `{"stream":false,"extra_body":{}}`,
		},
		{
			name:    "o-series: the unsupported-param check comes first (G2)",
			request: `{"model":"o1-mini","temperature":0.2,"top_p":0.9,"drop_params":false}`,
			wantErr: "openai does not support parameters: ['top_p'], for model=o1-mini",
		},
		{
			name:    "o-series: capabilities come from the model map",
			request: `{"model":"o1-mini","tools":[` + weatherTool + `],"response_format":{"type":"json_object"}}`,
			wantErr: "openai does not support parameters: ['response_format', 'tools']",
		},
		{
			name:    "o3-mini supports tools but not parallel_tool_calls",
			request: `{"model":"o3-mini","tools":[` + weatherTool + `],"parallel_tool_calls":false}`,
			wantErr: "openai does not support parameters: ['parallel_tool_calls']",
		},
		{
			name:    "gpt-5: stop and sampling params are not supported",
			request: `{"model":"gpt-5","stop":"\n","top_p":0.5}`,
			wantErr: "openai does not support parameters: ['top_p', 'stop']",
		},
		{
			name:    "gpt-5: temperature must be 1",
			request: `{"model":"gpt-5","temperature":0.7}`,
			wantErr: "gpt-5 models (including gpt-5-codex) don't support temperature=0.7.",
		},
		{
			name:    "gpt-5.1: temperature is allowed without reasoning_effort",
			request: `{"model":"gpt-5.1","temperature":0.7,"verbosity":"low"}`,
			want:    `{"temperature":0.7,"stream":false,"verbosity":"low","extra_body":{}}`,
		},
		{
			name:    "gpt-5.1: temperature needs reasoning_effort none",
			request: `{"model":"gpt-5.1","temperature":0.7,"reasoning_effort":"high"}`,
			wantErr: "don't support temperature=0.7",
		},
		{
			name:    "text-completion-openai has its own list",
			request: `{"model":"gpt-3.5-turbo-instruct","max_completion_tokens":5}`,
			wantErr: "text-completion-openai does not support parameters: ['max_completion_tokens']",
		},
	})
}

func TestOpenAICompatibleMapping(t *testing.T) {
	runMapCases(t, []mapCase{
		{
			name:    "xai renames max_completion_tokens only when allowed and strips strict from tools",
			request: `{"model":"xai/grok-2","tools":[{"type":"function","function":{"name":"f","strict":true,"parameters":{"type":"object"}}}]}`,
			want:    `{"stream":false,"tools":[{"type":"function","function":{"name":"f","parameters":{"type":"object"}}}],"extra_body":{}}`,
		},
		{
			name:    "xai rejects max_completion_tokens",
			request: `{"model":"xai/grok-2","max_completion_tokens":5}`,
			wantErr: "xai does not support parameters: ['max_completion_tokens']",
		},
		{
			name:    "grok-4 takes neither stop nor frequency_penalty",
			request: `{"model":"xai/grok-4","stop":"x","frequency_penalty":1}`,
			wantErr: "xai does not support parameters: ['stop', 'frequency_penalty']",
		},
		{
			name:    "perplexity: no tools, n or seed; web search for sonar",
			request: `{"model":"perplexity/sonar","n":2,"seed":1,"web_search_options":{},"drop_params":true}`,
			want:    `{"stream":false,"web_search_options":{},"extra_body":{}}`,
		},
		{
			name:    "cerebras renames max_completion_tokens and accepts user",
			request: `{"model":"cerebras/llama3.1-8b","max_completion_tokens":5,"user":"u"}`,
			want:    `{"stream":false,"max_tokens":5,"user":"u","extra_body":{}}`,
		},
		{
			name:    "hosted_vllm keeps max_completion_tokens and cleans tool schemas",
			request: `{"model":"hosted_vllm/m","max_completion_tokens":5,"tools":[{"type":"function","function":{"name":"f","strict":true,"parameters":{"type":"object","additionalProperties":false}}}]}`,
			want:    `{"stream":false,"max_completion_tokens":5,"tools":[{"type":"function","function":{"name":"f","parameters":{"type":"object"}}}],"extra_body":{}}`,
		},
		{
			name:    "litellm_proxy sends thinking in extra_body",
			request: `{"model":"litellm_proxy/gpt-4o","thinking":{"type":"enabled"},"top_k":3}`,
			want:    `{"stream":false,"extra_body":{"thinking":{"type":"enabled"},"top_k":3}}`,
		},
		{
			name:    "watsonx uses tool_choice_option",
			request: `{"model":"watsonx/ibm/granite","tool_choice":"required"}`,
			want:    `{"tool_choice_option":"required","stream":false}`,
		},
		{
			name:    "an unknown OpenAI-like provider uses the OpenAI list and renames max_completion_tokens",
			request: `{"model":"nebius/some-model","max_completion_tokens":5}`,
			want:    `{"stream":false,"max_tokens":5,"extra_body":{}}`,
		},
	})
}

func TestPyNum(t *testing.T) {
	tests := []struct {
		v    any
		want string
	}{
		{0.2, "0.2"}, {float64(0), "0"}, {float64(2), "2"}, {1.5, "1.5"}, {1e-05, "1e-05"}, {"x", "x"}, {nil, "None"},
	}
	for _, tt := range tests {
		if got := pyNum(tt.v); got != tt.want {
			t.Errorf("pyNum(%v) = %q, want %q", tt.v, got, tt.want)
		}
	}
}
