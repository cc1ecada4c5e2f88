// Package fuzzgen generates seeded random chat-completion requests for
// differential testing of the pipeline variants: models of every provider
// with a chat config of its own (and any other LlmProviders value, unknown
// providers and models), api_base endpoints, OpenAI params with
// realistic, edge and wrong-typed values, per-call drop settings, provider
// extras and mock responses (plain text, LiteLLM's magic error strings,
// response dicts), streaming and n.
//
// Generation is deterministic: Generate(seed, i) always returns the same
// request, independent of any other index, so a mismatch found at index i of
// a run with seed s is reproduced by Generate(s, i) alone, and a run can be
// split between goroutines.
package fuzzgen

import (
	"math"
	"math/rand/v2"
	"strconv"
	"strings"

	"github.com/llmbench/llmbench/pkg/completion"
)

// A Case is one generated request and the process settings it runs under.
type Case struct {
	// Seed and Index identify the case: Generate(Seed, Index) returns it.
	Seed  int64
	Index int
	// Request is the request in the JSON form completion.RequestFromObject
	// decodes. It may hold a wrong-typed value on purpose: decoding such a
	// request fails, and that failure is part of what is compared.
	Request completion.Object
	// GlobalDropParams is litellm.drop_params.
	GlobalDropParams bool
	// Env is the process environment the request sees (AZURE_API_VERSION,
	// provider *_API_BASE values); nil means empty.
	Env map[string]string
}

// Settings returns the completion settings the case runs under.
func (c *Case) Settings() completion.Settings {
	st := completion.Settings{DropParams: c.GlobalDropParams}
	if len(c.Env) > 0 {
		env := c.Env
		st.Env = func(k string) string { return env[k] }
	}
	return st
}

// JSON renders the case as one JSON line: the request's fields, then
// "fuzz" {seed, index} and, when set, "settings" {drop_params, env}.
func (c *Case) JSON() string {
	o := c.Request.Clone()
	o = append(o, completion.Member{Key: "fuzz", Value: completion.Object{
		{Key: "seed", Value: float64(c.Seed)}, {Key: "index", Value: float64(c.Index)}}})
	if c.GlobalDropParams || len(c.Env) > 0 {
		s := completion.Object{}
		if c.GlobalDropParams {
			s.Set("drop_params", true)
		}
		if len(c.Env) > 0 {
			env := completion.Object{}
			for _, k := range envKeys {
				if v, ok := c.Env[k]; ok {
					env.Set(k, v)
				}
			}
			s.Set("env", env)
		}
		o = append(o, completion.Member{Key: "settings", Value: s})
	}
	b, err := completion.MarshalValue(o)
	if err != nil {
		return "<unrenderable request: " + err.Error() + ">"
	}
	return string(b)
}

// Generate returns the index-th request of the sequence for seed.
func Generate(seed int64, index int) Case {
	g := &gen{r: rand.New(rand.NewPCG(uint64(seed), uint64(index)^0x9e3779b97f4a7c15))}
	c := Case{Seed: seed, Index: index}
	c.Request = g.request()
	c.GlobalDropParams = g.chance(0.15)
	if g.chance(0.2) {
		c.Env = map[string]string{}
		for _, k := range envKeys {
			if g.chance(0.3) {
				c.Env[k] = pick(g, envValues[k])
			}
		}
	}
	return c
}

type gen struct{ r *rand.Rand }

func (g *gen) chance(p float64) bool { return g.r.Float64() < p }
func (g *gen) intn(n int) int        { return g.r.IntN(n) }

func pick[T any](g *gen, list []T) T { return list[g.r.IntN(len(list))] }

// A target is a way to name a model of one provider.
type target struct {
	provider string   // LlmProviders value, or "" for a bare known model
	models   []string // model names without the provider prefix
}

