package completion

// cerebrasConfig is CerebrasConfig.
type cerebrasConfig struct{ name string }

var cerebrasParams = Set(PMaxTokens, PMaxCompletionTokens, PResponseFormat, PSeed, PStop, PStream, PTemperature,
	PTopP, PToolChoice, PTools, PUser, PMaxRetries, PExtraHeaders)

func (*cerebrasConfig) supportedParams(c *mapCtx) ParamSet {
	if c.supports(supportsReasoning) {
		return cerebrasParams | Set(PReasoningEffort)
	}
	return cerebrasParams
}

func (x *cerebrasConfig) mapParams(c *mapCtx, opt *Object) error {
	copySupportedRenaming(c, x.supportedParams(c), opt)
	return nil
}

func init() {
	registerConfig(cfgCerebras, func() chatConfig { return &cerebrasConfig{"cerebras"} })
}
