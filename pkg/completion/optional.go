package completion

import (
	"strings"
)

// optionalInput is what get_optional_params receives.
type optionalInput struct {
	cat        *Catalog
	st         *Settings
	model      string // resolved, without the provider prefix
	provider   string
	params     *Params // OpenAI params; stream already defaulted by the caller
	extras     Object  // special (non-OpenAI) keyword arguments
	dropParams *bool
	adp        []string // additional_drop_params (nil = None)
	allowed    []string // allowed_openai_params (nil = None)
	apiVersion string
	// pc is the provider config found by completion()'s provider
	// validation; hasCfg says whether that happened (validate-once reuses
	// it).
	pc     providerConfig
	hasCfg bool
}

// present marks named arguments that LiteLLM's locals() holds but that are
// excluded from the non-default params (model, messages, ...).
var present any = true

// passedParams builds get_optional_params' passed_params (its locals()).
func (in *optionalInput) passedParams() Params {
	passed := *in.params
	passed[PModel] = present
	passed[PCustomLLMProvider] = present
	passed[PMessages] = present
	if in.apiVersion != "" {
		passed[PAPIVersion] = present
	}
	if in.dropParams != nil {
		passed[PDropParams] = present
	}
	if in.allowed != nil {
		passed[PAllowedOpenAIParams] = present
	}
	if in.adp != nil {
		passed[PAdditionalDropParams] = present
	}
	return passed
}

// scratch is the working memory of one get_optional_params call. A Result
// carries one, so that a caller that reuses its Result (benchmarks do) pays
// no allocation for the pipeline's bookkeeping; every variant uses it alike.
type scratch struct {
	nd   nonDefault
	c    mapCtx
	cost pendingCost
}

// getOptionalParams is LiteLLM's get_optional_params run with
// the variant's changes. sc may be nil.
func (v *Variant) getOptionalParams(in *optionalInput, sc *scratch) (Object, error) {
	if sc == nil {
		sc = new(scratch)
	}
	// Provider validation #2 (validate-once reuses #1's config).
	pc := in.pc
	if !in.hasCfg || !v.has(ChangeValidateOnce) {
		pc = v.revalidateProvider(in.model, in.provider, in.cat)
	}

	passed := in.passedParams()
	sc.nd = v.preProcessNonDefaultParams(&passed, in.extras, in.provider, in.adp)
	nd := &sc.nd

	sc.c = mapCtx{cat: in.cat, st: in.st, model: in.model, provider: in.provider, apiVersion: in.apiVersion, nd: nd,
		extras: in.extras}
	c := &sc.c
	if in.dropParams != nil {
		c.drop = *in.dropParams
	}
	opt := Object{}
	addCloudAuthParams(&opt, in.provider, in.extras)

	// pre_process_optional_params: ollama cannot call functions natively.
	// Tools (and their tool_choice) or else functions move out of the
	// params; function_call stays and is checked like any other param.
	if in.provider == "ollama" && (nd.has(PTools) || nd.has(PFunctions) || nd.has(PFunctionCall)) {
		opt.Set("format", "json")
		switch {
		case nd.has(PTools):
			opt.Set("functions_unsupported_model", nd.get(PTools))
			nd.del(PTools)
			nd.del(PToolChoice)
		case nd.has(PFunctions):
			opt.Set("functions_unsupported_model", nd.get(PFunctions))
			nd.del(PFunctions)
		}
	}

	supported := v.getSupportedOpenAIParams(c, pc)
	for _, name := range in.allowed {
		if p, ok := paramIndex[name]; ok {
			supported |= 1 << p
		}
	}
	if err := checkValidArg(c, supported, in.dropParams); err != nil {
		return nil, err
	}

	if err := v.mapOpenAIParams(c, pc, &opt); err != nil {
		return nil, err
	}
	addProviderSpecificParams(&opt, in.provider, in.extras, in.adp)
	applyOpenAIParamOverrides(&opt, nd, in.allowed)
	return opt, nil
}

