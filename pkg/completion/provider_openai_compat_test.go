package completion

import (
	"strings"
	"testing"
)

// optCase is one get_optional_params case for a provider test table: a
// request (JSON, with model/custom_llm_provider/drop_params/... as the
// conformance cases spell them) and either the expected optional params
// (JSON) or a substring of the expected error.
type optCase struct {
	name    string
	req     string
	want    string
	wantErr string
}

// runOptCases runs every case through get_optional_params in both built-in
// variants, the way LiteLLM's tests call it (stream=False default).
func runOptCases(t *testing.T, cases []optCase) {
	t.Helper()
	for _, tc := range cases {
		for _, v := range []*Variant{Baseline, Optimized} {
			t.Run(tc.name+"/"+v.Name, func(t *testing.T) {
				req, err := DecodeRequest([]byte(tc.req))
				if err != nil {
					t.Fatalf("DecodeRequest: %v", err)
				}
				_, got, err := NewPipeline(v, Options{}).OptionalParams(req)
				if tc.wantErr != "" {
					if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
						t.Fatalf("error = %v, want one containing %q", err, tc.wantErr)
					}
					return
				}
				if err != nil {
					t.Fatalf("error = %v, want none", err)
				}
				want, err := DecodeValue([]byte(tc.want))
				if err != nil {
					t.Fatalf("bad want %s: %v", tc.want, err)
				}
				if !Equal(got, want) {
					gb, _ := MarshalValue(got)
					t.Errorf("optional params = %s, want %s", gb, tc.want)
				}
			})
		}
	}
}

// tool is the weather tool the cases use, as JSON.
const tool = `{"type":"function","function":{"name":"get_weather","description":"Get the weather","parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}}`

