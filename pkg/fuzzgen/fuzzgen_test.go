package fuzzgen

import (
	"strings"
	"testing"

	"github.com/llmbench/llmbench/pkg/completion"
)

func TestGenerateIsDeterministic(t *testing.T) {
	for i := 0; i < 200; i++ {
		a, b := Generate(7, i), Generate(7, i)
		if got, want := a.JSON(), b.JSON(); got != want {
			t.Fatalf("Generate(7, %d) differs between calls:\n%s\n%s", i, got, want)
		}
	}
	c7, c8 := Generate(7, 3), Generate(8, 3)
	if c7.JSON() == c8.JSON() {
		t.Errorf("seeds 7 and 8 give the same request #3")
	}
}

func TestJSONNamesSeedAndIndex(t *testing.T) {
	c := Generate(42, 17)
	js := c.JSON()
	v, err := completion.DecodeValue([]byte(js))
	if err != nil {
		t.Fatalf("JSON() is not JSON: %v\n%s", err, js)
	}
	fz, _ := v.(completion.Object).Get("fuzz")
	if got, want := completion.Equal(fz, completion.Object{{Key: "seed", Value: 42.0}, {Key: "index", Value: 17.0}}), true; got != want {
		t.Errorf("fuzz = %v, want seed 42 index 17", fz)
	}
}

// TestGenerateCovers checks that a modest run reaches what the brief asks
// the generator to cover.
func TestGenerateCovers(t *testing.T) {
	const n = 5000
	seen := map[string]int{}
	providers := map[string]bool{}
	for i := 0; i < n; i++ {
		c := Generate(1, i)
		req, err := completion.RequestFromObject(c.Request)
		if err != nil {
			seen["rejected"]++
			continue
		}
		r, err := completion.GetLLMProvider(completion.DefaultCatalog(), &completion.Settings{}, req.Model, req.CustomLLMProvider, req.APIBase)
		if err == nil {
			providers[r.Provider] = true
		} else {
			seen["unresolved"]++
		}
		if req.Stream() {
			seen["stream"]++
		}
		if n, ok := req.Params[param(t, "n")].(float64); ok && n > 1 {
			seen["n>1"]++
		}
		if req.DropParams != nil {
			seen["drop_params"]++
		}
		if req.AdditionalDropParams != nil {
			seen["additional_drop_params"]++
		}
		if req.AllowedOpenAIParams != nil {
			seen["allowed_openai_params"]++
		}
		if req.Extras.Has("top_k") {
			seen["top_k"]++
		}
		if req.Extras.Has("extra_body") {
			seen["extra_body"]++
		}
		if s, ok := req.MockResponse.(string); ok && (strings.HasPrefix(s, "litellm.") || strings.HasPrefix(s, "Exception:")) {
			seen["magic mock"]++
		}
		if _, ok := req.MockResponse.(completion.Object); ok {
			seen["mock dict"]++
		}
		if !req.HasMock {
			seen["no mock"]++
		}
		if c.GlobalDropParams {
			seen["global drop_params"]++
		}
		if strings.HasPrefix(req.Model, "bedrock/converse/") || strings.HasPrefix(req.Model, "converse/") {
			seen["bedrock converse"]++
		}
		if strings.Contains(req.Model, "invoke/") {
			seen["bedrock invoke"]++
		}
		if strings.Contains(req.Model, "us.anthropic.") || strings.Contains(req.Model, "eu.anthropic.") {
			seen["bedrock cross-region"]++
		}
		if err == nil {
			switch {
			case r.Provider == "azure" && req.Params[param(t, "tool_choice")] == "required" && req.APIVersion != "":
				seen["azure required with api_version"]++
			case r.Provider == "watsonx" && req.Extras.Has("top_k"):
				seen["watsonx top_k"]++
			case r.Provider == "vertex_ai" && strings.Contains(r.Model, "bison"):
				seen["vertex PaLM"]++
			}
		}
	}
	for _, what := range []string{"rejected", "unresolved", "stream", "n>1", "drop_params", "additional_drop_params",
		"allowed_openai_params", "top_k", "extra_body", "magic mock", "mock dict", "no mock", "global drop_params",
		"bedrock converse", "bedrock invoke", "bedrock cross-region",
		// what LiteLLM PR #13993's reordering changes (see shared/litellm/README.md)
		"azure required with api_version", "watsonx top_k", "vertex PaLM"} {
		if seen[what] == 0 {
			t.Errorf("%d requests never had %s", n, what)
		}
	}
	for _, p := range []string{"openai", "azure", "anthropic", "anthropic_text", "bedrock", "vertex_ai", "gemini",
		"cohere_chat", "mistral", "codestral", "groq", "ollama", "ollama_chat", "together_ai", "deepseek",
		"fireworks_ai", "openrouter", "xai", "perplexity", "hosted_vllm", "text-completion-openai", "watsonx"} {
		if !providers[p] {
			t.Errorf("%d requests never resolved to %s", n, p)
		}
	}
}

func param(t *testing.T, name string) completion.Param {
	t.Helper()
	p, ok := completion.ParamByName(name)
	if !ok {
		t.Fatalf("no param %q", name)
	}
	return p
}
