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

func (g *groqConfig) mapParams(c *mapCtx, opt *Object) error {
	if c.nd.has(PResponseFormat) {
		rf := c.nd.get(PResponseFormat)
		opt.Set("fake_stream", true) // groq cannot stream with response_format
		if schema := responseFormatSchema(rf); schema != nil {
			opt.Set("tools", []any{jsonToolCall(schema)})
			opt.Set("tool_choice", Object{{"type", "function"}, {"function", Object{{"name", responseFormatToolName}}}})
			opt.Set("json_mode", true)
			c.nd.del(PResponseFormat) // served by the tool instead
		}
	}
	return mapOpenAILike(c, g.supportedParams(c), opt)
}

func init() {
	registerConfig(cfgGroq, func() chatConfig { return &groqConfig{"groq"} })
}
