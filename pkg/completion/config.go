package completion

import "strings"

// A chatConfig is one of LiteLLM's provider chat configs: which OpenAI
// params a provider accepts for a model, and how it maps them into its own
// request form. Each provider's config lives in its own provider_*.go file.
type chatConfig interface {
	// supportedParams is get_supported_openai_params(model).
	supportedParams(c *mapCtx) ParamSet
	// mapParams is map_openai_params: it adds the mapped form of c.nd to opt.
	mapParams(c *mapCtx, opt *Object) error
}

// A mapCtx is everything a mapper may read.
type mapCtx struct {
	cat        *Catalog
	st         *Settings
	model      string
	provider   string
	drop       bool   // per-call drop_params when it is a bool, else false
	apiVersion string // per-call api_version
	nd         *nonDefault
	extras     Object // the special (non-OpenAI) keyword arguments

	// info memoizes the catalog lookup for (infoModel, infoProvider); a
	// copied mapCtx with another model or provider looks up again.
	infoDone                bool
	infoModel, infoProvider string
	infoVal                 *ModelInfo
}

// globalDrop is litellm.drop_params, which some mappers read directly.
func (c *mapCtx) globalDrop() bool { return c.st != nil && c.st.DropParams }

// info returns the catalog entry for the model under the provider, like
// LiteLLM's model-info helpers (nil when the model is not mapped).
func (c *mapCtx) info() *ModelInfo {
	if !c.infoDone || c.infoModel != c.model || c.infoProvider != c.provider {
		c.infoVal = lookupModelInfo(c.cat, c.model, c.provider)
		c.infoDone, c.infoModel, c.infoProvider = true, c.model, c.provider
	}
	return c.infoVal
}

// supports reads a supports_* flag of the model.
func (c *mapCtx) supports(flag func(*ModelInfo) bool) bool {
	m := c.info()
	return m != nil && flag(m)
}

// nonDefault is the result of pre_process_non_default_params: the OpenAI
// params that differ from their defaults, in signature order. extra holds
// other keys (only when a mapper is called directly with them).
type nonDefault struct {
	set   ParamSet
	vals  Params
	extra Object
}

func (nd *nonDefault) has(p Param) bool { return nd.set.Has(p) }
func (nd *nonDefault) get(p Param) any  { return nd.vals[p] }
func (nd *nonDefault) del(p Param) {
	nd.set = nd.set.Without(p)
	nd.vals[p] = nil
}

// each calls f for every param in signature order.
func (nd *nonDefault) each(f func(p Param, v any) error) error {
	for s := nd.set; s != 0; s &= s - 1 {
		p := Param(trailingZeros(uint64(s)))
		if err := f(p, nd.vals[p]); err != nil {
			return err
		}
	}
	return nil
}

func trailingZeros(x uint64) int {
	n := 0
	for x&1 == 0 && n < 64 {
		x >>= 1
		n++
	}
	return n
}

// A configKind names one chat config class.
type configKind uint8

const (
	cfgNone configKind = iota
	cfgOpenAI
	cfgOpenAIOSeries
	cfgOpenAIGPT5
	cfgAzure
	cfgAzureOSeries
	cfgAzureGPT5
	cfgAnthropic
	cfgAnthropicText
	cfgOpenAILike
	cfgDeepSeek
	cfgGroq
	cfgTogether
	cfgFireworks
	cfgOpenRouter
	cfgMistral
	cfgCohereChat
	cfgCohereV2
	cfgOllama
	cfgOllamaChat
	cfgBedrockConverse
	cfgBedrockInvokeClaude
	cfgBedrockInvoke
	cfgVertexGemini
	cfgGoogleAIStudio
	cfgVertexAnthropic
	cfgVertexPartnerOpenAILike
	cfgXAI
	cfgPerplexity
	cfgCerebras
	cfgHostedVLLM
	cfgWatsonx
	cfgWatsonxText
	cfgLiteLLMProxy
	cfgCloudflare
	cfgDatabricks
	cfgTextCompletionOpenAI
	cfgNvidiaNim
	cfgSambanova
	cfgAI21Chat
	cfgFeatherless
	cfgVolcEngine
	cfgDeepInfra
	cfgHyperbolic
	cfgReplicate
	cfgSagemaker
	cfgNLPCloud
	cfgPredibase
	cfgPetals
	cfgTriton
	cfgMaritalk
	cfgBytez
	cfgClarifai
	cfgBaseten
	cfgAzureAI
	cfgMoonshot
	cfgCodestralText
	cfgLMStudio
	cfgGithubCopilot
	cfgSnowflake
	cfgGradientAI
	cfgLlamaAPI
	cfgNscale
	cfgOCI
	cfgVercelAIGateway
	cfgOVHCloud
	cfgV0
	cfgMorph
	cfgVertexAI21
	cfgVertexGPTOSS
	cfgBedrockInvokeLegacyClaude
	numConfigKinds
)

// configs holds one instance of each config; configs are stateless. Provider
// files register theirs in init via registerConfig.
var configs [numConfigKinds]chatConfig

