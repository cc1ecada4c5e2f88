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

func init() {
	registerConfig(cfgBytez, func() chatConfig { return &bytezConfig{"bytez"} })
}
