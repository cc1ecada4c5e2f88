package completion

// perplexityConfig is PerplexityChatConfig: a small subset of the OpenAI
// params, copied as they are.
type perplexityConfig struct{ name string }

var perplexityParams = Set(PFrequencyPenalty, PMaxTokens, PMaxCompletionTokens, PPresencePenalty, PResponseFormat,
	PStream, PTemperature, PTopP, PMaxRetries, PExtraHeaders)

func (*perplexityConfig) supportedParams(c *mapCtx) ParamSet {
	s := perplexityParams
	if m := c.info(); m != nil { // one catalog lookup for both flags
		if m.SupportsReasoning {
			s |= Set(PReasoningEffort)
		}
		if m.SupportsWebSearch {
			s |= Set(PWebSearchOptions)
		}
	}
	return s
}

func (x *perplexityConfig) mapParams(c *mapCtx, opt *Object) error {
	copySupported(c, x.supportedParams(c), opt)
	return nil
}

func init() {
	registerConfig(cfgPerplexity, func() chatConfig { return &perplexityConfig{"perplexity"} })
}
