package completion

// v0Params is V0ChatConfig's supported list; the params are the OpenAI-like copy with max_completion_tokens sent as
// max_tokens.
var v0Params = Set(PStream, PTools, PToolChoice)

func init() {
	registerConfig(cfgV0, func() chatConfig { return &fixedListConfig{"v0", v0Params, true} })
}
