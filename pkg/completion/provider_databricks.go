package completion

import "strings"

// databricksConfig is DatabricksConfig for the OpenAI-style serving
// endpoints: its own list and the OpenAI-like copy and rename. For Claude
// models, tools go through the Anthropic tool conversion (and back into
// function tools), a response_format becomes a forced JSON tool (or is
// removed when it has no schema) and reasoning_effort an Anthropic thinking
// budget. With thinking enabled and no max_tokens, max_tokens becomes the
// budget plus DEFAULT_MAX_TOKENS; a reasoning_effort left in place (not a
// Claude model) makes LiteLLM look up a thinking that is not there, which
// raises KeyError.
type databricksConfig struct{ name string }

var databricksParams = Set(PStream, PStop, PTemperature, PTopP, PMaxTokens, PMaxCompletionTokens, PN,
	PResponseFormat, PTools, PToolChoice, PReasoningEffort, PThinking)

func (*databricksConfig) supportedParams(*mapCtx) ParamSet { return databricksParams }

func (*databricksConfig) mapParams(c *mapCtx, opt *Object) error {
	nd := c.nd
	thinking := thinkingEnabled(nd.get(PThinking), nd.get(PReasoningEffort))
	_ = mapOpenAILike(c, databricksParams, opt)
	claude := strings.Contains(c.model, "claude")
	if tv, ok := opt.Get("tools"); ok && claude {
		if list, ok := tv.([]any); ok {
			tools, _, err := anthropicTools(list)
			if err != nil {
				return err
			}
			out := make([]any, len(tools))
			for i, t := range tools {
				out[i] = databricksTool(t.(Object))
			}
			opt.Set("tools", out)
		}
	}
	if nd.has(PResponseFormat) && claude {
		if rf, ok := nd.get(PResponseFormat).(Object); ok {
			if tool := anthropicResponseFormatTool(rf); tool != nil {
				appendTools(opt, []any{databricksTool(tool)})
				opt.Set("json_mode", true)
				if !thinking {
					opt.Set("tool_choice", Object{{"type", "function"},
						{"function", Object{{"name", responseFormatToolName}}}})
				}
			}
		}
		opt.Delete("response_format")
	}
	if nd.has(PReasoningEffort) && claude {
		effort, _ := nd.get(PReasoningEffort).(string)
		t, err := anthropicThinkingForEffort(c.provider, effort)
		if err != nil {
			return err
		}
		opt.Set("thinking", t)
		opt.Delete("reasoning_effort")
	}
	// update_optional_params_with_thinking_tokens on the mapped params.
	t, hasThinking := opt.Get("thinking")
	effort, _ := opt.Get("reasoning_effort")
	if thinkingEnabled(t, effort) && !nd.has(PMaxTokens) {
		if !hasThinking {
			return newError("KeyError", 500, c.provider, "'thinking'")
		}
		if to, ok := t.(Object); ok {
			if b, ok := to.Get("budget_tokens"); ok && b != nil {
				if f, ok := Num(b); ok {
					opt.Set("max_tokens", f+defaultMaxTokens)
				}
			}
		}
	}
	return nil
}

// databricksTool is convert_anthropic_tool_to_databricks_tool: an
// Anthropic tool back in function form.
func databricksTool(t Object) Object {
	name, _ := t.Get("name")
	params, _ := t.Get("input_schema")
	if params == nil {
		params = Object{}
	}
	fn := Object{{"name", name}, {"parameters", params}}
	if d, ok := t.Get("description"); ok && d != nil {
		fn = append(fn, Member{"description", d})
	}
	return Object{{"type", "function"}, {"function", fn}}
}

func init() {
	registerConfig(cfgDatabricks, func() chatConfig { return &databricksConfig{"databricks"} })
}
