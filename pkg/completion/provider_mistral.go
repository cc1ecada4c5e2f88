package completion

import "strings"

// mistralParams is MistralConfig's supported list for every model.
var mistralParams = Set(PStream, PTemperature, PTopP, PMaxTokens, PMaxCompletionTokens, PTools, PToolChoice,
	PSeed, PStop, PResponseFormat, PParallelToolCalls)

// mistralConfig is MistralConfig (mistral and codestral).
type mistralConfig struct{ name string }

// isMistralReasoningModel reports whether the model is a Magistral
// (reasoning) model.
func isMistralReasoningModel(model string) bool {
	for i := 0; i+len("magistral") <= len(model); i++ {
		if strings.EqualFold(model[i:i+len("magistral")], "magistral") {
			return true
		}
	}
	return false
}

func (*mistralConfig) supportedParams(c *mapCtx) ParamSet {
	if isMistralReasoningModel(c.model) {
		return mistralParams | Set(PThinking, PReasoningEffort)
	}
	return mistralParams
}

func (*mistralConfig) mapParams(c *mapCtx, opt *Object) error {
	reasoning := isMistralReasoningModel(c.model)
	for s := c.nd.set; s != 0; s &= s - 1 {
		p := Param(trailingZeros(uint64(s)))
		v := c.nd.vals[p]
		switch p {
		case PMaxTokens, PMaxCompletionTokens:
			opt.Set("max_tokens", v)
		case PTools:
			opt.Set("tools", cleanToolSchemaForMistral(v))
		case PStream:
			if v == true {
				opt.Set("stream", v)
			}
		case PTemperature, PTopP, PStop, PResponseFormat, PParallelToolCalls:
			opt.Set(paramNames[p], v)
		case PToolChoice:
			// Only a string is mapped; an object tool_choice is dropped.
			if tc, ok := v.(string); ok {
				opt.Set("tool_choice", mistralToolChoice(tc))
			}
		case PSeed:
			opt.Set("extra_body", Object{{"random_seed", v}})
		case PReasoningEffort, PThinking:
			if reasoning {
				opt.Set("_add_reasoning_prompt", true)
			}
		}
	}
	return nil
}

// mistralToolChoice maps an OpenAI tool_choice string: auto and none stay,
// anything else (required, ...) is "any".
func mistralToolChoice(tc string) string {
	if tc == "auto" || tc == "none" {
		return tc
	}
	return "any"
}

// cleanToolSchemaForMistral removes the JSON-schema reference fields $id and
// $schema, which break Mistral's grammar validation (_remove_json_schema_refs).
func cleanToolSchemaForMistral(tools any) any {
	if l, ok := tools.([]any); ok && len(l) == 0 {
		return tools
	}
	return dropKeysDeep(tools, maxRecurseDepth, func(k string, _ any) bool {
		return k == "$id" || k == "$schema"
	})
}

func init() {
	registerConfig(cfgMistral, func() chatConfig { return &mistralConfig{"mistral"} })
}
