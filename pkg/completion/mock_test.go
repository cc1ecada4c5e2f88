package completion

import (
	"context"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// mockResponsesFile is LiteLLM's recorded model_dump() of mock responses,
// relative to this package's directory.
var mockResponsesFile = filepath.Join("..", "..", "..", "shared", "conformance", "litellm-mock-responses.json")

// TestMockResponsesConformance runs every entry of
// litellm-mock-responses.json through both variants and checks the
// response (or the streamed chunks) field by field, the response cost and
// the hidden custom_llm_provider. id and created are placeholders: any
// "chatcmpl-" id (one per response, shared by all chunks) and any integer.
func TestMockResponsesConformance(t *testing.T) {
	data, err := os.ReadFile(mockResponsesFile)
	if errors.Is(err, os.ErrNotExist) {
		t.Skipf("%s not present", mockResponsesFile)
	}
	if err != nil {
		t.Fatal(err)
	}
	v, err := DecodeValue(data)
	if err != nil {
		t.Fatalf("decoding %s: %v", mockResponsesFile, err)
	}
	entries, ok := v.([]any)
	if !ok || len(entries) == 0 {
		t.Fatalf("%s: want a non-empty JSON array", mockResponsesFile)
	}
	for _, variant := range []string{"baseline", "optimized"} {
		p, err := New(variant, Options{})
		if err != nil {
			t.Fatal(err)
		}
		for i, e := range entries {
			entry := e.(Object)
			model, _ := entry.Get("model")
			name := variant + "/" + model.(string)
			if kw, _ := entry.Get("kwargs"); len(kw.(Object)) > 0 {
				name += "/" + string(mustMarshal(t, kw))
			}
			t.Run(name, func(t *testing.T) {
				in := Object{}
				for _, k := range []string{"model", "messages", "mock_response"} {
					if v, ok := entry.Get(k); ok {
						in = append(in, Member{k, v})
					}
				}
				kw, _ := entry.Get("kwargs")
				in = append(in, kw.(Object)...)
				req, err := RequestFromObject(in)
				if err != nil {
					t.Fatalf("entry %d: %v", i, err)
				}
				res, err := p.Complete(context.Background(), req)
				if err != nil {
					t.Fatalf("Complete: %v", err)
				}
				if want, ok := entry.Get("model_dump"); ok {
					if res.Response == nil {
						t.Fatalf("got no response, want %s", mustMarshal(t, want))
					}
					ids := map[string]bool{}
					checkPlaceholders(t, "response", res.Response.Value(), want.(Object), ids)
				}
				if want, ok := entry.Get("stream_chunks"); ok {
					wl := want.([]any)
					if len(res.Chunks) != len(wl) {
						t.Fatalf("got %d chunks, want %d", len(res.Chunks), len(wl))
					}
					ids := map[string]bool{}
					for j, ch := range res.Chunks {
						checkPlaceholders(t, "chunks."+string(rune('0'+j)), ch.Value(), wl[j].(Object), ids)
					}
					if len(ids) != 1 {
						t.Errorf("chunks carry %d distinct ids, want 1", len(ids))
					}
				}
				hv, ok := entry.Get("hidden_params")
				if !ok {
					return
				}
				hidden := hv.(Object)
				if wc, ok := hidden.Get("response_cost"); ok {
					switch w := wc.(type) {
					case nil:
						if res.CostKnown {
							t.Errorf("cost: got %v, want None", res.Cost)
						}
					case float64:
						if !res.CostKnown || math.Abs(res.Cost-w) > 1e-9*math.Max(math.Abs(res.Cost), math.Abs(w)) {
							t.Errorf("cost: got %v (known %v), want %v", res.Cost, res.CostKnown, w)
						}
					}
				}
				if res.Response != nil {
					wp, _ := hidden.Get("custom_llm_provider")
					want, _ := wp.(string)
					if got := res.Response.Provider; got != want {
						t.Errorf("hidden custom_llm_provider: got %q, want %q", got, want)
					}
				}
			})
		}
	}
}

// checkPlaceholders compares got with want exactly, except that want's id
// and created only fix the form: got's id starts with "chatcmpl-" (ids
// collects it) and got's created is an integer.
func checkPlaceholders(t *testing.T, path string, got, want Object, ids map[string]bool) {
	t.Helper()
	id, _ := got.Get("id")
	if s, ok := id.(string); !ok || !strings.HasPrefix(s, "chatcmpl-") || len(s) != len("chatcmpl-")+36 {
		t.Errorf("%s.id: got %v, want chatcmpl-<uuid4>", path, id)
	} else {
		ids[s] = true
	}
	created, _ := got.Get("created")
	if f, ok := created.(float64); !ok || f != math.Trunc(f) || f <= 0 {
		t.Errorf("%s.created: got %v, want an integer Unix time", path, created)
	}
	g, w := got.Clone(), want.Clone()
	for _, k := range []string{"id", "created"} {
		g.Delete(k)
		w.Delete(k)
	}
	if !Equal(g, w) {
		t.Errorf("%s:\ngot  %s\nwant %s", path, mustMarshal(t, g), mustMarshal(t, w))
	}
}

func mustMarshal(t *testing.T, v any) []byte {
	t.Helper()
	b, err := MarshalValue(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestMockChunks(t *testing.T) {
	tests := []struct {
		name     string
		r        Resolved
		text     string
		n        int
		contents []string
		final    string
	}{
		{"openai", Resolved{Model: "gpt-4o", Provider: "openai"}, "Hello world", 1,
			[]string{"Hel", "lo ", "wor", "ld"}, "gpt-4o"},
		{"prefixed closing model", Resolved{Model: "o1-mini", Provider: "azure"}, "abcdef", 1,
			[]string{"abc", "def"}, "azure/o1-mini"},
		{"three characters, not bytes", Resolved{Model: "gpt-4o", Provider: "openai"}, "héllo wörld", 1,
			[]string{"hél", "lo ", "wör", "ld"}, "gpt-4o"},
		{"n=0 yields only the closing chunk", Resolved{Model: "gpt-4o", Provider: "openai"}, "Hello", 0,
			nil, "gpt-4o"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			chunks := mockChunks("chatcmpl-x", 1, tt.r, tt.text, tt.n)
			var got []string
			for _, c := range chunks[:len(chunks)-1] {
				got = append(got, c.Content)
			}
			if strings.Join(got, "|") != strings.Join(tt.contents, "|") {
				t.Errorf("contents: got %q, want %q", got, tt.contents)
			}
			last := chunks[len(chunks)-1]
			if !last.Final || last.Model != tt.final {
				t.Errorf("closing chunk: got final=%v model %q, want final model %q", last.Final, last.Model, tt.final)
			}
		})
	}
}

func TestMockChunkRoles(t *testing.T) {
	chunks := mockChunks("chatcmpl-x", 1, Resolved{Model: "m", Provider: "openai"}, "abcdef", 2)
	roles := func(c *Chunk) []any {
		var out []any
		ch, _ := c.Value().Get("choices")
		for _, x := range ch.([]any) {
			d, _ := x.(Object).Get("delta")
			r, _ := d.(Object).Get("role")
			out = append(out, r)
		}
		return out
	}
	tests := []struct {
		name string
		got  []any
		want []any
	}{
		{"first chunk", roles(chunks[0]), []any{"assistant", "assistant"}},
		{"later chunk: only choices[0] loses its role", roles(chunks[1]), []any{nil, "assistant"}},
		{"closing chunk has one choice", roles(chunks[2]), []any{nil}},
	}
	for _, tt := range tests {
		if !Equal(tt.got, tt.want) {
			t.Errorf("%s: got %v, want %v", tt.name, tt.got, tt.want)
		}
	}
	if _, ok := chunks[0].Value().Get("citations"); !ok {
		t.Error("content chunk: got no citations key, want citations: null")
	}
	if _, ok := chunks[2].Value().Get("citations"); ok {
		t.Error("closing chunk: got a citations key, want none")
	}
}

func TestMockErrors(t *testing.T) {
	tests := []struct {
		model, mock string
		stream      bool
		wantType    string
		wantMsg     string // prefix of Error.Message
		wantStream  bool   // raised while the stream is read
	}{
		{"gpt-4o", "litellm.RateLimitError", false, "RateLimitError", "this is a mock rate limit error", false},
		{"gpt-4o", "litellm.ContextWindowExceededError", false, "ContextWindowExceededError",
			"litellm.BadRequestError: this is a mock context window exceeded error", false},
		{"gpt-4o", "litellm.InternalServerError", true, "InternalServerError", "this is a mock internal server error", false},
		{"gpt-4o", "Exception: content_filter_policy", false, "BadRequestError",
			"OpenAIException - litellm.MockException: Exception: content_filter_policy", false},
		{"groq/llama-3.3-70b-versatile", "Exception: content_filter_policy", false, "BadRequestError",
			"GroqException - litellm.MockException: Exception: content_filter_policy", false},
		{"anthropic/claude-3-haiku-20240307", "Exception: content_filter_policy", false, "BadRequestError",
			"AnthropicException - litellm.MockException: Exception: content_filter_policy", false},
		{"bedrock/amazon.nova-pro-v1:0", "Exception: content_filter_policy", false, "BadRequestError",
			"BedrockException - litellm.MockException: Exception: content_filter_policy", false},
		{"azure/my-deployment", "Exception: content_filter_policy", false, "ContentPolicyViolationError",
			"litellm.BadRequestError: litellm.ContentPolicyViolationError: litellm.ContentPolicyViolationError: AzureException - litellm.MockException: Exception: content_filter_policy", false},
		{"gemini/gemini-2.0-flash", "Exception: content_filter_policy", false, "BadRequestError",
			"GeminiException BadRequestError - litellm.MockException: Exception: content_filter_policy", false},
		{"gpt-4o", "Exception: content_filter_policy", true, "BadRequestError", "OpenAIException - litellm.MockException", false},
		{"gpt-4o", "Exception: mock_streaming_error", false, "APIError",
			"APIError: OpenAIException - litellm.MockException: This is a mock error raised mid-stream", false},
		{"anthropic/claude-3-haiku-20240307", "Exception: mock_streaming_error", false, "InternalServerError",
			"AnthropicException - litellm.MockException: This is a mock error raised mid-stream. Handle with `litellm.InternalServerError`.", false},
		{"anthropic/claude-3-haiku-20240307", "Exception: mock_streaming_error", true, "APIError",
			"APIError: OpenAIException - litellm.MockException: This is a mock error raised mid-stream", true},
	}
	p, err := New("optimized", Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(tt.model+"|"+tt.mock, func(t *testing.T) {
			req := &Request{Model: tt.model, MockResponse: tt.mock, HasMock: true}
			if tt.stream {
				req.Params[PStream] = true
			}
			res, err := p.Complete(context.Background(), req)
			inStream := false
			if err == nil && res.StreamErr != nil {
				err, inStream = res.StreamErr, true
				if len(res.Chunks) != 0 {
					t.Errorf("got %d chunks before the error, want 0", len(res.Chunks))
				}
			}
			var le *Error
			if !errors.As(err, &le) {
				t.Fatalf("got error %v, want a LiteLLM error", err)
			}
			if le.Type != tt.wantType || !strings.HasPrefix(le.Message, tt.wantMsg) || inStream != tt.wantStream {
				t.Errorf("got %s %q (in stream %v), want %s %q (in stream %v)",
					le.Type, le.Message, inStream, tt.wantType, tt.wantMsg, tt.wantStream)
			}
		})
	}
}

func TestContentPolicyViolationErrorString(t *testing.T) {
	e := mapException("azure", 400, "litellm.MockException: Exception: content_filter_policy", true)
	got := e.Error()
	want := "litellm.BadRequestError: litellm.ContentPolicyViolationError: litellm.ContentPolicyViolationError: AzureException - litellm.MockException: Exception: content_filter_policy"
	if got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestMockNotAMock(t *testing.T) {
	tests := []struct {
		name string
		mock any
	}{
		{"empty string", ""},
		{"empty dict", Object{}},
	}
	p, err := New("baseline", Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		req := &Request{Model: "gpt-4o", MockResponse: tt.mock, HasMock: true}
		_, err := p.Complete(context.Background(), req)
		if err == nil || !strings.Contains(err.Error(), "no mock_response") {
			t.Errorf("%s: got %v, want the no-mock error", tt.name, err)
		}
	}
}

func TestMockToolCalls(t *testing.T) {
	p, err := New("optimized", Options{})
	if err != nil {
		t.Fatal(err)
	}
	calls := []any{
		Object{{"function", Object{{"name", "get_weather"}, {"arguments", Object{{"city", "Paris"}, {"n", 2.0}}}}}},
	}
	req := &Request{Model: "gpt-4o", MockToolCalls: calls}
	res, err := p.Complete(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	resp := res.Response
	if resp.Content != defaultMockText || len(resp.ToolCalls) != 1 {
		t.Fatalf("got content %q and %d tool calls, want %q and 1", resp.Content, len(resp.ToolCalls), defaultMockText)
	}
	tc := resp.ToolCalls[0].(Object)
	fn, _ := tc.Get("function")
	args, _ := fn.(Object).Get("arguments")
	typ, _ := tc.Get("type")
	id, _ := tc.Get("id")
	tests := []struct {
		name      string
		got, want any
	}{
		{"arguments (json.dumps)", args, `{"city": "Paris", "n": 2}`},
		{"type", typ, "function"},
		{"id is a uuid4", float64(len(id.(string))), 36.0},
	}
	for _, tt := range tests {
		if !Equal(tt.got, tt.want) {
			t.Errorf("%s: got %v, want %v", tt.name, tt.got, tt.want)
		}
	}
	// mock_tool_calls with n=0: choices[0] does not exist.
	req = &Request{Model: "gpt-4o", MockResponse: "x", HasMock: true, MockToolCalls: calls}
	req.Params[PN] = 0.0
	if _, err := p.Complete(context.Background(), req); err == nil || !strings.Contains(err.Error(), "list index out of range") {
		t.Errorf("n=0 with tool calls: got %v, want the list index error", err)
	}
}

func TestMockDictResponse(t *testing.T) {
	p, err := New("optimized", Options{})
	if err != nil {
		t.Fatal(err)
	}
	mock := Object{
		{"model", "gpt-4o"},
		{"choices", []any{Object{{"message", Object{{"content", "hi"}}}, {"finish_reason", "end_turn"}}}},
		{"usage", Object{{"prompt_tokens", 100.0}, {"completion_tokens", 10.0}, {"total_tokens", 110.0}}},
	}
	req := &Request{Model: "gpt-4o", MockResponse: mock, HasMock: true}
	res, err := p.Complete(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	v := res.Response.Value()
	choices, _ := v.Get("choices")
	c0 := choices.([]any)[0].(Object)
	finish, _ := c0.Get("finish_reason")
	msg, _ := c0.Get("message")
	role, _ := msg.(Object).Get("role")
	obj, _ := v.Get("object")
	id, _ := v.Get("id")
	tests := []struct {
		name      string
		got, want any
	}{
		{"finish_reason mapped", finish, "stop"},
		{"role defaulted", role, "assistant"},
		{"object", obj, "chat.completion"},
		{"id generated", strings.HasPrefix(id.(string), "chatcmpl-"), true},
		{"cost from the dict's usage", math.Round(res.Cost*1e12) / 1e12, 100*2.5e-6 + 10*1e-5},
	}
	for _, tt := range tests {
		if !Equal(tt.got, tt.want) {
			t.Errorf("%s: got %v, want %v", tt.name, tt.got, tt.want)
		}
	}
}

func TestPyJSONDumps(t *testing.T) {
	tests := []struct {
		in   any
		want string
	}{
		{Object{{"a", 1.0}, {"b", []any{true, nil, "x"}}}, `{"a": 1, "b": [true, null, "x"]}`},
		{Object{{"f", 0.5}, {"g", 1e-5}, {"h", 1.5e20}}, `{"f": 0.5, "g": 1e-05, "h": 1.5e+20}`},
		{"é\"\n\U0001F600", `"\u00e9\"\n\ud83d\ude00"`},
	}
	for _, tt := range tests {
		if got := pyJSONDumps(tt.in); got != tt.want {
			t.Errorf("pyJSONDumps(%v): got %s, want %s", tt.in, got, tt.want)
		}
	}
}

// benchmarkRequest is the summary's profiling request: openai/gpt-4o, one
// user message, mock_response "Hello, world!".
func benchmarkRequest() *Request {
	return &Request{
		Model:        "openai/gpt-4o",
		Messages:     []any{Object{{"role", "user"}, {"content", "hello"}}},
		MockResponse: "Hello, world!",
		HasMock:      true,
	}
}

// BenchmarkMockResponse measures the mock_response stage (mock_completion
// plus the response cost) of the benchmark request, as the pipeline runs it.
func BenchmarkMockResponse(b *testing.B) {
	cat, st, req := DefaultCatalog(), &Settings{}, benchmarkRequest()
	r, err := getLLMProvider(cat, st, req.Model, "", "")
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	var res Result
	b.ReportAllocs()
	for b.Loop() {
		res = Result{}
		if err := mockCompletion(ctx, cat, st, req, r, &res); err != nil {
			b.Fatal(err)
		}
	}
	if !res.CostKnown {
		b.Fatal("no cost")
	}
}

// FuzzMockCompletion checks that no request makes the mock stage or the
// rendering of its response and chunks panic.
func FuzzMockCompletion(f *testing.F) {
	f.Add(`{"model":"gpt-4o","mock_response":"Hello world","stream":true,"n":2}`)
	f.Add(`{"model":"gemini/gemini-1.5-pro","mock_response":{"choices":[{"message":{"content":"x","tool_calls":[{"function":{"arguments":{"a":1}}}]}}],"usage":{"prompt_tokens":3}}}`)
	f.Add(`{"model":"azure/x","mock_response":"Exception: content_filter_policy"}`)
	f.Add(`{"model":"gpt-4o","mock_response":null,"mock_tool_calls":[{"function":{"name":"f","arguments":"{}"}},"x"]}`)
	f.Fuzz(func(t *testing.T, data string) {
		req, err := DecodeRequest([]byte(data))
		if err != nil {
			return
		}
		if n, ok := req.Params[PN].(float64); ok && n > 16 {
			return // LiteLLM would build n choices; keep the fuzzer's memory bounded
		}
		p := NewPipeline(Optimized, Options{})
		res, err := p.Complete(context.Background(), req)
		if err != nil {
			return
		}
		if res.Response != nil {
			if _, err := MarshalValue(res.Response.Value()); err != nil {
				t.Fatalf("response does not marshal: %v", err)
			}
		}
		for _, c := range res.Chunks {
			_ = c.Value()
		}
	})
}

// stream_options.include_usage adds the wrapper's usage chunk after the
// closing one: prompt tokens of the messages, completion tokens of every
// choice's text (byte-level, as the LiteLLM bundle counts them).
func TestStreamUsageChunk(t *testing.T) {
	req, err := DecodeRequest([]byte(`{"model":"groq/llama3-8b-8192","stream":true,"n":2,"stream_options":{"include_usage":true},"mock_response":"Hello world"}`))
	if err != nil {
		t.Fatal(err)
	}
	p, err := New("baseline", Options{})
	if err != nil {
		t.Fatal(err)
	}
	var res Result
	if err := p.CompleteInto(context.Background(), req, &res); err != nil {
		t.Fatal(err)
	}
	last := res.Chunks[len(res.Chunks)-1]
	if !last.Usage || last.PromptTokens != 15 || last.CompletionTokens != 22 {
		t.Fatalf("last chunk %+v, want the usage chunk with 15 prompt and 22 completion tokens", last)
	}
	if !res.Chunks[len(res.Chunks)-2].Final {
		t.Fatal("the usage chunk must follow the closing chunk")
	}
}
