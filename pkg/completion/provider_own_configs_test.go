package completion

import (
	"math"
	"testing"
)

// The expectations below are LiteLLM 1.80.5's outputs for the same calls
// (recorded with scripts/litellm_cases.py; testdata/cases/fidelity-*.jsonl
// holds the full recordings).

func TestOpenAICompatibleProviderConfigs(t *testing.T) {
	runOptCases(t, []optCase{
		{name: "nvidia_nim gemma list",
			req:     `{"model":"nvidia_nim/google/gemma-2-9b-it","tools":[` + tool + `]}`,
			wantErr: "nvidia_nim does not support parameters: ['tools']"},
		{name: "nvidia_nim renames max_completion_tokens",
			req:  `{"model":"nvidia_nim/meta/llama3-8b-instruct","max_tokens":1,"max_completion_tokens":2,"seed":3}`,
			want: `{"max_tokens":2,"seed":3,"stream":false,"extra_body":{}}`},
		{name: "sambanova tools follow the model map",
			req:  `{"model":"sambanova/Meta-Llama-3.3-70B-Instruct","tools":[` + tool + `],"parallel_tool_calls":true}`,
			want: `{"tools":[` + tool + `],"parallel_tool_calls":true,"stream":false,"extra_body":{}}`},
		{name: "ai21 rejects logprobs",
			req:     `{"model":"ai21/jamba-1.5-large","logprobs":true}`,
			wantErr: "ai21_chat does not support parameters: ['logprobs']"},
		{name: "featherless refuses tools let through",
			req:     `{"model":"featherless_ai/x","tools":[` + tool + `],"allowed_openai_params":["tools"]}`,
			wantErr: "Featherless AI doesn't support tools=[{'type': 'function', 'function': {'name': 'get_weather'"},
		{name: "volcengine thinking into extra_body",
			req:  `{"model":"volcengine/doubao","thinking":{"type":"disabled"},"max_completion_tokens":5}`,
			want: `{"max_tokens":5,"stream":false,"extra_body":{"thinking":{"type":"disabled"}}}`},
		{name: "volcengine drops other thinking",
			req:  `{"model":"volcengine/doubao","thinking":{"type":"enabled_not"}}`,
			want: `{"stream":false,"extra_body":{}}`},
		{name: "deepinfra tool_choice",
			req:     `{"model":"deepinfra/x","tools":[` + tool + `],"tool_choice":"required"}`,
			wantErr: "Deepinfra doesn't support tool_choice=required. To drop"},
		{name: "deepinfra never sends tool_choice",
			req:  `{"model":"deepinfra/x","tools":[` + tool + `],"tool_choice":"auto"}`,
			want: `{"tools":[` + tool + `],"stream":false,"extra_body":{}}`},
		{name: "deepinfra temperature floor for one model",
			req:  `{"model":"deepinfra/mistralai/Mistral-7B-Instruct-v0.1","temperature":0}`,
			want: `{"temperature":0.0001,"stream":false,"extra_body":{}}`},
		{name: "hyperbolic rejects max_completion_tokens",
			req:     `{"model":"hyperbolic/x","max_completion_tokens":5}`,
			wantErr: "hyperbolic does not support parameters: ['max_completion_tokens']"},
		{name: "hyperbolic renames an allowed max_completion_tokens",
			req:  `{"model":"hyperbolic/x","max_completion_tokens":5,"allowed_openai_params":["max_completion_tokens"]}`,
			want: `{"max_tokens":5,"max_completion_tokens":5,"stream":false,"extra_body":{}}`},
		{name: "moonshot clamps temperature",
			req:  `{"model":"moonshot/kimi-latest","temperature":0.1,"n":2}`,
			want: `{"temperature":0.3,"n":2,"stream":false,"extra_body":{}}`},
		{name: "moonshot caps temperature at 1",
			req:  `{"model":"moonshot/kimi-latest","temperature":1.7}`,
			want: `{"temperature":1,"stream":false,"extra_body":{}}`},
		{name: "lm_studio rewrites a top-level schema",
			req:  `{"model":"lm_studio/x","response_format":{"type":"json_schema","schema":{"type":"object"}}}`,
			want: `{"response_format":{"type":"json_schema","json_schema":{"schema":{"type":"object"}}},"stream":false,"extra_body":{}}`},
		{name: "gradient_ai refuses what the check let through",
			req:     `{"model":"gradient_ai/x","user":"u"}`,
			wantErr: "GradientAI does not support parameter 'user'."},
		{name: "meta_llama keeps only json_schema",
			req:  `{"model":"meta_llama/Llama-3.3-70B-Instruct","response_format":{"type":"json_object"}}`,
			want: `{"stream":false,"extra_body":{}}`},
		{name: "vercel always sets extra_body",
			req:  `{"model":"vercel_ai_gateway/openai/gpt-4o","top_k":3}`,
			want: `{"stream":false,"extra_body":{"top_k":3}}`},
		{name: "ovhcloud tools need function calling",
			req:     `{"model":"ovhcloud/llava-v1.6-mistral-7b-hf","tools":[` + tool + `]}`,
			wantErr: "ovhcloud does not support parameters: ['tools']"},
		{name: "azure_ai grok stop",
			req:     `{"model":"azure_ai/grok-3-mini","stop":["x"]}`,
			wantErr: "azure_ai does not support parameters: ['stop']"},
		{name: "dashscope keeps both limits",
			req:  `{"model":"dashscope/qwen-plus","max_tokens":1,"max_completion_tokens":2}`,
			want: `{"max_tokens":1,"max_completion_tokens":2,"stream":false,"extra_body":{}}`},
		{name: "voyage has no chat params",
			req:     `{"model":"voyage/voyage-3","temperature":0.1}`,
			wantErr: "voyage does not support parameters: ['temperature']"},
	})
}

