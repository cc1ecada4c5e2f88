package completion

// sagemakerConfig is SagemakerConfig (the Hugging Face TGI completion
// endpoints): temperature 0 raised to 0.01, n becomes best_of with
// do_sample, max_tokens (0 raised to 1) and max_completion_tokens become
// max_new_tokens.
type sagemakerConfig struct{ name string }

var sagemakerParams = Set(PStream, PTemperature, PMaxTokens, PMaxCompletionTokens, PTopP, PStop, PN)

func (*sagemakerConfig) supportedParams(*mapCtx) ParamSet { return sagemakerParams }

func (*sagemakerConfig) mapParams(c *mapCtx, opt *Object) error {
	// aws_sagemaker_allow_zero_temp would keep a temperature of 0, but as a
	// non-OpenAI keyword it never reaches the non-default params.
	mapTGIParams(c, opt, false)
	return nil
}

func init() {
	registerConfig(cfgSagemaker, func() chatConfig { return &sagemakerConfig{"sagemaker"} })
}
