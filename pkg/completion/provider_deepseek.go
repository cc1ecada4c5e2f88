package completion

// deepseekConfig is DeepSeekChatConfig: the OpenAI list. get_optional_params
// maps deepseek requests with the plain OpenAI mapper (dispatchKind); this
// mapper, the same copy, serves direct map_openai_params calls.
type deepseekConfig struct{ name string }

func (*deepseekConfig) supportedParams(c *mapCtx) ParamSet { return openaiGPTSupported(c) }

func (*deepseekConfig) mapParams(c *mapCtx, opt *Object) error {
	copySupported(c, openaiGPTSupported(c), opt)
	return nil
}

func init() {
	registerConfig(cfgDeepSeek, func() chatConfig { return &deepseekConfig{"deepseek"} })
}
