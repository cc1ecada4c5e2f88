package completion

// Helpers that several providers' map_openai_params and
// get_supported_openai_params share: copying the supported params as they
// are (OpenAIGPTConfig), with max_completion_tokens renamed
// (OpenAILikeChatConfig and its relatives), reading the model map's
// supports_* flags, and appending tools.

// copySupported copies every non-default param the config supports, under
// its OpenAI name (OpenAIGPTConfig._map_openai_params).
func copySupported(c *mapCtx, supported ParamSet, opt *Object) {
	for s := c.nd.set & supported; s != 0; s &= s - 1 {
		p := Param(trailingZeros(uint64(s)))
		opt.Set(paramNames[p], c.nd.vals[p])
	}
}

// mapOpenAILike is OpenAILikeChatConfig.map_openai_params: the supported
// params copied, then a max_completion_tokens among the non-default params
// (supported or let through by allowed_openai_params) sent as max_tokens
// instead, overwriting a max_tokens given too.
func mapOpenAILike(c *mapCtx, supported ParamSet, opt *Object) error {
	for s := c.nd.set & supported &^ Set(PMaxCompletionTokens); s != 0; s &= s - 1 {
		p := Param(trailingZeros(uint64(s)))
		opt.Set(paramNames[p], c.nd.vals[p])
	}
	if c.nd.has(PMaxCompletionTokens) {
		opt.Set("max_tokens", c.nd.get(PMaxCompletionTokens))
	}
	return nil
}

// supportsFor reads a supports_* flag of the model as LiteLLM's
// supports_*(model, custom_llm_provider=provider) does ("" = no provider).
func supportsFor(c *mapCtx, provider string, flag func(*ModelInfo) bool) bool {
	if provider == c.provider {
		return c.supports(flag)
	}
	m := lookupModelInfo(c.cat, c.model, provider)
	return m != nil && flag(m)
}

func supportsReasoning(m *ModelInfo) bool { return m.SupportsReasoning }

func supportsFunctionCalling(m *ModelInfo) bool { return m.SupportsFunctionCalling }

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

// isEmptyValue is Python's "not v" for JSON values.
func isEmptyValue(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case bool:
		return !x
	case float64:
		return x == 0
	case Float:
		return x == 0
	case string:
		return x == ""
	case []any:
		return len(x) == 0
	case Object:
		return len(x) == 0
	}
	return false
}

// appendTools appends tools to opt["tools"] (LiteLLM's
// _add_tools_to_optional_params). A list already in opt is never modified:
// appending builds a new list, and with no previous list the given one is
// used as it is, so callers must not change it afterwards.
func appendTools(opt *Object, tools []any) {
	var prev []any
	if v, ok := opt.Get("tools"); ok {
		prev, _ = v.([]any)
	}
	if prev == nil {
		opt.Set("tools", tools)
		return
	}
	out := make([]any, 0, len(prev)+len(tools))
	out = append(append(out, prev...), tools...)
	opt.Set("tools", out)
}

// setExtraBody sets key in optional_params["extra_body"] (created when
// absent), as optional_params.setdefault("extra_body", {})[key] = v does. A
// mapper's extra_body is its own copy, never the caller's object.
func setExtraBody(opt *Object, key string, v any) {
	var body Object
	if prev, ok := opt.Get("extra_body"); ok {
		if o, ok := prev.(Object); ok {
			body = o.Clone()
		}
	}
	body.Set(key, v)
	opt.Set("extra_body", body)
}

// A fixedListConfig is a config whose supported list does not depend on the
// model and whose mapper is OpenAIGPTConfig's copy of the supported params
// (openAILike false) or OpenAILikeChatConfig's copy with
// max_completion_tokens sent as max_tokens (openAILike true). Many of
// LiteLLM's small OpenAI-compatible configs are no more than that.
type fixedListConfig struct {
	name       string
	params     ParamSet
	openAILike bool
}

func (x *fixedListConfig) supportedParams(*mapCtx) ParamSet { return x.params }

func (x *fixedListConfig) mapParams(c *mapCtx, opt *Object) error {
	if x.openAILike {
		return mapOpenAILike(c, x.params, opt)
	}
	copySupported(c, x.params, opt)
	return nil
}

// infoByName is the catalog entry that a supports_*(model) call without a
// provider finds: the provider comes from get_llm_provider(model); nil when
// the name does not resolve.
func infoByName(c *mapCtx, model string) *ModelInfo {
	p, ok := c.cat.knownProvider[model]
	if !ok {
		return nil
	}
	if p == "anthropic" && isAnthropicTextModel(model) {
		p = "anthropic_text"
	}
	return lookupModelInfo(c.cat, model, p)
}

// resolvedInfo is the catalog entry a supports_*(model) call without a
// provider reads: model resolved by get_llm_provider, then looked up under
// the provider found (nil when either fails).
func resolvedInfo(c *mapCtx, model string) *ModelInfo {
	r, err := getLLMProvider(c.cat, c.st, model, "", "")
	if err != nil {
		return nil
	}
	return lookupModelInfo(c.cat, r.Model, r.Provider)
}

// mapTGIParams is the mapping SagemakerConfig and PredibaseConfig share for
// Hugging Face text-generation-inference endpoints: temperature 0 raised to
// 0.01, n as best_of with do_sample, max_tokens (0 raised to 1) and
// max_completion_tokens as max_new_tokens, top_p, stream and stop copied.
// Predibase also raises a max_completion_tokens of 0 and passes
// response_format on.
func mapTGIParams(c *mapCtx, opt *Object, predibase bool) {
	_ = c.nd.each(func(p Param, v any) error {
		switch p {
		case PTemperature:
			if isZero(v) {
				v = 0.01
			}
			opt.Set("temperature", v)
		case PTopP, PStream, PStop:
			opt.Set(paramNames[p], v)
		case PN:
			opt.Set("best_of", v)
			opt.Set("do_sample", true)
		case PMaxTokens, PMaxCompletionTokens:
			if isZero(v) && (p == PMaxTokens || predibase) {
				v = 1.0
			}
			opt.Set("max_new_tokens", v)
		case PResponseFormat:
			if predibase {
				opt.Set("response_format", v)
			}
		}
		return nil
	})
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
