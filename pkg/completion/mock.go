package completion

import (
	"context"
	"encoding/hex"
	"errors"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Mock usage counts: DEFAULT_MOCK_RESPONSE_PROMPT_TOKEN_COUNT and
// DEFAULT_MOCK_RESPONSE_COMPLETION_TOKEN_COUNT.
const (
	MockPromptTokens     = 10
	MockCompletionTokens = 20
)

// MaxMockChoices is the largest n a mock response is built with.
const MaxMockChoices = 10000

// defaultMockText is what mock_completion answers when mock_response is None.
const defaultMockText = "This is a mock request"

// mockChunkRunes is the size of a mock stream's content chunks, in characters.
const mockChunkRunes = 3

// errNoMock is returned for a request that LiteLLM would send to the real
// provider: mock_response and mock_tool_calls are both missing or falsy.
var errNoMock = errors.New("request has no mock_response: llmbench never calls a real provider")

// A Response is a non-streamed chat.completion object as LiteLLM's mock
// returns it. It is kept in a compact form; Value renders it.
type Response struct {
	ID      string
	Created int64
	Model   string
	// Content is every choice's message.content; N is the number of choices.
	Content string
	N       int
	// ToolCalls are choices[0].message.tool_calls (nil = None), each one a
	// ChatCompletionMessageToolCall as LiteLLM normalises mock_tool_calls.
	ToolCalls []any
	// Raw is set when mock_response was a response dict: ModelResponse(**dict),
	// already normalised; Value returns it.
	Raw Object
	// Provider is _hidden_params["custom_llm_provider"]: get_llm_provider of
	// the stripped model, "" when that raised (the key is then absent).
	Provider string
}

// A Chunk is one chat.completion.chunk of a streamed response, as the
// CustomStreamWrapper yields it to the caller.
type Chunk struct {
	ID      string
	Created int64
	Model   string
	// Content is the delta text of every choice of a content chunk.
	Content string
	// N is the number of choices of a content chunk.
	N int
	// First marks the first content chunk (choices[0].delta.role "assistant");
	// Final marks the closing chunk (one choice, finish_reason "stop").
	First bool
	Final bool
	// Usage marks the chunk the wrapper sends after the closing one when
	// stream_options.include_usage is true: one empty choice and the usage
	// of PromptTokens and CompletionTokens.
	Usage                          bool
	PromptTokens, CompletionTokens int
}

// Value returns the response as LiteLLM's model_dump() shows it.
func (r *Response) Value() Object {
	if r.Raw != nil {
		return r.Raw
	}
	choices := make([]any, r.N)
	for i := range choices {
		var tc any
		if i == 0 && r.ToolCalls != nil {
			tc = r.ToolCalls
		}
		choices[i] = Object{
			{"finish_reason", "stop"},
			{"index", float64(i)},
			{"message", Object{
				{"content", r.Content},
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

// Value returns the chunk as LiteLLM's CustomStreamWrapper yields it: only
// choices[0] of the first chunk carries role "assistant" (the wrapper strips
// it from later chunks' first choice only), content chunks carry citations:
// null, the closing chunk has one choice and no citations.
func (c *Chunk) Value() Object {
	n := c.N
	if c.Final || c.Usage {
		n = 1
	}
	choices := make([]any, n)
	for i := range choices {
		var content, role, finish any
		if c.Final {
			finish = "stop"
		} else if !c.Usage {
			content = c.Content
			if i > 0 || c.First {
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
	switch {
	case c.Usage:
		o = append(o, Member{"usage", Object{
			{"completion_tokens", float64(c.CompletionTokens)},
			{"prompt_tokens", float64(c.PromptTokens)},
			{"total_tokens", float64(c.PromptTokens + c.CompletionTokens)},
			{"completion_tokens_details", Object{
				{"accepted_prediction_tokens", nil},
				{"audio_tokens", nil},
				{"reasoning_tokens", 0.0},
				{"rejected_prediction_tokens", nil},
				{"text_tokens", nil},
				{"image_tokens", nil},
			}},
			{"prompt_tokens_details", nil},
		}})
	case !c.Final:
		o = append(o, Member{"citations", nil})
	}
	return o
}

// newUUID4 returns a random (version 4) UUID in canonical form.
func newUUID4() string {
	var buf [36]byte
	putUUID4(buf[:])
	return string(buf[:])
}

func putUUID4(d []byte) {
	var u [16]byte
	a, b := rand.Uint64(), rand.Uint64()
	for i := 0; i < 8; i++ {
		u[i] = byte(a >> (8 * i))
		u[8+i] = byte(b >> (8 * i))
	}
	u[6] = u[6]&0x0f | 0x40
	u[8] = u[8]&0x3f | 0x80
	hex.Encode(d[0:8], u[0:4])
	d[8] = '-'
	hex.Encode(d[9:13], u[4:6])
	d[13] = '-'
	hex.Encode(d[14:18], u[6:8])
	d[18] = '-'
	hex.Encode(d[19:23], u[8:10])
	d[23] = '-'
	hex.Encode(d[24:], u[10:])
}

// newCompletionID returns "chatcmpl-" + a random (version 4) UUID.
func newCompletionID() string {
	var buf [9 + 36]byte
	copy(buf[:], "chatcmpl-")
	putUUID4(buf[9:])
	return string(buf[:])
}

// mockCompletion is LiteLLM's mock_completion followed by the cost the
// logging layer computes (response_cost from completion_cost).
func mockCompletion(ctx context.Context, cat *Catalog, st *Settings, req *Request, r Resolved, res *Result) error {
	if err := mockResponse(ctx, cat, st, req, r, res); err != nil {
		return err
	}
	priceResponse(cat, r, res)
	return nil
}

// pendingCost is what the cost stage needs to know about a mock response.
type pendingCost struct {
	ok     bool // a text response was built and is still to be priced
	hidden string
	tier   string
	text   string
	n      int
}

// priceResponse runs the cost stage for the response mockResponse built.
func priceResponse(cat *Catalog, r Resolved, res *Result) {
	pc := &res.sc.cost
	if !pc.ok {
		return
	}
	res.Cost, res.CostKnown = completionCost(cat, r, pc.hidden, pc.tier, pc.text, pc.n)
}

// mockResponse is LiteLLM's mock_completion: the response object, the
// stream chunks or the error a magic mock string asks for. The cost of a
// text response is left to priceResponse.
func mockResponse(ctx context.Context, cat *Catalog, st *Settings, req *Request, r Resolved, res *Result) error {
	res.sc.cost = pendingCost{}
	// completion(): `if mock_response or mock_tool_calls` -- Python truthiness:
	// an empty string or dict is no mock. An explicit null is taken as
	// mock_completion's None ("This is a mock request"); LiteLLM would call
	// the provider, which llmbench never does.
	hasTools := len(req.MockToolCalls) > 0
	text := defaultMockText
	switch m := req.MockResponse.(type) {
	case string:
		if m == "" && !hasTools {
			return errNoMock
		}
		if err := mockError(m, r); err != nil {
			if req.Stream() && strings.HasPrefix(m, "Exception: mock_streaming_error") {
				// Raised by the stream's first read, before any chunk, and
				// mapped with the wrapper's provider "openai".
				res.StreamErr = mockStreamingError("openai")
				res.Chunks = []*Chunk{}
				return nil
			}
			return err
		}
		text = m
	case Object:
		if len(m) == 0 && !hasTools {
			return errNoMock
		}
		return mockDictResponse(cat, m, r, serviceTier(res.OptionalParams), res)
	}

	// n: None gives one choice; an int gives range(n) choices; a float
	// (n=2.0) makes range() raise, when the stream is first read for a
	// stream (mapped with the wrapper's provider "openai", no chunk).
	if _, ok := req.Params[PN].(Float); ok {
		const msg = "'float' object cannot be interpreted as an integer"
		if req.Stream() {
			res.StreamErr = mapException("openai", 0, msg, false)
			res.Chunks = []*Chunk{}
			return nil
		}
		return mockFailure(r, msg)
	}
	n := 1
	if f, ok := Num(req.Params[PN]); ok {
		if f > MaxMockChoices {
			// LiteLLM would try to build them all and exhaust memory.
			return mockFailure(r, "n="+strconv.FormatFloat(f, 'f', -1, 64)+" is more choices than llmbench's mock builds ("+
				strconv.Itoa(MaxMockChoices)+")")
		}
		n = max(int(f), 0)
	}
	var toolCalls []any
	if hasTools && !req.Stream() { // a stream returns before the tool calls are read
		if n == 0 {
			return mockFailure(r, "list index out of range")
		}
		var err error
		if toolCalls, err = normalizeToolCalls(req.MockToolCalls); err != nil {
			return mockFailure(r, err.Error())
		}
	}

	id, created := newCompletionID(), time.Now().Unix()
	hidden := hiddenProvider(cat, st, r)
	if req.Stream() {
		res.Chunks = mockChunks(id, created, r, text, n)
		if includeUsage(req) {
			last := res.Chunks[len(res.Chunks)-1]
			res.Chunks = append(res.Chunks, &Chunk{ID: id, Created: created, Model: last.Model, Usage: true,
				PromptTokens: promptTokens(req.Messages), CompletionTokens: len(text) * n})
		}
	} else {
		res.Response = &Response{ID: id, Created: created, Model: r.Model, Content: text, N: n,
			ToolCalls: toolCalls, Provider: hidden}
	}
	res.sc.cost = pendingCost{ok: true, hidden: hidden, tier: serviceTier(res.OptionalParams), text: text, n: n}
	return nil
}

// includeUsage reports LiteLLM's stream wrapper check_send_stream_usage on
// the request's stream_options: include_usage is True.
func includeUsage(req *Request) bool {
	o, ok := req.Params[PStreamOptions].(Object)
	if !ok {
		return false
	}
	v, _ := o.Get("include_usage")
	b, _ := v.(bool)
	return b
}

// defaultMessages are the messages of a request that gives none, as the case
// format (and LiteLLM's driver) runs it.
var defaultMessages = []any{Object{{"role", "user"}, {"content", "hello"}}}

// promptTokens is token_counter(messages=...) as the stream chunk builder
// computes a usage chunk's prompt_tokens with the tokenizer of the LiteLLM
// bundle llmbench is checked against (one token per UTF-8 byte, see
// ../shared/litellm/README.md): 3 per message, the bytes of every string
// value (and of every text part of a content list), 1 more for a name, and
// 3 for the reply's priming. completion_tokens is the bytes of every
// choice's text.
func promptTokens(messages []any) int {
	if messages == nil {
		messages = defaultMessages
	}
	n := 3
	for _, m := range messages {
		msg, ok := m.(Object)
		if !ok {
			continue
		}
		n += 3
		for _, kv := range msg {
			switch v := kv.Value.(type) {
			case string:
				n += len(v)
				if kv.Key == "name" {
					n++
				}
			case []any:
				if kv.Key != "content" {
					continue
				}
				for _, part := range v {
					if p, ok := part.(Object); ok {
						if t, _ := p.Get("type"); t == "text" {
							s, _ := p.Get("text")
							if str, ok := s.(string); ok {
								n += len(str)
							}
						}
					}
				}
			}
		}
	}
	return n
}

// mockChunks is what the caller reads from the CustomStreamWrapper around
// mock_completion_streaming_obj: the text in chunks of three characters,
// then the closing chunk. The wrapper is created with provider "openai", so
// the closing chunk's model gets the real provider's prefix.
func mockChunks(id string, created int64, r Resolved, text string, n int) []*Chunk {
	count := 0
	if n > 0 {
		count = (utf8.RuneCountInString(text) + mockChunkRunes - 1) / mockChunkRunes
	}
	buf := make([]Chunk, count+1)
	out := make([]*Chunk, count+1)
	i := 0
	for k := 0; k < count; k++ {
		j := i
		for c := 0; c < mockChunkRunes && j < len(text); c++ {
			_, size := utf8.DecodeRuneInString(text[j:])
			j += size
		}
		buf[k] = Chunk{ID: id, Created: created, Model: r.Model, Content: text[i:j], N: n, First: k == 0}
		out[k] = &buf[k]
		i = j
	}
	// The stream wrapper names the model "<provider>/<model>" in its last
	// chunk unless the provider is openai, the one it was created with; a
	// request that resolved no provider gets "None/<model>".
	final := r.Model
	if r.Provider != "openai" {
		final = pyStrOrNone(r.Provider) + "/" + r.Model
	}
	buf[count] = Chunk{ID: id, Created: created, Model: final, Final: true}
	out[count] = &buf[count]
	return out
}

// mockError maps LiteLLM's magic mock_response strings to the errors
// completion() raises for them.
func mockError(m string, r Resolved) error {
	provider := r.Provider
	if provider == "" {
		provider = "openai"
	}
	switch {
	case m == "litellm.RateLimitError":
		return newError("RateLimitError", 429, provider, "this is a mock rate limit error")
	case m == "litellm.ContextWindowExceededError":
		return newError("ContextWindowExceededError", 400, provider,
			"litellm.BadRequestError: this is a mock context window exceeded error")
	case m == "litellm.InternalServerError":
		return newError("InternalServerError", 500, provider, "this is a mock internal server error")
	case strings.HasPrefix(m, "Exception: content_filter_policy"):
		// MockException(400, llm_provider="azure"), mapped by exception_type
		// under the request's provider.
		return mapException(r.Provider, 400, "litellm.MockException: "+m, true)
	case strings.HasPrefix(m, "Exception: mock_streaming_error"):
		// MockException(529). Streamed: raised while the stream is read and
		// mapped with the wrapper's provider "openai"; otherwise raised by
		// mock_completion and mapped with the request's provider.
		return mockStreamingError(r.Provider)
	}
	return nil
}

const mockStreamingMessage = "litellm.MockException: This is a mock error raised mid-stream"

func mockStreamingError(provider string) *Error {
	return mapException(provider, 529, mockStreamingMessage, true)
}

// mockFailure is mock_completion's `raise Exception("Mock completion response
// failed - {e}")`, mapped by completion()'s exception_type.
func mockFailure(r Resolved, cause string) error {
	return mapException(r.Provider, 0, "Mock completion response failed - "+cause, false)
}

// normalizeToolCalls is [ChatCompletionMessageToolCall(**tc) for tc in
// mock_tool_calls]: function becomes a Function (arguments "" when None, a
// dict JSON-encoded), id defaults to a random UUID, type to "function".
func normalizeToolCalls(calls []any) ([]any, error) {
	out := make([]any, len(calls))
	for i, c := range calls {
		tc, ok := c.(Object)
		if !ok {
			return nil, errors.New("litellm.types.utils.ChatCompletionMessageToolCall() argument after ** must be a mapping, not " + pyTypeName(c))
		}
		fn, ok := tc.Get("function")
		if !ok {
			return nil, errors.New("ChatCompletionMessageToolCall.__init__() missing 1 required positional argument: 'function'")
		}
		o := Object{{"function", normalizeFunction(fn)}}
		if id, _ := tc.Get("id"); id != nil {
			o = append(o, Member{"id", id})
		} else {
			o = append(o, Member{"id", newUUID4()})
		}
		if t, _ := tc.Get("type"); t != nil {
			o = append(o, Member{"type", t})
		} else {
			o = append(o, Member{"type", "function"})
		}
		for _, m := range tc {
			if m.Key != "function" && m.Key != "id" && m.Key != "type" {
				o = append(o, m)
			}
		}
		out[i] = o
	}
	return out, nil
}

// normalizeFunction is Function(**function) / FunctionCall(**function_call).
func normalizeFunction(fn any) any {
	f, ok := fn.(Object)
	if !ok {
		return fn
	}
	var args any = ""
	if a, _ := f.Get("arguments"); a != nil {
		if obj, isObj := a.(Object); isObj {
			args = pyJSONDumps(obj)
		} else {
			args = a
		}
	}
	name, _ := f.Get("name")
	o := Object{{"arguments", args}, {"name", name}}
	for _, m := range f {
		if m.Key != "arguments" && m.Key != "name" {
			o = append(o, m)
		}
	}
	return o
}
