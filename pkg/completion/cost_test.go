package completion

import (
	"context"
	"math"
	"testing"
)

func TestResponseCost(t *testing.T) {
	tests := []struct {
		name     string
		model    string // as given to completion()
		n        int
		want     float64
		wantNone bool
	}{
		{"openai per token", "gpt-4o", 1, 10*2.5e-6 + 20*1e-5, false},
		{"vertex characters", "vertex_ai/gemini-1.5-pro", 1, 10*1.25e-6 + 10*1.25e-6, false},
		{"gemini/ priced as vertex_ai, characters of all choices", "gemini/gemini-1.5-pro", 2, 10*1.25e-6 + 20*1.25e-6, false},
		{"vertex gemini-2 per token", "vertex_ai/gemini-2.5-flash", 1, 10*3e-7 + 20*2.5e-6, false},
		{"bedrock invoke route stripped", "bedrock/invoke/anthropic.claude-3-sonnet-20240229-v1:0", 1, 10*3e-6 + 20*1.5e-5, false},
		{"together_ai size category", "together_ai/meta-llama/Llama-3.3-70B-Instruct-Turbo", 1, 30 * 9e-7, false},
		{"fireworks_ai size fallback", "fireworks_ai/accounts/fireworks/models/llama-v3p1-70b-instruct", 1, 30 * 9e-7, false},
		{"codestral costs nothing", "codestral/codestral-latest", 1, 0, false},
		{"ollama entry with zero prices", "ollama/llama3", 1, 0, false},
		{"openrouter claude not mapped", "openrouter/anthropic/claude-3.5-sonnet", 1, 0, true},
		{"azure o1-mini priced as openai under azure/o1-mini", "azure/o1-mini", 1, 0, true},
		{"unmapped hosted_vllm", "hosted_vllm/my-model", 1, 0, true},
	}
	cat, st := DefaultCatalog(), &Settings{}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := getLLMProvider(cat, st, tt.model, "", "")
			if err != nil {
				t.Fatal(err)
			}
			cp := mockCostPlan(cat, st, r, "")
			got := cp.plan.apply(mockUsage, countCharacters("Hello world")*tt.n)
			switch {
			case tt.wantNone && cp.plan.known:
				t.Errorf("got %v, want None", got)
			case !tt.wantNone && !cp.plan.known:
				t.Errorf("got None, want %v", tt.want)
			case !tt.wantNone && math.Abs(got-tt.want) > 1e-9*math.Max(math.Abs(got), math.Abs(tt.want)):
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestVertexCharactersAbove128k(t *testing.T) {
	cat := DefaultCatalog()
	p := vertexCharacterPlan(cat, "gemini-1.5-pro", "")
	tests := []struct {
		name  string
		chars int
		want  float64
	}{
		{"below 128k tokens: characters", 1000, 10*1.25e-6 + 1000*1.25e-6},
		// LiteLLM multiplies the completion tokens by the >128k character price.
		{"above 128k tokens: tokens x the >128k price", 40000, 10*1.25e-6 + 20*2.5e-6},
	}
	for _, tt := range tests {
		if got := p.apply(mockUsage, tt.chars); math.Abs(got-tt.want) > 1e-15 {
			t.Errorf("%s: got %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestSizeCategories(t *testing.T) {
	tests := []struct {
		got, want string
	}{
		{togetherAICategory("together_ai/meta-llama/Llama-3.3-70B-Instruct-Turbo"), "together-ai-41.1b-80b"},
		{togetherAICategory("togethercomputer/llama-2-7b"), "together-ai-4.1b-8b"},
		{togetherAICategory("together_ai/Qwen/QwQ-Preview"), "together_ai/qwen/qwq-preview"},
		{togetherAICategory("together_ai/x-405b"), "together_ai/x-405b"},
		{fireworksAICategory("fireworks_ai/accounts/fireworks/models/llama-v3p1-70b-instruct"), "fireworks-ai-above-16b"},
		{fireworksAICategory("accounts/fireworks/models/mixtral-8x7b-instruct"), "fireworks-ai-moe-up-to-56b"},
		{fireworksAICategory("accounts/fireworks/models/mixtral-8x22b-instruct"), "fireworks-ai-56b-to-176b"},
		{fireworksAICategory("accounts/fireworks/models/qwen2p5-3b"), "fireworks-ai-up-to-4b"},
		{fireworksAICategory("accounts/fireworks/models/phi-3-mini"), "fireworks-ai-default"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}

func TestStripModelName(t *testing.T) {
	tests := []struct {
		model, provider, want string
	}{
		{"ft:gpt-3.5-turbo:my-org:custom_suffix:id", "openai", "ft:gpt-3.5-turbo"},
		{"ft:gpt-4o:org::id", "openai", "ft:gpt-4o:org::id"},
		{"gemini-1.5-pro-002", "vertex_ai", "gemini-1.5-pro"},
		{"gemini-1.5-pro", "gemini", "gemini-1.5-pro"},
		{"invoke/us.anthropic.claude-3-5-sonnet-20241022-v2:0", "bedrock", "anthropic.claude-3-5-sonnet-20241022-v2:0"},
		{"us-west-2/anthropic.claude-v2", "bedrock", "anthropic.claude-v2"},
		{"arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-v2", "bedrock", "anthropic.claude-v2"},
	}
	for _, tt := range tests {
		if got := stripModelNameFor(tt.model, tt.provider); got != tt.want {
			t.Errorf("stripModelNameFor(%q, %q): got %q, want %q", tt.model, tt.provider, got, tt.want)
		}
	}
}

func TestCountCharacters(t *testing.T) {
	tests := []struct {
		in   string
		want int
	}{
		{"Hello world", 10},
		{" a\tb\nc\x1c\u00a0é ", 4},
		{"", 0},
	}
	for _, tt := range tests {
		if got := countCharacters(tt.in); got != tt.want {
			t.Errorf("countCharacters(%q): got %d, want %d", tt.in, got, tt.want)
		}
	}
}

// BenchmarkCost measures the cost stage of the benchmark request: the price
// plan and its application to the mock usage.
func BenchmarkCost(b *testing.B) {
	cat, st := DefaultCatalog(), &Settings{}
	r, err := getLLMProvider(cat, st, "openai/gpt-4o", "", "")
	if err != nil {
		b.Fatal(err)
	}
	var cost float64
	hidden := hiddenProvider(cat, st, r)
	b.ReportAllocs()
	for b.Loop() {
		cost, _ = completionCost(cat, r, hidden, "", "Hello, world!", 1)
	}
	if cost == 0 {
		b.Fatal("no cost")
	}
}

func TestServiceTierCost(t *testing.T) {
	tests := []struct {
		name, request string
		want          float64
	}{
		{"priority prices", `{"model":"gpt-4o","service_tier":"priority","mock_response":"hi"}`, 10*4.25e-6 + 20*1.7e-5},
		{"flex prices", `{"model":"gpt-5-mini","service_tier":"FLEX","mock_response":"hi"}`, 10*1.25e-7 + 20*1e-6},
		{"other tiers: standard prices", `{"model":"gpt-4o","service_tier":"auto","mock_response":"hi"}`, 10*2.5e-6 + 20*1e-5},
		{"no tier price: standard prices", `{"model":"gpt-4o-mini","service_tier":"flex","mock_response":"hi"}`, 10*1.5e-7 + 20*6e-7},
	}
	p, err := New("optimized", Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, err := DecodeRequest([]byte(tt.request))
			if err != nil {
				t.Fatal(err)
			}
			res, err := p.Complete(context.Background(), req)
			if err != nil {
				t.Fatal(err)
			}
			if !res.CostKnown || math.Abs(res.Cost-tt.want) > 1e-9*tt.want {
				t.Errorf("got %v (known %v), want %v", res.Cost, res.CostKnown, tt.want)
			}
		})
	}
	if got := serviceTier(Object{{"service_tier", 1.0}}); got != invalidTier {
		t.Errorf("non-string tier: got %q, want the invalid marker", got)
	}
}
