package completion

// petalsConfig is PetalsConfig: max_tokens becomes max_new_tokens.
type petalsConfig struct{ name string }

var petalsParams = Set(PMaxTokens, PTemperature, PTopP, PStream)

func (*petalsConfig) supportedParams(*mapCtx) ParamSet { return petalsParams }

func (*petalsConfig) mapParams(c *mapCtx, opt *Object) error {
	return c.nd.each(func(p Param, v any) error {
		switch p {
		case PMaxTokens:
			opt.Set("max_new_tokens", v)
		case PTemperature, PTopP, PStream:
			opt.Set(paramNames[p], v)
		}
		return nil
	})
}

func init() {
	registerConfig(cfgPetals, func() chatConfig { return &petalsConfig{"petals"} })
}
