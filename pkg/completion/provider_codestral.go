package completion

// codestralTextConfig is CodestralTextCompletionConfig
// (text-completion-codestral, and codestral models on vertex_ai): max_tokens
// and max_completion_tokens become max_tokens, seed random_seed, stream is
// sent only when true.
type codestralTextConfig struct{ name string }

var codestralTextParams = Set(PTemperature, PTopP, PMaxTokens, PMaxCompletionTokens, PStream, PSeed, PStop)

func (*codestralTextConfig) supportedParams(*mapCtx) ParamSet { return codestralTextParams }

func (*codestralTextConfig) mapParams(c *mapCtx, opt *Object) error {
	return c.nd.each(func(p Param, v any) error {
		switch p {
		case PTemperature, PTopP, PStop:
			opt.Set(paramNames[p], v)
		case PMaxTokens, PMaxCompletionTokens:
			opt.Set("max_tokens", v)
		case PStream:
			if v == true {
				opt.Set("stream", v)
			}
		case PSeed:
			opt.Set("random_seed", v)
		}
		return nil
	})
}

func init() {
	registerConfig(cfgCodestralText, func() chatConfig { return &codestralTextConfig{"text-completion-codestral"} })
}
