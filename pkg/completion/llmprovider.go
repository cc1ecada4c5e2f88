package completion

import "strings"

// compatDefault is a default api_base that get_llm_provider fills in for an
// OpenAI-compatible provider named by prefix: the env var first, then the
// hard-coded base URL ("" = none).
type compatDefault struct {
	env, base string
}

// openaiCompatibleInfo lists the providers whose prefix makes
// _get_openai_compatible_provider_info fill in an api_base.
var openaiCompatibleInfo = map[string]compatDefault{
	"perplexity":          {"PERPLEXITY_API_BASE", "https://api.perplexity.ai"},
	"anyscale":            {"ANYSCALE_API_BASE", "https://api.endpoints.anyscale.com/v1"},
	"deepinfra":           {"DEEPINFRA_API_BASE", "https://api.deepinfra.com/v1/openai"},
	"groq":                {"GROQ_API_BASE", "https://api.groq.com/openai/v1"},
	"nvidia_nim":          {"NVIDIA_NIM_API_BASE", "https://integrate.api.nvidia.com/v1"},
	"cerebras":            {"CEREBRAS_API_BASE", "https://api.cerebras.ai/v1"},
	"sambanova":           {"SAMBANOVA_API_BASE", "https://api.sambanova.ai/v1"},
	"meta_llama":          {"LLAMA_API_BASE", "https://api.llama.com/compat/v1"},
	"nebius":              {"NEBIUS_API_BASE", "https://api.studio.nebius.ai/v1"},
	"ai21":                {"AI21_API_BASE", "https://api.ai21.com/studio/v1"},
	"ai21_chat":           {"AI21_API_BASE", "https://api.ai21.com/studio/v1"},
	"volcengine":          {"VOLCENGINE_API_BASE", "https://ark.cn-beijing.volces.com/api/v3"},
	"codestral":           {"CODESTRAL_API_BASE", "https://codestral.mistral.ai/v1"},
	"hosted_vllm":         {"HOSTED_VLLM_API_BASE", ""},
	"llamafile":           {"LLAMAFILE_API_BASE", "http://127.0.0.1:8080/v1"},
	"lm_studio":           {"LM_STUDIO_API_BASE", ""},
	"deepseek":            {"DEEPSEEK_API_BASE", "https://api.deepseek.com/beta"},
	"fireworks_ai":        {"FIREWORKS_API_BASE", "https://api.fireworks.ai/inference/v1"},
	"github":              {"GITHUB_API_BASE", "https://models.inference.ai.azure.com"},
	"litellm_proxy":       {"LITELLM_PROXY_API_BASE", ""},
	"jina_ai":             {"JINA_AI_API_BASE", "https://api.jina.ai/v1"},
	"xai":                 {"XAI_API_BASE", "https://api.x.ai/v1"},
	"together_ai":         {"TOGETHER_AI_API_BASE", "https://api.together.xyz/v1"},
	"friendliai":          {"FRIENDLI_API_BASE", "https://api.friendli.ai/serverless/v1"},
	"galadriel":           {"GALADRIEL_API_BASE", "https://api.galadriel.com/v1"},
	"github_copilot":      {"GITHUB_COPILOT_API_BASE", "https://api.githubcopilot.com"},
	"novita":              {"NOVITA_API_BASE", "https://api.novita.ai/v3/openai"},
	"featherless_ai":      {"FEATHERLESS_API_BASE", "https://api.featherless.ai/v1"},
	"nscale":              {"NSCALE_API_BASE", "https://inference.api.nscale.com/v1"},
	"heroku":              {"HEROKU_API_BASE", ""},
	"dashscope":           {"DASHSCOPE_API_BASE", "https://dashscope-intl.aliyuncs.com/compatible-mode/v1"},
	"moonshot":            {"MOONSHOT_API_BASE", "https://api.moonshot.ai/v1"},
	"v0":                  {"V0_API_BASE", "https://api.v0.dev/v1"},
	"morph":               {"MORPH_API_BASE", "https://api.morphllm.com/v1"},
	"lambda_ai":           {"LAMBDA_API_BASE", "https://api.lambda.ai/v1"},
	"hyperbolic":          {"HYPERBOLIC_API_BASE", "https://api.hyperbolic.xyz/v1"},
	"vercel_ai_gateway":   {"VERCEL_AI_GATEWAY_API_BASE", "https://ai-gateway.vercel.sh/v1"},
	"aiml":                {"AIML_API_BASE", "https://api.aimlapi.com/v1"},
	"wandb":               {"WANDB_API_BASE", "https://api.inference.wandb.ai/v1"},
	"lemonade":            {"LEMONADE_API_BASE", "http://localhost:8000/api/v1"},
	"clarifai":            {"CLARIFAI_API_BASE", "https://api.clarifai.com/v2/ext/openai/v1"},
	"docker_model_runner": {"DOCKER_MODEL_RUNNER_API_BASE", "http://localhost:22088/engines/llama.cpp"},
	"empower":             {"EMPOWER_API_BASE", "https://app.empower.dev/api/v1"},
	"aiohttp_openai":      {"", ""},
}

