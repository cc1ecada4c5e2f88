package completion

// hostedVLLMConfig is HostedVLLMChatConfig: the OpenAI list plus
// reasoning_effort; tools lose additionalProperties=false and strict.
type hostedVLLMConfig struct{ name string }

func (*hostedVLLMConfig) supportedParams(c *mapCtx) ParamSet {
	return openaiGPTSupported(c) | Set(PReasoningEffort)
}

func (x *hostedVLLMConfig) mapParams(c *mapCtx, opt *Object) error {
	copySupportedCleanTools(c, x.supportedParams(c), opt)
	return nil
}

func init() {
	registerConfig(cfgHostedVLLM, func() chatConfig { return &hostedVLLMConfig{"hosted_vllm"} })
}
