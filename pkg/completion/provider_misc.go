package completion

import "strings"

// This file holds the smaller OpenAI-compatible provider configs that have
// rules of their own (xai, perplexity, cerebras, hosted_vllm, watsonx,
// watsonx_text, litellm_proxy, cloudflare, databricks) and the schema and
// catalog helpers the provider files share.

// maxRecurseDepth is LiteLLM's DEFAULT_MAX_RECURSE_DEPTH, the depth limit of
// its schema-cleaning helpers.
const maxRecurseDepth = 100

// supportsFor reads a supports_* flag of the model as LiteLLM's
// supports_*(model, custom_llm_provider=provider) does ("" = no provider).
func supportsFor(c *mapCtx, provider string, flag func(*ModelInfo) bool) bool {
	if provider == c.provider {
		return c.supports(flag)
	}
	m := lookupModelInfo(c.cat, c.model, provider)
	return m != nil && flag(m)
}

func supportsReasoning(m *ModelInfo) bool       { return m.SupportsReasoning }
func supportsFunctionCalling(m *ModelInfo) bool { return m.SupportsFunctionCalling }

// dropKeysDeep returns v with every object member for which drop reports
// true removed, at any depth up to maxDepth (objects inside objects and
// lists). It copies only the objects and lists on the path to a removed key
// and returns v itself when nothing matches, so the caller's (shared) value
// is never modified.
func dropKeysDeep(v any, maxDepth int, drop func(key string, val any) bool) any {
	out, _ := dropKeys(v, maxDepth, drop)
	return out
}

func dropKeys(v any, depth int, drop func(string, any) bool) (any, bool) {
	if depth <= 0 {
		return v, false
	}
	switch x := v.(type) {
	case Object:
		var out Object // nil until the first change
		for i, m := range x {
			if drop(m.Key, m.Value) {
				if out == nil {
					out = make(Object, i, len(x))
					copy(out, x[:i])
				}
				continue
			}
			nv, changed := dropKeys(m.Value, depth-1, drop)
			if changed && out == nil {
				out = make(Object, i, len(x))
				copy(out, x[:i])
			}
			if out != nil {
				out = append(out, Member{m.Key, nv})
			}
		}
		if out == nil {
			return v, false
		}
		return out, true
	case []any:
		var out []any
		for i, e := range x {
			ne, changed := dropKeys(e, depth-1, drop)
			if changed && out == nil {
				out = make([]any, len(x))
				copy(out, x)
			}
			if out != nil {
				out[i] = ne
			}
		}
		if out == nil {
			return v, false
		}
		return out, true
	}
	return v, false
}

// isAdditionalPropertiesFalse matches what _remove_additional_properties
// removes.
func isAdditionalPropertiesFalse(k string, v any) bool {
	b, ok := v.(bool)
	return k == "additionalProperties" && ok && !b
}

func isStrictKey(k string, _ any) bool { return k == "strict" }

// cleanToolsForOpenAICompatible is _remove_additional_properties followed by
// _remove_strict_from_schema (hosted_vllm, watsonx).
func cleanToolsForOpenAICompatible(tools any) any {
	return dropKeysDeep(tools, maxRecurseDepth, func(k string, v any) bool {
		return isAdditionalPropertiesFalse(k, v) || isStrictKey(k, v)
	})
}

// copySupportedRenaming is the loop several OpenAI-compatible configs use:
// max_completion_tokens becomes max_tokens, every other supported param is
// copied (max_completion_tokens is renamed whether or not it is in the list).
func copySupportedRenaming(c *mapCtx, supported ParamSet, opt *Object) {
	for s := c.nd.set; s != 0; s &= s - 1 {
		p := Param(trailingZeros(uint64(s)))
		switch {
		case p == PMaxCompletionTokens:
			opt.Set("max_tokens", c.nd.vals[p])
		case supported.Has(p):
			opt.Set(paramNames[p], c.nd.vals[p])
		}
	}
}

// xaiConfig is XAIChatConfig.
type xaiConfig struct{ name string }

var xaiParams = Set(PLogitBias, PLogprobs, PMaxTokens, PN, PPresencePenalty, PResponseFormat, PSeed, PStream,
	PStreamOptions, PTemperature, PToolChoice, PTools, PTopLogprobs, PTopP, PUser, PWebSearchOptions)

func (*xaiConfig) supportedParams(c *mapCtx) ParamSet {
	s := xaiParams
	m := c.model
	if !strings.Contains(m, "grok-3-mini") && !strings.Contains(m, "grok-4") && !strings.Contains(m, "grok-code-fast") {
		s |= Set(PStop)
	}
	if !strings.Contains(m, "grok-4") && !strings.Contains(m, "grok-code-fast") {
		s |= Set(PFrequencyPenalty)
	}
	if c.supports(supportsReasoning) {
		s |= Set(PReasoningEffort)
	}
	return s
}

