package completion

// tritonConfig is TritonConfig: only the output limits, under their own
// names (stream is accepted by the check but not sent).
type tritonConfig struct{ name string }

var tritonParams = Set(PMaxTokens, PMaxCompletionTokens)

func (*tritonConfig) supportedParams(*mapCtx) ParamSet { return tritonParams }

func (*tritonConfig) mapParams(c *mapCtx, opt *Object) error {
	copySupported(c, tritonParams, opt)
	return nil
}

func init() {
	registerConfig(cfgTriton, func() chatConfig { return &tritonConfig{"triton"} })
}