// openaiCompatibleEndpoints is litellm.openai_compatible_endpoints in its
// order, each with the provider that get_llm_provider's api_base branch sets
// for it. That branch compares the matched endpoint with its own spellings,
// and some differ from the list's ("https://api.sambanova.ai/v1" against
// "api.sambanova.ai/v1", "api.galadriel.com/v1" against "api.galadriel.ai/v1",
// ...): for those endpoints provider is "" and LiteLLM 1.80.5 returns no
// provider at all (None), or the one given explicitly.
var openaiCompatibleEndpoints = []struct{ endpoint, provider string }{
	{"api.perplexity.ai", "perplexity"},
	{"api.endpoints.anyscale.com/v1", "anyscale"},
	{"api.deepinfra.com/v1/openai", "deepinfra"},
	{"api.mistral.ai/v1", "mistral"},
	{"codestral.mistral.ai/v1/chat/completions", ""},
	{"codestral.mistral.ai/v1/fim/completions", ""},
	{"api.groq.com/openai/v1", "groq"},
	{"https://integrate.api.nvidia.com/v1", "nvidia_nim"},
	{"api.deepseek.com/v1", "deepseek"},
	{"api.together.xyz/v1", ""},
	{"app.empower.dev/api/v1", "empower"},
	{"https://api.friendli.ai/serverless/v1", "friendliai"},
	{"api.sambanova.ai/v1", ""},
	{"api.x.ai/v1", ""},
	{"api.galadriel.ai/v1", ""},
	{"api.llama.com/compat/v1/", ""},
	{"api.featherless.ai/v1", ""},
	{"inference.api.nscale.com/v1", ""},
	{"api.studio.nebius.ai/v1", ""},
	{"https://dashscope-intl.aliyuncs.com/compatible-mode/v1", ""},
	{"https://api.moonshot.ai/v1", ""},
	{"https://api.v0.dev/v1", "v0"},
	{"https://api.morphllm.com/v1", ""},
	{"https://api.lambda.ai/v1", "lambda_ai"},
	{"https://api.hyperbolic.xyz/v1", "hyperbolic"},
	{"https://ai-gateway.vercel.sh/v1", "vercel_ai_gateway"},
	{"https://api.inference.wandb.ai/v1", "wandb"},
	{"https://api.clarifai.com/v2/ext/openai/v1", ""},
}

// prefixProviders are the name prefixes of get_llm_provider step 10.
var prefixProviders = []string{"bytez", "lemonade", "heroku", "cometapi", "oci", "compactifai", "ovhcloud", "clarifai"}

// Resolved is the result of get_llm_provider.
type Resolved struct {
	Model    string // without the provider prefix
	Provider string
	APIBase  string // "" = None
}

// isKnownProvider is the check against litellm.provider_list (a list in
// LiteLLM; it includes providers registered through custom_provider_map).
func isKnownProvider(p string, st *Settings) bool {
	if IsProvider(p) {
		return true
	}
	if st != nil {
		for _, c := range st.CustomProviders {
			if c == p {
				return true
			}
		}
	}
	return false
}

// GetLLMProvider resolves a model string to (model, provider, api_base) as
// LiteLLM's get_llm_provider does. Errors are *Error values of
// type BadRequestError.
func GetLLMProvider(cat *Catalog, st *Settings, model, customProvider, apiBase string) (Resolved, error) {
	return getLLMProvider(cat, st, model, customProvider, apiBase)
}