func (x *xaiConfig) mapParams(c *mapCtx, opt *Object) error {
	supported := x.supportedParams(c)
	for s := c.nd.set; s != 0; s &= s - 1 {
		p := Param(trailingZeros(uint64(s)))
		v := c.nd.vals[p]
		switch {
		case p == PMaxCompletionTokens:
			opt.Set("max_tokens", v)
		case p == PTools:
			// filter_value_from_dict(tool, "strict") on each tool.
			list, ok := v.([]any)
			if !ok {
				if supported.Has(p) {
					opt.Set("tools", v)
				}
				continue
			}
			if len(list) > 0 {
				opt.Set("tools", dropKeysDeep(v, maxRecurseDepth, isStrictKey))
			}
		case supported.Has(p):
			opt.Set(paramNames[p], v)
		}
	}
	return nil
}

// perplexityConfig is PerplexityChatConfig: a small subset of the OpenAI
// params, copied as they are.
type perplexityConfig struct{ name string }

var perplexityParams = Set(PFrequencyPenalty, PMaxTokens, PMaxCompletionTokens, PPresencePenalty, PResponseFormat,
	PStream, PTemperature, PTopP, PMaxRetries, PExtraHeaders)

func (*perplexityConfig) supportedParams(c *mapCtx) ParamSet {
	s := perplexityParams
	if m := c.info(); m != nil { // one catalog lookup for both flags
		if m.SupportsReasoning {
			s |= Set(PReasoningEffort)
		}
		if m.SupportsWebSearch {
			s |= Set(PWebSearchOptions)
		}
	}
	return s
}

func (x *perplexityConfig) mapParams(c *mapCtx, opt *Object) error {
	copySupported(c, x.supportedParams(c), opt)
	return nil
}

// cerebrasConfig is CerebrasConfig.
type cerebrasConfig struct{ name string }

var cerebrasParams = Set(PMaxTokens, PMaxCompletionTokens, PResponseFormat, PSeed, PStop, PStream, PTemperature,
	PTopP, PToolChoice, PTools, PUser, PMaxRetries, PExtraHeaders)

func (*cerebrasConfig) supportedParams(c *mapCtx) ParamSet {
	if c.supports(supportsReasoning) {
		return cerebrasParams | Set(PReasoningEffort)
	}
	return cerebrasParams
}

func (x *cerebrasConfig) mapParams(c *mapCtx, opt *Object) error {
	copySupportedRenaming(c, x.supportedParams(c), opt)
	return nil
}

// hostedVLLMConfig is HostedVLLMChatConfig: the OpenAI list plus
// reasoning_effort; tools lose additionalProperties=false and strict.
type hostedVLLMConfig struct{ name string }

func (*hostedVLLMConfig) supportedParams(c *mapCtx) ParamSet {
	return openaiGPTSupported(c) | Set(PReasoningEffort)
}

func (x *hostedVLLMConfig) mapParams(c *mapCtx, opt *Object) error {
	copySupportedCleanTools(c, x.supportedParams(c), opt)
	return nil
}

// copySupportedCleanTools is copySupported with the tools cleaned of the
// schema fields OpenAI-compatible servers reject.
func copySupportedCleanTools(c *mapCtx, supported ParamSet, opt *Object) {
	for s := c.nd.set & supported; s != 0; s &= s - 1 {
		p := Param(trailingZeros(uint64(s)))
		v := c.nd.vals[p]
		if p == PTools {
			v = cleanToolsForOpenAICompatible(v)
		}
		opt.Set(paramNames[p], v)
	}
}

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

// watsonxTextConfig is IBMWatsonXAIConfig (/text/generation).
type watsonxTextConfig struct{ name string }

var watsonxTextParams = Set(PTemperature, PMaxTokens, PTopP, PFrequencyPenalty, PStop, PSeed, PStream)

// watsonxTextExtraBody are the text-generation params the mapper moves into
// extra_body (only reachable when the mapper is called directly).
var watsonxTextExtraBody = []struct{ in, out string }{
	{"decoding_method", "decoding_method"}, {"min_tokens", "min_new_tokens"}, {"top_k", "top_k"},
	{"truncate_input_tokens", "truncate_input_tokens"}, {"length_penalty", "length_penalty"},
	{"time_limit", "time_limit"}, {"return_options", "return_options"},
}

func (*watsonxTextConfig) supportedParams(*mapCtx) ParamSet { return watsonxTextParams }

