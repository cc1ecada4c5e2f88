package completion

// Extended thinking, as BaseConfig and AnthropicConfig handle it for the
// configs that speak Anthropic's thinking parameter (anthropic, bedrock's
// converse and Claude routes, vertex Claude, databricks Claude).

// Thinking budgets of reasoning_effort (LiteLLM's
// DEFAULT_REASONING_EFFORT_*_THINKING_BUDGET) and DEFAULT_MAX_TOKENS, which
// is added to a budget when max_tokens was not given.
const (
	thinkingBudgetMinimal = 128
	thinkingBudgetLow     = 1024
	thinkingBudgetMedium  = 2048
	thinkingBudgetHigh    = 4096
	defaultMaxTokens      = 4096
)

// thinkingEnabled is BaseConfig.is_thinking_enabled on the non-default
// params: thinking.type == "enabled" or any reasoning_effort.
func thinkingEnabled(thinking, effort any) bool {
	if t, ok := thinking.(Object); ok {
		if typ, _ := t.Get("type"); typ == "enabled" {
			return true
		}
	}
	return effort != nil
}

// thinkingMaxTokens is update_optional_params_with_thinking_tokens: with
// thinking enabled and none of the given params set, the output limit (under
// key) becomes the thinking budget plus DEFAULT_MAX_TOKENS (4096). Anthropic
// checks only max_tokens (so a mapped max_completion_tokens is overwritten,
// as in LiteLLM); converse checks both.
func thinkingMaxTokens(nd *nonDefault, opt *Object, key string, given ParamSet) {
	if nd.set&given != 0 {
		return
	}
	t, _ := opt.Get("thinking")
	eff, _ := opt.Get("reasoning_effort")
	if !thinkingEnabled(t, eff) {
		return
	}
	to, ok := t.(Object)
	if !ok {
		return
	}
	if b, ok := to.Get("budget_tokens"); ok {
		if f, ok := Num(b); ok {
			opt.Set(key, f+defaultMaxTokens)
		}
	}
}

// anthropicThinkingForEffort is AnthropicConfig._map_reasoning_effort.
func anthropicThinkingForEffort(provider, effort string) (Object, error) {
	var budget float64
	switch effort {
	case "low":
		budget = thinkingBudgetLow
	case "medium":
		budget = thinkingBudgetMedium
	case "high":
		budget = thinkingBudgetHigh
	case "minimal":
		budget = thinkingBudgetMinimal
	default:
		return nil, newError("ValueError", 500, provider, "Unmapped reasoning effort: %s", effort)
	}
	return Object{{"type", "enabled"}, {"budget_tokens", budget}}, nil
}