func getLLMProvider(cat *Catalog, st *Settings, model, provider, apiBase string) (Resolved, error) {
	// Step 3: Azure AI Studio models behind an "azure/" prefix.
	if pre, rest, ok := strings.Cut(model, "/"); ok && pre == "azure" {
		if inSet(cat.cohereChat, rest) || inSet(cat.mistralChat, "mistral/"+rest) {
			return Resolved{Model: model, Provider: "openai", APIBase: apiBase}, nil
		}
	}
	// Steps 4 and 5: cohere -> cohere_chat, anthropic -> anthropic_text.
	if provider == "cohere" && inSet(cat.cohereChat, model) {
		provider = "cohere_chat"
	} else if pre, rest, ok := strings.Cut(model, "/"); ok && pre == "cohere" && inSet(cat.cohereChat, rest) {
		model, provider = rest, "cohere_chat"
	}
	if provider == "anthropic" && isAnthropicTextModel(model) {
		provider = "anthropic_text"
	} else if pre, rest, ok := strings.Cut(model, "/"); ok && pre == "anthropic" && isAnthropicTextModel(rest) {
		model, provider = rest, "anthropic_text"
	}
	// Step 6: an explicit provider.
	if provider != "" {
		first, _, _ := strings.Cut(model, "/")
		if first != provider {
			model = provider + "/" + model
		}
	}
	// Step 8: provider prefix.
	if p, rest, hasSlash := strings.Cut(model, "/"); isKnownProvider(p, st) {
		if _, isModel := cat.models[p]; !isModel && hasSlash {
			return openaiCompatibleProviderInfo(cat, st, p, rest, apiBase), nil
		}
		if !hasSlash { // LiteLLM indexes split("/", 1)[1] and fails
			return Resolved{}, newError("BadRequestError", 400, "",
				"GetLLMProvider Exception - list index out of range\n\noriginal model: %s", model)
		}
		return Resolved{Model: rest, Provider: p, APIBase: apiBase}, nil
	}
	// Step 9: a known OpenAI-compatible endpoint; the first one the api_base
	// contains decides, even when it sets no provider.
	if apiBase != "" {
		for _, e := range openaiCompatibleEndpoints {
			if strings.Contains(apiBase, e.endpoint) {
				if e.provider != "" {
					provider = e.provider
				}
				return Resolved{Model: model, Provider: provider, APIBase: apiBase}, nil
			}
		}
	}
	// Step 10: the known-model lists.
	if p, ok := cat.knownProvider[model]; ok {
		if p == "anthropic" && isAnthropicTextModel(model) {
			p = "anthropic_text"
		}
		if p == "ai21_chat" { // this branch also fills in AI21's api_base
			return openaiCompatibleProviderInfo(cat, st, p, model, apiBase), nil
		}
		return Resolved{Model: model, Provider: p, APIBase: apiBase}, nil
	}
	if strings.Contains(model, "ft:gpt-3.5-turbo") || strings.Contains(model, "ft:gpt-4") || model == "*" {
		return Resolved{Model: model, Provider: "openai", APIBase: apiBase}, nil
	}
	if isReplicateVersion(model) {
		return Resolved{Model: model, Provider: "replicate", APIBase: apiBase}, nil
	}
	for _, p := range prefixProviders {
		if strings.HasPrefix(model, p+"/") {
			return Resolved{Model: model, Provider: p, APIBase: apiBase}, nil
		}
	}
	if provider != "" {
		// An explicit provider that is not a known one: LiteLLM keeps it
		// (and the model it prefixed) instead of raising.
		return Resolved{Model: model, Provider: provider, APIBase: apiBase}, nil
	}
	return Resolved{}, newError("BadRequestError", 400, "",
		"LLM Provider NOT provided. Pass in the LLM provider you are trying to call. You passed model=%s\n Pass model as E.g. For 'Huggingface' inference endpoints pass in `completion(model='huggingface/starcoder',..)` Learn more: https://docs.litellm.ai/docs/providers",
		model)
}

func isAnthropicTextModel(m string) bool { return m == "claude-2" || m == "claude-instant-1" }

// isBasetenDeployment reports whether a baseten model is a dedicated
// deployment id: exactly 8 ASCII letters or digits.
func isBasetenDeployment(m string) bool {
	if len(m) != 8 {
		return false
	}
	for i := 0; i < len(m); i++ {
		if !isASCIIAlnum(m[i]) {
			return false
		}
	}
	return true
}

// isAI21ChatModel reports whether m is in LiteLLM's ai21_chat_models: an
// AI21 catalog entry in chat mode.
func isAI21ChatModel(cat *Catalog, m string) bool {
	info, ok := cat.models[m]
	return ok && (info.Provider == "ai21_chat" || (info.Provider == "ai21" && info.Mode == "chat"))
}

