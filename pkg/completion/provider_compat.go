package completion

import "strings"

// This file holds the configs of OpenAI-compatible providers whose supported
// list or mapping differs from the plain OpenAI-like one: xai, perplexity,
// cerebras, hosted_vllm (and vllm), text-completion-openai, litellm_proxy
// and watsonx.

// xaiParams is XAIChatConfig's list without the model-dependent stop and
// reasoning_effort.
var xaiParams = Set(PLogitBias, PLogprobs, PMaxTokens, PN, PPresencePenalty, PResponseFormat, PSeed, PStream,
	PStreamOptions, PTemperature, PToolChoice, PTools, PTopLogprobs, PTopP, PUser, PWebSearchOptions)

// xaiConfig is XAIChatConfig.
type xaiConfig struct{ name string }

func (*xaiConfig) supportedParams(c *mapCtx) ParamSet { return xaiSupported(c) }

func xaiSupported(c *mapCtx) ParamSet {
	s := xaiParams
	// grok-3-mini, grok-4 and grok-code-fast reject stop sequences.
	if !strings.Contains(c.model, "grok-3-mini") && !strings.Contains(c.model, "grok-4") &&
		!strings.Contains(c.model, "grok-code-fast") {
		s |= Set(PStop)
	}
	// grok-4 and grok-code-fast reject frequency_penalty.
	if !strings.Contains(c.model, "grok-4") && !strings.Contains(c.model, "grok-code-fast") {
		s |= Set(PFrequencyPenalty)
	}
	if c.supports(func(m *ModelInfo) bool { return m.SupportsReasoning }) {
		s |= Set(PReasoningEffort)
	}
	return s
}

// mapParams is XAIChatConfig.map_openai_params: max_completion_tokens becomes
// max_tokens, "strict" is removed from tools, the rest is copied.
func (*xaiConfig) mapParams(c *mapCtx, opt *Object) error {
	supported := xaiSupported(c)
	return c.nd.each(func(p Param, v any) error {
		switch {
		case p == PMaxCompletionTokens:
			opt.Set("max_tokens", v)
		case p == PTools:
			if l, ok := v.([]any); ok {
				tools := make([]any, 0, len(l))
				for _, t := range l {
					if t = withoutKey(t, "strict", nil); t != nil {
						tools = append(tools, t)
					}
				}
				if len(tools) > 0 {
					opt.Set("tools", tools)
				}
			}
		case supported.Has(p) && p != PMaxRetries:
			opt.Set(paramNames[p], v)
		}
		return nil
	})
}

// withoutKey returns v with every key named key removed from it and from
// nested objects and lists, when keep (if non-nil) says so for the key's
// value. v is never modified: changed parts are copied.
func withoutKey(v any, key string, keep func(any) bool) any {
	switch x := v.(type) {
	case Object:
		var out Object
		for i, m := range x {
			nv := m.Value
			drop := m.Key == key && (keep == nil || !keep(m.Value))
			if !drop {
				nv = withoutKey(m.Value, key, keep)
			}
			changed := drop || !sameValue(nv, m.Value)
			if changed && out == nil {
				out = make(Object, i, len(x))
				copy(out, x[:i])
			}
			if out != nil && !drop {
				out = append(out, Member{m.Key, nv})
			}
		}
		if out == nil {
			return x
		}
		return out
	case []any:
		var out []any
		for i, e := range x {
			ne := withoutKey(e, key, keep)
			if out == nil && !sameValue(ne, e) {
				out = make([]any, i, len(x))
				copy(out, x[:i])
			}
			if out != nil {
				out = append(out, ne)
			}
		}
		if out == nil {
			return x
		}
		return out
	}
	return v
}

// sameValue reports whether a and b are the same (not merely equal)
// container, or equal scalars.
func sameValue(a, b any) bool {
	switch x := a.(type) {
	case Object:
		y, ok := b.(Object)
		return ok && len(x) == len(y) && (len(x) == 0 || &x[0] == &y[0])
	case []any:
		y, ok := b.([]any)
		return ok && len(x) == len(y) && (len(x) == 0 || &x[0] == &y[0])
	}
	return true
}

// perplexityParams is PerplexityChatConfig's list without the
// model-dependent reasoning_effort and web_search_options.
var perplexityParams = Set(PFrequencyPenalty, PMaxTokens, PMaxCompletionTokens, PPresencePenalty, PResponseFormat,
	PStream, PTemperature, PTopP, PMaxRetries, PExtraHeaders)

// perplexityConfig is PerplexityChatConfig: no tools, n, seed or logprobs.
type perplexityConfig struct{ name string }

func (*perplexityConfig) supportedParams(c *mapCtx) ParamSet { return perplexitySupported(c) }
func (*perplexityConfig) mapParams(c *mapCtx, opt *Object) error {
	copySupported(c, perplexitySupported(c), opt)
	return nil
}

func perplexitySupported(c *mapCtx) ParamSet {
	s := perplexityParams
	if m := c.info(); m != nil {
		if m.SupportsReasoning {
			s |= Set(PReasoningEffort)
		}
		if m.SupportsWebSearch {
			s |= Set(PWebSearchOptions)
		}
	}
	return s
}

// cerebrasParams is CerebrasConfig's list without the model-dependent
// reasoning_effort.
var cerebrasParams = Set(PMaxTokens, PMaxCompletionTokens, PResponseFormat, PSeed, PStop, PStream, PTemperature,
	PTopP, PToolChoice, PTools, PUser)

// cerebrasConfig is CerebrasConfig.
type cerebrasConfig struct{ name string }

