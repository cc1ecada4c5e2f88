package completion

// hyperbolicParams is HyperbolicChatConfig's supported list; the params are the OpenAI-like copy with
// max_completion_tokens sent as max_tokens.
var hyperbolicParams = Set(PStream, PTemperature, PTopP, PMaxTokens, PFrequencyPenalty, PPresencePenalty, PStop, PN,
	PTools, PToolChoice, PResponseFormat, PSeed, PUser)

func init() {
	registerConfig(cfgHyperbolic, func() chatConfig { return &fixedListConfig{"hyperbolic", hyperbolicParams, true} })
}
