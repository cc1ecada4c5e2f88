package completion

// databricksConfig is DatabricksConfig for the OpenAI-style serving
// endpoints: its own list, the OpenAI-like copy and rename.
type databricksConfig struct{ name string }

var databricksParams = Set(PStream, PStop, PTemperature, PTopP, PMaxTokens, PMaxCompletionTokens, PN,
	PResponseFormat, PTools, PToolChoice, PReasoningEffort, PThinking)

func (*databricksConfig) supportedParams(*mapCtx) ParamSet { return databricksParams }

func (*databricksConfig) mapParams(c *mapCtx, opt *Object) error {
	return mapOpenAILike(c, databricksParams, opt)
}

func init() {
	registerConfig(cfgDatabricks, func() chatConfig { return &databricksConfig{"databricks"} })
}
