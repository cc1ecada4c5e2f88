package completion

// groqConfig is GroqChatConfig: the OpenAI-like config without max_retries,
// with reasoning_effort for reasoning models, fake streaming whenever a
// response_format is given and JSON-schema output through a forced tool.
type groqConfig struct{ name string }

func (*groqConfig) supportedParams(c *mapCtx) ParamSet {
	s := openaiGPTSupported(c).Without(PMaxRetries)
	if c.supports(supportsReasoning) {
		s |= Set(PReasoningEffort)
	}
	return s
}

// jsonToolCallName is LiteLLM's RESPONSE_FORMAT_TOOL_NAME.
const jsonToolCallName = "json_tool_call"

func (g *groqConfig) mapParams(c *mapCtx, opt *Object) error {
	if c.nd.has(PResponseFormat) {
		rf := c.nd.get(PResponseFormat)
		opt.Set("fake_stream", true) // groq cannot stream with response_format
		if schema := responseFormatSchema(rf); schema != nil {
			opt.Set("tools", []any{jsonToolCall(schema)})
			opt.Set("tool_choice", Object{{"type", "function"}, {"function", Object{{"name", jsonToolCallName}}}})
			opt.Set("json_mode", true)
			c.nd.del(PResponseFormat) // served by the tool instead
		}
	}
	return mapOpenAILike(c, g.supportedParams(c), opt)
}

// responseFormatSchema returns the JSON schema of a response_format object:
// its response_schema, else json_schema.schema (nil when there is none).
func responseFormatSchema(rf any) any {
	o, ok := rf.(Object)
	if !ok {
		return nil
	}
	if s, ok := o.Get("response_schema"); ok {
		return s
	}
	if js, ok := o.Get("json_schema"); ok {
		if jo, ok := js.(Object); ok {
			s, _ := jo.Get("schema")
			return s
		}
	}
	return nil
}

// jsonToolCall builds the OpenAI-shaped function tool that carries a
// response schema.
func jsonToolCall(schema any) Object {
	return Object{{"type", "function"}, {"function", Object{{"name", jsonToolCallName}, {"parameters", schema}}}}
}

func init() {
	registerConfig(cfgGroq, func() chatConfig { return &groqConfig{"groq"} })
}
