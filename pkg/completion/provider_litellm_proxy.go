package completion

// litellmProxyConfig is LiteLLMProxyChatConfig: every OpenAI chat param is
// accepted and copied, and thinking travels in extra_body.
type litellmProxyConfig struct{ name string }

// openaiChatCompletionParams is LiteLLM's OPENAI_CHAT_COMPLETION_PARAMS as far
// as get_optional_params names them.
var openaiChatCompletionParams = Set(PFunctions, PFunctionCall, PTemperature, PTopP, PN, PStream, PStreamOptions,
	PStop, PMaxCompletionTokens, PModalities, PPrediction, PAudio, PPresencePenalty, PFrequencyPenalty, PLogitBias,
	PUser, PResponseFormat, PSeed, PTools, PToolChoice, PMaxRetries, PParallelToolCalls, PLogprobs, PTopLogprobs,
	PReasoningEffort, PExtraHeaders, PThinking, PWebSearchOptions, PServiceTier, PSafetyIdentifier)

func (*litellmProxyConfig) supportedParams(c *mapCtx) ParamSet {
	return openaiGPTSupported(c) | openaiChatCompletionParams
}

func (x *litellmProxyConfig) mapParams(c *mapCtx, opt *Object) error {
	supported := x.supportedParams(c)
	for s := c.nd.set; s != 0; s &= s - 1 {
		p := Param(trailingZeros(uint64(s)))
		v := c.nd.vals[p]
		switch {
		case p == PThinking:
			setExtraBody(opt, "thinking", v)
		case supported.Has(p):
			opt.Set(paramNames[p], v)
		}
	}
	return nil
}

func init() {
	registerConfig(cfgLiteLLMProxy, func() chatConfig { return &litellmProxyConfig{"litellm_proxy"} })
}
