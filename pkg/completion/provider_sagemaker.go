package completion

// sagemakerConfig is SagemakerConfig (the Hugging Face TGI completion
// endpoints): temperature 0 raised to 0.01, n becomes best_of with
// do_sample, max_tokens (0 raised to 1) and max_completion_tokens become
// max_new_tokens.
type sagemakerConfig struct{ name string }

var sagemakerParams = Set(PStream, PTemperature, PMaxTokens, PMaxCompletionTokens, PTopP, PStop, PN)

func (*sagemakerConfig) supportedParams(*mapCtx) ParamSet { return sagemakerParams }

func (*sagemakerConfig) mapParams(c *mapCtx, opt *Object) error {
	return c.nd.each(func(p Param, v any) error {
		switch p {
		case PTemperature:
			// aws_sagemaker_allow_zero_temp would keep 0, but as a
			// non-OpenAI keyword it never reaches the non-default params.
			if isZero(v) {
				v = 0.01
			}
			opt.Set("temperature", v)
		case PTopP, PStream, PStop:
			opt.Set(paramNames[p], v)
		case PN:
			opt.Set("best_of", v)
			opt.Set("do_sample", true)
		case PMaxTokens:
			if isZero(v) {
				v = 1.0
			}
			opt.Set("max_new_tokens", v)
		case PMaxCompletionTokens:
			opt.Set("max_new_tokens", v)
		}
		return nil
	})
}

func init() {
	registerConfig(cfgSagemaker, func() chatConfig { return &sagemakerConfig{"sagemaker"} })
}