func TestTextGenerationProviderConfigs(t *testing.T) {
	runOptCases(t, []optCase{
		{name: "replicate max_tokens names",
			req:  `{"model":"replicate/lmsys/vicuna-13b","max_tokens":5,"stop":["x"],"seed":1}`,
			want: `{"max_length":5,"stop_sequences":["x"],"stream":false}`},
		{name: "sagemaker temperature floor and best_of",
			req:  `{"model":"sagemaker/x","temperature":0,"n":2,"max_tokens":0}`,
			want: `{"temperature":0.01,"best_of":2,"do_sample":true,"max_new_tokens":1,"stream":false}`},
		{name: "predibase",
			req:  `{"model":"predibase/llama-3-8b-instruct","temperature":0,"max_completion_tokens":9}`,
			want: `{"temperature":0.01,"max_new_tokens":9,"stream":false}`},
		{name: "nlp_cloud names",
			req:  `{"model":"nlp_cloud/dolphin","max_tokens":5,"n":2,"stop":["x"]}`,
			want: `{"max_length":5,"num_return_sequences":2,"stop_sequences":["x"],"stream":false}`},
		{name: "petals",
			req:  `{"model":"petals/x","max_tokens":5}`,
			want: `{"max_new_tokens":5,"stream":false}`},
		{name: "triton keeps only the limits",
			req:  `{"model":"triton/x","max_tokens":5,"max_completion_tokens":6}`,
			want: `{"max_tokens":5,"max_completion_tokens":6}`},
		{name: "codestral text completion",
			req:  `{"model":"text-completion-codestral/codestral-latest","seed":1,"max_completion_tokens":4}`,
			want: `{"random_seed":1,"max_tokens":4}`},
		{name: "bytez renames and keeps unknown keys",
			req:  `{"model":"bytez/x","max_tokens":5,"n":2,"user":"u"}`,
			want: `{"num_return_sequences":2,"max_new_tokens":5,"stream":false,"user":"u"}`},
		{name: "bytez refuses a param it lists as unsupported",
			req:     `{"model":"bytez/x","seed":5,"allowed_openai_params":["seed"]}`,
			wantErr: "param `seed` is not supported on Bytez"},
		{name: "oci camel case",
			req:  `{"model":"oci/meta.llama-3.3-70b-instruct","max_tokens":5,"top_p":0.5,"drop_params":true}`,
			want: `{"maxTokens":5,"topP":0.5,"isStream":false}`},
		{name: "oci refuses max_retries the check skips",
			req:     `{"model":"oci/meta.llama-3.3-70b-instruct","max_retries":2}`,
			wantErr: "param `max_retries` is not supported on OCI"},
	})
}