// targets are the providers of the conformance corpus with models taken
// from it and from LiteLLM's catalog.
var targets = []target{
	{"openai", []string{"gpt-4o", "gpt-4o-mini", "gpt-3.5-turbo", "gpt-4.1", "gpt-5", "gpt-5.1", "gpt-5-mini", "o1", "o1-mini",
		"o1-preview-2024-09-12", "o3-mini", "o3", "o4-mini", "gpt-4o-audio-preview", "gpt-4-turbo", "ft:gpt-3.5-turbo-0125:org::abc",
		"ft:gpt-4o-2024-05-13:my-org::xyz", "mistral-large-latest", "gpt-4o-search-preview", "my-custom-model"}},
	{"azure", []string{"my-deployment", "gpt-4o", "o1-mini", "o1-preview", "o3-mini", "chatgpt-v2", "gpt-5", "gpt-35-turbo", "o-series/my-o3"}},
	{"anthropic", []string{"claude-3-5-sonnet-20240620", "claude-3-haiku-20240307", "claude-3-7-sonnet-20250219",
		"claude-sonnet-4-20250514", "claude-opus-4-1-20250805", "claude-3-opus-20240229", "claude-unknown-9"}},
	{"anthropic_text", []string{"claude-2", "claude-2.1", "claude-instant-1"}},
	{"bedrock", []string{"anthropic.claude-3-sonnet-20240229-v1:0", "anthropic.claude-3-haiku-20240307-v1:0",
		"anthropic.claude-3-7-sonnet-20250219-v1:0", "anthropic.claude-v2:1", "amazon.nova-pro-v1:0", "amazon.nova-micro-v1:0",
		"meta.llama3-8b-instruct-v1:0", "mistral.mistral-large-2402-v1:0", "openai.gpt-oss-20b-1:0", "cohere.command-r-v1:0",
		"ai21.jamba-1-5-large-v1:0", "amazon.titan-text-express-v1",
		"converse/anthropic.claude-3-sonnet-20240229-v1:0", "converse/meta.llama3-8b-instruct-v1:0",
		"invoke/anthropic.claude-3-sonnet-20240229-v1:0", "invoke/anthropic.claude-3-5-sonnet-20240620-v1:0",
		"us.anthropic.claude-3-5-sonnet-20241022-v2:0", "eu.anthropic.claude-sonnet-4-20250514-v1:0",
		"us.meta.llama3-2-11b-instruct-v1:0", "apac.amazon.nova-lite-v1:0", "us-west-2/anthropic.claude-3-haiku-20240307-v1:0",
		"arn:aws:bedrock:us-east-1:123456789012:imported-model/abc", "my-unknown-bedrock-model"}},
	{"vertex_ai", []string{"gemini-1.5-pro", "gemini-1.5-flash", "gemini-2.0-flash-lite", "gemini-2.5-pro-preview-06-05",
		"gemini-2.5-flash", "gemini-3-pro-preview", "gemini-new-model", "claude-3-5-sonnet@20240620", "claude-3-7-sonnet@20250219",
		"meta/llama3-405b-instruct-maas", "mistral-large@2407", "mistral-large-2411@001", "1984786713414729728",
		"imagegeneration@006", "codestral@2405", "jamba-1.5-mini@001", "text-bison", "chat-bison", "chat-bison@002"}},
	{"gemini", []string{"gemini-1.5-pro", "gemini-1.5-flash", "gemini-2.0-flash", "gemini-2.5-pro", "gemini-2.5-flash-preview-tts", "gemma-3-27b-it"}},
	{"cohere", []string{"command-r", "command-r-plus", "command-a-03-2025", "command"}},
	{"cohere_chat", []string{"command-r", "command-r-plus", "command-r7b-12-2024"}},
	{"mistral", []string{"mistral-large-latest", "codestral-latest", "magistral-medium-latest", "mistral-large-fr", "open-mistral-nemo", "mistral-small-latest"}},
	{"codestral", []string{"codestral-latest", "codestral-2405"}},
	{"groq", []string{"llama-3.3-70b-versatile", "llama3-8b-8192", "llama-3.1-70b-versatile", "deepseek-r1-distill-llama-70b", "my-model"}},
	{"ollama", []string{"llama3", "llama2", "code-llama-22", "mistral", "llama3.1"}},
	{"ollama_chat", []string{"llama3.1", "test-model", "qwen2.5"}},
	{"together_ai", []string{"meta-llama/Llama-3-8b-chat-hf", "meta-llama/Llama-3.3-70B-Instruct-Turbo", "mistralai/Mixtral-8x7B-Instruct-v0.1"}},
	{"deepseek", []string{"deepseek-chat", "deepseek-reasoner", "deepseek-coder"}},
	{"fireworks_ai", []string{"accounts/fireworks/models/llama-v3-8b-instruct", "accounts/fireworks/models/llama-v3p1-70b-instruct",
		"accounts/my-test-1234", "accounts/fireworks/models/deepseek-r1"}},
	{"openrouter", []string{"anthropic/claude-3.5-sonnet", "openai/gpt-4o", "openai/o3-mini", "google/gemini-2.0-flash-001"}},
	{"xai", []string{"grok-2", "grok-3-mini", "grok-4", "grok-beta"}},
	{"perplexity", []string{"sonar", "sonar-pro", "sonar-reasoning"}},
	{"hosted_vllm", []string{"llama-3.1-70b-instruct", "my-model", "my-vllm-model"}},
	{"cerebras", []string{"llama3.1-8b", "llama-3.3-70b"}},
	{"text-completion-openai", []string{"gpt-3.5-turbo-instruct", "gpt-3.5-turbo-instruct-0914", "babbage-002"}},
	{"vertex_ai_beta", []string{"gemini-1.5-pro"}},
	{"watsonx", []string{"ibm/granite-13b-chat-v2", "gemini-1.5-pro"}},
	{"watsonx_text", []string{"ibm/granite-13b-chat-v2"}},
	{"databricks", []string{"databricks-dbrx-instruct", "databricks-meta-llama-3-70b-instruct"}},
	{"lambda_ai", []string{"llama3.1-8b-instruct"}},
	{"morph", []string{"morph-v3-fast", "morph-v3-large"}},
	{"hyperbolic", []string{"deepseek-v3"}},
	{"litellm_proxy", []string{"gpt-4o", "claude-3-5-sonnet"}},
	{"v0", []string{"v0-1.0-md", "gpt-4-turbo"}},
	{"ai21_chat", []string{"jamba-1.5-large", "jamba-1.5-mini"}},
	{"azure_ai", []string{"gpt-4o-global-standard", "mistral-large", "Phi-4"}},
	{"vercel_ai_gateway", []string{"openai/gpt-4o", "anthropic/claude-4-sonnet"}},
	{"cloudflare", []string{"@cf/meta/llama-3.1-70b-instruct"}},
	{"llamafile", []string{"mistralai/mistral-7b-instruct-v0.2"}},
	{"nvidia_nim", []string{"meta/llama3-70b-instruct"}},
	{"deepinfra", []string{"meta-llama/Meta-Llama-3-8B-Instruct"}},
	{"sagemaker", []string{"jumpstart-dft-meta-textgeneration-llama-2-7b"}},
	{"huggingface", []string{"meta-llama/Llama-3.1-8B-Instruct"}},
	{"replicate", []string{"meta/llama-2-70b-chat"}},
	{"custom_llm", []string{"my-fake-model"}},
	// Providers with chat configs of their own, with models their rules
	// depend on.
	{"nvidia_nim", []string{"google/gemma-2-9b-it", "nvidia/nemotron-4-340b-instruct", "nvidia/nemotron-4-340b-reward",
		"google/codegemma-1.1-7b", "mistralai/mixtral-8x7b-instruct-v0.1"}},
	{"sambanova", []string{"Meta-Llama-3.3-70B-Instruct", "Llama-4-Scout-17B-16E-Instruct", "DeepSeek-R1", "my-model"}},
	{"ai21", []string{"jamba-1.5-large", "jamba-large-1.6", "j2-ultra"}},
	{"featherless_ai", []string{"featherless-ai/Qwerky-72B", "my-model"}},
	{"volcengine", []string{"doubao-seed-1-6-250615", "deepseek-r1-250120"}},
	{"deepinfra", []string{"mistralai/Mistral-7B-Instruct-v0.1", "Qwen/Qwen3-Next-80B-A3B-Thinking", "Gryphe/MythoMax-L2-13b"}},
	{"hyperbolic", []string{"Qwen/Qwen2.5-72B-Instruct", "deepseek-ai/DeepSeek-R1"}},
	{"replicate", []string{"lmsys/vicuna-13b", "meta/codellama-13b", "google/flan-t5-xl",
		"meta/llama-2-70b-chat:02e509c789964a7ea8736978a43525956ef40397be9033abf9fd2badfe68c9e3"}},
	{"sagemaker_chat", []string{"my-endpoint"}},
	{"nlp_cloud", []string{"dolphin", "chatdolphin"}},
	{"predibase", []string{"llama-3-8b-instruct"}},
	{"petals", []string{"petals-team/StableBeluga2"}},
	{"triton", []string{"my-model"}},
	{"maritalk", []string{"sabia-3"}},
	{"bytez", []string{"google/gemma-3-1b-it"}},
	{"clarifai", []string{"openai.chat-completion.gpt-4o"}},
	{"baseten", []string{"abcd1234", "deepseek-ai/DeepSeek-V3-0324"}},
	{"moonshot", []string{"kimi-latest", "kimi-thinking-preview", "kimi-k2-thinking"}},
	{"text-completion-codestral", []string{"codestral-latest"}},
	{"lm_studio", []string{"qwen2.5-7b-instruct"}},
	{"github_copilot", []string{"gpt-4o", "claude-3-7-sonnet-20250219", "gpt-5", "o3-mini"}},
	{"snowflake", []string{"claude-3-5-sonnet", "llama3.1-70b"}},
	{"gradient_ai", []string{"openai-gpt-4o", "llama3-8b-instruct"}},
	{"meta_llama", []string{"Llama-3.3-70B-Instruct", "Llama-4-Scout-17B-16E-Instruct-FP8"}},
	{"nscale", []string{"Qwen/QwQ-32B", "meta-llama/Llama-3.1-8B-Instruct"}},
	{"oci", []string{"cohere.command-a-03-2025", "meta.llama-3.3-70b-instruct", "xai.grok-3-mini"}},
	{"ovhcloud", []string{"gpt-oss-120b", "Mistral-7B-Instruct-v0.3", "llava-v1.6-mistral-7b-hf"}},
	{"dashscope", []string{"qwen-flash", "qwen-plus"}},
	{"datarobot", []string{"my-model"}},
	{"docker_model_runner", []string{"ai/smollm2"}},
	{"nebius", []string{"meta-llama/Meta-Llama-3.1-8B-Instruct"}},
	{"wandb", []string{"openai/gpt-oss-20b"}},
	{"lemonade", []string{"Qwen3-4B-Instruct-2507-GGUF"}},
	{"voyage", []string{"voyage-3"}},
	{"gemini", []string{"gemini-3-pro-preview", "gemini-3-pro-image-preview"}},
	{"vertex_ai", []string{"openai/gpt-oss-120b-maas", "jamba-1.5-large", "qwen/qwen3-235b-a22b-instruct-2507-maas",
		"claude-sonnet-4-5@20250929", "codestral-2501"}},
	{"databricks", []string{"databricks-claude-3-7-sonnet", "databricks-claude-sonnet-4"}},
	{"bedrock", []string{"cohere.command-r-plus-v1:0", "invoke/anthropic.claude-opus-4-1-20250805-v1:0",
		"qwen.qwen3-32b-v1:0", "invoke/qwen.qwen3-32b-v1:0", "us.deepseek.r1-v1:0", "amazon.titan-text-premier-v1:0",
		"meta.llama2-13b-chat-v1", "invoke/us.amazon.nova-lite-v1:0"}},
	{"anthropic", []string{"claude-sonnet-4-5-20250929", "claude-opus-4-5-20251101", "claude-haiku-4-5"}},
	{"fireworks_ai", []string{"accounts/fireworks/models/deepseek-coder-v2-instruct"}},
}

