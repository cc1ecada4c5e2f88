package completion

import "testing"

func TestGetOptionalParamsGeneric(t *testing.T) {
	runMapCases(t, []mapCase{
		{
			name:    "the unsupported-param message is LiteLLM's, keys in signature order",
			request: `{"model":"claude-3-5-sonnet-20240620","seed":1,"n":2,"logit_bias":{"1":1}}`,
			wantErr: "anthropic does not support parameters: ['n', 'logit_bias', 'seed'], for model=claude-3-5-sonnet-20240620. To drop these, set `litellm.drop_params=True` or for proxy:\n\n`litellm_settings:\n drop_params: true`\n. \n If you want to use these params dynamically send allowed_openai_params=['n', 'logit_bias', 'seed'] in your request.",
		},
		{
			name:     "global drop_params drops too",
			request:  `{"model":"claude-3-5-sonnet-20240620","seed":1}`,
			settings: Settings{DropParams: true},
			want:     `{}`,
		},
		{
			name:    "user, stream_options, n=1 and max_retries are never reported",
			request: `{"model":"claude-3-5-sonnet-20240620","stream_options":{"include_usage":true},"n":1,"max_retries":2,"user":"a@b.com"}`,
			want:    `{}`,
		},
		{
			name:    "allowed_openai_params are accepted and copied verbatim (G6)",
			request: `{"model":"claude-3-5-sonnet-20240620","logit_bias":{"1":1},"allowed_openai_params":["logit_bias"]}`,
			want:    `{"logit_bias":{"1":1}}`,
		},
		{
			name:    "allowed_openai_params never go into extra_body",
			request: `{"model":"perplexity/sonar","seed":7,"allowed_openai_params":["seed"]}`,
			want:    `{"stream":false,"extra_body":{},"seed":7}`,
		},
		{
			name:    "additional_drop_params removes a param before the check (G7)",
			request: `{"model":"o1-mini","temperature":0.2,"max_tokens":5,"additional_drop_params":["temperature"]}`,
			want:    `{"max_completion_tokens":5,"stream":false,"extra_body":{}}`,
		},
		{
			name:    "additional_drop_params removes extras from extra_body",
			request: `{"model":"gpt-4o","top_k":3,"red":1,"additional_drop_params":["red"]}`,
			want:    `{"stream":false,"extra_body":{"top_k":3}}`,
		},
		{
			name:    "additional_drop_params does not touch top-level extras of other providers",
			request: `{"model":"claude-3-5-sonnet-20240620","top_k":3,"additional_drop_params":["top_k"]}`,
			want:    `{"top_k":3}`,
		},
		{
			name:    "None extras are not passed on",
			request: `{"model":"claude-3-5-sonnet-20240620","top_k":null,"foo":1}`,
			want:    `{"foo":1}`,
		},
		{
			name:    "extra_body from the caller is merged with extras",
			request: `{"model":"gpt-4o","extra_body":{"foo":1},"top_k":3}`,
			want:    `{"stream":false,"extra_body":{"foo":1,"top_k":3}}`,
		},
		{
			name:    "nested-path entries in additional_drop_params are accepted and ignored",
			request: `{"model":"hosted_vllm/m","temperature":0.2,"additional_drop_params":[["tools","function","strict"],"top_k"],"top_k":1}`,
			want:    `{"temperature":0.2,"stream":false,"extra_body":{}}`,
		},
		{
			name:    "dropping extra_body itself",
			request: `{"model":"gpt-4o","top_k":3,"additional_drop_params":["extra_body"]}`,
			want:    `{"stream":false}`,
		},
		{
			name:    "unknown models are a provider error whatever the params (G2)",
			request: `{"model":"some-unknown-model","seed":1,"drop_params":true}`,
			wantErr: "LLM Provider NOT provided",
		},
	})
}

