package completion

import "strings"

// ollamaParams is OllamaConfig's (/api/generate) supported list.
var ollamaParams = Set(PMaxTokens, PStream, PTopP, PTemperature, PSeed, PFrequencyPenalty, PStop, PResponseFormat,
	PMaxCompletionTokens, PReasoningEffort)

// ollamaChatParams is OllamaChatConfig's (/api/chat) list: ollama's plus the
// tool-calling params.
var ollamaChatParams = ollamaParams | Set(PTools, PToolChoice, PFunctions)

// ollamaConfig is OllamaConfig. Tools never reach it: get_optional_params
// moves them to functions_unsupported_model first (see getOptionalParams).
type ollamaConfig struct{ name string }

func (*ollamaConfig) supportedParams(*mapCtx) ParamSet { return ollamaParams }

func (*ollamaConfig) mapParams(c *mapCtx, opt *Object) error {
	for s := c.nd.set; s != 0; s &= s - 1 {
		p := Param(trailingZeros(uint64(s)))
		v := c.nd.vals[p]
		switch p {
		case PMaxTokens, PMaxCompletionTokens:
			opt.Set("num_predict", v)
		case PStream, PTemperature, PSeed, PTopP, PFrequencyPenalty, PStop:
			opt.Set(paramNames[p], v)
		case PReasoningEffort:
			opt.Set("think", ollamaThink(c.model, v))
		case PResponseFormat:
			if f, ok := ollamaFormat(v, false); ok {
				opt.Set("format", f)
			}
		}
	}
	return nil
}

// ollamaChatConfig is OllamaChatConfig.
type ollamaChatConfig struct{ name string }

func (*ollamaChatConfig) supportedParams(*mapCtx) ParamSet { return ollamaChatParams }

func (*ollamaChatConfig) mapParams(c *mapCtx, opt *Object) error {
	for s := c.nd.set; s != 0; s &= s - 1 {
		p := Param(trailingZeros(uint64(s)))
		v := c.nd.vals[p]
		switch p {
		case PMaxTokens, PMaxCompletionTokens:
			opt.Set("num_predict", v)
		case PStream, PTemperature, PSeed, PTopP, PStop:
			opt.Set(paramNames[p], v)
		case PFrequencyPenalty:
			opt.Set("repeat_penalty", v)
		case PResponseFormat:
			if f, ok := ollamaFormat(v, true); ok {
				opt.Set("format", f)
			}
		case PReasoningEffort:
			opt.Set("think", ollamaThink(c.model, v))
		case PTools, PFunctions:
			// Tools go to the API only when the catalog says the model can
			// call functions (looked up under "ollama"); otherwise LiteLLM
			// falls back to JSON mode with the functions in the prompt.
			if supportsFor(c, "ollama", supportsFunctionCalling) {
				opt.Set("tools", v)
				continue
			}
			opt.Set("format", "json")
			opt.Set("functions_unsupported_model", v)
			if p == PTools {
				if name, ok := singleToolName(v); ok {
					opt.Set("function_name", name)
				}
			}
		}
	}
	// tool_choice and functions make ollama requests hang.
	c.nd.del(PToolChoice)
	c.nd.del(PFunctions)
	return nil
}

// ollamaThink maps reasoning_effort to ollama's think flag: gpt-oss models
// take the effort level itself, the others a boolean.
func ollamaThink(model string, v any) any {
	if strings.HasPrefix(model, "gpt-oss") {
		return v
	}
	switch v {
	case "low", "medium", "high":
		return true
	}
	return false
}

// ollamaFormat maps response_format to ollama's format: "json" for
// json_object, the schema itself for json_schema. chat is true for the
// /api/chat mapper, which also requires the schema to be non-empty.
func ollamaFormat(rf any, chat bool) (any, bool) {
	o, ok := rf.(Object)
	if !ok {
		return nil, false
	}
	switch t, _ := o.Get("type"); t {
	case "json_object":
		return "json", true
	case "json_schema":
		js, _ := o.Get("json_schema")
		jo, _ := js.(Object)
		schema, ok := jo.Get("schema")
		if !ok || (chat && !truthy(schema)) {
			return nil, false
		}
		return schema, true
	}
	return nil, false
}

// singleToolName returns tools[0].function.name when there is exactly one
// tool.
func singleToolName(tools any) (any, bool) {
	l, ok := tools.([]any)
	if !ok || len(l) != 1 {
		return nil, false
	}
	t, _ := l[0].(Object)
	fn, _ := t.Get("function")
	fo, _ := fn.(Object)
	name, ok := fo.Get("name")
	return name, ok
}

// truthy is Python's bool() of a JSON value.
func truthy(v any) bool {
	switch x := v.(type) {
	case nil:
		return false
	case bool:
		return x
	case float64:
		return x != 0
	case Float:
		return x != 0
	case string:
		return x != ""
	case []any:
		return len(x) > 0
	case Object:
		return len(x) > 0
	}
	return true
}

func init() {
	registerConfig(cfgOllama, func() chatConfig { return &ollamaConfig{"ollama"} })
	registerConfig(cfgOllamaChat, func() chatConfig { return &ollamaChatConfig{"ollama_chat"} })
}
