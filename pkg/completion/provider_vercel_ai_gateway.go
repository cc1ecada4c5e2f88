package completion

// vercelAIGatewayConfig is VercelAIGatewayConfig: the OpenAI list and copy,
// and an extra_body that the mapper always sets (empty: providerOptions,
// the only key it would carry, is not an OpenAI param and never reaches
// it).
type vercelAIGatewayConfig struct{ name string }

func (*vercelAIGatewayConfig) supportedParams(c *mapCtx) ParamSet { return openaiGPTSupported(c) }

func (*vercelAIGatewayConfig) mapParams(c *mapCtx, opt *Object) error {
	copySupported(c, openaiGPTSupported(c), opt)
	opt.Set("extra_body", Object{})
	return nil
}

func init() {
	registerConfig(cfgVercelAIGateway, func() chatConfig { return &vercelAIGatewayConfig{"vercel_ai_gateway"} })
}
