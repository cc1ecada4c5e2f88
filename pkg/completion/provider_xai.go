package completion

import "strings"

// xaiConfig is XAIChatConfig.
type xaiConfig struct{ name string }

var xaiParams = Set(PLogitBias, PLogprobs, PMaxTokens, PN, PPresencePenalty, PResponseFormat, PSeed, PStream,
	PStreamOptions, PTemperature, PToolChoice, PTools, PTopLogprobs, PTopP, PUser, PWebSearchOptions)

func (*xaiConfig) supportedParams(c *mapCtx) ParamSet {
	s := xaiParams
	m := c.model
	if xaiSupportsStop(m) {
		s |= Set(PStop)
	}
	if !strings.Contains(m, "grok-4") && !strings.Contains(m, "grok-code-fast") {
		s |= Set(PFrequencyPenalty)
	}
	if c.supports(supportsReasoning) {
		s |= Set(PReasoningEffort)
	}
	return s
}

// xaiSupportsStop is XAIChatConfig._supports_stop_reason: the reasoning
// Grok models take no stop sequences.
func xaiSupportsStop(model string) bool {
	return !strings.Contains(model, "grok-3-mini") && !strings.Contains(model, "grok-4") &&
		!strings.Contains(model, "grok-code-fast")
}

func (x *xaiConfig) mapParams(c *mapCtx, opt *Object) error {
	supported := x.supportedParams(c)
	for s := c.nd.set; s != 0; s &= s - 1 {
		p := Param(trailingZeros(uint64(s)))
		v := c.nd.vals[p]
		switch {
		case p == PMaxCompletionTokens:
			opt.Set("max_tokens", v)
		case p == PTools:
			// filter_value_from_dict(tool, "strict") on each tool.
			list, ok := v.([]any)
			if !ok {
				if supported.Has(p) {
					opt.Set("tools", v)
				}
				continue
			}
			if len(list) > 0 {
				opt.Set("tools", dropKeysDeep(v, maxRecurseDepth, isStrictKey))
			}
		case supported.Has(p):
			opt.Set(paramNames[p], v)
		}
	}
	return nil
}

func init() {
	registerConfig(cfgXAI, func() chatConfig { return &xaiConfig{"xai"} })
}