func TestModelRulesOnMappedProviders(t *testing.T) {
	schema := `{"type":"object","properties":{"a":{"type":"string"}}}`
	runOptCases(t, []optCase{
		{name: "claude sonnet 4.5 native output format",
			req:  `{"model":"claude-sonnet-4-5-20250929","response_format":{"type":"json_schema","json_schema":{"name":"x","schema":` + schema + `}}}`,
			want: `{"output_format":{"type":"json_schema","schema":` + schema + `},"json_mode":true}`},
		{name: "claude opus 4.1 json_object sets only json_mode",
			req:  `{"model":"claude-opus-4-1-20250805","response_format":{"type":"json_object"}}`,
			want: `{"json_mode":true}`},
		{name: "databricks claude reasoning_effort",
			req:  `{"model":"databricks/databricks-claude-3-7-sonnet","reasoning_effort":"low"}`,
			want: `{"thinking":{"type":"enabled","budget_tokens":1024},"max_tokens":5120,"stream":false}`},
		{name: "databricks claude response_format tool",
			req:  `{"model":"databricks/databricks-claude-3-7-sonnet","response_format":{"type":"json_schema","json_schema":{"name":"x","schema":` + schema + `}}}`,
			want: `{"tools":[{"type":"function","function":{"name":"json_tool_call","parameters":` + schema + `}}],"json_mode":true,"tool_choice":{"type":"function","function":{"name":"json_tool_call"}},"stream":false}`},
		{name: "databricks reasoning_effort on a non-Claude model",
			req:     `{"model":"databricks/databricks-meta-llama-3-3-70b-instruct","reasoning_effort":"low"}`,
			wantErr: "litellm.KeyError: 'thinking'"},
		{name: "bedrock cohere command-r maps as cohere",
			req:  `{"model":"bedrock/cohere.command-r-v1:0","n":2,"top_p":0.5,"stop":["x"]}`,
			want: `{"num_generations":2,"p":0.5,"stop_sequences":["x"],"stream":false}`},
		{name: "bedrock invoke claude 4 maps with the claude-2 config",
			req:  `{"model":"bedrock/invoke/anthropic.claude-opus-4-1-20250805-v1:0","max_tokens":5,"user":"u"}`,
			want: `{"max_tokens_to_sample":5}`},
		{name: "gemini 3 takes no penalties",
			req:     `{"model":"vertex_ai/gemini-3-pro-preview","presence_penalty":0.1}`,
			wantErr: "vertex_ai does not support parameters: ['presence_penalty']"},
		{name: "o-series on deepseek reads the flags as openai",
			req:  `{"model":"deepseek/o1","tools":[` + tool + `],"max_tokens":5}`,
			want: `{"tools":[` + tool + `],"max_completion_tokens":5,"stream":false,"extra_body":{}}`},
		{name: "o-series never takes parallel_tool_calls",
			req:     `{"model":"o1","tools":[` + tool + `],"parallel_tool_calls":true}`,
			wantErr: "openai does not support parameters: ['parallel_tool_calls']"},
		{name: "vertex llama drops an allowed max_completion_tokens",
			req:  `{"model":"vertex_ai/meta/llama-3.1-8b-instruct-maas","max_completion_tokens":3,"allowed_openai_params":["max_completion_tokens"]}`,
			want: `{"max_tokens":3,"max_completion_tokens":null,"stream":false}`},
	})
}

func TestProviderResolutionFromAPIBase(t *testing.T) {
	runOptCases(t, []optCase{
		{name: "an endpoint without a branch resolves no provider",
			req:  `{"model":"my-model","api_base":"https://api.x.ai/v1","top_k":3}`,
			want: `{"top_k":3,"stream":false}`},
		{name: "no provider: supported params from the model's own provider",
			req:     `{"model":"claude-3-5-sonnet-20240620","api_base":"https://api.sambanova.ai/v1","logit_bias":{"1":2}}`,
			wantErr: "None does not support parameters: ['logit_bias'], for model=claude-3-5-sonnet-20240620."},
		{name: "an endpoint with a branch",
			req:  `{"model":"my-model","api_base":"https://api.hyperbolic.xyz/v1"}`,
			want: `{"stream":false,"extra_body":{}}`},
	})
	cat := DefaultCatalog()
	for _, tc := range []struct{ model, provider, base, wantModel, wantProvider string }{
		{"my-model", "", "https://api.moonshot.ai/v1", "my-model", ""},
		{"my-model", "foo", "https://api.x.ai/v1", "foo/my-model", "foo"},
		{"my-model", "foo", "", "foo/my-model", "foo"},
		{"my-model", "", "https://api.groq.com/openai/v1", "my-model", "groq"},
	} {
		r, err := GetLLMProvider(cat, nil, tc.model, tc.provider, tc.base)
		if err != nil || r.Model != tc.wantModel || r.Provider != tc.wantProvider {
			t.Errorf("GetLLMProvider(%q, %q, %q) = %+v, %v; want model %q provider %q", tc.model, tc.provider, tc.base,
				r, err, tc.wantModel, tc.wantProvider)
		}
	}
}

