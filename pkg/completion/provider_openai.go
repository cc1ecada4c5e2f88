package completion

// openaiGPTParams is OpenAIGPTConfig's supported list without the
// model-dependent response_format and user.
var openaiGPTParams = Set(PFrequencyPenalty, PLogitBias, PLogprobs, PTopLogprobs, PMaxTokens, PMaxCompletionTokens,
	PModalities, PPrediction, PN, PPresencePenalty, PSeed, PStop, PStream, PStreamOptions, PTemperature, PTopP,
	PTools, PToolChoice, PFunctionCall, PFunctions, PMaxRetries, PExtraHeaders, PParallelToolCalls, PAudio,
	PWebSearchOptions, PServiceTier, PSafetyIdentifier)

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

// copySupported copies every non-default param the config supports, under
// its OpenAI name (OpenAIGPTConfig._map_openai_params).
func copySupported(c *mapCtx, supported ParamSet, opt *Object) {
	for s := c.nd.set & supported; s != 0; s &= s - 1 {
		p := Param(trailingZeros(uint64(s)))
		opt.Set(paramNames[p], c.nd.vals[p])
	}
}

// openaiConfig is OpenAIGPTConfig (gpt-4o and friends).
type openaiConfig struct{ name string }

func (*openaiConfig) supportedParams(c *mapCtx) ParamSet { return openaiGPTSupported(c) }
func (*openaiConfig) mapParams(c *mapCtx, opt *Object) error {
	copySupported(c, openaiGPTSupported(c), opt)
	return nil
}

// openaiLikeConfig is OpenAILikeChatConfig: the OpenAI list and copy, with
// max_completion_tokens renamed to max_tokens.
type openaiLikeConfig struct{ name string }

func (*openaiLikeConfig) supportedParams(c *mapCtx) ParamSet { return openaiGPTSupported(c) }
func (*openaiLikeConfig) mapParams(c *mapCtx, opt *Object) error {
	return mapOpenAILike(c, openaiGPTSupported(c), opt)
}

// mapOpenAILike copies the supported params and renames
// max_completion_tokens to max_tokens.
func mapOpenAILike(c *mapCtx, supported ParamSet, opt *Object) error {
	for s := c.nd.set & supported; s != 0; s &= s - 1 {
		p := Param(trailingZeros(uint64(s)))
		if p == PMaxCompletionTokens {
			opt.Set("max_tokens", c.nd.vals[p])
			continue
		}
		opt.Set(paramNames[p], c.nd.vals[p])
	}
	return nil
}

func init() {
	registerConfig(cfgOpenAI, func() chatConfig { return &openaiConfig{"openai"} })
	registerConfig(cfgOpenAILike, func() chatConfig { return &openaiLikeConfig{"openai_like"} })
}
