package completion

import (
	"reflect"
	"strings"
	"testing"
)

// FuzzParseCatalog checks that the catalog parser never panics and either
// returns a usable catalog or an error naming the file.
func FuzzParseCatalog(f *testing.F) {
	f.Add(`{"gpt-4o": {"litellm_provider": "openai", "mode": "chat", "input_cost_per_token": 2.5e-6}}`)
	f.Add(`{"sample_spec": {}, "x/y": {"litellm_provider": "bedrock", "supports_tool_choice": true}}`)
	f.Add(`{"a": {"litellm_provider": 3}}`)
	f.Add(`{`)
	f.Fuzz(func(t *testing.T, data string) {
		cat, err := ParseCatalog("fuzz.json", strings.NewReader(data))
		if err != nil {
			if !strings.Contains(err.Error(), "fuzz.json") {
				t.Errorf("error %q does not name the file", err)
			}
			return
		}
		_, _ = GetLLMProvider(cat, &Settings{}, "gpt-4o", "", "")
		_ = ModelInfoFor(cat, "gpt-4o", "openai")
	})
}

// FuzzDecodeRequest checks that request decoding never panics and that a
// decoded request can always be run through get_optional_params.
func FuzzDecodeRequest(f *testing.F) {
	f.Add(`{"model":"gpt-4o","temperature":0.2,"mock_response":"hi"}`)
	f.Add(`{"model":"anthropic/claude-3-5-sonnet-20240620","params":{"stop":"x","top_k":3},"drop_params":true}`)
	f.Add(`{"model":"x","temperature":"hot"}`)
	f.Fuzz(func(t *testing.T, data string) {
		req, err := DecodeRequest([]byte(data))
		if err != nil {
			return
		}
		p := NewPipeline(Optimized, Options{})
		_, _, _ = p.OptionalParams(req)
	})
}

// FuzzRequestObject checks that Request.Object is lossless: a decoded
// request, encoded and decoded again, is the same request.
func FuzzRequestObject(f *testing.F) {
	f.Add(`{"model":"gpt-4o","temperature":0.2,"mock_response":"hi"}`)
	f.Add(`{"model":"anthropic/claude-3-5-sonnet-20240620","params":{"stop":"x","top_k":3,"params":1},"drop_params":true}`)
	f.Add(`{"model":"x","messages":[],"additional_drop_params":[],"allowed_openai_params":["seed"],"mock_response":null}`)
	f.Add(`{"model":"azure/gpt-4o","api_base":"https://x","api_version":"2024-02-01","custom_llm_provider":"azure","mock_tool_calls":[{"a":1}],"extra_body":{"k":[1,2]}}`)
	f.Fuzz(func(t *testing.T, data string) {
		req, err := DecodeRequest([]byte(data))
		if err != nil {
			return
		}
		enc, err := MarshalValue(req.Object())
		if err != nil {
			t.Fatalf("encoding %s: %v", data, err)
		}
		back, err := DecodeRequest(enc)
		if err != nil {
			t.Fatalf("decoding the encoding %s of %s: %v", enc, data, err)
		}
		if !reflect.DeepEqual(req, back) {
			t.Errorf("round trip of %s through %s:\n got %#v\nwant %#v", data, enc, back, req)
		}
	})
}