// bareModels are known models given without a provider (resolved from the
// catalog's model lists), and strings that resolve to nothing.
var bareModels = []string{
	"gpt-4o", "gpt-4o-mini", "gpt-3.5-turbo", "gpt-5", "o1-mini", "o3-mini", "ft:gpt-3.5-turbo", "ft:gpt-4-0613",
	"ft:gpt-4o-2024-05-13", "claude-3-5-sonnet-20240620", "claude-3-7-sonnet-20250219", "claude-sonnet-4-20250514",
	"claude-2", "command-r", "command-r-plus", "gemini-1.5-pro", "gemini-pro", "amazon.nova-micro-v1:0",
	"anthropic.claude-v2:1", "mistral-large-latest", "deepseek-chat", "gpt-3.5-turbo-instruct-0914",
	"llama3.1-8b-instruct", "jamba-1.5-large", "*", "", "unknown-model-xyz", "my-model", "GPT-4O", " gpt-4o",
	"gpt-4o/", "/gpt-4o", "notaprovider/gpt-4o", "foo/bar/baz", "azure/", "openai/", "bedrock/converse/",
	"ollama", "gpt-4o\u00e9", "a/b", strings.Repeat("x", 300),
}

// unknownProviders are custom_llm_provider values LiteLLM does not know.
var unknownProviders = []string{"notreal", "OpenAI", "open ai", "custom", "my-provider", "bedrock/converse", "azure_openai", "x"}

