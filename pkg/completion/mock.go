package completion

import (
	"context"
	"encoding/hex"
	"math/rand/v2"
	"strings"
	"time"
	"unicode"
)

// Mock usage counts: DEFAULT_MOCK_RESPONSE_PROMPT_TOKEN_COUNT and
// DEFAULT_MOCK_RESPONSE_COMPLETION_TOKEN_COUNT.
const (
	MockPromptTokens     = 10
	MockCompletionTokens = 20
)

// defaultMockText is what mock_completion answers when mock_response is None.
const defaultMockText = "This is a mock request"

// A Response is a non-streamed chat.completion object as LiteLLM's mock
// returns it.
type Response struct {
	ID      string
	Created int64
	Model   string
	Choices []Choice
	// Raw is set when mock_response was a response dict: it is returned as
	// given (ModelResponse(**dict)).
	Raw Object
}

// A Choice is one choice of a Response.
type Choice struct {
	Index     int
	Content   string
	ToolCalls []any // nil = None
}

// A Chunk is one chat.completion.chunk of a streamed response.
type Chunk struct {
	ID      string
	Created int64
	Model   string
	// Content is the delta text of every choice; Final marks the closing
	// chunk (finish_reason "stop", content None).
	Content string
	First   bool
	Final   bool
	N       int
}

// Value returns the response as LiteLLM's model_dump() shows it.
func (r *Response) Value() Object {
	if r.Raw != nil {
		return r.Raw
	}
	choices := make([]any, len(r.Choices))
	for i, c := range r.Choices {
		var tc any
		if c.ToolCalls != nil {
			tc = c.ToolCalls
		}
		choices[i] = Object{
			{"finish_reason", "stop"},
			{"index", float64(c.Index)},
			{"message", Object{
				{"content", c.Content},
				{"role", "assistant"},
				{"tool_calls", tc},
				{"function_call", nil},
				{"provider_specific_fields", nil},
			}},
		}
	}
	return Object{
		{"id", r.ID},
		{"created", float64(r.Created)},
		{"model", r.Model},
		{"object", "chat.completion"},
		{"system_fingerprint", nil},
		{"choices", choices},
		{"usage", Object{
			{"completion_tokens", float64(MockCompletionTokens)},
			{"prompt_tokens", float64(MockPromptTokens)},
			{"total_tokens", float64(MockPromptTokens + MockCompletionTokens)},
			{"completion_tokens_details", nil},
			{"prompt_tokens_details", nil},
		}},
	}
}

// Value returns the chunk as the stream wrapper yields it.
func (c *Chunk) Value() Object {
	choices := make([]any, c.N)
	for i := range choices {
		var content, role, finish any
		if c.Final {
			finish = "stop"
		} else {
			content = c.Content
			if c.First {
				role = "assistant"
			}
		}
		choices[i] = Object{
			{"delta", Object{
				{"content", content},
				{"role", role},
				{"audio", nil},
				{"function_call", nil},
				{"tool_calls", nil},
				{"provider_specific_fields", nil},
			}},
			{"finish_reason", finish},
			{"index", float64(i)},
			{"logprobs", nil},
		}
	}
	o := Object{
		{"id", c.ID},
		{"created", float64(c.Created)},
		{"model", c.Model},
		{"object", "chat.completion.chunk"},
		{"system_fingerprint", nil},
		{"provider_specific_fields", nil},
		{"choices", choices},
	}
	if !c.Final {
		o = append(o, Member{"citations", nil})
	}
	return o
}

// newCompletionID returns "chatcmpl-" + a random (version 4) UUID.
func newCompletionID() string {
	var u [16]byte
	a, b := rand.Uint64(), rand.Uint64()
	for i := 0; i < 8; i++ {
		u[i] = byte(a >> (8 * i))
		u[8+i] = byte(b >> (8 * i))
	}
	u[6] = u[6]&0x0f | 0x40
	u[8] = u[8]&0x3f | 0x80
	var buf [9 + 36]byte
	copy(buf[:], "chatcmpl-")
	d := buf[9:]
	hex.Encode(d[0:8], u[0:4])
	d[8] = '-'
	hex.Encode(d[9:13], u[4:6])
	d[13] = '-'
	hex.Encode(d[14:18], u[6:8])
	d[18] = '-'
	hex.Encode(d[19:23], u[8:10])
	d[23] = '-'
	hex.Encode(d[24:], u[10:])
	return string(buf[:])
}

