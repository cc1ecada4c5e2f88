package completion

import "strings"

// replicateConfig is ReplicateConfig: tools and functions are accepted but
// not sent, max_tokens goes by the model's own name (max_length for vicuna
// and flan, max_tokens for meta/codellama-13b, max_new_tokens otherwise),
// stop becomes stop_sequences.
type replicateConfig struct{ name string }

var replicateParams = Set(PStream, PTemperature, PMaxTokens, PTopP, PStop, PSeed, PTools, PToolChoice, PFunctions,
	PFunctionCall)

func (*replicateConfig) supportedParams(*mapCtx) ParamSet { return replicateParams }

func (*replicateConfig) mapParams(c *mapCtx, opt *Object) error {
	return c.nd.each(func(p Param, v any) error {
		switch p {
		case PStream, PTemperature, PTopP:
			opt.Set(paramNames[p], v)
		case PMaxTokens:
			switch {
			case strings.Contains(c.model, "vicuna") || strings.Contains(c.model, "flan"):
				opt.Set("max_length", v)
			case strings.Contains(c.model, "meta/codellama-13b"):
				opt.Set("max_tokens", v)
			default:
				opt.Set("max_new_tokens", v)
			}
		case PStop:
			opt.Set("stop_sequences", v)
		}
		return nil
	})
}

func init() {
	registerConfig(cfgReplicate, func() chatConfig { return &replicateConfig{"replicate"} })
}
