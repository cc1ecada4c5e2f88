package completion

// predibaseConfig is PredibaseConfig (TGI-style parameters): temperature 0
// raised to 0.01, n becomes best_of with do_sample, max_tokens and
// max_completion_tokens (0 raised to 1) become max_new_tokens.
type predibaseConfig struct{ name string }

var predibaseParams = Set(PStream, PTemperature, PMaxCompletionTokens, PMaxTokens, PTopP, PStop, PN, PResponseFormat)

func (*predibaseConfig) supportedParams(*mapCtx) ParamSet { return predibaseParams }

func (*predibaseConfig) mapParams(c *mapCtx, opt *Object) error {
	mapTGIParams(c, opt, true)
	return nil
}

func init() {
	registerConfig(cfgPredibase, func() chatConfig { return &predibaseConfig{"predibase"} })
}
