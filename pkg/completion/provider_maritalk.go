package completion

// maritalkParams is MaritalkConfig's supported list; the params are copied as they are.
var maritalkParams = Set(PFrequencyPenalty, PPresencePenalty, PTopP, PTemperature, PMaxTokens, PN, PStop, PStream,
	PStreamOptions, PTools, PToolChoice)

func init() {
	registerConfig(cfgMaritalk, func() chatConfig { return &fixedListConfig{"maritalk", maritalkParams, false} })
}