// mockCompletion is LiteLLM's mock_completion (§8) followed by the cost the
// logging layer computes (§7).
func mockCompletion(ctx context.Context, cat *Catalog, st *Settings, req *Request, r Resolved, res *Result) error {
	text := defaultMockText
	switch m := req.MockResponse.(type) {
	case string:
		if err := mockError(m, r.Provider); err != nil {
			if req.Stream() && strings.HasPrefix(m, "Exception: mock_streaming_error") {
				res.StreamErr = err
				return nil
			}
			return err
		}
		text = m
	case Object:
		res.Response = &Response{Raw: m}
		return nil
	}
	n := 1
	if f, ok := req.Params[PN].(float64); ok && f >= 1 {
		n = int(f)
	}
	id, created := newCompletionID(), time.Now().Unix()
	if req.Stream() {
		for i := 0; i < len(text); i += 3 {
			end := min(i+3, len(text))
			res.Chunks = append(res.Chunks, &Chunk{ID: id, Created: created, Model: r.Model, Content: text[i:end], First: i == 0, N: n})
		}
		res.Chunks = append(res.Chunks, &Chunk{ID: id, Created: created, Model: r.Model, Final: true, N: n, First: len(text) == 0})
	} else {
		resp := &Response{ID: id, Created: created, Model: r.Model, Choices: make([]Choice, n)}
		for i := range resp.Choices {
			resp.Choices[i] = Choice{Index: i, Content: text}
		}
		if req.MockToolCalls != nil {
			resp.Choices[0].ToolCalls = req.MockToolCalls
		}
		res.Response = resp
	}
	res.Cost, res.CostKnown = completionCost(cat, st, r, text, n)
	return nil
}

// mockError maps LiteLLM's magic mock_response strings to the errors they
// raise.
func mockError(m, provider string) error {
	switch {
	case m == "litellm.RateLimitError":
		return newError("RateLimitError", 429, provider, "this is a mock rate limit error")
	case m == "litellm.ContextWindowExceededError":
		return newError("ContextWindowExceededError", 400, provider, "litellm.BadRequestError: this is a mock context window exceeded error")
	case m == "litellm.InternalServerError":
		return newError("InternalServerError", 500, provider, "this is a mock internal server error")
	case strings.HasPrefix(m, "Exception: content_filter_policy"):
		if provider == "azure" {
			return newError("ContentPolicyViolationError", 400, "azure", "AzureException - litellm.MockException: %s", m)
		}
		return newError("BadRequestError", 400, "openai", "OpenAIException - litellm.MockException: %s", m)
	case strings.HasPrefix(m, "Exception: mock_streaming_error"):
		return newError("APIError", 529, "anthropic", "This is a mock error raised mid-stream")
	}
	return nil
}

// completionCost prices a mock response (10 prompt tokens, 20 completion
// tokens) from the catalog as completion_cost does. The costing provider is
// get_llm_provider(<stripped model>) when that resolves (§11 C7).
func completionCost(cat *Catalog, st *Settings, r Resolved, text string, n int) (float64, bool) {
	provider := r.Provider
	if rr, err := getLLMProvider(cat, st, r.Model, "", ""); err == nil {
		provider = rr.Provider
	}
	m := lookupModelInfo(cat, r.Model, provider)
	if m == nil {
		return 0, false
	}
	prompt := MockPromptTokens * m.InputCostPerToken
	completion := MockCompletionTokens * m.OutputCostPerToken
	if strings.HasPrefix(provider, "vertex_ai") && m.OutputCostPerCharacter > 0 {
		chars := 0
		for _, c := range text {
			if !unicode.IsSpace(c) {
				chars++
			}
		}
		completion = float64(chars*n) * m.OutputCostPerCharacter
	}
	return prompt + completion, true
}