// newConfigs creates a fresh config of a kind (as LiteLLM instantiates a
// config object on every lookup); the baseline uses it.
var newConfigs [numConfigKinds]func() chatConfig

func registerConfig(k configKind, f func() chatConfig) {
	configs[k] = f()
	newConfigs[k] = f
}

// configRule is one branch of ProviderConfigManager.get_provider_chat_config.
type configRule struct {
	provider string
	pick     func(model string, cat *Catalog) configKind
}

func fixed(k configKind) func(string, *Catalog) configKind {
	return func(string, *Catalog) configKind { return k }
}

// configRules are the branches of get_provider_chat_config in LiteLLM
// 1.80.5's order. The baseline walks them as an if/elif chain; the optimized
// variant indexes them by provider once (configIndex). Both pick the same
// config. Providers that LiteLLM gives a class of their own whose behaviour
// is exactly OpenAIGPTConfig's (huggingface, dashscope, ...) or
// OpenAILikeChatConfig's (datarobot, lambda_ai, ...) share those kinds.
// LiteLLM tests openai's o-series and GPT-5 models first and plain openai
// near the end; pickOpenAI makes all three choices in the first rule.
var configRules = []configRule{
	{"openai", pickOpenAI},
	{"deepseek", fixed(cfgDeepSeek)},
	{"groq", fixed(cfgGroq)},
	{"bytez", fixed(cfgBytez)},
	{"databricks", fixed(cfgDatabricks)},
	{"xai", fixed(cfgXAI)},
	{"lambda_ai", fixed(cfgOpenAILike)},
	{"meta_llama", fixed(cfgLlamaAPI)},
	{"text-completion-openai", fixed(cfgTextCompletionOpenAI)},
	{"cohere_chat", pickCohere},
	{"cohere", pickCohere},
	{"snowflake", fixed(cfgSnowflake)},
	{"clarifai", fixed(cfgClarifai)},
	{"anthropic", fixed(cfgAnthropic)},
	{"anthropic_text", fixed(cfgAnthropicText)},
	{"vertex_ai_beta", fixed(cfgVertexGemini)},
	{"vertex_ai", pickVertex},
	{"cloudflare", fixed(cfgCloudflare)},
	{"sagemaker_chat", fixed(cfgOpenAI)},
	{"sagemaker", fixed(cfgSagemaker)},
	{"fireworks_ai", fixed(cfgFireworks)},
	{"friendliai", fixed(cfgOpenAILike)},
	{"watsonx", fixed(cfgWatsonx)},
	{"watsonx_text", fixed(cfgWatsonxText)},
	{"empower", fixed(cfgOpenAILike)},
	{"github", fixed(cfgOpenAILike)},
	{"compactifai", fixed(cfgOpenAI)},
	{"github_copilot", fixed(cfgGithubCopilot)},
	{"custom", fixed(cfgOpenAILike)},
	{"custom_openai", fixed(cfgOpenAILike)},
	{"openai_like", fixed(cfgOpenAILike)},
	{"aiohttp_openai", fixed(cfgOpenAILike)},
	{"hosted_vllm", fixed(cfgHostedVLLM)},
	{"llamafile", fixed(cfgOpenAI)},
	{"lm_studio", fixed(cfgLMStudio)},
	{"galadriel", fixed(cfgOpenAILike)},
	{"replicate", fixed(cfgReplicate)},
	{"huggingface", fixed(cfgOpenAI)},
	{"together_ai", fixed(cfgTogether)},
	{"openrouter", fixed(cfgOpenRouter)},
	{"vercel_ai_gateway", fixed(cfgVercelAIGateway)},
	{"cometapi", fixed(cfgOpenAI)},
	{"datarobot", fixed(cfgOpenAILike)},
	{"gemini", fixed(cfgGoogleAIStudio)},
	{"ai21", fixed(cfgAI21Chat)},
	{"ai21_chat", fixed(cfgAI21Chat)},
	{"azure", pickAzure},
	{"azure_ai", fixed(cfgAzureAI)},
	{"azure_text", fixed(cfgTextCompletionOpenAI)}, // AzureOpenAITextConfig extends it
	{"nlp_cloud", fixed(cfgNLPCloud)},
	{"oobabooga", fixed(cfgOpenAI)},
	{"ollama_chat", fixed(cfgOllamaChat)},
	{"deepinfra", fixed(cfgDeepInfra)},
	{"perplexity", fixed(cfgPerplexity)},
	{"mistral", fixed(cfgMistral)},
	{"codestral", fixed(cfgMistral)},
	{"nvidia_nim", fixed(cfgNvidiaNim)},
	{"cerebras", fixed(cfgCerebras)},
	{"baseten", fixed(cfgBaseten)},
	{"volcengine", fixed(cfgVolcEngine)},
	{"text-completion-codestral", fixed(cfgCodestralText)},
	{"sambanova", fixed(cfgSambanova)},
	{"maritalk", fixed(cfgMaritalk)},
	{"vllm", fixed(cfgHostedVLLM)}, // VLLMConfig extends HostedVLLMChatConfig
	{"ollama", fixed(cfgOllama)},
	{"predibase", fixed(cfgPredibase)},
	{"triton", fixed(cfgTriton)},
	{"petals", fixed(cfgPetals)},
	{"featherless_ai", fixed(cfgFeatherless)},
	{"novita", fixed(cfgOpenAI)},
	{"nebius", fixed(cfgOpenAILike)},
	{"wandb", fixed(cfgOpenAILike)},
	{"dashscope", fixed(cfgOpenAI)},
	{"moonshot", fixed(cfgMoonshot)},
	{"docker_model_runner", fixed(cfgOpenAILike)},
	{"v0", fixed(cfgV0)},
	{"morph", fixed(cfgMorph)},
	{"bedrock", pickBedrock},
	{"litellm_proxy", fixed(cfgLiteLLMProxy)},
	{"gradient_ai", fixed(cfgGradientAI)},
	{"nscale", fixed(cfgNscale)},
	{"heroku", fixed(cfgOpenAI)},
	{"oci", fixed(cfgOCI)},
	{"hyperbolic", fixed(cfgHyperbolic)},
	{"ovhcloud", fixed(cfgOVHCloud)},
}

