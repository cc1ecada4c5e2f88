package completion

// cerebrasConfig is CerebrasConfig: a fixed list (no reasoning params, not
// even for reasoning models), max_completion_tokens sent as max_tokens.
type cerebrasConfig struct{ name string }

var cerebrasParams = Set(PMaxTokens, PMaxCompletionTokens, PResponseFormat, PSeed, PStop, PStream, PTemperature,
	PTopP, PToolChoice, PTools, PUser)

func (*cerebrasConfig) supportedParams(*mapCtx) ParamSet { return cerebrasParams }

func (x *cerebrasConfig) mapParams(c *mapCtx, opt *Object) error {
	copySupportedRenaming(c, x.supportedParams(c), opt)
	return nil
}

func init() {
	registerConfig(cfgCerebras, func() chatConfig { return &cerebrasConfig{"cerebras"} })
}