// apiBases drive endpoint inference and the api_base field.
var apiBases = []string{
	"https://api.groq.com/openai/v1", "https://api.deepseek.com", "https://api.deepseek.com/v1",
	"http://localhost:11434", "https://api.together.xyz/v1", "https://api.mistral.ai/v1",
	"https://api.perplexity.ai", "https://api.fireworks.ai/inference/v1", "https://openrouter.ai/api/v1",
	"https://api.x.ai/v1", "https://codestral.mistral.ai/v1", "https://api.cerebras.ai/v1",
	"https://my-resource.openai.azure.com", "https://example.com/v1", "http://0.0.0.0:8000", "not a url", "",
	// The rest of litellm.openai_compatible_endpoints, with and without a
	// provider branch of their own.
	"https://api.endpoints.anyscale.com/v1", "https://api.deepinfra.com/v1/openai", "https://integrate.api.nvidia.com/v1",
	"https://app.empower.dev/api/v1", "https://api.friendli.ai/serverless/v1", "https://api.sambanova.ai/v1",
	"https://api.galadriel.ai/v1", "https://api.llama.com/compat/v1/", "https://api.featherless.ai/v1",
	"https://inference.api.nscale.com/v1", "https://api.studio.nebius.ai/v1",
	"https://dashscope-intl.aliyuncs.com/compatible-mode/v1", "https://api.moonshot.ai/v1", "https://api.v0.dev/v1",
	"https://api.morphllm.com/v1", "https://api.lambda.ai/v1", "https://api.hyperbolic.xyz/v1",
	"https://ai-gateway.vercel.sh/v1", "https://api.inference.wandb.ai/v1", "https://api.clarifai.com/v2/ext/openai/v1",
	"https://codestral.mistral.ai/v1/chat/completions", "https://inference.baseten.co/v1", "https://api.ai21.com/studio/v1",
}