var configIndex = func() map[string]func(string, *Catalog) configKind {
	m := make(map[string]func(string, *Catalog) configKind, len(configRules))
	for _, r := range configRules {
		if _, dup := m[r.provider]; !dup {
			m[r.provider] = r.pick
		}
	}
	return m
}()

// configKindChain walks configRules in order (LiteLLM's if/elif chain).
func configKindChain(model, provider string, cat *Catalog) configKind {
	for i := range configRules {
		if configRules[i].provider == provider {
			return configRules[i].pick(model, cat)
		}
	}
	return cfgNone
}

// configKindIndexed finds the same config through a precomputed index.
func configKindIndexed(model, provider string, cat *Catalog) configKind {
	if pick, ok := configIndex[provider]; ok {
		return pick(model, cat)
	}
	return cfgNone
}

func pickOpenAI(model string, cat *Catalog) configKind {
	switch {
	case isOpenAIOSeriesModel(model, cat):
		return cfgOpenAIOSeries
	case isGPT5Model(model):
		return cfgOpenAIGPT5
	}
	return cfgOpenAI
}

func pickAzure(model string, cat *Catalog) configKind {
	switch {
	case isAzureOSeriesModel(model):
		return cfgAzureOSeries
	case isAzureGPT5Model(model):
		return cfgAzureGPT5
	}
	return cfgAzure
}

func pickCohere(model string, cat *Catalog) configKind {
	if strings.HasPrefix(model, "v1/") {
		return cfgCohereChat
	}
	return cfgCohereV2
}

func pickVertex(model string, cat *Catalog) configKind {
	switch {
	case strings.Contains(model, "gemini"):
		return cfgVertexGemini
	case strings.Contains(model, "claude"):
		return cfgVertexAnthropic
	case strings.Contains(model, "gpt-oss"):
		return cfgVertexGPTOSS
	}
	return vertexPartnerKind(model, cat)
}

func pickBedrock(model string, cat *Catalog) configKind {
	return bedrockConfigKind(model, cat)
}

// supportedParamsProvider is get_supported_openai_params' own provider
// resolution when it is called without one (a request whose api_base
// matched an OpenAI-compatible endpoint that sets no provider):
// get_llm_provider(model), and no list at all when that raises.
func supportedParamsProvider(c *mapCtx) (string, bool) {
	r, err := getLLMProvider(c.cat, c.st, c.model, "", "")
	if err != nil || r.Provider == "" {
		return "", false
	}
	return r.Provider, true
}

// anyscaleParams and alephAlphaParams are the lists
// get_supported_openai_params returns itself for these providers, which
// have no chat config.
var (
	anyscaleParams   = Set(PTemperature, PTopP, PStream, PMaxTokens, PStop, PFrequencyPenalty, PPresencePenalty)
	alephAlphaParams = Set(PMaxTokens, PStream, PTopP, PTemperature, PPresencePenalty, PFrequencyPenalty, PN, PStop)
)

// supportedWithoutConfig is the rest of get_supported_openai_params for a
// provider without a chat config: a few fixed lists, the embedding configs'
// lists for voyage and infinity (no chat param at all), the OpenAI-like
// list for providers registered through custom_provider_map, and no list
// (ok false: get_optional_params then uses openai's) for the others.
func supportedWithoutConfig(c *mapCtx, provider string) (ParamSet, bool) {
	switch provider {
	case "anyscale":
		return anyscaleParams, true
	case "aleph_alpha":
		return alephAlphaParams, true
	case "palm":
		sub := *c
		sub.provider = provider
		return configs[cfgGoogleAIStudio].supportedParams(&sub), true
	case "voyage", "infinity":
		return 0, true
	}
	if c.st != nil {
		for _, p := range c.st.CustomProviders {
			if p == provider {
				return openaiGPTSupported(c), true
			}
		}
	}
	return 0, false
}
