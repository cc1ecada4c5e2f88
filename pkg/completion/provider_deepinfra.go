package completion

// deepInfraConfig is DeepInfraConfig: its own list (reasoning_effort for
// reasoning models), tool_choice accepted but never sent (only "auto" and
// "none" are valid; others are an error unless dropped), temperature 0
// raised to MIN_NON_ZERO_TEMPERATURE for the one model that rejects it,
// max_completion_tokens sent as max_tokens.
type deepInfraConfig struct{ name string }

var deepInfraParams = Set(PStream, PFrequencyPenalty, PFunctionCall, PFunctions, PLogitBias, PMaxTokens,
	PMaxCompletionTokens, PN, PPresencePenalty, PStop, PTemperature, PTopP, PResponseFormat, PTools, PToolChoice)

// minNonZeroTemperature is LiteLLM's MIN_NON_ZERO_TEMPERATURE.
const minNonZeroTemperature = 0.0001

func (*deepInfraConfig) supportedParams(c *mapCtx) ParamSet {
	if supportsFor(c, "deepinfra", supportsReasoning) {
		return deepInfraParams | Set(PReasoningEffort)
	}
	return deepInfraParams
}

func (x *deepInfraConfig) mapParams(c *mapCtx, opt *Object) error {
	supported := x.supportedParams(c)
	return c.nd.each(func(p Param, v any) error {
		if p == PTemperature && isZero(v) && c.model == "mistralai/Mistral-7B-Instruct-v0.1" {
			v = minNonZeroTemperature
		}
		switch {
		case p == PToolChoice:
			if v != "auto" && v != "none" && !c.globalDrop() && !c.drop {
				return unsupportedParamsError(c.provider,
					"Deepinfra doesn't support tool_choice=%s. To drop unsupported openai params from the call, set `litellm.drop_params = True`",
					pyStrValue(v))
			}
		case p == PMaxCompletionTokens:
			opt.Set("max_tokens", v)
		case supported.Has(p) && v != nil:
			opt.Set(paramNames[p], v)
		}
		return nil
	})
}

// isZero reports whether v equals 0 as Python compares it (0, 0.0).
func isZero(v any) bool {
	f, ok := Num(v)
	return ok && f == 0
}

func init() {
	registerConfig(cfgDeepInfra, func() chatConfig { return &deepInfraConfig{"deepinfra"} })
}
