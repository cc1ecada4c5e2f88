package completion

import "strings"

// additionalEndpointSpecificParams is the list get_optional_params passes to
// pre_process_non_default_params for chat completions.
var additionalEndpointSpecificParams = []string{"messages"}

// shouldDropParam is LiteLLM's _should_drop_param: true iff
// additional_drop_params is a list that contains k.
//
//go:noinline
func shouldDropParam(k string, additionalDropParams []string) bool {
	if additionalDropParams == nil {
		return false
	}
	for _, d := range additionalDropParams {
		if d == k {
			return true
		}
	}
	return false
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// preProcessNonDefaultParamsChain is pre_process_non_default_params as
// LiteLLM main ships it: every passed key, then every special param, goes
// through a chain of string comparisons, two lookups in the defaults dict and
// a _should_drop_param call.
func preProcessNonDefaultParamsChain(passed *Params, special Object, provider string, additionalDropParams []string) nonDefault {
	var nd nonDefault
	keep := func(k string, v any) bool {
		if k != "model" &&
			k != "custom_llm_provider" &&
			k != "api_version" &&
			k != "drop_params" &&
			k != "allowed_openai_params" &&
			k != "additional_drop_params" &&
			!containsString(additionalEndpointSpecificParams, k) {
			if _, ok := defaultParamValues[k]; ok && !Equal(v, defaultParamValues[k]) &&
				!shouldDropParam(k, additionalDropParams) {
				return true
			}
		}
		return false
	}
	for i := range passed {
		p := Param(i)
		if keep(paramNames[p], passed[p]) {
			nd.set |= 1 << p
			nd.vals[p] = passed[p]
		}
	}
	for _, m := range special {
		if !specialParamPassed(m.Key, provider) {
			continue
		}
		if keep(m.Key, m.Value) {
			p := paramIndex[m.Key]
			nd.set |= 1 << p
			nd.vals[p] = m.Value
		}
	}
	return nd
}

// preProcessNonDefaultParamsLoop is the optimization summary's "After" code
// (task 3), over the baseline's name-keyed structures: on every call it
// builds the excluded set (the six names plus
// additional_endpoint_specific_params) and the dropped set, then tests each
// key with k in excluded, k not in default_param_values, v ==
// default_param_values[k] and k in dropped, in that order.
func preProcessNonDefaultParamsLoop(passed *Params, special Object, provider string, additionalDropParams []string) nonDefault {
	excluded := map[string]struct{}{
		"model": {}, "custom_llm_provider": {}, "api_version": {},
		"drop_params": {}, "allowed_openai_params": {}, "additional_drop_params": {},
	}
	for _, k := range additionalEndpointSpecificParams {
		excluded[k] = struct{}{}
	}
	dropped := map[string]struct{}{}
	for _, k := range additionalDropParams {
		dropped[k] = struct{}{}
	}
	keep := func(k string, v any) bool {
		if _, ok := excluded[k]; ok {
			return false
		}
		if _, ok := defaultParamValues[k]; !ok {
			return false
		}
		if Equal(v, defaultParamValues[k]) {
			return false
		}
		if _, ok := dropped[k]; ok {
			return false
		}
		return true
	}
	var nd nonDefault
	for i := range passed {
		p := Param(i)
		if keep(paramNames[p], passed[p]) {
			nd.set |= 1 << p
			nd.vals[p] = passed[p]
		}
	}
	for _, m := range special {
		if !specialParamPassed(m.Key, provider) {
			continue
		}
		if keep(m.Key, m.Value) {
			p := paramIndex[m.Key]
			nd.set |= 1 << p
			nd.vals[p] = m.Value
		}
	}
	return nd
}

// excludedParams is preprocess-slots' exclusion set: {model,
// custom_llm_provider, api_version, drop_params, allowed_openai_params,
// additional_drop_params} plus the endpoint-specific "messages".
var excludedParams = Set(PModel, PCustomLLMProvider, PAPIVersion, PDropParams, PAllowedOpenAIParams,
	PAdditionalDropParams, PMessages)

// preProcessNonDefaultParamsSlots walks the typed parameter slots: the
// excluded and dropped params are bit sets, and since every default is None
// (custom_llm_provider, the only other default, is excluded) a param differs
// from its default exactly when its slot is not nil. No key is looked up by
// name and nothing is allocated.
func preProcessNonDefaultParamsSlots(passed *Params, special Object, provider string, additionalDropParams []string) nonDefault {
	var dropped ParamSet
	for _, d := range additionalDropParams {
		if p, ok := paramIndex[d]; ok {
			dropped |= 1 << p
		}
	}
	var nd nonDefault
	for i := range passed {
		p := Param(i)
		if excludedParams.Has(p) {
			continue
		}
		v := passed[p]
		if v == nil { // every default is None (custom_llm_provider is excluded)
			continue
		}
		if dropped.Has(p) {
			continue
		}
		nd.set |= 1 << p
		nd.vals[p] = v
	}
	for _, m := range special {
		p, ok := paramIndex[m.Key]
		if !ok || excludedParams.Has(p) || m.Value == nil || dropped.Has(p) || !specialParamPassed(m.Key, provider) {
			continue
		}
		nd.set |= 1 << p
		nd.vals[p] = m.Value
	}
	return nd
}

// specialParamPassed applies the rules by which pre_process_non_default_params
// copies a special (non-OpenAI) keyword argument into passed_params.
func specialParamPassed(k, provider string) bool {
	switch {
	case strings.HasPrefix(k, "aws_"):
		return provider == "bedrock" || strings.HasPrefix(provider, "sagemaker")
	case k == "hf_model_name":
		return provider == "sagemaker"
	case strings.HasPrefix(k, "vertex_"):
		return provider == "vertex_ai" || provider == "vertex_ai_beta"
	}
	return true
}
