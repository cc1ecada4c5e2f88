package completion

import "strings"

// ociConfig is OCIChatConfig (Oracle Cloud generative AI): the mapper of
// Bytez's kind with OCI's camel-case names. For cohere.* models the
// supported list has no tool_choice (LiteLLM removes it, and max_retries,
// from the config instance it asks for the list; the mapping runs on
// another instance that still has both).
type ociConfig struct{ name string }

// ociParamMap is openai_to_oci_generic_param_map ("" = refused).
var ociParamMap = map[string]string{
	"stream": "isStream", "max_tokens": "maxTokens", "max_completion_tokens": "maxTokens",
	"temperature": "temperature", "tools": "tools", "frequency_penalty": "frequencyPenalty", "logprobs": "logProbs",
	"logit_bias": "logitBias", "n": "numGenerations", "presence_penalty": "presencePenalty", "seed": "seed",
	"stop": "stop", "tool_choice": "toolChoice", "top_p": "topP", "max_retries": "", "top_logprobs": "",
	"modalities": "", "prediction": "", "stream_options": "", "function_call": "", "functions": "",
	"extra_headers": "", "parallel_tool_calls": "", "audio": "", "web_search_options": "",
}

var ociParams = Set(PStream, PMaxTokens, PMaxCompletionTokens, PTemperature, PTools, PFrequencyPenalty, PLogprobs,
	PLogitBias, PN, PPresencePenalty, PSeed, PStop, PToolChoice, PTopP)

// isOCICohereModel is get_vendor_from_model(model) == COHERE.
func isOCICohereModel(model string) bool {
	vendor, _, _ := strings.Cut(model, ".")
	return strings.ToLower(vendor) == "cohere"
}

func (*ociConfig) supportedParams(c *mapCtx) ParamSet {
	if isOCICohereModel(c.model) {
		return ociParams.Without(PToolChoice)
	}
	return ociParams
}

func (*ociConfig) mapParams(c *mapCtx, opt *Object) error {
	return mapByAlias(c, opt, ociParamMap, c.drop || c.globalDrop(), "OCI")
}

func init() {
	registerConfig(cfgOCI, func() chatConfig { return &ociConfig{"oci"} })
}
