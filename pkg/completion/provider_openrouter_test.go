package completion

import "testing"

func TestOpenRouterOptionalParams(t *testing.T) {
	runOptCases(t, []optCase{
		{name: "extra_body always set",
			req:  `{"model":"openrouter/openai/gpt-4o","temperature":0.2,"logit_bias":{"1":1}}`,
			want: `{"temperature":0.2,"logit_bias":{"1":1},"stream":false,"extra_body":{}}`},
		{name: "unknown kwargs at the top level",
			req:  `{"model":"openrouter/openai/gpt-4o","transforms":["middle-out"],"top_k":3}`,
			want: `{"transforms":["middle-out"],"top_k":3,"stream":false,"extra_body":{}}`},
		{name: "user extra_body replaces the mapper's",
			req:  `{"model":"openrouter/anthropic/claude-3.5-sonnet","extra_body":{"foo":1}}`,
			want: `{"extra_body":{"foo":1},"stream":false}`},
		{name: "thinking needs a reasoning model",
			req:     `{"model":"openrouter/openai/gpt-4o","thinking":{"type":"enabled"}}`,
			wantErr: "openrouter does not support parameters: ['thinking']"},
	})
}

func TestOpenRouterMapperMovesRoutingFields(t *testing.T) {
	nd := nonDefault{extra: Object{{"transforms", []any{"middle-out"}}, {"route", "fallback"}, {"other", 1.0}}}
	nd.set = Set(PTemperature)
	nd.vals[PTemperature] = 0.1
	c := &mapCtx{cat: DefaultCatalog(), model: "openai/gpt-4o", provider: "openrouter", nd: &nd}
	opt := Object{}
	if err := configs[cfgOpenRouter].mapParams(c, &opt); err != nil {
		t.Fatal(err)
	}
	got, _ := MarshalValue(opt)
	if want := `{"temperature":0.1,"extra_body":{"transforms":["middle-out"],"route":"fallback"}}`; string(got) != want {
		t.Errorf("mapped = %s, want %s", got, want)
	}
}
