package completion

// nscaleParams is NscaleConfig's supported list; the params are copied as they are.
var nscaleParams = Set(PMaxTokens, PN, PTemperature, PTopP, PStream, PLogprobs, PTopLogprobs, PFrequencyPenalty,
	PPresencePenalty, PResponseFormat, PStop, PLogitBias)

func init() {
	registerConfig(cfgNscale, func() chatConfig { return &fixedListConfig{"nscale", nscaleParams, false} })
}
