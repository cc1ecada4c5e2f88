package completion

// nvidiaNimConfig is NvidiaNimConfig: a supported list per model family,
// max_completion_tokens sent as max_tokens.
type nvidiaNimConfig struct{ name string }

var (
	nvidiaNimGemmaParams    = Set(PStream, PTemperature, PTopP, PMaxTokens, PStop, PSeed)
	nvidiaNimNemotronParams = Set(PStream, PTemperature, PTopP, PMaxTokens, PMaxCompletionTokens)
	nvidiaNimRewardParams   = Set(PStream)
	nvidiaNimCodegemma      = Set(PStream, PTemperature, PTopP, PFrequencyPenalty, PPresencePenalty, PMaxTokens,
		PMaxCompletionTokens, PStop)
	nvidiaNimDefaultParams = Set(PStream, PTemperature, PTopP, PFrequencyPenalty, PPresencePenalty, PMaxTokens,
		PMaxCompletionTokens, PStop, PSeed, PTools, PToolChoice, PParallelToolCalls, PResponseFormat)
)

func (*nvidiaNimConfig) supportedParams(c *mapCtx) ParamSet {
	switch c.model {
	case "google/recurrentgemma-2b", "google/gemma-2-27b-it", "google/gemma-2-9b-it", "gemma-2-9b-it":
		return nvidiaNimGemmaParams
	case "nvidia/nemotron-4-340b-instruct":
		return nvidiaNimNemotronParams
	case "nvidia/nemotron-4-340b-reward":
		return nvidiaNimRewardParams
	case "google/codegemma-1.1-7b":
		return nvidiaNimCodegemma
	}
	return nvidiaNimDefaultParams
}

func (x *nvidiaNimConfig) mapParams(c *mapCtx, opt *Object) error {
	copySupportedRenaming(c, x.supportedParams(c), opt)
	return nil
}

func init() {
	registerConfig(cfgNvidiaNim, func() chatConfig { return &nvidiaNimConfig{"nvidia_nim"} })
}