var apiVersions = []string{"2023-05-15", "2024-02-01", "2024-06-01", "2024-08-01-preview", "2024-12-01-preview",
	"2025-01-01-preview", "2025-02-01-preview", "preview", "latest", "2022-12-01", "garbage", ""}

var envKeys = []string{"AZURE_API_VERSION", "OLLAMA_API_BASE", "HOSTED_VLLM_API_BASE", "OPENAI_BASE_URL", "OPENAI_API_BASE",
	"DEEPSEEK_API_BASE", "GROQ_API_BASE", "LITELLM_DROP_PARAMS"}

var envValues = map[string][]string{
	"AZURE_API_VERSION":    {"2023-05-15", "2024-02-01", "2024-08-01-preview", "2025-01-01-preview"},
	"OLLAMA_API_BASE":      {"http://ollama:11434"},
	"HOSTED_VLLM_API_BASE": {"http://vllm:8000/v1"},
	"OPENAI_BASE_URL":      {"https://proxy.example.com/v1"},
	"OPENAI_API_BASE":      {"https://proxy.example.com/v1"},
	"DEEPSEEK_API_BASE":    {"https://api.deepseek.com"},
	"GROQ_API_BASE":        {"https://api.groq.com/openai/v1"},
	"LITELLM_DROP_PARAMS":  {"True", ""},
}

// model picks the model and provider fields of a request.
func (g *gen) model(o *completion.Object) {
	switch x := g.intn(100); {
	case x < 70: // a provider from the corpus, in one of its spellings
		t := pick(g, targets)
		m := pick(g, t.models)
		switch y := g.intn(10); {
		case y < 6:
			o.Set("model", t.provider+"/"+m)
		case y < 9:
			o.Set("model", m)
			o.Set("custom_llm_provider", t.provider)
		default: // both: the explicit provider wins over the prefix
			o.Set("model", t.provider+"/"+m)
			o.Set("custom_llm_provider", pick(g, []string{t.provider, "openai", "azure"}))
		}
	case x < 85:
		o.Set("model", pick(g, bareModels))
		if g.chance(0.1) {
			o.Set("custom_llm_provider", nil)
		}
	case x < 92: // any LlmProviders value with a model from elsewhere
		p := completion.Providers()[g.intn(completion.NumProviders)]
		m := pick(g, pick(g, targets).models)
		if g.chance(0.5) {
			o.Set("model", p+"/"+m)
		} else {
			o.Set("model", m)
			o.Set("custom_llm_provider", p)
		}
	case x < 97:
		o.Set("model", pick(g, pick(g, targets).models))
		o.Set("custom_llm_provider", pick(g, unknownProviders))
	default: // a wrong type for the model or provider
		if g.chance(0.5) {
			o.Set("model", g.wrong())
		} else {
			o.Set("model", "gpt-4o")
			o.Set("custom_llm_provider", g.wrong())
		}
	}
	if g.chance(0.08) {
		o.Set("api_base", pick(g, apiBases))
	}
	if g.chance(0.1) {
		o.Set("api_version", pick(g, apiVersions))
	}
}

// providerChecks draws, often enough to reach them, the combinations that
// only some providers check and that a reordered dispatch (LiteLLM PR
// #13993's provider-config-first branch) skips: Azure's tool_choice
// "required" against the api_version, and watsonx's top_k. Vertex AI's
// PaLM models (chat-bison, text-bison) are among the vertex_ai targets.
func (g *gen) providerChecks(o *completion.Object) {
	m, _ := o.Get("model")
	p, _ := o.Get("custom_llm_provider")
	ms, _ := m.(string)
	ps, _ := p.(string)
	switch {
	case (ps == "azure" || ps == "" && strings.HasPrefix(ms, "azure/")) && g.chance(0.3):
		o.Set("tool_choice", "required")
		o.Set("tools", []any{obj("type", "function", "function", obj("name", "get_weather", "parameters", obj("type", "object")))})
		if g.chance(0.8) {
			o.Set("api_version", pick(g, apiVersions))
		}
	case (ps == "watsonx" || ps == "" && strings.HasPrefix(ms, "watsonx/")) && g.chance(0.3):
		o.Set("top_k", pick(g, []any{1.0, 10.0, 40.0}))
	}
}

// messages returns a realistic messages list.
func (g *gen) messages() any {
	msg := func(role, content string) completion.Object {
		return completion.Object{{Key: "role", Value: role}, {Key: "content", Value: content}}
	}
	switch g.intn(20) {
	case 0:
		return []any{}
	case 1:
		return []any{msg("system", "You are terse."), msg("user", "hello"), msg("assistant", "hi"), msg("user", "again")}
	case 2:
		return []any{completion.Object{{Key: "role", Value: "user"}, {Key: "content", Value: []any{
			completion.Object{{Key: "type", Value: "text"}, {Key: "text", Value: "describe"}},
			completion.Object{{Key: "type", Value: "image_url"}, {Key: "image_url", Value: completion.Object{{Key: "url", Value: "https://x/y.png"}}}},
		}}}}
	case 3:
		return []any{msg("system", "sys only")}
	}
	return []any{msg("user", "Hey, how's it going?")}
}

