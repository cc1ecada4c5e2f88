package completion

// fireworksParams is FireworksAIConfig's list without tools and tool_choice
// (its non-OpenAI params top_k, prompt_truncate_length and
// context_length_exceeded_behavior travel as extras).
var fireworksParams = Set(PStream, PMaxCompletionTokens, PMaxTokens, PTemperature, PTopP, PFrequencyPenalty,
	PPresencePenalty, PN, PStop, PResponseFormat, PUser, PLogprobs)

// fireworksConfig is FireworksAIConfig.
type fireworksConfig struct{ name string }

// supportedParams adds tools unless the model map says the model cannot call
// functions (Fireworks' provider-level info says every model can, and
// supports_function_calling falls back to it when the model or its flag is
// not in the map), and tool_choice only where the map says so.
func (*fireworksConfig) supportedParams(c *mapCtx) ParamSet {
	s := fireworksParams
	m := c.info()
	if m == nil || !m.FunctionCallingKnown || m.SupportsFunctionCalling {
		s |= Set(PTools)
	}
	if m != nil && m.SupportsToolChoice {
		s |= Set(PToolChoice)
	}
	return s
}

func (f *fireworksConfig) mapParams(c *mapCtx, opt *Object) error {
	supported := f.supportedParams(c)
	toolsSet := c.nd.has(PTools) && c.nd.get(PTools) != nil
	for s := c.nd.set; s != 0; s &= s - 1 {
		p := Param(trailingZeros(uint64(s)))
		v := c.nd.vals[p]
		switch {
		case p == PToolChoice:
			if v == "required" {
				v = "any"
			}
			opt.Set("tool_choice", v)
		case p == PResponseFormat:
			switch {
			case toolsSet:
				// Fireworks cannot take tools and response_format together:
				// a schema becomes a (not forced) json tool. tools come later
				// in the params and overwrite the list, so only json_mode
				// remains of it.
				if schema := responseFormatSchema(v); truthy(schema) {
					var tools []any
					if prev, ok := opt.Get("tools"); ok {
						tools, _ = prev.([]any)
					}
					opt.Set("tools", append(tools[:len(tools):len(tools)], jsonToolCall(schema)))
					opt.Set("json_mode", true)
				}
			case hasKey(v, "json_schema"):
				schema := responseFormatSchema(v)
				opt.Set("response_format", Object{{"type", "json_object"}, {"schema", schema}})
			default:
				opt.Set("response_format", v)
			}
		case p == PMaxCompletionTokens:
			opt.Set("max_tokens", v)
		case supported.Has(p):
			opt.Set(paramNames[p], v)
		}
	}
	return nil
}

// hasKey reports whether v is an object with key k.
func hasKey(v any, k string) bool {
	o, ok := v.(Object)
	return ok && o.Has(k)
}

func init() {
	registerConfig(cfgFireworks, func() chatConfig { return &fireworksConfig{"fireworks_ai"} })
}