// isReplicateVersion matches "name:<64-character version id>" (the part
// between the first and a possible second colon).
func isReplicateVersion(m string) bool {
	_, v, ok := strings.Cut(m, ":")
	if !ok {
		return false
	}
	v, _, _ = strings.Cut(v, ":")
	return len(v) == 64
}

// openaiCompatibleProviderInfo splits the prefix off and fills in the
// provider's default api_base (_get_openai_compatible_provider_info).
func openaiCompatibleProviderInfo(cat *Catalog, st *Settings, p, model, apiBase string) Resolved {
	r := Resolved{Model: model, Provider: p, APIBase: apiBase}
	switch p {
	case "ai21":
		// Only an AI21 chat model turns "ai21/" into ai21_chat.
		if !isAI21ChatModel(cat, model) {
			return r
		}
		r.Provider = "ai21_chat"
	case "mistral":
		// MistralConfig: MISTRAL_AZURE_API_BASE, then the default; the base
		// always ends in /v1, even one the caller gave.
		if r.APIBase == "" {
			if r.APIBase = st.env("MISTRAL_AZURE_API_BASE"); r.APIBase == "" {
				r.APIBase = "https://api.mistral.ai/v1"
			}
		}
		if !strings.HasSuffix(r.APIBase, "/v1") {
			r.APIBase += "/v1"
		}
		return r
	case "baseten":
		// BasetenConfig.get_api_base_for_model: a dedicated deployment (an
		// 8-character id) has its own URL, other models use the Model API.
		if r.APIBase == "" {
			if isBasetenDeployment(model) {
				r.APIBase = "https://model-" + model + ".api.baseten.co/environments/production/sync/v1"
			} else {
				r.APIBase = "https://inference.baseten.co/v1"
			}
		}
		return r
	case "azure_ai":
		// AzureAIStudioConfig: an OpenAI model served by Azure AI is called
		// through the azure provider.
		if r.APIBase == "" {
			r.APIBase = st.env("AZURE_AI_API_BASE")
		}
		m := model
		if _, rest, ok := strings.Cut(m, "/"); ok {
			m = rest
		}
		if kp := cat.knownProvider[m]; kp == "openai" || kp == "text-completion-openai" {
			r.Provider = "azure"
		}
		return r
	case "snowflake":
		return r // SnowflakeConfig leaves the api_base as given
	case "gradient_ai":
		// GradientAIConfig: the agent endpoint, else the serverless one.
		if r.APIBase == "" {
			if r.APIBase = st.env("GRADIENT_AI_AGENT_ENDPOINT"); r.APIBase == "" {
				r.APIBase = "https://inference.do-ai.run"
			}
		}
		return r
	case "datarobot":
		if r.APIBase == "" {
			r.APIBase = st.env("DATAROBOT_ENDPOINT")
		}
		r.APIBase = dataRobotAPIBase(r.APIBase)
		return r
	}
	d, ok := openaiCompatibleInfo[p]
	if !ok || apiBase != "" {
		return r
	}
	if d.env != "" {
		if v := st.env(d.env); v != "" {
			r.APIBase = v
			return r
		}
	}
	r.APIBase = d.base
	return r
}

// dataRobotLLMGatewayPath is DataRobot's LLMGW_PATH.
const dataRobotLLMGatewayPath = "/genai/llmgw/chat/completions"

// dataRobotAPIBase is DataRobotConfig._resolve_api_base: the public
// endpoint by default; a bare host gets the LLM gateway's full path, an
// /api/v2 path the gateway's, a deployment path stays; the path always ends
// in "/".
func dataRobotAPIBase(base string) string {
	if base == "" {
		base = "https://app.datarobot.com"
	}
	prefix, path, suffix := "", base, ""
	if i := strings.Index(base, "://"); i >= 0 {
		rest := base[i+3:]
		j := strings.IndexAny(rest, "/?#")
		if j < 0 {
			j = len(rest)
		}
		prefix, path = base[:i+3+j], rest[j:]
	}
	if k := strings.IndexAny(path, "?#"); k >= 0 {
		path, suffix = path[:k], path[k:]
	}
	switch {
	case path == "" || path == "/":
		path += "/api/v2/" + dataRobotLLMGatewayPath
	case strings.Contains(path, "api/v2/deployments"):
	case strings.Contains(path, "api/v2") && !strings.Contains(path, dataRobotLLMGatewayPath):
		path += dataRobotLLMGatewayPath
	}
	if !strings.HasSuffix(path, "/") {
		path += "/"
	}
	return prefix + strings.ReplaceAll(path, "//", "/") + suffix
}
