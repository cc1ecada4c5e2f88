package completion

// togetherConfig is TogetherAIConfig: the OpenAI config, without the
// tool-calling params and response_format for models the catalog does not
// mark as supporting function calling.
type togetherConfig struct{ name string }

// togetherFunctionParams are the params only function-calling models get.
var togetherFunctionParams = Set(PTools, PToolChoice, PFunctionCall, PResponseFormat)

func (*togetherConfig) supportedParams(c *mapCtx) ParamSet {
	s := openaiGPTSupported(c)
	if !c.supports(supportsFunctionCalling) {
		s &^= togetherFunctionParams
	}
	return s
}

func (t *togetherConfig) mapParams(c *mapCtx, opt *Object) error {
	supported := t.supportedParams(c)
	for s := c.nd.set & supported; s != 0; s &= s - 1 {
		p := Param(trailingZeros(uint64(s)))
		v := c.nd.vals[p]
		if p == PResponseFormat && isTextResponseFormat(v) {
			continue // {"type": "text"} is the default; together rejects it
		}
		opt.Set(paramNames[p], v)
	}
	return nil
}

// isTextResponseFormat reports whether v equals {"type": "text"}.
func isTextResponseFormat(v any) bool {
	o, ok := v.(Object)
	return ok && len(o) == 1 && o[0].Key == "type" && o[0].Value == "text"
}

func init() {
	registerConfig(cfgTogether, func() chatConfig { return &togetherConfig{"together_ai"} })
}