// A paramGen produces a value for one parameter.
type paramGen struct {
	name string
	// weight is the relative chance that the parameter is present.
	weight int
	good   func(g *gen) any
}

// num draws one of vals; an integral one is sometimes written as a float
// (1.0), which LiteLLM receives as a Python float (completion.Float).
func num(vals ...float64) func(g *gen) any {
	return func(g *gen) any {
		v := pick(g, vals)
		if v == math.Trunc(v) && g.chance(0.25) {
			return completion.Float(v)
		}
		return v
	}
}

func str(vals ...string) func(g *gen) any {
	return func(g *gen) any { return pick(g, vals) }
}

func obj(kv ...any) completion.Object {
	o := completion.Object{}
	for i := 0; i+1 < len(kv); i += 2 {
		o = append(o, completion.Member{Key: kv[i].(string), Value: kv[i+1]})
	}
	return o
}

func tool(name string) completion.Object {
	return obj("type", "function", "function", obj("name", name, "description", "d",
		"parameters", obj("type", "object", "properties", obj("city", obj("type", "string")), "required", []any{"city"})))
}

var params = []paramGen{
	{"temperature", 10, num(0, 0.2, 0.5, 0.7, 1, 1.5, 2, 2.5, -1, 1e-9, 100)},
	{"top_p", 5, num(0, 0.1, 0.9, 1, 1.1, -0.5)},
	{"n", 5, num(1, 2, 3, 0, -1, 10)},
	{"stream", 8, func(g *gen) any { return g.chance(0.5) }},
	{"stream_options", 3, func(g *gen) any {
		return pick(g, []any{obj("include_usage", true), obj("include_usage", false), obj(), obj("foo", 1)})
	}},
	{"stop", 6, func(g *gen) any {
		return pick(g, []any{"\n", "stop_word", "", []any{"\n"}, []any{"a", "b", "c", "d", "e"}, []any{}})
	}},
	{"max_tokens", 9, num(1, 10, 100, 1024, 4096, 0, -5, 200000)},
	{"max_completion_tokens", 4, num(1, 50, 4096, 0)},
	{"modalities", 3, func(g *gen) any {
		return pick(g, []any{[]any{"text"}, []any{"text", "audio"}, []any{"text", "image"}, []any{}})
	}},
	{"prediction", 1, func(g *gen) any { return obj("type", "content", "content", "x") }},
	{"audio", 2, func(g *gen) any {
		return pick(g, []any{obj("voice", "alloy", "format", "wav"), obj("voice", "Kore", "format", "pcm16"), obj(), "invalid_string"})
	}},
	{"presence_penalty", 4, num(0, 0.3, 0.5, -2, 2, 3)},
	{"frequency_penalty", 4, num(0, 0.5, -2, 2)},
	{"logit_bias", 3, func(g *gen) any { return pick(g, []any{obj("50256", -100.0), obj(), obj("1", 1.5, "2", -1.0)}) }},
	{"user", 5, str("John", "u1", "a@b.com", "", "test_user")},
	{"response_format", 6, func(g *gen) any {
		return pick(g, []any{obj("type", "json_object"), obj("type", "text"), obj("type", "json"),
			obj("type", "json_schema", "json_schema", obj("name", "r", "strict", true,
				"schema", obj("type", "object", "properties", obj("a", obj("type", "string")), "required", []any{"a"}))),
			obj("type", "json_schema", "schema", obj("type", "object")), // a schema where LM Studio takes it
			obj()})
	}},
	{"seed", 4, num(42, 0, -1, 1e15)},
	{"tools", 9, func(g *gen) any {
		return pick(g, []any{[]any{tool("get_weather")}, []any{tool("a"), tool("b")}, []any{},
			[]any{obj("googleSearch", obj())}, []any{obj("type", "google_search", "googleSearch", obj())},
			[]any{obj("code_execution", obj())}, []any{obj("type", "web_search_preview")}, []any{"not-a-tool"}})
	}},
	{"tool_choice", 7, func(g *gen) any {
		return pick(g, []any{"auto", "none", "required", "any", "", obj("type", "function", "function", obj("name", "get_weather")),
			obj("type", "any"), obj("type", "tool", "name", "get_weather")})
	}},
	{"max_retries", 1, num(0, 3, 10)},
	{"logprobs", 3, func(g *gen) any { return pick(g, []any{true, false, 1.0, 0.0}) }},
	{"top_logprobs", 3, num(0, 2, 5, 20, 21)},
	{"extra_headers", 2, func(g *gen) any { return pick(g, []any{obj("X-Test", "1"), obj("anthropic-beta", "tools-2024-04-04")}) }},
	{"parallel_tool_calls", 4, func(g *gen) any { return g.chance(0.5) }},
	{"reasoning_effort", 6, str("low", "medium", "high", "minimal", "none", "disable", "max", "")},
	{"verbosity", 2, str("low", "medium", "high", "loud")},
	{"functions", 3, func(g *gen) any {
		return []any{obj("name", "get_weather", "parameters", obj("type", "object", "properties", obj()))}
	}},
	{"function_call", 3, func(g *gen) any { return pick(g, []any{"auto", "none", obj("name", "get_weather")}) }},
	{"thinking", 4, func(g *gen) any {
		return pick(g, []any{obj("type", "enabled", "budget_tokens", 1024.0), obj("budget_tokens", 2048.0, "type", "enabled"),
			obj("type", "disabled"), obj("type", "enabled"), obj()})
	}},
	{"web_search_options", 3, func(g *gen) any {
		return pick(g, []any{obj(), obj("search_context_size", "high"), obj("user_location", obj("type", "approximate"))})
	}},
	{"safety_identifier", 1, str("sid-1")},
	{"service_tier", 3, str("auto", "default", "flex", "priority", "scale")},
}

