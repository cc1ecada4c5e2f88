package completion

// ai21ChatConfig is AI21ChatConfig (ai21 and ai21_chat): its own list, the
// OpenAI-like copy with max_completion_tokens sent as max_tokens.
type ai21ChatConfig struct{ name string }

var ai21ChatParams = Set(PTools, PResponseFormat, PMaxTokens, PMaxCompletionTokens, PTemperature, PStop, PN, PStream,
	PSeed, PToolChoice)

func (*ai21ChatConfig) supportedParams(*mapCtx) ParamSet { return ai21ChatParams }

func (*ai21ChatConfig) mapParams(c *mapCtx, opt *Object) error {
	return mapOpenAILike(c, ai21ChatParams, opt)
}

func init() {
	registerConfig(cfgAI21Chat, func() chatConfig { return &ai21ChatConfig{"ai21_chat"} })
}
