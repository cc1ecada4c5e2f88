package completion

// predibaseConfig is PredibaseConfig (TGI-style parameters): temperature 0
// raised to 0.01, n becomes best_of with do_sample, max_tokens and
// max_completion_tokens (0 raised to 1) become max_new_tokens.
type predibaseConfig struct{ name string }

var predibaseParams = Set(PStream, PTemperature, PMaxCompletionTokens, PMaxTokens, PTopP, PStop, PN, PResponseFormat)

func (*predibaseConfig) supportedParams(*mapCtx) ParamSet { return predibaseParams }

func (*predibaseConfig) mapParams(c *mapCtx, opt *Object) error {
	return c.nd.each(func(p Param, v any) error {
		switch p {
		case PTemperature:
			if isZero(v) {
				v = 0.01
			}
			opt.Set("temperature", v)
		case PTopP, PStream, PStop, PResponseFormat:
			opt.Set(paramNames[p], v)
		case PN:
			opt.Set("best_of", v)
			opt.Set("do_sample", true)
		case PMaxTokens, PMaxCompletionTokens:
			if isZero(v) {
				v = 1.0
			}
			opt.Set("max_new_tokens", v)
		}
		return nil
	})
}

func init() {
	registerConfig(cfgPredibase, func() chatConfig { return &predibaseConfig{"predibase"} })
}
