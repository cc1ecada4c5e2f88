package completion

// watsonxTextConfig is IBMWatsonXAIConfig (/text/generation).
type watsonxTextConfig struct{ name string }

var watsonxTextParams = Set(PTemperature, PMaxTokens, PTopP, PFrequencyPenalty, PStop, PSeed, PStream)

// watsonxTextExtraBody are the text-generation params the mapper moves into
// extra_body (only reachable when the mapper is called directly).
var watsonxTextExtraBody = []struct{ in, out string }{
	{"decoding_method", "decoding_method"}, {"min_tokens", "min_new_tokens"}, {"top_k", "top_k"},
	{"truncate_input_tokens", "truncate_input_tokens"}, {"length_penalty", "length_penalty"},
	{"time_limit", "time_limit"}, {"return_options", "return_options"},
}

func (*watsonxTextConfig) supportedParams(*mapCtx) ParamSet { return watsonxTextParams }

func (*watsonxTextConfig) mapParams(c *mapCtx, opt *Object) error {
	for s := c.nd.set; s != 0; s &= s - 1 {
		p := Param(trailingZeros(uint64(s)))
		v := c.nd.vals[p]
		switch p {
		case PMaxTokens:
			opt.Set("max_new_tokens", v)
		case PStream, PTemperature, PTopP:
			opt.Set(paramNames[p], v)
		case PFrequencyPenalty:
			opt.Set("repetition_penalty", v)
		case PSeed:
			opt.Set("random_seed", v)
		case PStop:
			opt.Set("stop_sequences", v)
		}
	}
	var body Object
	for _, m := range c.nd.extra {
		for _, e := range watsonxTextExtraBody {
			if m.Key == e.in {
				body.Set(e.out, m.Value)
			}
		}
	}
	if len(body) > 0 {
		opt.Set("extra_body", body)
	}
	return nil
}

func init() {
	registerConfig(cfgWatsonxText, func() chatConfig { return &watsonxTextConfig{"watsonx_text"} })
}
