package completion

// morphParams is MorphChatConfig's supported list; the params are the OpenAI-like copy with max_completion_tokens
// sent as max_tokens.
var morphParams = Set(PStream)

func init() {
	registerConfig(cfgMorph, func() chatConfig { return &fixedListConfig{"morph", morphParams, true} })
}
