package completion

import "strings"

// openaiGPTParams is OpenAIGPTConfig's supported list without the
// model-dependent response_format and user.
var openaiGPTParams = Set(PFrequencyPenalty, PLogitBias, PLogprobs, PTopLogprobs, PMaxTokens, PMaxCompletionTokens,
	PModalities, PPrediction, PN, PPresencePenalty, PSeed, PStop, PStream, PStreamOptions, PTemperature, PTopP,
	PTools, PToolChoice, PFunctionCall, PFunctions, PMaxRetries, PExtraHeaders, PParallelToolCalls, PAudio,
	PWebSearchOptions, PServiceTier, PSafetyIdentifier)

// oSeriesUnsupported are the params OpenAIOSeriesConfig removes from the GPT
// list for every o-series model.
var oSeriesUnsupported = Set(PLogprobs, PTopP, PPresencePenalty, PFrequencyPenalty, PTopLogprobs)

// gpt5Unsupported are the params OpenAIGPT5Config removes from the GPT list.
var gpt5Unsupported = Set(PLogprobs, PTopP, PPresencePenalty, PFrequencyPenalty, PTopLogprobs, PStop)

// isKnownOpenAIModel reports whether the bare model is in LiteLLM's OpenAI
// chat or text completion lists.
func isKnownOpenAIModel(c *mapCtx) bool {
	p := c.cat.knownProvider[c.model]
	return p == "openai" || p == "text-completion-openai"
}

// openaiGPTSupported is OpenAIGPTConfig.get_supported_openai_params.
func openaiGPTSupported(c *mapCtx) ParamSet {
	s := openaiGPTParams
	if c.model != "gpt-3.5-turbo-16k" && c.model != "gpt-4" {
		s |= Set(PResponseFormat)
	}
	if isKnownOpenAIModel(c) {
		s |= Set(PUser)
	}
	return s
}

// openaiConfig is OpenAIGPTConfig (gpt-4o and friends).
type openaiConfig struct{ name string }

func (*openaiConfig) supportedParams(c *mapCtx) ParamSet { return openaiGPTSupported(c) }
func (*openaiConfig) mapParams(c *mapCtx, opt *Object) error {
	copySupported(c, openaiGPTSupported(c), opt)
	return nil
}

// isOpenAIOSeriesModel is OpenAIOSeriesConfig.is_model_o_series_model: the
// last path segment starts with o1, o3 or o4 and is a known OpenAI model.
func isOpenAIOSeriesModel(model string, cat *Catalog) bool {
	m := model
	if i := strings.LastIndexByte(m, '/'); i >= 0 {
		m = m[i+1:]
	}
	if !strings.HasPrefix(m, "o1") && !strings.HasPrefix(m, "o3") && !strings.HasPrefix(m, "o4") {
		return false
	}
	return cat != nil && cat.knownProvider[m] == "openai"
}

// openaiOSeriesConfig is OpenAIOSeriesConfig (o1, o3, o4 models).
type openaiOSeriesConfig struct{ name string }

func (*openaiOSeriesConfig) supportedParams(c *mapCtx) ParamSet { return openaiOSeriesSupported(c) }
func (*openaiOSeriesConfig) mapParams(c *mapCtx, opt *Object) error {
	return mapOSeries(c, openaiOSeriesSupported(c), opt)
}

// openaiOSeriesSupported is OpenAIOSeriesConfig.get_supported_openai_params:
// the GPT list minus the sampling params, plus reasoning_effort, minus what
// the model map says the model cannot do.
func openaiOSeriesSupported(c *mapCtx) ParamSet {
	s := openaiGPTSupported(c).With(PReasoningEffort) &^ oSeriesUnsupported
	// The flags are read under the provider get_llm_provider(model) finds
	// (openai when it finds none), whatever provider the request names.
	m := resolvedInfo(c, c.model)
	if m == nil {
		if _, err := getLLMProvider(c.cat, c.st, c.model, "", ""); err != nil {
			m = lookupModelInfo(c.cat, c.model, "openai")
		}
	}
	if m == nil || !m.SupportsFunctionCalling {
		s = s.Without(PTools, PToolChoice, PFunctionCall, PFunctions)
	}
	// supports_parallel_function_calling is never true for an OpenAI model:
	// LiteLLM's model-info helper does not carry that flag over from the
	// model map, and openai has no provider-level info that sets it.
	s = s.Without(PParallelToolCalls)
	if m == nil || !m.SupportsResponseSchema {
		s = s.Without(PResponseFormat)
	}
	return s
}

// mapOSeries is OpenAIOSeriesConfig.map_openai_params: max_tokens becomes
// max_completion_tokens, temperature must be 1, the rest is copied.
func mapOSeries(c *mapCtx, supported ParamSet, opt *Object) error {
	if c.nd.has(PMaxTokens) {
		opt.Set("max_completion_tokens", c.nd.get(PMaxTokens))
		c.nd.del(PMaxTokens)
	}
	if c.nd.has(PTemperature) {
		t := c.nd.get(PTemperature)
		c.nd.del(PTemperature)
		if isOne(t) {
			opt.Set("temperature", t)
		} else if !c.globalDrop() && !c.drop {
			return unsupportedParamsError(c.provider,
				"O-series models don't support temperature=%s. Only temperature=1 is supported. To drop unsupported openai params from the call, set `litellm.drop_params = True`",
				pyNum(t))
		}
	}
	copySupported(c, supported, opt)
	return nil
}