func (*watsonxTextConfig) mapParams(c *mapCtx, opt *Object) error {
	for s := c.nd.set; s != 0; s &= s - 1 {
		p := Param(trailingZeros(uint64(s)))
		v := c.nd.vals[p]
		switch p {
		case PMaxTokens:
			opt.Set("max_new_tokens", v)
		case PStream, PTemperature, PTopP:
			opt.Set(paramNames[p], v)
		case PFrequencyPenalty:
			opt.Set("repetition_penalty", v)
		case PSeed:
			opt.Set("random_seed", v)
		case PStop:
			opt.Set("stop_sequences", v)
		}
	}
	var body Object
	for _, m := range c.nd.extra {
		for _, e := range watsonxTextExtraBody {
			if m.Key == e.in {
				body.Set(e.out, m.Value)
			}
		}
	}
	if len(body) > 0 {
		opt.Set("extra_body", body)
	}
	return nil
}

// litellmProxyConfig is LiteLLMProxyChatConfig: every OpenAI chat param is
// accepted and copied, and thinking travels in extra_body.
type litellmProxyConfig struct{ name string }

// openaiChatCompletionParams is LiteLLM's OPENAI_CHAT_COMPLETION_PARAMS as far
// as get_optional_params names them.
var openaiChatCompletionParams = Set(PFunctions, PFunctionCall, PTemperature, PTopP, PN, PStream, PStreamOptions,
	PStop, PMaxCompletionTokens, PModalities, PPrediction, PAudio, PPresencePenalty, PFrequencyPenalty, PLogitBias,
	PUser, PResponseFormat, PSeed, PTools, PToolChoice, PMaxRetries, PParallelToolCalls, PLogprobs, PTopLogprobs,
	PReasoningEffort, PExtraHeaders, PThinking, PWebSearchOptions, PServiceTier, PSafetyIdentifier)

func (*litellmProxyConfig) supportedParams(c *mapCtx) ParamSet {
	return openaiGPTSupported(c) | openaiChatCompletionParams
}

func (x *litellmProxyConfig) mapParams(c *mapCtx, opt *Object) error {
	supported := x.supportedParams(c)
	for s := c.nd.set; s != 0; s &= s - 1 {
		p := Param(trailingZeros(uint64(s)))
		v := c.nd.vals[p]
		switch {
		case p == PThinking:
			var body Object
			if prev, ok := opt.Get("extra_body"); ok {
				if o, ok := prev.(Object); ok {
					body = o.Clone()
				}
			}
			body.Set("thinking", v)
			opt.Set("extra_body", body)
		case supported.Has(p):
			opt.Set(paramNames[p], v)
		}
	}
	return nil
}

// cloudflareConfig is CloudflareChatConfig (Workers AI).
type cloudflareConfig struct{ name string }

var cloudflareParams = Set(PStream, PMaxTokens)

func (*cloudflareConfig) supportedParams(*mapCtx) ParamSet { return cloudflareParams }

func (*cloudflareConfig) mapParams(c *mapCtx, opt *Object) error {
	copySupportedRenaming(c, cloudflareParams, opt)
	return nil
}

// databricksConfig is DatabricksConfig for the OpenAI-style serving
// endpoints: its own list, the OpenAI-like copy and rename.
type databricksConfig struct{ name string }

var databricksParams = Set(PStream, PStop, PTemperature, PTopP, PMaxTokens, PMaxCompletionTokens, PN,
	PResponseFormat, PTools, PToolChoice, PReasoningEffort, PThinking)

func (*databricksConfig) supportedParams(*mapCtx) ParamSet { return databricksParams }

func (*databricksConfig) mapParams(c *mapCtx, opt *Object) error {
	return mapOpenAILike(c, databricksParams, opt)
}

func init() {
	registerConfig(cfgXAI, func() chatConfig { return &xaiConfig{"xai"} })
	registerConfig(cfgPerplexity, func() chatConfig { return &perplexityConfig{"perplexity"} })
	registerConfig(cfgCerebras, func() chatConfig { return &cerebrasConfig{"cerebras"} })
	registerConfig(cfgHostedVLLM, func() chatConfig { return &hostedVLLMConfig{"hosted_vllm"} })
	registerConfig(cfgWatsonx, func() chatConfig { return &watsonxConfig{"watsonx"} })
	registerConfig(cfgWatsonxText, func() chatConfig { return &watsonxTextConfig{"watsonx_text"} })
	registerConfig(cfgLiteLLMProxy, func() chatConfig { return &litellmProxyConfig{"litellm_proxy"} })
	registerConfig(cfgCloudflare, func() chatConfig { return &cloudflareConfig{"cloudflare"} })
	registerConfig(cfgDatabricks, func() chatConfig { return &databricksConfig{"databricks"} })
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
