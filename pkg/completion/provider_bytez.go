package completion

// bytezConfig is BytezChatConfig. Its mapper renames every param it knows
// (max_tokens and max_completion_tokens to max_new_tokens, n to
// num_return_sequences), keeps the ones it does not know (user) and refuses
// the ones it lists as unsupported with a plain Exception, unless the call
// drops params; it also carries over what is already in optional_params.
type bytezConfig struct{ name string }

// bytezParamMap is openai_to_bytez_param_map: "" marks a param Bytez
// refuses.
var bytezParamMap = map[string]string{
	"stream": "stream", "max_tokens": "max_new_tokens", "max_completion_tokens": "max_new_tokens",
	"temperature": "temperature", "top_p": "top_p", "n": "num_return_sequences", "max_retries": "max_retries",
	"seed": "", "stop": "", "logit_bias": "", "logprobs": "", "frequency_penalty": "", "presence_penalty": "",
	"top_logprobs": "", "modalities": "", "prediction": "", "stream_options": "", "tools": "", "tool_choice": "",
	"function_call": "", "functions": "", "extra_headers": "", "parallel_tool_calls": "", "audio": "",
	"web_search_options": "",
}

var bytezParams = Set(PStream, PMaxTokens, PMaxCompletionTokens, PTemperature, PTopP, PN, PMaxRetries)

func (*bytezConfig) supportedParams(*mapCtx) ParamSet { return bytezParams }

func (*bytezConfig) mapParams(c *mapCtx, opt *Object) error {
	return mapByAlias(c, opt, bytezParamMap, c.drop, "Bytez")
}

// mapByAlias is the mapper Bytez and OCI share: {**non_default_params,
// **optional_params} translated key by key through an alias table (a
// refused key is dropped when drop is set, else an Exception naming
// where), the result replacing optional_params.
func mapByAlias(c *mapCtx, opt *Object, aliases map[string]string, drop bool, where string) error {
	all := make(Object, 0, 8)
	_ = c.nd.each(func(p Param, v any) error {
		all = append(all, Member{paramNames[p], v})
		return nil
	})
	for _, m := range *opt {
		all.Set(m.Key, m.Value)
	}
	out := make(Object, 0, len(all))
	for _, m := range all {
		alias, known := aliases[m.Key]
		switch {
		case !known:
			out.Set(m.Key, m.Value)
		case alias == "":
			if drop {
				continue
			}
			return newError("Exception", 500, c.provider, "param `%s` is not supported on %s", m.Key, where)
		default:
			out.Set(alias, m.Value)
		}
	}
	*opt = out
	return nil
}

func init() {
	registerConfig(cfgBytez, func() chatConfig { return &bytezConfig{"bytez"} })
}
