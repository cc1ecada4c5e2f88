package completion

// A Provider is one value of LiteLLM's LlmProviders enum.
type Provider uint8

// providerValues are the 104 LlmProviders values of LiteLLM 1.80.5 in
// declaration order.
var providerValues = [...]string{
	"openai", "openai_like", "jina_ai", "xai", "custom_openai", "text-completion-openai", "cohere", "cohere_chat",
	"clarifai", "anthropic", "anthropic_text", "bytez", "replicate", "runwayml", "huggingface", "together_ai",
	"openrouter", "datarobot", "vertex_ai", "vertex_ai_beta", "gemini", "ai21", "baseten", "azure", "azure_text",
	"azure_ai", "sagemaker", "sagemaker_chat", "bedrock", "vllm", "nlp_cloud", "petals", "oobabooga", "ollama",
	"ollama_chat", "deepinfra", "perplexity", "mistral", "milvus", "groq", "nvidia_nim", "cerebras", "ai21_chat",
	"volcengine", "codestral", "text-completion-codestral", "dashscope", "moonshot", "v0", "morph", "lambda_ai",
	"deepseek", "sambanova", "maritalk", "voyage", "cloudflare", "xinference", "fireworks_ai", "friendliai",
	"featherless_ai", "watsonx", "watsonx_text", "triton", "predibase", "databricks", "empower", "github",
	"compactifai", "docker_model_runner", "custom", "litellm_proxy", "hosted_vllm", "llamafile", "lm_studio", "galadriel", "nebius",
	"infinity", "deepgram", "elevenlabs", "novita", "aiohttp_openai", "langfuse", "humanloop", "topaz",
	"assemblyai", "github_copilot", "snowflake", "gradient_ai", "meta_llama", "nscale", "pg_vector", "hyperbolic",
	"recraft", "fal_ai", "heroku", "aiml", "cometapi", "oci", "auto_router", "vercel_ai_gateway", "dotprompt",
	"wandb", "ovhcloud", "lemonade",
}

// NumProviders is the number of LlmProviders values.
const NumProviders = len(providerValues)

// Value returns the provider's string value, like LlmProviders.X.value.
func (p Provider) Value() string { return providerValues[p] }

// Providers returns the LlmProviders values in declaration order.
func Providers() []string { return append([]string(nil), providerValues[:]...) }

// providerSet is LiteLLM's LlmProvidersSet: every value, for O(1) lookups.
var providerSet = func() map[string]Provider {
	m := make(map[string]Provider, NumProviders)
	for i, v := range providerValues {
		m[v] = Provider(i)
	}
	return m
}()

// IsProvider reports whether name is one of the LlmProviders values.
func IsProvider(name string) bool {
	_, ok := providerSet[name]
	return ok
}

// openaiCompatibleProviders is litellm.openai_compatible_providers: these get
// unknown keyword arguments in extra_body.
var openaiCompatibleProviders = stringSet(
	"anyscale", "groq", "nvidia_nim", "cerebras", "baseten", "sambanova", "ai21_chat", "ai21", "volcengine",
	"codestral", "deepseek", "deepinfra", "perplexity", "xinference", "xai", "together_ai", "fireworks_ai",
	"empower", "friendliai", "azure_ai", "github", "litellm_proxy", "hosted_vllm", "llamafile", "lm_studio",
	"galadriel", "github_copilot", "novita", "meta_llama", "featherless_ai", "nscale", "nebius", "dashscope",
	"moonshot", "v0", "morph", "lambda_ai", "hyperbolic", "vercel_ai_gateway", "aiml", "wandb", "cometapi",
	"clarifai", "docker_model_runner",
)

func stringSet(names ...string) map[string]struct{} {
	m := make(map[string]struct{}, len(names))
	for _, n := range names {
		m[n] = struct{}{}
	}
	return m
}

func inSet(m map[string]struct{}, k string) bool {
	_, ok := m[k]
	return ok
}
