package completion

// basetenParams is BasetenConfig's supported list; max_completion_tokens is
// sent as max_tokens, the rest is copied.
var basetenParams = Set(PMaxTokens, PMaxCompletionTokens, PResponseFormat, PSeed, PStop, PStream, PTemperature,
	PTopP, PToolChoice, PTools, PUser, PPresencePenalty, PFrequencyPenalty, PStreamOptions)

// basetenConfig is BasetenConfig.
type basetenConfig struct{ name string }

func (*basetenConfig) supportedParams(*mapCtx) ParamSet { return basetenParams }

func (*basetenConfig) mapParams(c *mapCtx, opt *Object) error {
	copySupportedRenaming(c, basetenParams, opt)
	return nil
}

func init() {
	registerConfig(cfgBaseten, func() chatConfig { return &basetenConfig{"baseten"} })
}
