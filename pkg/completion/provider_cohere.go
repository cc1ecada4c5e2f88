package completion

// cohereV1Params is CohereChatConfig's (v1 route) supported list.
var cohereV1Params = Set(PStream, PTemperature, PMaxTokens, PMaxCompletionTokens, PTopP, PFrequencyPenalty,
	PPresencePenalty, PStop, PN, PTools, PToolChoice, PSeed, PExtraHeaders)

// cohereV2Params is CohereV2ChatConfig's list: v1 without
// max_completion_tokens. get_optional_params checks cohere_chat against it for
// every model that is not on the "v1/" route (CohereModelInfo.get_cohere_route).
var cohereV2Params = cohereV1Params.Without(PMaxCompletionTokens)

// cohereChatConfig is CohereChatConfig, the v1 config. Its mapper is the one
// get_optional_params uses for cohere and cohere_chat whatever the route.
type cohereChatConfig struct{ name string }

func (*cohereChatConfig) supportedParams(*mapCtx) ParamSet { return cohereV1Params }
func (*cohereChatConfig) mapParams(c *mapCtx, opt *Object) error {
	mapCohere(c, opt)
	return nil
}

// cohereV2Config is CohereV2ChatConfig: the v2 supported list; its mapping
// of the OpenAI params is the same as v1's.
type cohereV2Config struct{ name string }

func (*cohereV2Config) supportedParams(*mapCtx) ParamSet { return cohereV2Params }
func (*cohereV2Config) mapParams(c *mapCtx, opt *Object) error {
	mapCohere(c, opt)
	return nil
}

// mapCohere renames the params Cohere spells differently; tool_choice and
// everything else it does not know are left out.
func mapCohere(c *mapCtx, opt *Object) {
	for s := c.nd.set; s != 0; s &= s - 1 {
		p := Param(trailingZeros(uint64(s)))
		v := c.nd.vals[p]
		switch p {
		case PStream, PTemperature, PMaxTokens, PFrequencyPenalty, PPresencePenalty, PTools, PSeed:
			opt.Set(paramNames[p], v)
		case PMaxCompletionTokens:
			opt.Set("max_tokens", v)
		case PN:
			opt.Set("num_generations", v)
		case PTopP:
			opt.Set("p", v)
		case PStop:
			opt.Set("stop_sequences", v)
		}
	}
}

func init() {
	registerConfig(cfgCohereChat, func() chatConfig { return &cohereChatConfig{"cohere_chat"} })
	registerConfig(cfgCohereV2, func() chatConfig { return &cohereV2Config{"cohere_v2"} })
}