func TestDataRobotAPIBase(t *testing.T) {
	for in, want := range map[string]string{
		"":                                       "https://app.datarobot.com/api/v2/genai/llmgw/chat/completions/",
		"https://x.example/":                     "https://x.example/api/v2/genai/llmgw/chat/completions/",
		"https://x.example/api/v2":               "https://x.example/api/v2/genai/llmgw/chat/completions/",
		"https://x.example/api/v2/deployments/1": "https://x.example/api/v2/deployments/1/",
	} {
		if got := dataRobotAPIBase(in); got != want {
			t.Errorf("dataRobotAPIBase(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestModelMapFlagsAsLiteLLMReadsThem(t *testing.T) {
	runOptCases(t, []optCase{
		{name: "fireworks: an explicit false takes tools away",
			req:     `{"model":"fireworks_ai/accounts/fireworks/models/deepseek-coder-v2-instruct","tools":[` + tool + `]}`,
			wantErr: "fireworks_ai does not support parameters: ['tools']"},
		{name: "fireworks: an unknown model calls functions (provider default)",
			req:  `{"model":"fireworks_ai/accounts/x/models/unknown","tools":[` + tool + `]}`,
			want: `{"tools":[` + tool + `],"stream":false,"extra_body":{}}`},
		{name: "fine-tune pricing keys are not known OpenAI models",
			req:  `{"model":"ft:gpt-3.5-turbo","user":"u"}`,
			want: `{"stream":false,"extra_body":{}}`},
		{name: "gemini maps audio on every model",
			req:     `{"model":"vertex_ai/chat-bison","audio":{"voice":"alloy","format":"mp3"}}`,
			wantErr: "Unsupported audio format for Gemini TTS models: mp3."},
		{name: "gemini audio adds the AUDIO modality",
			req:  `{"model":"gemini/gemini-2.5-flash-preview-tts","audio":{"format":"pcm16"}}`,
			want: `{"speechConfig":{},"responseModalities":["AUDIO"]}`},
	})
}

func TestCostOfModelsLiteLLMPricesItself(t *testing.T) {
	cat := DefaultCatalog()
	for _, tc := range []struct {
		model, provider string
		want            float64
		known           bool
	}{
		// dashscope's tiered_pricing: 10 prompt and 20 completion tokens in
		// the first tier.
		{"qwen-flash", "dashscope", 10*5e-08 + 20*4e-07, true},
		{"org/some-model-7b", "huggingface", 0, true},
		{"org/some-model-7b", "lemonade", 0, true},
		{"org/some-model-7b", "replicate", 0, false},
	} {
		r := Resolved{Model: tc.model, Provider: tc.provider}
		got, known := completionCost(cat, r, hiddenProvider(cat, nil, r), "", "Hi", 1)
		if known != tc.known || (known && math.Abs(got-tc.want) > 1e-15) {
			t.Errorf("cost of %s/%s = %v (known %v), want %v (known %v)", tc.provider, tc.model, got, known,
				tc.want, tc.known)
		}
	}
}

func TestTieredCost(t *testing.T) {
	tiers := []PriceTier{{Start: 0, End: 100, InputCostPerToken: 1, HasRange: true},
		{Start: 100, End: 200, InputCostPerToken: 2, HasRange: true}}
	for tokens, want := range map[float64]float64{0: 0, 50: 50, 150: 100 + 100, 250: 100 + 200 + 100} {
		if got := tieredCost(tokens, tiers, true); got != want {
			t.Errorf("tieredCost(%v) = %v, want %v", tokens, got, want)
		}
	}
}
