package completion

// gradientAIConfig is GradientAIConfig (DigitalOcean's agents): a short list
// (its knowledge-base options travel as extras), copied as they are; any
// other non-default param that reached the mapper (user, n=1, max_retries,
// which the supported-params check lets through) is an error unless the
// call drops params.
type gradientAIConfig struct{ name string }

var gradientAIParams = Set(PFrequencyPenalty, PMaxTokens, PMaxCompletionTokens, PPresencePenalty, PStop, PStream,
	PStreamOptions, PTemperature, PTopP)

func (*gradientAIConfig) supportedParams(*mapCtx) ParamSet { return gradientAIParams }

func (*gradientAIConfig) mapParams(c *mapCtx, opt *Object) error {
	return c.nd.each(func(p Param, v any) error {
		switch {
		case gradientAIParams.Has(p):
			opt.Set(paramNames[p], v)
		case !c.drop:
			return newError("UnsupportedParamsError", 400, c.provider,
				"GradientAI does not support parameter '%s'. To drop unsupported params, set `drop_params=True`.",
				paramNames[p])
		}
		return nil
	})
}

func init() {
	registerConfig(cfgGradientAI, func() chatConfig { return &gradientAIConfig{"gradient_ai"} })
}
