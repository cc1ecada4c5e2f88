package completion

import (
	"context"
	"strings"
	"testing"
)

func TestDecodeValueKeepsOrder(t *testing.T) {
	v, err := DecodeValue([]byte(`{"b":1,"a":{"z":true,"y":[1,"x",null]}}`))
	if err != nil {
		t.Fatal(err)
	}
	got, err := MarshalValue(v)
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"b":1,"a":{"z":true,"y":[1,"x",null]}}`; string(got) != want {
		t.Errorf("MarshalValue(DecodeValue(x)) = %s, want %s", got, want)
	}
	for _, bad := range []string{`{`, `{"a":1} x`, `[1,]`, ``} {
		if _, err := DecodeValue([]byte(bad)); err == nil {
			t.Errorf("DecodeValue(%q) = nil error, want an error", bad)
		}
	}
}

func TestEqual(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{`1`, `1.0`, true},
		{`{"a":1,"b":2}`, `{"b":2,"a":1}`, true},
		{`[1,2]`, `[2,1]`, false},
		{`null`, `false`, false},
		{`{"a":null}`, `{}`, false},
	}
	for _, tt := range tests {
		a, _ := DecodeValue([]byte(tt.a))
		b, _ := DecodeValue([]byte(tt.b))
		if got := Equal(a, b); got != tt.want {
			t.Errorf("Equal(%s, %s) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestDecodeRequestRejectsWrongTypes(t *testing.T) {
	tests := []struct{ body, want string }{
		{`{"model":"gpt-4o","temperature":"hot"}`, "parameter temperature must be a number, got string"},
		{`{"model":"gpt-4o","max_tokens":1.5}`, "parameter max_tokens must be an integer"},
		{`{"model":"gpt-4o","stream":"yes"}`, "parameter stream must be a boolean"},
		{`{"model":"gpt-4o","drop_params":"yes"}`, "drop_params must be a boolean"},
		{`{"model":7}`, "model must be a string"},
		{`[1]`, "request must be a JSON object"},
		{`{"model":"gpt-4o","additional_drop_params":[1]}`, "additional_drop_params[0] must be a string"},
	}
	for _, tt := range tests {
		_, err := DecodeRequest([]byte(tt.body))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("DecodeRequest(%s) error = %v, want it to contain %q", tt.body, err, tt.want)
		}
	}
}

func TestDecodeRequestSplitsParamsAndExtras(t *testing.T) {
	r, err := DecodeRequest([]byte(`{"model":"gpt-4o","params":{"temperature":0.2,"top_k":3},"api_base":"http://x","drop_params":true}`))
	if err != nil {
		t.Fatal(err)
	}
	if r.Params[PTemperature] != 0.2 || r.APIBase != "http://x" || r.DropParams == nil || !*r.DropParams {
		t.Errorf("DecodeRequest: got %+v", r)
	}
	if v, ok := r.Extras.Get("top_k"); !ok || v != 3.0 {
		t.Errorf("extras top_k = %v, %v, want 3", v, ok)
	}
}

func TestGetLLMProvider(t *testing.T) {
	cat := DefaultCatalog()
	tests := []struct {
		model, provider, apiBase string
		want                     Resolved
	}{
		{"gpt-4o", "", "", Resolved{"gpt-4o", "openai", ""}},
		{"openai/gpt-4o", "", "", Resolved{"gpt-4o", "openai", ""}},
		{"gpt-4o", "openai", "", Resolved{"gpt-4o", "openai", ""}},
		{"claude-3-5-sonnet-20240620", "", "", Resolved{"claude-3-5-sonnet-20240620", "anthropic", ""}},
		{"anthropic/claude-2", "", "", Resolved{"claude-2", "anthropic_text", ""}},
		{"cohere/command-r", "", "", Resolved{"command-r", "cohere_chat", ""}},
		{"groq/llama3-8b-8192", "", "", Resolved{"llama3-8b-8192", "groq", "https://api.groq.com/openai/v1"}},
		{"bedrock/converse/x", "", "", Resolved{"converse/x", "bedrock", ""}},
		{"openrouter/openai/gpt-4o", "", "", Resolved{"openai/gpt-4o", "openrouter", ""}},
		{"my-model", "", "https://api.groq.com/openai/v1", Resolved{"my-model", "groq", "https://api.groq.com/openai/v1"}},
		{"ft:gpt-3.5-turbo-0125", "", "", Resolved{"ft:gpt-3.5-turbo-0125", "openai", ""}},
	}
	for _, tt := range tests {
		got, err := GetLLMProvider(cat, &Settings{}, tt.model, tt.provider, tt.apiBase)
		if err != nil || got != tt.want {
			t.Errorf("GetLLMProvider(%q, %q, %q) = %+v, %v, want %+v", tt.model, tt.provider, tt.apiBase, got, err, tt.want)
		}
	}
	_, err := GetLLMProvider(cat, &Settings{}, "some-unknown-model", "", "")
	le, ok := err.(*Error)
	if !ok || le.Type != "BadRequestError" || !strings.Contains(le.Message, "LLM Provider NOT provided") {
		t.Errorf("GetLLMProvider(unknown) error = %v, want BadRequestError LLM Provider NOT provided", err)
	}
}

func TestVariantsAgreeOnMixedRequests(t *testing.T) {
	ctx := context.Background()
	b, _ := New("baseline", Options{})
	o, _ := New("optimized", Options{})
	for _, req := range mixedRequests(t) {
		rb, errb := b.Complete(ctx, req)
		ro, erro := o.Complete(ctx, req)
		if (errb == nil) != (erro == nil) || (errb != nil && errb.Error() != erro.Error()) {
			t.Errorf("%s: errors differ: %v vs %v", req.Model, errb, erro)
			continue
		}
		if errb != nil {
			continue
		}
		if !Equal(rb.OptionalParams, ro.OptionalParams) || !Equal(rb.LoggedParams, ro.LoggedParams) || rb.Cost != ro.Cost {
			t.Errorf("%s: results differ:\n baseline  %v\n optimized %v", req.Model, rb.OptionalParams, ro.OptionalParams)
		}
	}
}

func TestEveryProviderIsRegisteredOnce(t *testing.T) {
	if NumProviders != 104 {
		t.Errorf("NumProviders = %d, want 104 (LlmProviders of LiteLLM 1.80.5)", NumProviders)
	}
	for i := 0; i < NumProviders; i++ {
		if !IsProvider(Provider(i).Value()) {
			t.Errorf("IsProvider(%q) = false", Provider(i).Value())
		}
	}
}

func TestEmbeddedCatalogLoads(t *testing.T) {
	cat := DefaultCatalog()
	if cat.Len() < 300 {
		t.Errorf("embedded catalog has %d models, want the compact catalog (hundreds)", cat.Len())
	}
	m, ok := cat.Lookup("gpt-4o")
	if !ok || m.InputCostPerToken != 2.5e-6 || m.OutputCostPerToken != 1e-5 || m.Provider != "openai" {
		t.Errorf("gpt-4o = %+v, %v", m, ok)
	}
}

func TestParseCatalogErrors(t *testing.T) {
	for _, tt := range []struct{ data, want string }{
		{`{"a": {"litellm_provider": "openai"},}`, "malformed JSON: invalid character '}' looking for beginning of object key string (x.json:1:38)"},
		{`{"a": {"mode": "chat"}}`, "no litellm_provider"},
		{`[]`, "want an object, got an array (x.json:1:1)"},
		// No Go type or field names.
		{`{"gpt-x": {"litellm_provider": 3}}`, `model "gpt-x": field "litellm_provider": want a string, got a number (x.json)`},
	} {
		_, err := ParseCatalog("x.json", strings.NewReader(tt.data))
		if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "x.json") || strings.Contains(err.Error(), "Go ") {
			t.Errorf("ParseCatalog(%s) error = %v, want it to name x.json and contain %q", tt.data, err, tt.want)
		}
	}
}
func TestUnsupportedParamsMessage(t *testing.T) {
	p, _ := New("optimized", Options{})
	req, _ := DecodeRequest([]byte(`{"model":"claude-3-5-sonnet-20240620","params":{"frequency_penalty":0.1,"presence_penalty":0.2}}`))
	_, _, err := p.OptionalParams(req)
	le, ok := err.(*Error)
	if !ok || le.Type != "UnsupportedParamsError" {
		t.Fatalf("OptionalParams error = %v, want UnsupportedParamsError", err)
	}
	// LiteLLM lists the params in signature order, not the caller's.
	if want := "anthropic does not support parameters: ['presence_penalty', 'frequency_penalty'], for model=claude-3-5-sonnet-20240620."; !strings.HasPrefix(le.Message, want) {
		t.Errorf("message = %q, want prefix %q", le.Message, want)
	}
}

// completion() takes verbosity but never hands it to get_optional_params or
// the logging pass: a provider that does not support it does not reject it,
// and gpt-5, which maps it when get_optional_params is called directly, does
// not get it; the request itself is left as it was.
func TestCompletionLeavesVerbosityOut(t *testing.T) {
	for _, name := range DefaultVariants {
		p, err := New(name, Options{})
		if err != nil {
			t.Fatal(err)
		}
		for _, model := range []string{"groq/llama3-8b-8192", "openai/gpt-5"} {
			req, err := DecodeRequest([]byte(`{"model":"` + model + `","verbosity":"low","mock_response":"hi"}`))
			if err != nil {
				t.Fatal(err)
			}
			var res Result
			if err := p.CompleteInto(context.Background(), req, &res); err != nil {
				t.Fatalf("%s %s: %v", name, model, err)
			}
			if _, ok := res.OptionalParams.Get("verbosity"); ok {
				t.Errorf("%s %s: optional params %v hold verbosity", name, model, res.OptionalParams)
			}
			if _, ok := res.LoggedParams.Get("verbosity"); ok {
				t.Errorf("%s %s: logged params %v hold verbosity", name, model, res.LoggedParams)
			}
			if req.Params[PVerbosity] != "low" {
				t.Errorf("%s %s: the request's verbosity became %v", name, model, req.Params[PVerbosity])
			}
		}
		_, opt, err := p.OptionalParams(&Request{Model: "openai/gpt-5", Params: Params{PVerbosity: "low"}})
		if err != nil {
			t.Fatal(err)
		}
		if v, _ := opt.Get("verbosity"); v != "low" {
			t.Errorf("%s: get_optional_params called directly gives %v, want verbosity low", name, opt)
		}
	}
}