func TestMiscProviderOptionalParams(t *testing.T) {
	runOptCases(t, []optCase{
		{name: "xai user and penalties kept",
			req:  `{"model":"xai/grok-2","user":"u1","frequency_penalty":0.5}`,
			want: `{"user":"u1","frequency_penalty":0.5,"stream":false,"extra_body":{}}`},
		{name: "xai rejects max_completion_tokens",
			req:     `{"model":"xai/grok-2","max_completion_tokens":5}`,
			wantErr: "xai does not support parameters: ['max_completion_tokens']"},
		{name: "xai grok-4 has no stop",
			req:     `{"model":"xai/grok-4","stop":["x"]}`,
			wantErr: "xai does not support parameters: ['stop']"},
		{name: "xai tools lose strict",
			req:  `{"model":"xai/grok-2","tools":[{"type":"function","function":{"name":"f","strict":true,"parameters":{}}}]}`,
			want: `{"tools":[{"type":"function","function":{"name":"f","parameters":{}}}],"stream":false,"extra_body":{}}`},
		{name: "perplexity keeps max_completion_tokens and web search",
			req:  `{"model":"perplexity/sonar","max_completion_tokens":50,"web_search_options":{}}`,
			want: `{"max_completion_tokens":50,"web_search_options":{},"stream":false,"extra_body":{}}`},
		{name: "perplexity rejects tools",
			req:     `{"model":"perplexity/sonar","tools":[` + tool + `],"tool_choice":"auto"}`,
			wantErr: "perplexity does not support parameters: ['tools', 'tool_choice']"},
		{name: "perplexity drops user silently",
			req:  `{"model":"perplexity/sonar","user":"u1"}`,
			want: `{"stream":false,"extra_body":{}}`},
		{name: "cerebras renames max_completion_tokens",
			req:  `{"model":"cerebras/llama3.1-8b","max_completion_tokens":50,"drop_params":true,"n":2}`,
			want: `{"max_tokens":50,"stream":false,"extra_body":{}}`},
		{name: "cerebras rejects parallel_tool_calls",
			req:     `{"model":"cerebras/llama3.1-8b","parallel_tool_calls":false}`,
			wantErr: "cerebras does not support parameters: ['parallel_tool_calls']"},
		{name: "hosted_vllm cleans tools and keeps max_completion_tokens",
			req:  `{"model":"hosted_vllm/m","max_completion_tokens":5,"tools":[{"type":"function","function":{"name":"f","strict":true,"parameters":{"type":"object","additionalProperties":false}}}]}`,
			want: `{"max_completion_tokens":5,"tools":[{"type":"function","function":{"name":"f","parameters":{"type":"object"}}}],"stream":false,"extra_body":{}}`},
		{name: "hosted_vllm accepts reasoning_effort",
			req:  `{"model":"hosted_vllm/m","reasoning_effort":"low","user":"u1"}`,
			want: `{"reasoning_effort":"low","stream":false,"extra_body":{}}`},
		{name: "watsonx tool_choice string is an option",
			req:  `{"model":"watsonx/ibm/granite","tool_choice":"required"}`,
			want: `{"tool_choice_option":"required","stream":false}`},
		{name: "watsonx tool_choice object stays",
			req:  `{"model":"watsonx/ibm/granite","tool_choice":{"type":"function","function":{"name":"f"}}}`,
			want: `{"tool_choice":{"type":"function","function":{"name":"f"}},"stream":false}`},
		{name: "watsonx rejects text-generation params",
			req:     `{"model":"watsonx/ibm/granite","temperature":0.1,"top_k":3}`,
			wantErr: "Please use the `watsonx_text` provider instead, to call the `/text/generation` endpoint. Param: top_k"},
		{name: "watsonx_text keeps top_k",
			req:  `{"model":"watsonx_text/ibm/granite","top_k":3}`,
			want: `{"top_k":3,"stream":false}`},
		{name: "watsonx_text renames",
			req:  `{"model":"watsonx_text/ibm/granite","max_tokens":9,"stop":["x"],"seed":1,"frequency_penalty":0.1}`,
			want: `{"max_new_tokens":9,"stop_sequences":["x"],"random_seed":1,"repetition_penalty":0.1,"stream":false}`},
		{name: "litellm_proxy thinking goes to extra_body",
			req:  `{"model":"litellm_proxy/gpt-4o","thinking":{"type":"enabled","budget_tokens":1024},"extra_body":{"a":1}}`,
			want: `{"extra_body":{"thinking":{"type":"enabled","budget_tokens":1024},"a":1},"stream":false}`},
		{name: "litellm_proxy accepts user",
			req:  `{"model":"litellm_proxy/claude","user":"u1","service_tier":"auto"}`,
			want: `{"user":"u1","service_tier":"auto","stream":false,"extra_body":{}}`},
		{name: "cloudflare supports stream and max_tokens only",
			req:     `{"model":"cloudflare/@cf/meta/llama","temperature":0.2}`,
			wantErr: "cloudflare does not support parameters: ['temperature']"},
		{name: "cloudflare max_completion_tokens via allowed params",
			req:  `{"model":"cloudflare/@cf/meta/llama","max_completion_tokens":7,"allowed_openai_params":["max_completion_tokens"]}`,
			want: `{"max_tokens":7,"max_completion_tokens":7,"stream":false}`},
		{name: "databricks drops user and renames",
			req:  `{"model":"databricks/dbrx","user":"u","max_completion_tokens":3}`,
			want: `{"max_tokens":3,"stream":false}`},
	})
}

func TestDropKeysDeepCopiesOnlyChangedPaths(t *testing.T) {
	in, err := DecodeValue([]byte(`[{"a":{"strict":true,"b":[{"strict":1},2]},"keep":{"x":1}},"s"]`))
	if err != nil {
		t.Fatal(err)
	}
	before, _ := MarshalValue(in)
	got := dropKeysDeep(in, maxRecurseDepth, isStrictKey)
	gb, _ := MarshalValue(got)
	if after, _ := MarshalValue(in); string(after) != string(before) {
		t.Errorf("input changed: %s, want %s", after, before)
	}
	if want := `[{"a":{"b":[{},2]},"keep":{"x":1}},"s"]`; string(gb) != want {
		t.Errorf("got %s, want %s", gb, want)
	}
	// The untouched sub-object is shared, not copied.
	keepIn, _ := in.([]any)[0].(Object).Get("keep")
	keepOut, _ := got.([]any)[0].(Object).Get("keep")
	if &keepIn.(Object)[0] != &keepOut.(Object)[0] {
		t.Errorf("unchanged object was copied")
	}
}