// checkValidArg is _check_valid_arg: params the provider does not support are
// dropped (drop_params) or reported in one UnsupportedParamsError.
func checkValidArg(c *mapCtx, supported ParamSet, perCall *bool) error {
	unsupported := c.nd.set &^ supported
	unsupported = unsupported.Without(PUser, PStreamOptions, PStream, PMaxRetries)
	if unsupported.Has(PN) {
		if n, ok := Num(c.nd.get(PN)); ok && n == 1 {
			unsupported = unsupported.Without(PN)
		}
	}
	if unsupported == 0 {
		return nil
	}
	if c.globalDrop() || (perCall != nil && *perCall) {
		for p := Param(0); p < numParams; p++ {
			if unsupported.Has(p) {
				c.nd.del(p)
			}
		}
		return nil
	}
	list := pyList(unsupported.Names())
	return newError("UnsupportedParamsError", 500, c.provider,
		"%s does not support parameters: %s, for model=%s. To drop these, set `litellm.drop_params=True` or for proxy:\n\n`litellm_settings:\n drop_params: true`\n. \n If you want to use these params dynamically send allowed_openai_params=%s in your request.",
		pyStrOrNone(c.provider), list, c.model, list)
}

// dispatchKind is the if/elif chain of get_optional_params in LiteLLM
// 1.80.5: which config's map_openai_params translates the params, and
// whether the branch calls it twice (anthropic_text). cfgNone means the
// chain's fallback: provider_config when there is one, else
// OpenAILikeChatConfig.
func dispatchKind(c *mapCtx, cfg chatConfig) (configKind, bool) {
	p, model := c.provider, c.model
	switch {
	case p == "anthropic":
		return cfgAnthropic, false
	case p == "anthropic_text":
		return cfgAnthropicText, true
	case p == "cohere_chat" || p == "cohere":
		return cfgCohereChat, false // always the v1 mapper
	case p == "triton":
		return cfgTriton, false
	case p == "maritalk":
		return cfgMaritalk, false
	case p == "replicate":
		return cfgReplicate, false
	case p == "predibase":
		return cfgPredibase, false
	case p == "huggingface":
		return cfgOpenAI, false // HuggingFaceChatConfig maps as OpenAIGPTConfig
	case p == "together_ai":
		return cfgTogether, false
	case p == "vertex_ai" && c.cat.knownProvider[model] == "vertex_ai":
		return cfgVertexGemini, false
	case p == "gemini":
		return cfgGoogleAIStudio, false
	case p == "vertex_ai_beta" || (p == "vertex_ai" && strings.Contains(model, "gemini")):
		return cfgVertexGemini, false
	case p == "vertex_ai" && isVertexAnthropicModel(model, c.cat):
		return cfgVertexAnthropic, false
	case p == "vertex_ai":
		switch c.cat.vertexPartner[model] {
		case "vertex_ai-mistral_models":
			if strings.Contains(model, "codestral") {
				return cfgCodestralText, false
			}
			return cfgMistral, false
		case "vertex_ai-ai21_models":
			return cfgVertexAI21, false
		}
		return pickVertex(model, c.cat), false // provider_config
	case p == "sagemaker":
		return cfgSagemaker, false
	case p == "bedrock":
		return bedrockDispatchKind(model, c.cat), false
	case p == "cloudflare":
		return cfgCloudflare, false
	case p == "ollama":
		return cfgOllama, false
	case p == "ollama_chat":
		return cfgOllamaChat, false
	case p == "nlp_cloud":
		return cfgNLPCloud, false
	case p == "petals":
		return cfgPetals, false
	case p == "deepinfra":
		return cfgDeepInfra, false
	case p == "perplexity" && cfg != nil:
		return cfgPerplexity, false
	case p == "mistral" || p == "codestral":
		return cfgMistral, false
	case p == "text-completion-codestral":
		return cfgCodestralText, false
	case p == "databricks":
		return cfgDatabricks, false
	case p == "nvidia_nim":
		return cfgNvidiaNim, false
	case p == "cerebras":
		return cfgCerebras, false
	case p == "xai":
		return cfgXAI, false
	case p == "ai21_chat" || p == "ai21":
		return cfgAI21Chat, false
	case p == "fireworks_ai":
		return cfgFireworks, false
	case p == "volcengine":
		return cfgVolcEngine, false
	case p == "hosted_vllm" || p == "vllm":
		return cfgHostedVLLM, false
	case p == "groq":
		return cfgGroq, false
	case p == "deepseek":
		return pickOpenAI(model, c.cat), false // main maps deepseek with OpenAIConfig
	case p == "openrouter":
		return cfgOpenRouter, false
	case p == "watsonx":
		return cfgWatsonx, false
	case p == "watsonx_text":
		return cfgWatsonxText, false
	case p == "openai":
		return pickOpenAI(model, c.cat), false
	case p == "nebius":
		return cfgOpenAILike, false // NebiusConfig maps as OpenAILikeChatConfig
	case p == "azure":
		return pickAzure(model, c.cat), false
	}
	return cfgNone, false
}

