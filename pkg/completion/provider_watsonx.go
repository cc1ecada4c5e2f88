package completion

// watsonxConfig is IBMWatsonXChatConfig (/text/chat).
type watsonxConfig struct{ name string }

var watsonxParams = Set(PTemperature, PMaxTokens, PTopP, PFrequencyPenalty, PStop, PSeed, PStream, PTools,
	PToolChoice, PLogprobs, PTopLogprobs, PN, PPresencePenalty, PResponseFormat, PReasoningEffort)

func (*watsonxConfig) supportedParams(*mapCtx) ParamSet { return watsonxParams }

func (*watsonxConfig) mapParams(c *mapCtx, opt *Object) error {
	// A string tool_choice auto/none/required is a tool_choice_option; the
	// param is consumed either way.
	if c.nd.has(PToolChoice) {
		tc := c.nd.get(PToolChoice)
		c.nd.del(PToolChoice)
		switch tc {
		case "auto", "none", "required":
			opt.Set("tool_choice_option", tc)
		default:
			opt.Set("tool_choice", tc)
		}
	}
	copySupportedCleanTools(c, watsonxParams, opt)
	return nil
}

// watsonxTextOnlyParams are IBMWatsonXAIConfig.is_watsonx_text_param's names:
// params of the /text/generation endpoint.
var watsonxTextOnlyParams = stringSet("decoding_method", "max_new_tokens", "min_new_tokens", "length_penalty",
	"stop_sequences", "top_k", "repetition_penalty", "truncate_input_tokens", "include_stop_sequences",
	"return_options", "random_seed", "moderations", "min_tokens")

// checkWatsonxTextParams is the check main's watsonx branch runs after
// mapping: a /text/generation param among the passed keyword arguments
// raises a ValueError that points to the watsonx_text provider.
func checkWatsonxTextParams(extras Object, provider string) error {
	for _, m := range extras {
		if inSet(watsonxTextOnlyParams, m.Key) && specialParamPassed(m.Key, provider) {
			return newError("ValueError", 500, provider,
				"LiteLLM now defaults to Watsonx's `/text/chat` endpoint. Please use the `watsonx_text` provider instead, to call the `/text/generation` endpoint. Param: %s",
				m.Key)
		}
	}
	return nil
}

func init() {
	registerConfig(cfgWatsonx, func() chatConfig { return &watsonxConfig{"watsonx"} })
}
