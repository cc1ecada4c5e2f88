package completion

import "testing"

func TestGetLLMProviderRules(t *testing.T) {
	env := func(m map[string]string) *Settings {
		return &Settings{Env: func(k string) string { return m[k] }}
	}
	tests := []struct {
		name             string
		model, provider  string
		apiBase          string
		st               *Settings
		want             Resolved
		wantErr, errType string
	}{
		{name: "known OpenAI model", model: "gpt-4o", want: Resolved{Model: "gpt-4o", Provider: "openai"}},
		{name: "prefix is split once", model: "openrouter/openai/gpt-4o", want: Resolved{Model: "openai/gpt-4o", Provider: "openrouter"}},
		{name: "explicit provider", model: "my-deployment", provider: "azure", want: Resolved{Model: "my-deployment", Provider: "azure"}},
		{name: "explicit provider already in the model", model: "azure/x", provider: "azure", want: Resolved{Model: "x", Provider: "azure"}},
		{name: "anthropic text models", model: "anthropic/claude-2", want: Resolved{Model: "claude-2", Provider: "anthropic_text"}},
		{name: "explicit anthropic for claude-instant-1", model: "claude-instant-1", provider: "anthropic", want: Resolved{Model: "claude-instant-1", Provider: "anthropic_text"}},
		{name: "cohere chat fix-up", model: "cohere/command-r", want: Resolved{Model: "command-r", Provider: "cohere_chat"}},
		{name: "Azure AI Studio cohere model", model: "azure/command-r-plus", want: Resolved{Model: "azure/command-r-plus", Provider: "openai"}},
		{name: "fine-tuned OpenAI model", model: "ft:gpt-4o-2024-08-06:org::abc", want: Resolved{Model: "ft:gpt-4o-2024-08-06:org::abc", Provider: "openai"}},
		{name: "text completion model", model: "gpt-3.5-turbo-instruct", want: Resolved{Model: "gpt-3.5-turbo-instruct", Provider: "text-completion-openai"}},
		{name: "vertex image model by bare name", model: "imagegeneration@006", want: Resolved{Model: "imagegeneration@006", Provider: "vertex_ai"}},
		{name: "default api_base of a compatible provider", model: "groq/llama3-8b-8192", want: Resolved{Model: "llama3-8b-8192", Provider: "groq", APIBase: "https://api.groq.com/openai/v1"}},
		{name: "env api_base wins over the default", model: "deepseek/deepseek-chat", st: env(map[string]string{"DEEPSEEK_API_BASE": "http://d"}),
			want: Resolved{Model: "deepseek-chat", Provider: "deepseek", APIBase: "http://d"}},
		{name: "caller api_base is kept", model: "xai/grok-2", apiBase: "http://x", want: Resolved{Model: "grok-2", Provider: "xai", APIBase: "http://x"}},
		{name: "no default api_base for anthropic", model: "anthropic/claude-3-5-sonnet-20240620", want: Resolved{Model: "claude-3-5-sonnet-20240620", Provider: "anthropic"}},
		{name: "mistral api_base gets /v1", model: "mistral/mistral-large", apiBase: "https://m.inference.ai.azure.com",
			want: Resolved{Model: "mistral-large", Provider: "mistral", APIBase: "https://m.inference.ai.azure.com/v1"}},
		{name: "ai21 chat model", model: "ai21/jamba-1.5-large", want: Resolved{Model: "jamba-1.5-large", Provider: "ai21_chat", APIBase: "https://api.ai21.com/studio/v1"}},
		{name: "ai21 completion model keeps ai21", model: "ai21/j2-ultra", want: Resolved{Model: "j2-ultra", Provider: "ai21"}},
		{name: "bare ai21 model", model: "jamba-1.5-large", want: Resolved{Model: "jamba-1.5-large", Provider: "ai21_chat", APIBase: "https://api.ai21.com/studio/v1"}},
		{name: "baseten dedicated deployment", model: "baseten/abcd1234", want: Resolved{Model: "abcd1234", Provider: "baseten", APIBase: "https://model-abcd1234.api.baseten.co/environments/production/sync/v1"}},
		{name: "azure_ai with an OpenAI model is azure", model: "azure_ai/gpt-4o", want: Resolved{Model: "gpt-4o", Provider: "azure"}},
		{name: "azure_ai with another model", model: "azure_ai/mistral-large", apiBase: "https://x.services.ai.azure.com",
			want: Resolved{Model: "mistral-large", Provider: "azure_ai", APIBase: "https://x.services.ai.azure.com"}},
		{name: "api_base names the provider", model: "my-model", apiBase: "https://api.groq.com/openai/v1",
			want: Resolved{Model: "my-model", Provider: "groq", APIBase: "https://api.groq.com/openai/v1"}},
		{name: "custom provider map", model: "custom_llm/my-fake-model", st: &Settings{CustomProviders: []string{"custom_llm"}},
			want: Resolved{Model: "my-fake-model", Provider: "custom_llm"}},
		{name: "unknown model", model: "some-unknown-model", errType: "BadRequestError",
			wantErr: "LLM Provider NOT provided. Pass in the LLM provider you are trying to call. You passed model=some-unknown-model\n Pass model as"},
		{name: "unknown provider prefix", model: "notaprovider/x", errType: "BadRequestError", wantErr: "You passed model=notaprovider/x"},
		{name: "provider name alone", model: "openai", errType: "BadRequestError",
			wantErr: "GetLLMProvider Exception - list index out of range\n\noriginal model: openai"},
		{name: "unregistered custom provider", model: "custom_llm/m", errType: "BadRequestError", wantErr: "LLM Provider NOT provided"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := tt.st
			if st == nil {
				st = &Settings{}
			}
			got, err := GetLLMProvider(DefaultCatalog(), st, tt.model, tt.provider, tt.apiBase)
			if tt.wantErr != "" {
				e, ok := err.(*Error)
				if !ok || e.Type != tt.errType || !containsStr(e.Message, tt.wantErr) {
					t.Fatalf("GetLLMProvider(%q) error = %v, want %s containing %q", tt.model, err, tt.errType, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("GetLLMProvider(%q): %v", tt.model, err)
			}
			if got != tt.want {
				t.Errorf("GetLLMProvider(%q, %q, %q) = %+v, want %+v", tt.model, tt.provider, tt.apiBase, got, tt.want)
			}
		})
	}
}

func TestIsReplicateVersion(t *testing.T) {
	id := "02e509c789964a7ea8736978a43525956ef40397be9033abf9fd2badfe68c9e3"
	tests := []struct {
		m    string
		want bool
	}{
		{"meta/llama-2-70b-chat:" + id, true},
		{"meta/llama-2-70b-chat:" + id + ":extra", true},
		{"meta/llama:short", false},
		{"no-colon", false},
	}
	for _, tt := range tests {
		if got := isReplicateVersion(tt.m); got != tt.want {
			t.Errorf("isReplicateVersion(%q) = %v, want %v", tt.m, got, tt.want)
		}
	}
}