func TestDropKeysDeepNoMatchAllocatesNothing(t *testing.T) {
	in, _ := DecodeValue([]byte(`[{"type":"function","function":{"name":"f","parameters":{"type":"object","properties":{"a":{"type":"string"}}}}}]`))
	allocs := testing.AllocsPerRun(100, func() {
		_ = dropKeysDeep(in, maxRecurseDepth, isStrictKey)
	})
	if allocs != 0 {
		t.Errorf("allocs = %v, want 0", allocs)
	}
}

func TestDropKeysDeepDepthLimit(t *testing.T) {
	in, _ := DecodeValue([]byte(`{"a":{"strict":1},"strict":2}`))
	got := dropKeysDeep(in, 1, isStrictKey)
	gb, _ := MarshalValue(got)
	if want := `{"a":{"strict":1}}`; string(gb) != want {
		t.Errorf("got %s, want %s", gb, want)
	}
}

// providerBenchRequests are one representative request for each provider of
// the provider_*.go files beyond openai/azure/anthropic/bedrock/vertex.
var providerBenchRequests = []struct{ provider, req string }{
	{"cohere_chat", `{"model":"cohere_chat/command-r","temperature":0.3,"max_tokens":256,"top_p":0.9,"stop":["\n"]}`},
	{"mistral", `{"model":"mistral/mistral-large-latest","temperature":0.7,"max_tokens":256,"tool_choice":"required","tools":[` + tool + `]}`},
	{"groq", `{"model":"groq/llama-3.3-70b-versatile","temperature":0.6,"max_completion_tokens":128,"response_format":{"type":"json_object"}}`},
	{"ollama", `{"model":"ollama/llama3","temperature":0.5,"max_tokens":64,"stop":["\n"]}`},
	{"ollama_chat", `{"model":"ollama_chat/llama3.1","temperature":0.5,"max_tokens":64,"tools":[` + tool + `]}`},
	{"together_ai", `{"model":"together_ai/meta-llama/Llama-3.3-70B-Instruct-Turbo","temperature":0.2,"max_tokens":100}`},
	{"deepseek", `{"model":"deepseek/deepseek-chat","temperature":0.2,"max_tokens":100}`},
	{"fireworks_ai", `{"model":"fireworks_ai/accounts/fireworks/models/llama-v3p1-70b-instruct","temperature":0.2,"max_completion_tokens":100}`},
	{"openrouter", `{"model":"openrouter/openai/gpt-4o","temperature":0.2,"max_tokens":100}`},
	{"xai", `{"model":"xai/grok-2","temperature":0.2,"max_tokens":100,"user":"u1"}`},
	{"perplexity", `{"model":"perplexity/sonar","temperature":0.2,"max_tokens":100}`},
	{"cerebras", `{"model":"cerebras/llama3.1-8b","temperature":0.2,"max_tokens":100}`},
	{"hosted_vllm", `{"model":"hosted_vllm/my-model","temperature":0.2,"max_tokens":100}`},
}

// BenchmarkProviderOptionalParams measures get_optional_params (as LiteLLM's
// tests call it) for one representative request per provider and variant.
func BenchmarkProviderOptionalParams(b *testing.B) {
	for _, pr := range providerBenchRequests {
		req, err := DecodeRequest([]byte(pr.req))
		if err != nil {
			b.Fatal(err)
		}
		b.Run("provider="+pr.provider, func(b *testing.B) {
			benchVariants(b, func(b *testing.B, p *Pipeline) {
				b.ReportAllocs()
				for b.Loop() {
					if _, _, err := p.OptionalParams(req); err != nil {
						b.Fatal(err)
					}
				}
			})
		})
	}
}

// TestProviderBenchRequestsMap keeps the benchmark requests valid.
func TestProviderBenchRequestsMap(t *testing.T) {
	for _, pr := range providerBenchRequests {
		req, err := DecodeRequest([]byte(pr.req))
		if err != nil {
			t.Fatalf("%s: %v", pr.provider, err)
		}
		r, _, err := NewPipeline(Optimized, Options{}).OptionalParams(req)
		if err != nil {
			t.Errorf("%s: %v", pr.provider, err)
		} else if r.Provider != pr.provider {
			t.Errorf("%s: resolved provider %s", pr.provider, r.Provider)
		}
	}
}

