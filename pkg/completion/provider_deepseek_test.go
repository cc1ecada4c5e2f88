package completion

import "testing"

func TestDeepSeekOptionalParams(t *testing.T) {
	runOptCases(t, []optCase{
		{name: "plain OpenAI mapping keeps max_completion_tokens",
			req:  `{"model":"deepseek/deepseek-chat","max_completion_tokens":5,"logit_bias":{"1":2},"parallel_tool_calls":false}`,
			want: `{"max_completion_tokens":5,"logit_bias":{"1":2},"parallel_tool_calls":false,"stream":false,"extra_body":{}}`},
		{name: "user dropped silently",
			req:  `{"model":"deepseek/deepseek-chat","user":"u1"}`,
			want: `{"stream":false,"extra_body":{}}`},
	})
}

func TestDeepSeekMapperIsTheOpenAICopy(t *testing.T) {
	nd := nonDefault{}
	nd.set = Set(PTemperature, PMaxCompletionTokens)
	nd.vals[PTemperature], nd.vals[PMaxCompletionTokens] = 0.5, 7.0
	c := &mapCtx{cat: DefaultCatalog(), model: "deepseek-chat", provider: "deepseek", nd: &nd}
	opt := Object{}
	if err := configs[cfgDeepSeek].mapParams(c, &opt); err != nil {
		t.Fatal(err)
	}
	got, _ := MarshalValue(opt)
	if want := `{"temperature":0.5,"max_completion_tokens":7}`; string(got) != want {
		t.Errorf("mapped = %s, want %s", got, want)
	}
}
