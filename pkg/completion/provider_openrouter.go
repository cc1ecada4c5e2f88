package completion

// openrouterConfig is OpenrouterConfig: the OpenAI list and copy (no
// reasoning params, whatever the model); extra_body is always set.
type openrouterConfig struct{ name string }

func (*openrouterConfig) supportedParams(c *mapCtx) ParamSet { return openaiGPTSupported(c) }

// openrouterOnlyParams are the OpenRouter request fields the mapper moves
// into extra_body.
var openrouterOnlyParams = [...]string{"transforms", "models", "route"}

// emptyExtraBody is the boxed {} most openrouter requests get; sharing it
// saves an allocation per request (values in results are never modified).
var emptyExtraBody any = Object{}

func (o *openrouterConfig) mapParams(c *mapCtx, opt *Object) error {
	copySupported(c, o.supportedParams(c), opt)
	var body Object
	for _, k := range openrouterOnlyParams {
		if v, ok := c.nd.extra.Get(k); ok && v != nil {
			body = append(body, Member{k, v})
		}
	}
	if body == nil {
		opt.Set("extra_body", emptyExtraBody)
		return nil
	}
	opt.Set("extra_body", body)
	return nil
}

func init() {
	registerConfig(cfgOpenRouter, func() chatConfig { return &openrouterConfig{"openrouter"} })
}
