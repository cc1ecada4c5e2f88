package completion

import (
	"context"
	"testing"
)

// seedRequest is the request of the optimization summary's profiling script.
func seedRequest() *Request {
	return &Request{
		Model:        "openai/gpt-4o",
		Messages:     []any{Object{{"role", "user"}, {"content", "hello"}}},
		MockResponse: "Hello, world!",
		HasMock:      true,
	}
}

// mixedRequests is a multi-provider request set with realistic params.
func mixedRequests(tb testing.TB) []*Request {
	tb.Helper()
	bodies := []string{
		`{"model":"openai/gpt-4o","temperature":0.7,"max_tokens":256,"mock_response":"Hello"}`,
		`{"model":"gpt-4o","temperature":0.2,"tools":[{"type":"function","function":{"name":"f","parameters":{"type":"object","properties":{}}}}],"tool_choice":"auto","user":"u1","mock_response":"Hi"}`,
		`{"model":"anthropic/claude-3-5-sonnet-20240620","temperature":0.5,"max_tokens":1024,"stop":["\n\nHuman:"],"mock_response":"Hello"}`,
		`{"model":"azure/my-deployment","temperature":0.3,"max_tokens":200,"mock_response":"Hello"}`,
		`{"model":"bedrock/anthropic.claude-3-sonnet-20240229-v1:0","temperature":0.1,"max_tokens":300,"top_p":0.9,"mock_response":"Hello"}`,
		`{"model":"gemini/gemini-1.5-pro","temperature":0.4,"max_tokens":400,"mock_response":"Hello"}`,
		`{"model":"groq/llama3-8b-8192","temperature":0.6,"max_tokens":128,"mock_response":"Hello"}`,
		`{"model":"mistral/mistral-large-latest","temperature":0.7,"max_tokens":256,"mock_response":"Hello"}`,
		`{"model":"deepseek/deepseek-chat","temperature":0.2,"mock_response":"Hello"}`,
		`{"model":"ollama/llama3","temperature":0.5,"max_tokens":64,"mock_response":"Hello"}`,
	}
	out := make([]*Request, len(bodies))
	for i, b := range bodies {
		r, err := DecodeRequest([]byte(b))
		if err != nil {
			tb.Fatalf("request %d: %v", i, err)
		}
		out[i] = r
	}
	return out
}

func benchVariants(b *testing.B, f func(b *testing.B, p *Pipeline)) {
	for _, name := range DefaultVariants {
		p, err := New(name, Options{})
		if err != nil {
			b.Fatal(err)
		}
		b.Run("variant="+name, func(b *testing.B) { f(b, p) })
	}
}

// stageVariants are the variants of the per-stage benchmarks: the built-in
// ones, then every change alone on the baseline.
func stageVariants(tb testing.TB) []*Variant {
	out := []*Variant{Baseline, Summary, Optimized}
	for _, c := range AllChanges() {
		v, err := LookupVariant("baseline+" + c.String())
		if err != nil {
			tb.Fatal(err)
		}
		out = append(out, v)
	}
	return out
}

