package completion

import "testing"

func TestCohereOptionalParams(t *testing.T) {
	runOptCases(t, []optCase{
		{name: "v1 mapper renames",
			req:  `{"model":"cohere/command-r","n":2,"top_p":0.9,"stop":["\n"],"max_tokens":10,"seed":1}`,
			want: `{"num_generations":2,"p":0.9,"stop_sequences":["\n"],"max_tokens":10,"seed":1,"stream":false}`},
		{name: "max_completion_tokens checked against the v2 list",
			req:     `{"model":"cohere/command-r","max_completion_tokens":5}`,
			wantErr: "cohere_chat does not support parameters: ['max_completion_tokens']"},
		{name: "max_completion_tokens dropped not mapped",
			req:  `{"model":"command-r","custom_llm_provider":"cohere_chat","max_completion_tokens":5,"drop_params":true}`,
			want: `{"stream":false}`},
		{name: "tool_choice accepted and dropped",
			req:  `{"model":"cohere_chat/command-r","tools":[` + tool + `],"tool_choice":{"type":"function","function":{"name":"get_weather"}}}`,
			want: `{"tools":[` + tool + `],"stream":false}`},
		{name: "response_format rejected",
			req:     `{"model":"cohere_chat/command-r","response_format":{"type":"json_object"}}`,
			wantErr: "cohere_chat does not support parameters: ['response_format']"},
		{name: "extras at the top level",
			req:  `{"model":"cohere_chat/command-r","top_k":4,"additional_drop_params":["top_k"]}`,
			want: `{"top_k":4,"stream":false}`},
	})
}

func TestCohereV1RouteAcceptsMaxCompletionTokens(t *testing.T) {
	c := &mapCtx{cat: DefaultCatalog(), model: "v1/command-r", provider: "cohere_chat"}
	k := configKindChain(c.model, c.provider, c.cat)
	if got := configs[k].supportedParams(c).Has(PMaxCompletionTokens); !got {
		t.Errorf("v1 route supports max_completion_tokens = %v, want true", got)
	}
	c.model = "command-r"
	k = configKindChain(c.model, c.provider, c.cat)
	if got := configs[k].supportedParams(c).Has(PMaxCompletionTokens); got {
		t.Errorf("v2 route supports max_completion_tokens = %v, want false", got)
	}
}
