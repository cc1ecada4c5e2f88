package completion

// cloudflareConfig is CloudflareChatConfig (Workers AI).
type cloudflareConfig struct{ name string }

var cloudflareParams = Set(PStream, PMaxTokens)

func (*cloudflareConfig) supportedParams(*mapCtx) ParamSet { return cloudflareParams }

func (*cloudflareConfig) mapParams(c *mapCtx, opt *Object) error {
	copySupportedRenaming(c, cloudflareParams, opt)
	return nil
}

func init() {
	registerConfig(cfgCloudflare, func() chatConfig { return &cloudflareConfig{"cloudflare"} })
}
