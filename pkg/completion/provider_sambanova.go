package completion

// sambanovaConfig is SambanovaConfig: a short list (its top_k travels as an
// extra), tools only for models the model map says call functions,
// max_completion_tokens sent as max_tokens.
type sambanovaConfig struct{ name string }

var sambanovaParams = Set(PMaxCompletionTokens, PMaxTokens, PResponseFormat, PStop, PStream, PStreamOptions,
	PTemperature, PTopP)

func (*sambanovaConfig) supportedParams(c *mapCtx) ParamSet {
	if supportsFor(c, "sambanova", supportsFunctionCalling) {
		return sambanovaParams | Set(PTools, PToolChoice, PParallelToolCalls)
	}
	return sambanovaParams
}

func (x *sambanovaConfig) mapParams(c *mapCtx, opt *Object) error {
	copySupportedRenaming(c, x.supportedParams(c), opt)
	return nil
}

func init() {
	registerConfig(cfgSambanova, func() chatConfig { return &sambanovaConfig{"sambanova"} })
}
