package completion

// clarifaiParams is ClarifaiConfig's supported list; the params are copied as they are.
var clarifaiParams = Set(PMaxTokens, PMaxCompletionTokens, PResponseFormat, PStream, PTemperature, PTopP,
	PToolChoice, PTools, PPresencePenalty, PFrequencyPenalty, PStreamOptions)

func init() {
	registerConfig(cfgClarifai, func() chatConfig { return &fixedListConfig{"clarifai", clarifaiParams, false} })
}
