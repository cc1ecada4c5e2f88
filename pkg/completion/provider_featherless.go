package completion

// featherlessConfig is FeatherlessAIConfig: no tools (a tools or non-auto
// tool_choice that allowed_openai_params lets through is an error unless
// dropped), max_completion_tokens sent as max_tokens.
type featherlessConfig struct{ name string }

var featherlessParams = Set(PStream, PFrequencyPenalty, PFunctionCall, PFunctions, PLogitBias, PMaxTokens,
	PMaxCompletionTokens, PN, PPresencePenalty, PStop, PTemperature, PTopP)

func (*featherlessConfig) supportedParams(*mapCtx) ParamSet { return featherlessParams }

func (*featherlessConfig) mapParams(c *mapCtx, opt *Object) error {
	return c.nd.each(func(p Param, v any) error {
		switch {
		case p == PTools || p == PToolChoice:
			if p == PToolChoice && (v == "auto" || v == "none") {
				opt.Set(paramNames[p], v)
				return nil
			}
			if c.globalDrop() || c.drop {
				return nil
			}
			return unsupportedParamsError(c.provider,
				"Featherless AI doesn't support %s=%s. To drop unsupported openai params from the call, set `litellm.drop_params = True`",
				paramNames[p], pyStrValue(v))
		case p == PMaxCompletionTokens:
			opt.Set("max_tokens", v)
		case featherlessParams.Has(p) && v != nil:
			opt.Set(paramNames[p], v)
		}
		return nil
	})
}

func init() {
	registerConfig(cfgFeatherless, func() chatConfig { return &featherlessConfig{"featherless_ai"} })
}
