package completion

// llamaAPIConfig is LlamaAPIConfig (meta_llama, Meta's Llama API): the
// OpenAI list and copy, and a response_format that is not a json_schema one
// removed.
type llamaAPIConfig struct{ name string }

func (*llamaAPIConfig) supportedParams(c *mapCtx) ParamSet { return openaiGPTSupported(c) }

func (*llamaAPIConfig) mapParams(c *mapCtx, opt *Object) error {
	copySupported(c, openaiGPTSupported(c), opt)
	if rf, ok := opt.Get("response_format"); ok { // an object: requests are type-checked
		if typ, _ := rf.(Object).Get("type"); typ != "json_schema" {
			opt.Delete("response_format")
		}
	}
	return nil
}

func init() {
	registerConfig(cfgLlamaAPI, func() chatConfig { return &llamaAPIConfig{"meta_llama"} })
}