// isOne reports whether v is the number 1 (Python's v == 1).
func isOne(v any) bool {
	f, ok := Num(v)
	return ok && f == 1
}

// isGPT5Model is OpenAIGPT5Config.is_model_gpt_5_model.
func isGPT5Model(model string) bool { return strings.Contains(model, "gpt-5") }

// isGPT51Model is OpenAIGPT5Config.is_model_gpt_5_1_model.
func isGPT51Model(model string) bool { return strings.Contains(model, "gpt-5.1") }

// openaiGPT5Config is OpenAIGPT5Config.
type openaiGPT5Config struct{ name string }

func (*openaiGPT5Config) supportedParams(c *mapCtx) ParamSet { return gpt5Supported(c, c.info()) }
func (*openaiGPT5Config) mapParams(c *mapCtx, opt *Object) error {
	return mapGPT5(c, gpt5Supported(c, c.info()), opt)
}

// gpt5Supported is OpenAIGPT5Config.get_supported_openai_params: the GPT list
// plus reasoning_effort and verbosity, minus sampling params and stop, minus
// tool_choice when the model map says so. m is the model's catalog entry as
// supports_tool_choice(model) finds it.
func gpt5Supported(c *mapCtx, m *ModelInfo) ParamSet {
	s := openaiGPTSupported(c).With(PReasoningEffort, PVerbosity)
	if m == nil || !m.SupportsToolChoice {
		s = s.Without(PToolChoice)
	}
	return s &^ gpt5Unsupported
}

// mapGPT5 is OpenAIGPT5Config.map_openai_params.
func mapGPT5(c *mapCtx, supported ParamSet, opt *Object) error {
	if c.nd.has(PMaxTokens) {
		opt.Set("max_completion_tokens", c.nd.get(PMaxTokens))
		c.nd.del(PMaxTokens)
	}
	if c.nd.has(PTemperature) {
		t := c.nd.get(PTemperature)
		c.nd.del(PTemperature)
		// Python's `non_default_params.get(...) or optional_params.get(...)`.
		effort := c.nd.get(PReasoningEffort)
		if isEmptyValue(effort) {
			effort, _ = opt.Get("reasoning_effort")
		}
		switch {
		case isGPT51Model(c.model) && (effort == nil || effort == "none"):
			opt.Set("temperature", t)
		case isOne(t):
			opt.Set("temperature", t)
		case c.globalDrop() || c.drop:
		default:
			return unsupportedParamsError(c.provider,
				"gpt-5 models (including gpt-5-codex) don't support temperature=%s. Only temperature=1 is supported. For gpt-5.1, temperature is supported when reasoning_effort='none' (or not specified, as it defaults to 'none'). To drop unsupported params set `litellm.drop_params = True`",
				pyNum(t))
		}
	}
	copySupported(c, supported, opt)
	return nil
}

// openaiLikeConfig is OpenAILikeChatConfig: the OpenAI list and copy, with
// max_completion_tokens renamed to max_tokens.
type openaiLikeConfig struct{ name string }

func (*openaiLikeConfig) supportedParams(c *mapCtx) ParamSet { return openaiGPTSupported(c) }
func (*openaiLikeConfig) mapParams(c *mapCtx, opt *Object) error {
	return mapOpenAILike(c, openaiGPTSupported(c), opt)
}

// textCompletionOpenAIParams is OpenAITextCompletionConfig's list.
var textCompletionOpenAIParams = Set(PFunctions, PFunctionCall, PTemperature, PTopP, PN, PStream, PStreamOptions,
	PStop, PMaxTokens, PPresencePenalty, PFrequencyPenalty, PLogitBias, PUser, PResponseFormat, PSeed, PTools,
	PToolChoice, PMaxRetries, PLogprobs, PTopLogprobs, PExtraHeaders)

// textCompletionOpenAIConfig is OpenAITextCompletionConfig.
type textCompletionOpenAIConfig struct{ name string }

func (*textCompletionOpenAIConfig) supportedParams(c *mapCtx) ParamSet {
	return textCompletionOpenAIParams
}
func (*textCompletionOpenAIConfig) mapParams(c *mapCtx, opt *Object) error {
	copySupported(c, textCompletionOpenAIParams, opt)
	return nil
}

func init() {
	registerConfig(cfgOpenAI, func() chatConfig { return &openaiConfig{"openai"} })
	registerConfig(cfgOpenAIOSeries, func() chatConfig { return &openaiOSeriesConfig{"openai_o_series"} })
	registerConfig(cfgOpenAIGPT5, func() chatConfig { return &openaiGPT5Config{"openai_gpt5"} })
	registerConfig(cfgOpenAILike, func() chatConfig { return &openaiLikeConfig{"openai_like"} })
	registerConfig(cfgTextCompletionOpenAI, func() chatConfig { return &textCompletionOpenAIConfig{"text-completion-openai"} })
}

// openaiConfigSupported is OpenAIConfig.get_supported_openai_params: the
// list of the OpenAI config the model picks (o-series, GPT-5 or GPT).
func openaiConfigSupported(c *mapCtx) ParamSet {
	return configs[pickOpenAI(c.model, c.cat)].supportedParams(c)
}

// mapOpenAIConfig is OpenAIConfig.map_openai_params, which other configs
// (Azure AI, GitHub Copilot, Vertex AI21) delegate to: the mapping of the
// OpenAI config the model picks, with that config's own list.
func mapOpenAIConfig(c *mapCtx, opt *Object) error {
	return configs[pickOpenAI(c.model, c.cat)].mapParams(c, opt)
}