func (*cerebrasConfig) supportedParams(c *mapCtx) ParamSet { return cerebrasSupported(c) }
func (*cerebrasConfig) mapParams(c *mapCtx, opt *Object) error {
	return mapOpenAILike(c, cerebrasSupported(c), opt)
}

func cerebrasSupported(c *mapCtx) ParamSet {
	if c.supports(func(m *ModelInfo) bool { return m.SupportsReasoning }) {
		return cerebrasParams | Set(PReasoningEffort)
	}
	return cerebrasParams
}

// hostedVLLMConfig is HostedVLLMChatConfig: the OpenAI list plus
// reasoning_effort, copied, with additionalProperties=false and "strict"
// removed from tool schemas.
type hostedVLLMConfig struct{ name string }

func (*hostedVLLMConfig) supportedParams(c *mapCtx) ParamSet {
	return openaiGPTSupported(c).With(PReasoningEffort)
}

func (*hostedVLLMConfig) mapParams(c *mapCtx, opt *Object) error {
	supported := openaiGPTSupported(c).With(PReasoningEffort)
	for s := c.nd.set & supported.Without(PMaxRetries); s != 0; s &= s - 1 {
		p := Param(trailingZeros(uint64(s)))
		v := c.nd.vals[p]
		if p == PTools {
			v = cleanToolSchemas(v)
		}
		opt.Set(paramNames[p], v)
	}
	return nil
}

// cleanToolSchemas is _remove_additional_properties followed by
// _remove_strict_from_schema, on a copy.
func cleanToolSchemas(tools any) any {
	tools = withoutKey(tools, "additionalProperties", func(v any) bool { return v != false })
	return withoutKey(tools, "strict", nil)
}

// textCompletionOpenAIParams is OpenAITextCompletionConfig's list.
var textCompletionOpenAIParams = Set(PFunctions, PFunctionCall, PTemperature, PTopP, PN, PStream, PStreamOptions,
	PStop, PMaxTokens, PPresencePenalty, PFrequencyPenalty, PLogitBias, PUser, PResponseFormat, PSeed, PTools,
	PToolChoice, PMaxRetries, PLogprobs, PTopLogprobs, PExtraHeaders)

// textCompletionOpenAIConfig is OpenAITextCompletionConfig.
type textCompletionOpenAIConfig struct{ name string }

func (*textCompletionOpenAIConfig) supportedParams(c *mapCtx) ParamSet {
	return textCompletionOpenAIParams
}
func (*textCompletionOpenAIConfig) mapParams(c *mapCtx, opt *Object) error {
	copySupported(c, textCompletionOpenAIParams, opt)
	return nil
}

// litellmProxyConfig is LiteLLMProxyChatConfig: the OpenAI list plus thinking
// and reasoning_effort; thinking travels in extra_body.
type litellmProxyConfig struct{ name string }

func (*litellmProxyConfig) supportedParams(c *mapCtx) ParamSet {
	return openaiGPTSupported(c).With(PThinking, PReasoningEffort)
}

func (*litellmProxyConfig) mapParams(c *mapCtx, opt *Object) error {
	supported := openaiGPTSupported(c).With(PReasoningEffort)
	copySupported(c, supported, opt)
	if c.nd.has(PThinking) {
		var body Object
		if prev, ok := opt.Get("extra_body"); ok {
			if o, ok := prev.(Object); ok {
				body = o.Clone()
			}
		}
		body.Set("thinking", c.nd.get(PThinking))
		opt.Set("extra_body", body)
	}
	return nil
}

// watsonxParams is IBMWatsonXChatConfig's list.
var watsonxParams = Set(PTemperature, PMaxTokens, PTopP, PFrequencyPenalty, PStop, PSeed, PStream, PTools,
	PToolChoice, PLogprobs, PTopLogprobs, PN, PPresencePenalty, PResponseFormat)

// watsonxConfig is IBMWatsonXChatConfig: "auto", "none" and "required" go to
// tool_choice_option, a named tool stays in tool_choice.
type watsonxConfig struct{ name string }

func (*watsonxConfig) supportedParams(c *mapCtx) ParamSet { return watsonxParams }
func (*watsonxConfig) mapParams(c *mapCtx, opt *Object) error {
	if c.nd.has(PToolChoice) {
		tc := c.nd.get(PToolChoice)
		if s, ok := tc.(string); ok && (s == "auto" || s == "none" || s == "required") {
			opt.Set("tool_choice_option", s)
		} else {
			opt.Set("tool_choice", tc)
		}
	}
	for s := c.nd.set & watsonxParams.Without(PToolChoice); s != 0; s &= s - 1 {
		p := Param(trailingZeros(uint64(s)))
		v := c.nd.vals[p]
		if p == PTools {
			v = cleanToolSchemas(v)
		}
		opt.Set(paramNames[p], v)
	}
	return nil
}

func init() {
	registerConfig(cfgXAI, func() chatConfig { return &xaiConfig{"xai"} })
	registerConfig(cfgPerplexity, func() chatConfig { return &perplexityConfig{"perplexity"} })
	registerConfig(cfgCerebras, func() chatConfig { return &cerebrasConfig{"cerebras"} })
	registerConfig(cfgHostedVLLM, func() chatConfig { return &hostedVLLMConfig{"hosted_vllm"} })
	registerConfig(cfgTextCompletionOpenAI, func() chatConfig { return &textCompletionOpenAIConfig{"text-completion-openai"} })
	registerConfig(cfgLiteLLMProxy, func() chatConfig { return &litellmProxyConfig{"litellm_proxy"} })
	registerConfig(cfgWatsonx, func() chatConfig { return &watsonxConfig{"watsonx"} })
}
