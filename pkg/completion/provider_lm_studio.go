package completion

// lmStudioConfig is LMStudioChatConfig: the OpenAI list and copy, with a
// json_schema response_format that carries its schema at the top level
// rewritten into LM Studio's {"type": "json_schema", "json_schema":
// {"schema": ...}}.
type lmStudioConfig struct{ name string }

func (*lmStudioConfig) supportedParams(c *mapCtx) ParamSet { return openaiGPTSupported(c) }

func (*lmStudioConfig) mapParams(c *mapCtx, opt *Object) error {
	supported := openaiGPTSupported(c)
	if rf, ok := c.nd.get(PResponseFormat).(Object); ok && c.nd.has(PResponseFormat) {
		switch typ, _ := rf.Get("type"); typ {
		case "json_schema":
			schema, hasSchema := rf.Get("schema")
			if !rf.Has("json_schema") && hasSchema {
				opt.Set("response_format", Object{{"type", "json_schema"},
					{"json_schema", Object{{"schema", schema}}}})
			} else {
				opt.Set("response_format", rf)
			}
			supported = supported.Without(PResponseFormat)
		case "json_object":
			opt.Set("response_format", rf)
			supported = supported.Without(PResponseFormat)
		}
	}
	copySupported(c, supported, opt)
	return nil
}

func init() {
	registerConfig(cfgLMStudio, func() chatConfig { return &lmStudioConfig{"lm_studio"} })
}