// BenchmarkPipeline measures the whole completion() path per variant, and
// on the seed request for every change alone on the baseline.
func BenchmarkPipeline(b *testing.B) {
	ctx := context.Background()
	b.Run("request=seed", func(b *testing.B) {
		req := seedRequest()
		for _, v := range stageVariants(b) {
			p := NewPipeline(v, Options{})
			b.Run("variant="+v.Name, func(b *testing.B) {
				var res Result
				b.ReportAllocs()
				for b.Loop() {
					if err := p.CompleteInto(ctx, req, &res); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	})
	b.Run("request=mixed", func(b *testing.B) {
		reqs := mixedRequests(b)
		benchVariants(b, func(b *testing.B, p *Pipeline) {
			var res Result
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				_ = p.CompleteInto(ctx, reqs[i%len(reqs)], &res)
				i++
			}
		})
	})
}

// BenchmarkStages measures each stage alone on the seed request, per
// variant for the stages that changes touch.
func BenchmarkStages(b *testing.B) {
	cat := DefaultCatalog()
	st := &Settings{}
	req := seedRequest()
	r, err := getLLMProvider(cat, st, req.Model, "", "")
	if err != nil {
		b.Fatal(err)
	}
	b.Run("stage=get_llm_provider", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_, _ = getLLMProvider(cat, st, req.Model, "", "")
		}
	})
	for _, v := range stageVariants(b) {
		in := optionalInput{cat: cat, st: st, model: r.Model, provider: r.Provider, params: &req.Params,
			pc: v.validateProvider(r.Model, r.Provider, cat), hasCfg: true}
		b.Run("stage=provider_validation/variant="+v.Name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_ = v.validateProvider(r.Model, r.Provider, cat)
			}
		})
		b.Run("stage=get_optional_params/variant="+v.Name, func(b *testing.B) {
			var sc scratch
			b.ReportAllocs()
			for b.Loop() {
				if _, err := v.getOptionalParams(&in, &sc); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("stage=pre_process_non_default_params/variant="+v.Name, func(b *testing.B) {
			passed := in.passedParams()
			b.ReportAllocs()
			for b.Loop() {
				_ = v.preProcessNonDefaultParams(&passed, nil, r.Provider, nil)
			}
		})
		b.Run("stage=get_supported_openai_params/variant="+v.Name, func(b *testing.B) {
			nd := nonDefault{}
			c := &mapCtx{cat: cat, st: st, model: r.Model, provider: r.Provider, nd: &nd}
			b.ReportAllocs()
			for b.Loop() {
				_ = v.getSupportedOpenAIParams(c, in.pc)
			}
		})
		b.Run("stage=map_openai_params/variant="+v.Name, func(b *testing.B) {
			nd := nonDefault{}
			c := &mapCtx{cat: cat, st: st, model: r.Model, provider: r.Provider, nd: &nd}
			opt := make(Object, 0, 4)
			b.ReportAllocs()
			for b.Loop() {
				opt = opt[:0]
				if err := v.mapOpenAIParams(c, in.pc, &opt); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	b.Run("stage=mock_response", func(b *testing.B) {
		var res Result
		b.ReportAllocs()
		for b.Loop() {
			_ = mockResponse(context.Background(), cat, st, req, r, &res)
		}
	})
	b.Run("stage=cost", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_, _ = completionCost(cat, r, "openai", "", "Hello, world!", 1)
		}
	})
}

// cloudBenchRequests are the representative requests of the providers that
// providerBenchRequests does not cover.
var cloudBenchRequests = []struct{ provider, req string }{
	{"openai", `{"model":"openai/gpt-4o","temperature":0.7,"max_tokens":256}`},
	{"openai_o_series", `{"model":"o3-mini","max_tokens":256,"reasoning_effort":"low"}`},
	{"azure", `{"model":"azure/my-deployment","temperature":0.3,"max_tokens":200,"tool_choice":"auto","tools":[{"type":"function","function":{"name":"f","parameters":{"type":"object","properties":{}}}}]}`},
	{"anthropic", `{"model":"anthropic/claude-3-5-sonnet-20240620","temperature":0.5,"max_tokens":1024,"stop":["\n\nHuman:"],"user":"u1"}`},
	{"anthropic_text", `{"model":"anthropic/claude-2","temperature":0.5,"max_tokens":256,"stop":"END"}`},
	{"bedrock_converse", `{"model":"bedrock/anthropic.claude-3-sonnet-20240229-v1:0","temperature":0.1,"max_tokens":300,"top_p":0.9,"stop":["x"]}`},
	{"bedrock_invoke", `{"model":"bedrock/invoke/anthropic.claude-3-sonnet-20240229-v1:0","temperature":0.1,"max_tokens":300}`},
	{"vertex_ai", `{"model":"vertex_ai/gemini-2.5-flash","temperature":0.4,"max_tokens":400,"n":1}`},
	{"gemini", `{"model":"gemini/gemini-1.5-pro","temperature":0.4,"max_tokens":400,"response_format":{"type":"json_object"}}`},
	{"vertex_ai_claude", `{"model":"vertex_ai/claude-3-5-sonnet@20240620","temperature":0.4,"max_tokens":400}`},
}

// BenchmarkProviders runs the whole completion() path for one representative
// request of each provider, per variant.
func BenchmarkProviders(b *testing.B) {
	ctx := context.Background()
	all := append(append([]struct{ provider, req string }{}, cloudBenchRequests...), providerBenchRequests...)
	for _, pr := range all {
		req, err := DecodeRequest([]byte(pr.req))
		if err != nil {
			b.Fatal(err)
		}
		req.MockResponse, req.HasMock = "Hello, world!", true
		b.Run("provider="+pr.provider, func(b *testing.B) {
			benchVariants(b, func(b *testing.B, p *Pipeline) {
				var res Result
				b.ReportAllocs()
				for b.Loop() {
					if err := p.CompleteInto(ctx, req, &res); err != nil {
						b.Fatal(err)
					}
				}
			})
		})
	}
}
