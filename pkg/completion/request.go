package completion

import (
	"fmt"
	"os"
)

// A Request is what a caller passes to litellm.completion(...): the model,
// the messages, OpenAI parameters, LiteLLM's own controls and the mock
// response. A Request is not modified by the pipeline and may be shared by
// goroutines.
type Request struct {
	Model    string
	Messages []any
	// Params holds the OpenAI parameters by Param; nil means not given.
	// Only OpenAI parameters (those of get_optional_params' signature) live
	// here; LiteLLM's own controls have fields below.
	Params Params
	// Extras are the other keyword arguments (provider-specific params such
	// as top_k, extra_body, transforms), in the order given.
	Extras               Object
	CustomLLMProvider    string
	APIBase              string
	APIVersion           string
	DropParams           *bool    // per-call drop_params; nil = not given
	AdditionalDropParams []string // nil = not given
	AllowedOpenAIParams  []string // nil = not given
	// MockResponse is a string, an Object (a response dict) or nil.
	MockResponse  any
	MockToolCalls []any
	// HasMock records that mock_response was given (even as null).
	HasMock bool

	// decodeIx indexes Extras while RequestFromObject fills it.
	decodeIx *keyIndex
}

// Stream reports whether the request asks for a streamed response.
func (r *Request) Stream() bool {
	b, _ := r.Params[PStream].(bool)
	return b
}

// Settings are LiteLLM's process-wide settings that a request depends on. The
// zero value is LiteLLM's default with an empty environment.
type Settings struct {
	// DropParams is litellm.drop_params (env LITELLM_DROP_PARAMS).
	DropParams bool
	// CustomProviders are provider names registered at run time through
	// litellm.custom_provider_map.
	CustomProviders []string
	// Env looks up an environment variable (provider *_API_BASE values,
	// AZURE_API_VERSION). nil means an empty environment.
	Env func(string) string
}

// SettingsFromEnv returns Settings that read the process environment, as
// LiteLLM does at import time.
func SettingsFromEnv() Settings {
	return Settings{DropParams: os.Getenv("LITELLM_DROP_PARAMS") != "", Env: os.Getenv}
}

func (s *Settings) env(name string) string {
	if s == nil || s.Env == nil {
		return ""
	}
	return s.Env(name)
}

// requestFields are the top-level keys of a JSON request that are not
// parameters.
var requestFields = stringSet("model", "messages", "params", "custom_llm_provider", "api_base", "base_url",
	"api_version", "drop_params", "additional_drop_params", "allowed_openai_params", "mock_response",
	"mock_tool_calls")

// DecodeRequest decodes a JSON request: an OpenAI chat request body with
// LiteLLM's extras (custom_llm_provider, api_base, drop_params,
// additional_drop_params, allowed_openai_params, mock_response,
// mock_tool_calls). Parameters may be given at the top level or inside a
// "params" object. A parameter of the wrong type is an error.
func DecodeRequest(data []byte) (*Request, error) {
	v, err := DecodeValue(data)
	if err != nil {
		return nil, err
	}
	obj, ok := v.(Object)
	if !ok {
		return nil, fmt.Errorf("request must be a JSON object, got %s", TypeName(v))
	}
	return RequestFromObject(obj)
}

// RequestFromObject builds a Request from a decoded JSON object (see
// DecodeRequest).
func RequestFromObject(obj Object) (*Request, error) {
	r := &Request{}
	var ix keyIndex // many extras decode in linear time
	r.decodeIx = &ix
	defer func() { ix.release(); r.decodeIx = nil }()
	for _, m := range obj {
		if inSet(requestFields, m.Key) {
			if err := r.setField(m.Key, m.Value); err != nil {
				return nil, err
			}
			continue
		}
		if err := r.SetParam(m.Key, m.Value); err != nil {
			return nil, err
		}
	}
	return r, nil
}