var paramWeightTotal = func() int {
	t := 0
	for _, p := range params {
		t += p.weight
	}
	return t
}()

func (g *gen) param() paramGen {
	x := g.intn(paramWeightTotal)
	for _, p := range params {
		if x < p.weight {
			return p
		}
		x -= p.weight
	}
	return params[len(params)-1]
}

// wrong returns a value of a random JSON type, for type-confusion.
func (g *gen) wrong() any {
	switch g.intn(9) {
	case 0:
		return nil
	case 1:
		return true
	case 2:
		return 1.5
	case 3:
		return "hot"
	case 4:
		return []any{1.0, "x"}
	case 5:
		return obj("k", "v")
	case 6:
		return 1000.0 // large, but small enough to be a valid n
	case 7:
		return math.Copysign(0, -1) // negative zero
	}
	return 7.0
}

// mutate returns a copy of v with one nested value (a member of an object
// or an element of a list, at any depth) replaced by a value of a random
// type; scalars are returned as they are.
func (g *gen) mutate(v any) any {
	switch x := v.(type) {
	case completion.Object:
		if len(x) == 0 {
			return completion.Object{{Key: pick(g, []string{"type", "name", "budget_tokens", "function"}), Value: g.wrong()}}
		}
		out := x.Clone()
		i := g.intn(len(out))
		if g.chance(0.5) {
			out[i].Value = g.mutate(out[i].Value)
		} else {
			out[i].Value = g.wrong()
		}
		return out
	case []any:
		if len(x) == 0 {
			return []any{g.wrong()}
		}
		out := append([]any(nil), x...)
		i := g.intn(len(out))
		if g.chance(0.5) {
			out[i] = g.mutate(out[i])
		} else {
			out[i] = g.wrong()
		}
		return out
	}
	return v
}

// extras are provider-specific keyword arguments and LiteLLM controls that
// are not OpenAI params.
var extras = []paramGen{
	{"top_k", 6, num(1, 10, 40, 0, -1, 1.5)},
	{"extra_body", 4, func(g *gen) any {
		return pick(g, []any{obj("foo", 1.0), obj("meta", "hi"), obj(), obj("top_k", 5.0), "not-an-object"})
	}},
	{"transforms", 1, func(g *gen) any { return []any{"middle-out"} }},
	{"safety_settings", 1, func(g *gen) any {
		return []any{obj("category", "HARM_CATEGORY_HATE_SPEECH", "threshold", "BLOCK_NONE")}
	}},
	{"repetition_penalty", 1, num(1.1)},
	{"min_p", 1, num(0.05)},
	{"format", 1, str("json")},
	{"metadata", 2, func(g *gen) any { return obj("trace_id", "t1") }},
	{"api_key", 1, str("sk-fake")},
	{"aws_region_name", 1, str("us-west-2", "eu-central-1")},
	{"vertex_project", 1, str("my-project")},
	{"enhancements", 1, func(g *gen) any { return obj("ocr", obj("enabled", true)) }},
	{"red", 1, str("blue")},
	{"cache_control", 1, func(g *gen) any { return obj("type", "ephemeral") }},
	{"timeout", 1, num(30, 0.5)},
	{"headers", 1, func(g *gen) any { return obj("X-A", "b") }},
	{"extra_query", 1, func(g *gen) any { return obj("q", "1") }},
}

var extraWeightTotal = func() int {
	t := 0
	for _, p := range extras {
		t += p.weight
	}
	return t
}()

func (g *gen) extra() paramGen {
	x := g.intn(extraWeightTotal)
	for _, p := range extras {
		if x < p.weight {
			return p
		}
		x -= p.weight
	}
	return extras[len(extras)-1]
}

