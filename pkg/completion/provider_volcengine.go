package completion

// volcEngineConfig is VolcEngineChatConfig: its own list (with thinking),
// the OpenAI-like copy, and thinking moved into extra_body when its type is
// one VolcEngine knows (enabled, disabled, auto); any other thinking value
// is dropped.
type volcEngineConfig struct{ name string }

var volcEngineParams = Set(PFrequencyPenalty, PLogitBias, PLogprobs, PTopLogprobs, PMaxCompletionTokens, PMaxTokens,
	PN, PPresencePenalty, PSeed, PStop, PStream, PStreamOptions, PTemperature, PTopP, PTools, PToolChoice,
	PFunctionCall, PFunctions, PMaxRetries, PExtraHeaders, PThinking)

func (*volcEngineConfig) supportedParams(*mapCtx) ParamSet { return volcEngineParams }

func (*volcEngineConfig) mapParams(c *mapCtx, opt *Object) error {
	_ = mapOpenAILike(c, volcEngineParams.Without(PThinking), opt)
	if !c.nd.has(PThinking) {
		return nil
	}
	t, ok := c.nd.get(PThinking).(Object)
	if !ok {
		return nil
	}
	switch typ, _ := t.Get("type"); typ {
	case "enabled", "disabled", "auto":
		setExtraBody(opt, "thinking", t)
	}
	return nil
}

func init() {
	registerConfig(cfgVolcEngine, func() chatConfig { return &volcEngineConfig{"volcengine"} })
}
