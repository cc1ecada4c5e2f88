package completion

import (
	"fmt"
	"math"
)

// A Param identifies one named parameter of LiteLLM's get_optional_params.
// The constants are in the order of that function's signature (with
// service_tier, which completion() passes as a keyword, last); LiteLLM lists
// unsupported parameters in this order in its error message.
type Param uint8

// The parameters of get_optional_params.
const (
	PModel Param = iota
	PFunctions
	PFunctionCall
	PTemperature
	PTopP
	PN
	PStream
	PStreamOptions
	PStop
	PMaxTokens
	PMaxCompletionTokens
	PModalities
	PPrediction
	PAudio
	PPresencePenalty
	PFrequencyPenalty
	PLogitBias
	PUser
	PCustomLLMProvider
	PResponseFormat
	PSeed
	PTools
	PToolChoice
	PMaxRetries
	PLogprobs
	PTopLogprobs
	PExtraHeaders
	PAPIVersion
	PParallelToolCalls
	PDropParams
	PAllowedOpenAIParams
	PReasoningEffort
	PVerbosity
	PAdditionalDropParams
	PMessages
	PThinking
	PWebSearchOptions
	PSafetyIdentifier
	PServiceTier
	numParams
)

var paramNames = [numParams]string{
	"model", "functions", "function_call", "temperature", "top_p", "n", "stream", "stream_options", "stop",
	"max_tokens", "max_completion_tokens", "modalities", "prediction", "audio", "presence_penalty",
	"frequency_penalty", "logit_bias", "user", "custom_llm_provider", "response_format", "seed", "tools",
	"tool_choice", "max_retries", "logprobs", "top_logprobs", "extra_headers", "api_version",
	"parallel_tool_calls", "drop_params", "allowed_openai_params", "reasoning_effort", "verbosity",
	"additional_drop_params", "messages", "thinking", "web_search_options", "safety_identifier", "service_tier",
}

// String returns the parameter's OpenAI/LiteLLM name.
func (p Param) String() string {
	if p < numParams {
		return paramNames[p]
	}
	return fmt.Sprintf("Param(%d)", p)
}

// paramIndex maps a name to its Param; built once.
var paramIndex = func() map[string]Param {
	m := make(map[string]Param, numParams)
	for i, n := range paramNames {
		m[n] = Param(i)
	}
	return m
}()

// ParamByName returns the Param with the given name.
func ParamByName(name string) (Param, bool) {
	p, ok := paramIndex[name]
	return p, ok
}

// A ParamSet is a set of Params.
type ParamSet uint64

// Set returns the set of the given params.
func Set(ps ...Param) ParamSet {
	var s ParamSet
	for _, p := range ps {
		s |= 1 << p
	}
	return s
}

// Has reports whether p is in s.
func (s ParamSet) Has(p Param) bool { return s&(1<<p) != 0 }

// With returns s plus ps.
func (s ParamSet) With(ps ...Param) ParamSet { return s | Set(ps...) }

// Without returns s minus ps.
func (s ParamSet) Without(ps ...Param) ParamSet { return s &^ Set(ps...) }

// Names lists the names of the params in s, in signature order.
func (s ParamSet) Names() []string {
	var out []string
	for p := Param(0); p < numParams; p++ {
		if s.Has(p) {
			out = append(out, p.String())
		}
	}
	return out
}

// defaultParamValues is LiteLLM's DEFAULT_CHAT_COMPLETION_PARAM_VALUES: every
// default is None except custom_llm_provider (""). As a Python dict it is a
// hash table keyed by name; the baseline looks values up in it by name.
var defaultParamValues = func() map[string]any {
	m := make(map[string]any, numParams)
	for i, n := range paramNames {
		if Param(i) == PCustomLLMProvider {
			m[n] = ""
		} else {
			m[n] = nil
		}
	}
	return m
}()

// Params holds the values of the named parameters, indexed by Param; nil is
// Python's None (the default).
type Params [numParams]any

// NonDefault returns the set of params whose value is not nil.
func (ps *Params) NonDefault() ParamSet {
	var s ParamSet
	for i := range ps {
		if ps[i] != nil {
			s |= 1 << i
		}
	}
	return s
}

// paramKind says which JSON types a parameter accepts; a request with any
// other type is rejected when it is decoded.
type paramKind uint8

const (
	kindAny paramKind = iota
	kindNumber
	kindInteger
	kindBool
	kindBoolOrInt
	kindString
	kindStringOrList
	kindList
	kindObject
	kindStringOrObject
)

var paramKinds = [numParams]paramKind{
	PModel: kindString, PFunctions: kindList, PFunctionCall: kindStringOrObject, PTemperature: kindNumber,
	PTopP: kindNumber, PN: kindInteger, PStream: kindBool, PStreamOptions: kindObject, PStop: kindStringOrList,
	PMaxTokens: kindInteger, PMaxCompletionTokens: kindInteger, PModalities: kindList, PPrediction: kindObject,
	PAudio: kindAny, PPresencePenalty: kindNumber, PFrequencyPenalty: kindNumber, PLogitBias: kindObject,
	PUser: kindString, PCustomLLMProvider: kindString, PResponseFormat: kindObject, PSeed: kindInteger,
	PTools: kindList, PToolChoice: kindStringOrObject, PMaxRetries: kindInteger, PLogprobs: kindBoolOrInt,
	PTopLogprobs: kindInteger, PExtraHeaders: kindObject, PAPIVersion: kindString, PParallelToolCalls: kindBool,
	PDropParams: kindBool, PAllowedOpenAIParams: kindList, PReasoningEffort: kindString, PVerbosity: kindString,
	PAdditionalDropParams: kindList, PMessages: kindList, PThinking: kindObject, PWebSearchOptions: kindObject,
	PSafetyIdentifier: kindString, PServiceTier: kindString,
}

// checkParamType returns an error when v has a type p does not accept.
func checkParamType(p Param, v any) error {
	if v == nil {
		return nil
	}
	ok := false
	switch paramKinds[p] {
	case kindAny:
		ok = true
	case kindNumber:
		_, ok = Num(v)
	case kindInteger:
		f, isNum := Num(v)
		ok = isNum && f == math.Trunc(f)
	case kindBool:
		_, ok = v.(bool)
	case kindBoolOrInt:
		switch x := v.(type) {
		case bool:
			ok = true
		case float64:
			ok = x == math.Trunc(x)
		case Float:
			ok = true
		}
	case kindString:
		_, ok = v.(string)
	case kindStringOrList:
		switch v.(type) {
		case string, []any:
			ok = true
		}
	case kindList:
		_, ok = v.([]any)
	case kindObject:
		_, ok = v.(Object)
	case kindStringOrObject:
		switch v.(type) {
		case string, Object:
			ok = true
		}
	}
	if !ok {
		want := map[paramKind]string{kindNumber: "a number", kindInteger: "an integer", kindBool: "a boolean",
			kindBoolOrInt: "a boolean", kindString: "a string", kindStringOrList: "a string or an array",
			kindList: "an array", kindObject: "an object", kindStringOrObject: "a string or an object"}[paramKinds[p]]
		return fmt.Errorf("parameter %s must be %s, got %s %s", p, want, TypeName(v), short(v))
	}
	return nil
}

func short(v any) string {
	b, err := MarshalValue(v)
	if err != nil {
		return ""
	}
	if len(b) > 40 {
		b = append(b[:37:37], "..."...)
	}
	return string(b)
}