func (r *Request) setField(key string, v any) error {
	str := func() (string, error) {
		switch x := v.(type) {
		case nil:
			return "", nil
		case string:
			return x, nil
		}
		return "", fmt.Errorf("%s must be a string, got %s", key, TypeName(v))
	}
	strs := func() ([]string, error) {
		if v == nil {
			return nil, nil
		}
		l, ok := v.([]any)
		if !ok {
			return nil, fmt.Errorf("%s must be an array of strings, got %s", key, TypeName(v))
		}
		out := make([]string, len(l))
		for i, e := range l {
			s, ok := e.(string)
			if !ok {
				return nil, fmt.Errorf("%s[%d] must be a string, got %s", key, i, TypeName(e))
			}
			out[i] = s
		}
		return out, nil
	}
	var err error
	switch key {
	case "model":
		if v == nil {
			return fmt.Errorf("model must be a string, got null")
		}
		r.Model, err = str()
	case "messages":
		if v == nil {
			return nil
		}
		l, ok := v.([]any)
		if !ok {
			return fmt.Errorf("messages must be an array, got %s", TypeName(v))
		}
		r.Messages = l
	case "params":
		if v == nil {
			return nil
		}
		p, ok := v.(Object)
		if !ok {
			return fmt.Errorf("params must be an object, got %s", TypeName(v))
		}
		for _, m := range p {
			if err := r.SetParam(m.Key, m.Value); err != nil {
				return err
			}
		}
	case "custom_llm_provider":
		r.CustomLLMProvider, err = str()
	case "api_base", "base_url":
		r.APIBase, err = str()
	case "api_version":
		r.APIVersion, err = str()
	case "drop_params":
		switch x := v.(type) {
		case nil:
			r.DropParams = nil
		case bool:
			r.DropParams = &x
		default:
			return fmt.Errorf("drop_params must be a boolean, got %s", TypeName(v))
		}
	case "additional_drop_params":
		// LiteLLM compares names with `in`, so nested paths given as lists
		// (["tools", "function", "strict"]) never match a key: they are
		// accepted and have no effect.
		if l, ok := v.([]any); ok {
			out := make([]string, 0, len(l))
			for i, e := range l {
				switch x := e.(type) {
				case string:
					out = append(out, x)
				case []any:
				default:
					return fmt.Errorf("additional_drop_params[%d] must be a string, got %s", i, TypeName(e))
				}
			}
			r.AdditionalDropParams = out
			return nil
		}
		r.AdditionalDropParams, err = strs()
	case "allowed_openai_params":
		r.AllowedOpenAIParams, err = strs()
	case "mock_response":
		switch v.(type) {
		case nil, string, Object:
			r.MockResponse, r.HasMock = v, true
		default:
			return fmt.Errorf("mock_response must be a string or an object, got %s", TypeName(v))
		}
	case "mock_tool_calls":
		if v == nil {
			return nil
		}
		l, ok := v.([]any)
		if !ok {
			return fmt.Errorf("mock_tool_calls must be an array, got %s", TypeName(v))
		}
		r.MockToolCalls = l
	}
	return err
}

// SetParam sets one keyword argument: an OpenAI parameter (type-checked), one
// of LiteLLM's request controls, or a provider-specific extra.
func (r *Request) SetParam(key string, v any) error {
	if p, ok := ParamByName(key); ok {
		switch p {
		case PModel, PMessages, PCustomLLMProvider, PDropParams, PAdditionalDropParams, PAllowedOpenAIParams, PAPIVersion:
			return r.setField(key, v)
		}
		if err := checkParamType(p, v); err != nil {
			return err
		}
		r.Params[p] = v
		return nil
	}
	switch key {
	case "api_base", "base_url", "mock_response", "mock_tool_calls":
		return r.setField(key, v)
	}
	if r.decodeIx != nil {
		r.decodeIx.set(&r.Extras, key, v)
		return nil
	}
	r.Extras.Set(key, v)
	return nil
}

// Object returns the request as a JSON object that RequestFromObject turns
// back into an identical Request: LiteLLM's controls at the top level, the
// OpenAI parameters (in Param order) and the extras (in their order) in a
// "params" object. It is how a request travels to another process (the
// driver protocol's "load").
func (r *Request) Object() Object {
	o := Object{{Key: "model", Value: r.Model}}
	if r.Messages != nil {
		o = append(o, Member{"messages", r.Messages})
	}
	strs := func(l []string) []any {
		out := make([]any, len(l))
		for i, s := range l {
			out[i] = s
		}
		return out
	}
	for _, f := range []struct{ key, val string }{
		{"custom_llm_provider", r.CustomLLMProvider}, {"api_base", r.APIBase}, {"api_version", r.APIVersion},
	} {
		if f.val != "" {
			o = append(o, Member{f.key, f.val})
		}
	}
	if r.DropParams != nil {
		o = append(o, Member{"drop_params", *r.DropParams})
	}
	if r.AdditionalDropParams != nil {
		o = append(o, Member{"additional_drop_params", strs(r.AdditionalDropParams)})
	}
	if r.AllowedOpenAIParams != nil {
		o = append(o, Member{"allowed_openai_params", strs(r.AllowedOpenAIParams)})
	}
	var params Object
	for p, v := range r.Params {
		if v != nil {
			params = append(params, Member{paramNames[p], v})
		}
	}
	params = append(params, r.Extras...)
	if len(params) > 0 {
		o = append(o, Member{"params", params})
	}
	if r.HasMock {
		o = append(o, Member{"mock_response", r.MockResponse})
	}
	if r.MockToolCalls != nil {
		o = append(o, Member{"mock_tool_calls", r.MockToolCalls})
	}
	return o
}