// TestCompletionPassesNoStream checks G18: the completion pipeline passes
// stream=None, so no stream key appears, while a direct get_optional_params
// call defaults stream to False.
func TestCompletionPassesNoStream(t *testing.T) {
	req, err := DecodeRequest([]byte(`{"model":"gpt-4o","temperature":0.2,"mock_response":"hi"}`))
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range []*Variant{Baseline, Optimized} {
		p := NewPipeline(v, Options{})
		res, err := p.Complete(t.Context(), req)
		if err != nil {
			t.Fatalf("%s: Complete: %v", v.Name, err)
		}
		if res.OptionalParams.Has("stream") {
			t.Errorf("%s: completion optional params %v have a stream key", v.Name, res.OptionalParams)
		}
		_, opt, err := p.OptionalParams(req)
		if err != nil {
			t.Fatal(err)
		}
		if s, _ := opt.Get("stream"); s != false {
			t.Errorf("%s: get_optional_params stream = %v, want false", v.Name, s)
		}
	}
}

// TestMapOpenAIParamsAllocations keeps the optimized mapping of a plain
// OpenAI request allocation-light.
func TestMapOpenAIParamsAllocations(t *testing.T) {
	req, err := DecodeRequest([]byte(`{"model":"gpt-4o","temperature":0.2,"max_tokens":10}`))
	if err != nil {
		t.Fatal(err)
	}
	r, err := GetLLMProvider(DefaultCatalog(), &Settings{}, req.Model, "", "")
	if err != nil {
		t.Fatal(err)
	}
	nd := nonDefault{vals: req.Params, set: req.Params.NonDefault()}
	cfg := configs[cfgOpenAI]
	opt := make(Object, 0, 8)
	c := &mapCtx{cat: DefaultCatalog(), model: r.Model, provider: r.Provider, nd: &nd}
	allocs := testing.AllocsPerRun(100, func() {
		opt = opt[:0]
		if err := cfg.mapParams(c, &opt); err != nil {
			t.Fatal(err)
		}
	})
	if allocs > 0 {
		t.Errorf("openai mapParams allocates %v times per call, want 0", allocs)
	}
}

// mappingBenchRequests are representative requests for the openai, azure
// and anthropic configs.
var mappingBenchRequests = []struct{ provider, req string }{
	{"openai", `{"model":"gpt-4o","temperature":0.2,"max_tokens":100,"user":"u1"}`},
	{"openai_o_series", `{"model":"o3-mini","max_tokens":100,"reasoning_effort":"low"}`},
	{"openai_gpt5", `{"model":"gpt-5","max_tokens":100,"temperature":1}`},
	{"azure", `{"model":"azure/my-deployment","temperature":0.2,"max_tokens":100,"tool_choice":"auto","tools":[` + weatherTool + `]}`},
	{"anthropic", `{"model":"claude-3-5-sonnet-20240620","temperature":0.2,"max_tokens":100,"stop":["\n"]}`},
	{"anthropic_tools", `{"model":"claude-3-7-sonnet-20250219","reasoning_effort":"low","tool_choice":"auto","tools":[` + weatherTool + `]}`},
	{"anthropic_text", `{"model":"anthropic/claude-2","temperature":0.2,"max_tokens":100}`},
}

// BenchmarkMappingOptionalParams measures get_optional_params for the
// openai, azure and anthropic configs per variant.
func BenchmarkMappingOptionalParams(b *testing.B) {
	for _, pr := range mappingBenchRequests {
		req, err := DecodeRequest([]byte(pr.req))
		if err != nil {
			b.Fatal(err)
		}
		b.Run("config="+pr.provider, func(b *testing.B) {
			for _, v := range []*Variant{Baseline, Optimized} {
				p := NewPipeline(v, Options{})
				b.Run("variant="+v.Name, func(b *testing.B) {
					b.ReportAllocs()
					for b.Loop() {
						if _, _, err := p.OptionalParams(req); err != nil {
							b.Fatal(err)
						}
					}
				})
			}
		})
	}
}

// TestMappingBenchRequestsSucceed keeps the benchmark requests valid.
func TestMappingBenchRequestsSucceed(t *testing.T) {
	for _, pr := range mappingBenchRequests {
		req, err := DecodeRequest([]byte(pr.req))
		if err != nil {
			t.Fatalf("%s: %v", pr.provider, err)
		}
		if _, _, err := NewPipeline(Optimized, Options{}).OptionalParams(req); err != nil {
			t.Errorf("%s: %v", pr.provider, err)
		}
	}
}