// TestProviderVariantsAgree draws random requests for the providers of the
// provider_*.go files and checks that baseline and optimized produce the same
// optional params or the same error.
func TestProviderVariantsAgree(t *testing.T) {
	models := []string{
		"cohere/command-r", "cohere_chat/v1/command-r", "mistral/mistral-large-latest", "mistral/magistral-medium-latest",
		"codestral/codestral-latest", "groq/llama3-8b-8192", "groq/llama-3.3-70b-versatile", "ollama/llama3",
		"ollama/gpt-oss:20b", "ollama_chat/llama3.1", "ollama_chat/llama2", "together_ai/meta-llama/Llama-3-8b-chat-hf",
		"together_ai/meta-llama/Llama-3.3-70B-Instruct-Turbo", "deepseek/deepseek-chat",
		"fireworks_ai/accounts/fireworks/models/llama-v3p1-70b-instruct", "openrouter/openai/gpt-4o",
		"xai/grok-2", "xai/grok-3-mini", "perplexity/sonar", "cerebras/llama3.1-8b", "hosted_vllm/m",
		"watsonx/ibm/granite", "watsonx_text/ibm/granite", "litellm_proxy/gpt-4o", "cloudflare/@cf/x", "databricks/dbrx",
	}
	params := []string{
		`"temperature":0.2`, `"top_p":0.9`, `"n":2`, `"stop":["\n"]`, `"max_tokens":10`, `"max_completion_tokens":20`,
		`"presence_penalty":0.5`, `"frequency_penalty":0.5`, `"logit_bias":{"1":2}`, `"user":"u1"`, `"seed":3`,
		`"response_format":{"type":"json_object"}`,
		`"response_format":{"type":"json_schema","json_schema":{"name":"p","schema":{"type":"object","additionalProperties":false}}}`,
		`"tools":[` + tool + `]`, `"tool_choice":"required"`, `"tool_choice":{"type":"function","function":{"name":"get_weather"}}`,
		`"functions":[{"name":"f"}]`, `"function_call":"auto"`, `"parallel_tool_calls":false`, `"logprobs":true`,
		`"top_logprobs":2`, `"reasoning_effort":"low"`, `"thinking":{"type":"enabled","budget_tokens":1024}`,
		`"stream":true`, `"stream_options":{"include_usage":true}`, `"web_search_options":{}`, `"service_tier":"auto"`,
		`"top_k":4`, `"extra_body":{"x":1}`, `"transforms":["middle-out"]`, `"drop_params":true`,
		`"allowed_openai_params":["logit_bias","seed"]`, `"additional_drop_params":["temperature","top_k"]`,
	}
	rng := uint64(12345)
	next := func(n int) int { // xorshift, deterministic
		rng ^= rng << 13
		rng ^= rng >> 7
		rng ^= rng << 17
		return int(rng % uint64(n))
	}
	base, opt := NewPipeline(Baseline, Options{}), NewPipeline(Optimized, Options{})
	for i := 0; i < 3000; i++ {
		var b strings.Builder
		b.WriteString(`{"model":"` + models[next(len(models))] + `"`)
		used := map[int]bool{}
		for k := next(5); k > 0; k-- {
			j := next(len(params))
			if used[j] {
				continue
			}
			used[j] = true
			b.WriteString("," + params[j])
		}
		b.WriteString("}")
		req, err := DecodeRequest([]byte(b.String()))
		if err != nil {
			t.Fatalf("%s: %v", b.String(), err)
		}
		_, gotB, errB := base.OptionalParams(req)
		_, gotO, errO := opt.OptionalParams(req)
		switch {
		case (errB == nil) != (errO == nil):
			t.Errorf("%s: baseline error %v, optimized error %v", b.String(), errB, errO)
		case errB != nil && errB.Error() != errO.Error():
			t.Errorf("%s: errors differ:\n%v\n%v", b.String(), errB, errO)
		case !Equal(gotB, gotO):
			jb, _ := MarshalValue(gotB)
			jo, _ := MarshalValue(gotO)
			t.Errorf("%s: baseline %s, optimized %s", b.String(), jb, jo)
		}
	}
}