// someNames returns a few parameter names for additional_drop_params and
// allowed_openai_params: OpenAI params, extras and unknown names.
func (g *gen) someNames() []any {
	n := g.intn(4)
	out := make([]any, 0, n)
	for i := 0; i < n; i++ {
		switch g.intn(6) {
		case 0, 1, 2:
			out = append(out, g.param().name)
		case 3:
			out = append(out, g.extra().name)
		case 4:
			out = append(out, pick(g, []string{"extra_body", "stream", "n", "tools", "response_format"}))
		default:
			out = append(out, pick(g, []string{"not_a_param", "", "Temperature"}))
		}
	}
	return out
}

var mockTexts = []string{"Hello, world!", "Hello, world!", "hi", "", "ab", "abc", "abcd", "This is a test response",
	"héllo wörld ✓", "line1\nline2", "  spaced  ", strings.Repeat("long ", 40)}

var magicMocks = []string{"litellm.RateLimitError", "litellm.ContextWindowExceededError", "litellm.InternalServerError",
	"Exception: content_filter_policy", "Exception: content_filter_policy because x", "Exception: mock_streaming_error",
	"Exception: mock_streaming_error now", "litellm.RateLimitError ", "Exception: other"}

// mock sets mock_response (and sometimes mock_tool_calls).
func (g *gen) mock(o *completion.Object) {
	switch x := g.intn(100); {
	case x < 72:
		o.Set("mock_response", pick(g, mockTexts))
	case x < 84:
		o.Set("mock_response", pick(g, magicMocks))
	case x < 88:
		o.Set("mock_response", nil)
	case x < 92:
		o.Set("mock_response", obj("id", "chatcmpl-fixed", "object", "chat.completion", "created", 1.0, "model", "m",
			"choices", []any{obj("index", 0.0, "finish_reason", "stop", "message", obj("role", "assistant", "content", "dict"))}))
	case x < 95:
		o.Set("mock_response", g.wrong())
	case x < 98: // no mock at all: llmbench refuses to call a real provider
	default:
		o.Set("mock_response", pick(g, mockTexts))
		o.Set("mock_tool_calls", []any{obj("id", "call_1", "type", "function",
			"function", obj("name", "get_weather", "arguments", `{"city":"Paris"}`))})
	}
	if g.chance(0.02) {
		o.Set("mock_tool_calls", []any{obj("id", "call_1", "type", "function", "function", obj("name", "f", "arguments", "{}"))})
	}
}

// request builds one random request in its JSON form.
func (g *gen) request() completion.Object {
	o := completion.Object{}
	g.model(&o)
	if !g.chance(0.03) {
		o.Set("messages", g.messages())
	}
	// Params at the top level or inside "params", as case files have them.
	var ps completion.Object
	nParams := g.intn(4) + g.intn(4)
	if g.chance(0.1) {
		nParams = 0
	}
	for i := 0; i < nParams; i++ {
		p := g.param()
		var v any
		switch y := g.intn(100); {
		case y < 2:
			v = g.wrong() // wrong type: decoding rejects most of these
		case y < 5:
			v = nil // explicitly None
		case y < 10:
			v = g.mutate(p.good(g)) // right type, a wrong value somewhere inside
		default:
			v = p.good(g)
		}
		ps.Set(p.name, v)
	}
	for i, n := 0, g.intn(3); i < n && g.chance(0.5); i++ {
		e := g.extra()
		ps.Set(e.name, e.good(g))
	}
	if g.chance(0.02) { // many extras: objects past the size where they are indexed
		for i, n := 0, 10+g.intn(60); i < n; i++ {
			ps = append(ps, completion.Member{Key: "x_" + strconv.Itoa(g.intn(50)), Value: float64(i)})
		}
	}
	if len(ps) > 0 {
		if g.chance(0.5) {
			o.Set("params", ps)
		} else {
			for _, m := range ps {
				if !o.Has(m.Key) {
					o = append(o, m)
				}
			}
		}
	}
	g.providerChecks(&o)
	switch g.intn(10) {
	case 0, 1:
		o.Set("drop_params", true)
	case 2:
		o.Set("drop_params", false)
	case 3:
		o.Set("drop_params", nil)
	}
	if g.chance(0.15) {
		o.Set("additional_drop_params", g.someNames())
	}
	if g.chance(0.12) {
		o.Set("allowed_openai_params", g.someNames())
	}
	if g.chance(0.01) {
		o.Set(pick(g, []string{"drop_params", "additional_drop_params", "allowed_openai_params"}), g.wrong())
	}
	g.mock(&o)
	return o
}

// Describe returns a short description of the generator for reports.
func Describe() string {
	return strconv.Itoa(len(targets)) + " provider targets, " + strconv.Itoa(len(params)) + " OpenAI params, " +
		strconv.Itoa(len(extras)) + " extras"
}
