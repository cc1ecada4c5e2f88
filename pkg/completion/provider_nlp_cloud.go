package completion

// nlpCloudConfig is NLPCloudConfig: max_tokens becomes max_length, n
// num_return_sequences, stop stop_sequences.
type nlpCloudConfig struct{ name string }

var nlpCloudParams = Set(PMaxTokens, PStream, PTemperature, PTopP, PPresencePenalty, PFrequencyPenalty, PN, PStop)

func (*nlpCloudConfig) supportedParams(*mapCtx) ParamSet { return nlpCloudParams }

func (*nlpCloudConfig) mapParams(c *mapCtx, opt *Object) error {
	return c.nd.each(func(p Param, v any) error {
		switch p {
		case PMaxTokens:
			opt.Set("max_length", v)
		case PStream, PTemperature, PTopP, PPresencePenalty, PFrequencyPenalty:
			opt.Set(paramNames[p], v)
		case PN:
			opt.Set("num_return_sequences", v)
		case PStop:
			opt.Set("stop_sequences", v)
		}
		return nil
	})
}

func init() {
	registerConfig(cfgNLPCloud, func() chatConfig { return &nlpCloudConfig{"nlp_cloud"} })
}