// mapOpenAIParams runs the provider dispatch of get_optional_params and the
// chosen config's map_openai_params. Like LiteLLM main, a branch creates its
// config object anew (reuse-config takes provider_config when it is of the
// branch's class).
//
//go:noinline
func (v *Variant) mapOpenAIParams(c *mapCtx, pc providerConfig, opt *Object) error {
	cfg := pc.cfg
	if v.Dispatch == DispatchConfigFirst && cfg != nil {
		generic := *c
		generic.apiVersion = "" // the generic call passes no api_version
		return cfg.mapParams(&generic, opt)
	}
	k, twice := dispatchKind(c, cfg)
	if c.provider == "azure" {
		c.apiVersion = azureAPIVersion(c)
	}
	var m chatConfig
	reused := false
	switch {
	case k != cfgNone && cfg != nil && pc.kind == k && v.has(ChangeReuseConfig):
		m, reused = cfg, true
	case k != cfgNone:
		m = newConfig(k)
	case cfg != nil:
		m = cfg
	default:
		m = newConfig(cfgOpenAILike)
	}
	if err := m.mapParams(c, opt); err != nil {
		return err
	}
	if twice && !v.has(ChangeAnthropicTextOnce) {
		if !reused { // the second call creates the config again
			m = newConfig(k)
		}
		return m.mapParams(c, opt)
	}
	if c.provider == "watsonx" { // main's watsonx branch also rejects text-only params
		return checkWatsonxTextParams(c.extras, c.provider)
	}
	return nil
}

// azureAPIVersion is the api_version main passes to the Azure mapper.
func azureAPIVersion(c *mapCtx) string {
	if c.apiVersion != "" {
		return c.apiVersion
	}
	if v := c.st.env("AZURE_API_VERSION"); v != "" {
		return v
	}
	return "2025-02-01-preview"
}

// addProviderSpecificParams is add_provider_specific_params_to_optional_params:
// special keyword arguments go into extra_body for OpenAI-compatible
// providers and to the top level for the others.
func addProviderSpecificParams(opt *Object, provider string, extras Object, adp []string) {
	if provider == "openai" || provider == "azure" || provider == "text-completion-openai" ||
		inSet(openaiCompatibleProviders, provider) {
		if containsString(adp, "extra_body") {
			return
		}
		var body Object
		if prev, ok := opt.Get("extra_body"); ok {
			if o, ok := prev.(Object); ok {
				body = o.Clone()
			}
		}
		if body == nil {
			body = Object{}
		}
		// Many extras: one map instead of a scan per key.
		ix := keyIndex{hint: len(body) + len(extras)}
		if ub, ok := extras.Get("extra_body"); ok {
			if o, ok := ub.(Object); ok {
				ix.hint += len(o)
				for _, m := range o {
					ix.set(&body, m.Key, m.Value)
				}
			}
		}
		for _, m := range extras {
			if m.Key == "extra_body" || m.Value == nil || !specialParamPassed(m.Key, provider) {
				continue
			}
			ix.set(&body, m.Key, m.Value)
		}
		for _, d := range adp {
			ix.delete(&body, d)
		}
		ix.release()
		opt.Set("extra_body", body)
		return
	}
	ix := keyIndex{hint: len(*opt) + len(extras)}
	for _, m := range extras {
		if m.Value == nil || !specialParamPassed(m.Key, provider) {
			continue
		}
		ix.set(opt, m.Key, m.Value)
	}
	ix.release()
}

// applyOpenAIParamOverrides is _apply_openai_param_overrides.
func applyOpenAIParamOverrides(opt *Object, nd *nonDefault, allowed []string) {
	for _, name := range allowed {
		if opt.Has(name) {
			continue
		}
		var v any
		if p, ok := paramIndex[name]; ok && nd.has(p) {
			v = nd.get(p)
			nd.del(p)
		}
		opt.Set(name, v)
	}
}
