package completion

import (
	"context"
	"encoding/hex"
	"errors"
	"math"
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

// Value returns the chunk as the stream wrapper yields it (reference §11.1
// C6): only choices[0] of the first chunk carries role "assistant" (the
// wrapper strips it from later chunks' first choice only), content chunks
// carry citations: null, the closing chunk has one choice and no citations.
func (c *Chunk) Value() Object {
	n := c.N
	if c.Final {
		n = 1
	}
	choices := make([]any, n)
	for i := range choices {
		var content, role, finish any
		if c.Final {
			finish = "stop"
		} else {
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
	if !c.Final {
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

// mockCompletion is LiteLLM's mock_completion (§8) followed by the cost the
// logging layer computes (§7, §11.1 C7).
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

// mockResponse is LiteLLM's mock_completion (§8): the response object, the
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

	// n: None gives one choice; an int gives range(n) choices.
	n := 1
	if f, ok := req.Params[PN].(float64); ok {
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
	} else {
		res.Response = &Response{ID: id, Created: created, Model: r.Model, Content: text, N: n,
			ToolCalls: toolCalls, Provider: hidden}
	}
	res.sc.cost = pendingCost{ok: true, hidden: hidden, tier: serviceTier(res.OptionalParams), text: text, n: n}
	return nil
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
	final := r.Model
	if r.Provider != "openai" && r.Provider != "" {
		final = r.Provider + "/" + r.Model
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

// mockDictResponse is mock_completion's `return ModelResponse(**mock_response)`
// and the cost the logging layer computes for it.
func mockDictResponse(cat *Catalog, m Object, r Resolved, tier string, res *Result) error {
	resp := normalizeModelResponse(m)
	res.Response = &Response{Raw: resp}
	model := r.Model
	if mv, _ := resp.Get("model"); mv != nil {
		s, ok := mv.(string)
		if !ok {
			return nil // LiteLLM's cost calculation raises: response_cost None
		}
		model = s
	}
	var u Usage
	if uv, ok := resp.Get("usage"); ok {
		if uo, ok := uv.(Object); ok {
			u.PromptTokens = numberOr0(uo, "prompt_tokens")
			u.CompletionTokens = numberOr0(uo, "completion_tokens")
		}
	}
	chars := 0
	if cv, ok := resp.Get("choices"); ok {
		list, _ := cv.([]any)
		for _, c := range list {
			co, _ := c.(Object)
			msg, _ := co.Get("message")
			mo, _ := msg.(Object)
			switch content, _ := mo.Get("content"); s := content.(type) {
			case string:
				chars += countCharacters(s)
			case nil:
			default:
				return nil // str += list raises: response_cost None
			}
		}
	}
	res.Cost, res.CostKnown = responseCost(cat, r, model, "", tier, u, chars)
	return nil
}

func numberOr0(o Object, key string) float64 {
	v, _ := o.Get(key)
	f, _ := v.(float64)
	return f
}

// normalizeModelResponse is ModelResponse(**d) for a non-streaming response:
// object "chat.completion", a new id and created time when missing, choices
// as Choices, usage as Usage (zeros when missing); other keys are kept.
func normalizeModelResponse(d Object) Object {
	get := func(k string) any { v, _ := d.Get(k); return v }
	id := get("id")
	if id == nil {
		id = newCompletionID()
	}
	created := get("created")
	if created == nil {
		created = float64(time.Now().Unix())
	}
	var choices []any
	if cl, ok := get("choices").([]any); ok {
		choices = make([]any, len(cl))
		for i, c := range cl {
			if co, ok := c.(Object); ok {
				choices[i] = normalizeChoice(co)
			} else {
				choices[i] = c
			}
		}
	} else {
		choices = []any{normalizeChoice(nil)}
	}
	usage := normalizeUsage(nil)
	if uo, ok := get("usage").(Object); ok {
		usage = normalizeUsage(uo)
	}
	out := Object{
		{"id", id},
		{"created", created},
		{"model", get("model")},
		{"object", "chat.completion"},
		{"system_fingerprint", get("system_fingerprint")},
		{"choices", choices},
		{"usage", usage},
	}
	for _, m := range d {
		switch m.Key {
		case "id", "created", "model", "object", "system_fingerprint", "choices", "usage", "stream",
			"stream_options", "response_ms", "hidden_params", "_response_headers":
		default:
			out = append(out, m)
		}
	}
	return out
}

// normalizeChoice is Choices(**c).
func normalizeChoice(c Object) Object {
	get := func(k string) any { v, _ := c.Get(k); return v }
	finish := any("stop")
	if f := get("finish_reason"); f != nil {
		if s, ok := f.(string); ok {
			finish = mapFinishReason(s)
		} else {
			finish = f
		}
	}
	index := get("index")
	if index == nil {
		index = float64(0)
	}
	var msg any = normalizeMessage(nil)
	if mo, ok := get("message").(Object); ok {
		msg = normalizeMessage(mo)
	} else if m := get("message"); m != nil {
		msg = m
	}
	out := Object{{"finish_reason", finish}, {"index", index}, {"message", msg}}
	for _, k := range [...]string{"logprobs", "enhancements", "provider_specific_fields"} {
		if v := get(k); v != nil {
			out = append(out, Member{k, v})
		}
	}
	for _, m := range c {
		switch m.Key {
		case "finish_reason", "index", "message", "logprobs", "enhancements", "provider_specific_fields":
		default:
			out = append(out, m)
		}
	}
	return out
}

// normalizeMessage is Message(**m).
func normalizeMessage(m Object) Object {
	get := func(k string) any { v, _ := m.Get(k); return v }
	role := get("role")
	if s, _ := role.(string); s == "" {
		role = "assistant"
	}
	var fc any
	if f := get("function_call"); f != nil {
		fc = normalizeFunction(f)
	}
	var tcs any
	if l, ok := get("tool_calls").([]any); ok && len(l) > 0 {
		norm := make([]any, len(l))
		for i, t := range l {
			if to, ok := t.(Object); ok {
				o := Object{}
				if fn, ok := to.Get("function"); ok {
					o = append(o, Member{"function", normalizeFunction(fn)})
				}
				if id, _ := to.Get("id"); id != nil {
					o = append(o, Member{"id", id})
				} else {
					o = append(o, Member{"id", newUUID4()})
				}
				if ty, _ := to.Get("type"); ty != nil {
					o = append(o, Member{"type", ty})
				} else {
					o = append(o, Member{"type", "function"})
				}
				for _, mm := range to {
					if mm.Key != "function" && mm.Key != "id" && mm.Key != "type" {
						o = append(o, mm)
					}
				}
				norm[i] = o
			} else {
				norm[i] = t
			}
		}
		tcs = norm
	}
	out := Object{
		{"content", get("content")},
		{"role", role},
		{"tool_calls", tcs},
		{"function_call", fc},
	}
	for _, k := range [...]string{"audio", "images", "reasoning_content", "thinking_blocks", "annotations"} {
		if v := get(k); v != nil {
			out = append(out, Member{k, v})
		}
	}
	out = append(out, Member{"provider_specific_fields", get("provider_specific_fields")})
	for _, mm := range m {
		switch mm.Key {
		case "content", "role", "tool_calls", "function_call", "audio", "images", "reasoning_content",
			"thinking_blocks", "annotations", "provider_specific_fields":
		default:
			out = append(out, mm)
		}
	}
	return out
}

// normalizeUsage is Usage(**u): token counts default to 0, empty details to
// None, cost only when given; other keys are kept.
func normalizeUsage(u Object) Object {
	get := func(k string) any { v, _ := u.Get(k); return v }
	count := func(k string) any {
		if f, ok := get(k).(float64); ok && f != 0 {
			return f
		}
		return float64(0)
	}
	details := func(k string) any {
		if o, ok := get(k).(Object); ok && len(o) > 0 {
			return o
		}
		return nil
	}
	out := Object{
		{"completion_tokens", count("completion_tokens")},
		{"prompt_tokens", count("prompt_tokens")},
		{"total_tokens", count("total_tokens")},
		{"completion_tokens_details", details("completion_tokens_details")},
		{"prompt_tokens_details", details("prompt_tokens_details")},
	}
	for _, k := range [...]string{"server_tool_use", "cost"} {
		if v := get(k); v != nil {
			out = append(out, Member{k, v})
		}
	}
	for _, m := range u {
		switch m.Key {
		case "completion_tokens", "prompt_tokens", "total_tokens", "completion_tokens_details",
			"prompt_tokens_details", "server_tool_use", "cost", "reasoning_tokens":
		default:
			out = append(out, m)
		}
	}
	return out
}

// mapFinishReason is LiteLLM's map_finish_reason.
func mapFinishReason(s string) string {
	switch s {
	case "stop_sequence", "COMPLETE", "ERROR", "eos_token", "FINISH_REASON_UNSPECIFIED", "STOP", "end_turn":
		return "stop"
	case "MAX_TOKENS", "max_tokens":
		return "length"
	case "ERROR_TOXIC", "SAFETY", "RECITATION", "content_filtered":
		return "content_filter"
	case "tool_use":
		return "tool_calls"
	}
	return s
}

// pyTypeName is type(v).__name__ for a decoded JSON value.
func pyTypeName(v any) string {
	switch x := v.(type) {
	case nil:
		return "NoneType"
	case bool:
		return "bool"
	case float64:
		if x == math.Trunc(x) && math.Abs(x) < 1e16 {
			return "int"
		}
		return "float"
	case string:
		return "str"
	case []any:
		return "list"
	}
	return "dict"
}

// pyJSONDumps is Python's json.dumps(v) with its default separators and
// ensure_ascii.
func pyJSONDumps(v any) string {
	var b []byte
	b = appendPyJSON(b, v)
	return string(b)
}

func appendPyJSON(b []byte, v any) []byte {
	switch x := v.(type) {
	case nil:
		return append(b, "null"...)
	case bool:
		if x {
			return append(b, "true"...)
		}
		return append(b, "false"...)
	case float64:
		return appendPyFloat(b, x)
	case string:
		return appendPyString(b, x)
	case []any:
		b = append(b, '[')
		for i, e := range x {
			if i > 0 {
				b = append(b, ", "...)
			}
			b = appendPyJSON(b, e)
		}
		return append(b, ']')
	case Object:
		b = append(b, '{')
		for i, m := range x {
			if i > 0 {
				b = append(b, ", "...)
			}
			b = appendPyString(b, m.Key)
			b = append(b, ": "...)
			b = appendPyJSON(b, m.Value)
		}
		return append(b, '}')
	}
	return append(b, "null"...)
}

// appendPyFloat renders a JSON number as Python would after json.loads: an
// integral value as an int, otherwise repr(float).
func appendPyFloat(b []byte, f float64) []byte {
	switch {
	case math.IsNaN(f):
		return append(b, "NaN"...)
	case math.IsInf(f, 1):
		return append(b, "Infinity"...)
	case math.IsInf(f, -1):
		return append(b, "-Infinity"...)
	case f == math.Trunc(f) && math.Abs(f) < 1e16:
		return strconv.AppendInt(b, int64(f), 10)
	}
	exp := 0
	if f != 0 {
		exp = int(math.Floor(math.Log10(math.Abs(f))))
	}
	if exp < -4 || exp >= 16 {
		s := strconv.FormatFloat(f, 'e', -1, 64) // 1e-05, 1.5e+20
		mant, e, _ := strings.Cut(s, "e")
		sign := e[0]
		digits := strings.TrimLeft(e[1:], "0")
		if len(digits) < 2 {
			digits = strings.Repeat("0", 2-len(digits)) + digits
		}
		b = append(b, mant...)
		b = append(b, 'e', sign)
		return append(b, digits...)
	}
	return strconv.AppendFloat(b, f, 'f', -1, 64)
}

// appendPyString renders s as json.dumps does with ensure_ascii=True.
func appendPyString(b []byte, s string) []byte {
	const hexDigits = "0123456789abcdef"
	b = append(b, '"')
	for _, r := range s {
		switch {
		case r == '"':
			b = append(b, '\\', '"')
		case r == '\\':
			b = append(b, '\\', '\\')
		case r == '\n':
			b = append(b, '\\', 'n')
		case r == '\r':
			b = append(b, '\\', 'r')
		case r == '\t':
			b = append(b, '\\', 't')
		case r == '\b':
			b = append(b, '\\', 'b')
		case r == '\f':
			b = append(b, '\\', 'f')
		case r < 0x20 || (r >= 0x7f && r < 0x10000):
			b = append(b, '\\', 'u', hexDigits[r>>12&0xf], hexDigits[r>>8&0xf], hexDigits[r>>4&0xf], hexDigits[r&0xf])
		case r >= 0x10000:
			r -= 0x10000
			hi, lo := 0xd800+(r>>10), 0xdc00+(r&0x3ff)
			b = append(b, '\\', 'u', hexDigits[hi>>12&0xf], hexDigits[hi>>8&0xf], hexDigits[hi>>4&0xf], hexDigits[hi&0xf])
			b = append(b, '\\', 'u', hexDigits[lo>>12&0xf], hexDigits[lo>>8&0xf], hexDigits[lo>>4&0xf], hexDigits[lo&0xf])
		default:
			b = append(b, byte(r))
		}
	}
	return append(b, '"')
}

// mapException is LiteLLM's exception_type (exception_mapping_utils) for the
// exceptions a mock raises: a MockException (status, message "litellm.
// MockException: ...", with a request) or a plain Exception (status 0, no
// request). provider is completion()'s custom_llm_provider.
func mapException(provider string, status int, message string, hasRequest bool) *Error {
	errorStr := message
	ep := provider + "Exception"
	if provider != "" {
		ep = strings.ToUpper(provider[:1]) + provider[1:] + "Exception"
	}
	raise := func(typ, msg, llmProvider string) *Error {
		return litellmError(typ, status, llmProvider, msg)
	}
	if strings.Contains(errorStr, "Request Timeout Error") || strings.Contains(errorStr, "Request timed out") ||
		strings.Contains(errorStr, "Timed out generating response") || strings.Contains(errorStr, "The read operation timed out") {
		return raise("Timeout", "APITimeoutError - Request timed out. Error_str: "+errorStr, provider)
	}
	capitalized := pyCapitalize(provider)
	var e *Error
	switch {
	case provider == "openai" || provider == "text-completion-openai" || provider == "custom_openai" ||
		inSet(openaiCompatibleProviders, provider) || provider == "mistral" || provider == "runwayml":
		e = mapOpenAIException(provider, status, message, errorStr)
	case provider == "anthropic" || provider == "anthropic_text":
		e = mapAnthropicException(status, errorStr)
	case provider == "replicate":
		e = mapStatus(status, map[int]statusMapping{
			400: {"BadRequestError", "ReplicateException - "}, 413: {"BadRequestError", "ReplicateException - "},
			401: {"AuthenticationError", "ReplicateException - "}, 422: {"UnprocessableEntityError", "ReplicateException - "},
			408: {"Timeout", "ReplicateException - "}, 429: {"RateLimitError", "ReplicateException - "},
			500: {"ServiceUnavailableError", "ReplicateException - "},
		}, message, "replicate")
		if e == nil {
			e = litellmError("APIError", 500, "replicate", "ReplicateException - "+errorStr)
		}
	case provider == "predibase" || provider == "databricks" || provider == "watsonx":
		p := capitalized + "Exception - "
		e = mapStatus(status, map[int]statusMapping{
			500: {"InternalServerError", p}, 401: {"AuthenticationError", p}, 403: {"PermissionDeniedError", p},
			400: {"BadRequestError", p}, 404: {"NotFoundError", p}, 408: {"Timeout", p}, 422: {"BadRequestError", p},
			424: {"BadRequestError", p}, 429: {"RateLimitError", p}, 503: {"ServiceUnavailableError", p}, 504: {"Timeout", p},
		}, message, provider)
	case provider == "bedrock":
		e = mapBedrockException(status, message, errorStr)
	case provider == "sagemaker" || provider == "sagemaker_chat":
		p := "SagemakerException - "
		e = mapStatus(status, map[int]statusMapping{
			500: {"ServiceUnavailableError", p}, 401: {"AuthenticationError", p}, 400: {"BadRequestError", p},
			404: {"NotFoundError", p}, 408: {"Timeout", p}, 422: {"BadRequestError", p}, 424: {"BadRequestError", p},
			429: {"RateLimitError", p}, 503: {"ServiceUnavailableError", p}, 504: {"Timeout", p},
		}, message, provider)
	case provider == "vertex_ai" || provider == "vertex_ai_beta" || provider == "gemini":
		e = mapVertexException(provider, capitalized, status, errorStr)
	case provider == "cohere" || provider == "cohere_chat":
		switch {
		case status == 400 || status == 498:
			e = litellmError("BadRequestError", status, "cohere", "CohereException - "+message)
		case status == 408:
			e = litellmError("Timeout", status, "cohere", "CohereException - "+message)
		case status == 500:
			e = litellmError("InternalServerError", status, "cohere", "CohereException - "+message)
		case status == 0:
			e = litellmError("APIConnectionError", 500, "cohere", message)
		}
	case provider == "azure" || provider == "azure_text":
		e = mapAzureException(ep, status, message, errorStr)
	}
	if e == nil && provider == "openrouter" {
		e = mapOpenrouterException(ep, status, errorStr)
	}
	if e != nil {
		return e
	}
	// Unmapped: APIConnectionError.
	if hasRequest {
		return litellmError("APIConnectionError", 500, provider, ep+" - "+errorStr)
	}
	return litellmError("APIConnectionError", 500, provider, errorStr)
}

// statusMapping is one "status code -> exception type and message prefix"
// line of a provider's exception mapping.
type statusMapping struct{ typ, prefix string }

func mapStatus(status int, m map[int]statusMapping, message, provider string) *Error {
	if s, ok := m[status]; ok {
		return litellmError(s.typ, status, provider, s.prefix+message)
	}
	return nil
}

// litellmError builds a LiteLLM exception of type typ constructed with
// message msg: str(e) is "litellm.<typ>: msg", except for the subclasses of
// BadRequestError whose constructors stack prefixes.
func litellmError(typ string, status int, provider, msg string) *Error {
	code := status
	switch typ {
	case "BadRequestError":
		code = 400
	case "AuthenticationError":
		code = 401
	case "PermissionDeniedError":
		code = 403
	case "NotFoundError":
		code = 404
	case "Timeout":
		code = 408
	case "UnprocessableEntityError":
		code = 422
	case "RateLimitError":
		code = 429
	case "InternalServerError", "APIConnectionError":
		code = 500
	case "BadGatewayError":
		code = 502
	case "ServiceUnavailableError":
		code = 503
	case "ContextWindowExceededError":
		// message = "litellm.BadRequestError: " + msg, then the own prefix.
		return &Error{Type: typ, StatusCode: 400, Provider: provider, Message: "litellm.BadRequestError: " + msg}
	case "ContentPolicyViolationError":
		// Own prefix first, then BadRequestError's: str(e) starts with
		// "litellm.BadRequestError: ".
		return &Error{Type: typ, StatusCode: 400, Provider: provider, Unprefixed: true,
			Message: "litellm.BadRequestError: litellm.ContentPolicyViolationError: " + msg}
	}
	return &Error{Type: typ, StatusCode: code, Provider: provider, Message: msg}
}

// pyCapitalize is Python's str.capitalize: first letter upper, the rest lower.
func pyCapitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + strings.ToLower(s[1:])
}

// contextWindowExceeded is ExceptionCheckers.is_error_str_context_window_exceeded.
func contextWindowExceeded(errorStr string) bool {
	l := strings.ToLower(errorStr)
	if strings.Contains(l, "string_above_max_length") ||
		(strings.Contains(l, "invalid 'user'") && strings.Contains(l, "string too long")) {
		return false
	}
	for _, s := range [...]string{"exceed context limit", "this model's maximum context length is",
		"string too long. expected a string with maximum length", "model's maximum context limit",
		"is longer than the model's context length", "input tokens exceed the configured limit",
		"`inputs` tokens + `max_new_tokens` must be", "exceeds the available context size",
		"exceeds the maximum number of tokens allowed"} {
		if strings.Contains(l, s) {
			return true
		}
	}
	return (strings.Contains(l, "current length is") && strings.Contains(l, "while limit is")) ||
		(strings.Contains(l, "maximum input length is") && strings.Contains(l, "tokens"))
}

// rateLimited is ExceptionCheckers.is_error_str_rate_limit.
func rateLimited(errorStr string, status int) bool {
	if (status == 0 || status == 429) && hasStandalone429(errorStr) {
		return true
	}
	l := strings.ToLower(errorStr)
	for i := strings.Index(l, "rate"); i >= 0; {
		j := i + 4
		for j < len(l) && (l[j] == ' ' || l[j] == '\t' || l[j] == '\n' || l[j] == '\r' || l[j] == '\f' ||
			l[j] == '\v' || l[j] == '_' || l[j] == '-') {
			j++
		}
		if strings.HasPrefix(l[j:], "limit") {
			return true
		}
		k := strings.Index(l[i+1:], "rate")
		if k < 0 {
			break
		}
		i += 1 + k
	}
	return strings.Contains(l, "service tier capacity exceeded")
}

// hasStandalone429 is re.search(r"\b429\b", s).
func hasStandalone429(s string) bool {
	isWord := func(c byte) bool {
		return c == '_' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80
	}
	for i := strings.Index(s, "429"); i >= 0; {
		if (i == 0 || !isWord(s[i-1])) && (i+3 == len(s) || !isWord(s[i+3])) {
			return true
		}
		k := strings.Index(s[i+1:], "429")
		if k < 0 {
			break
		}
		i += 1 + k
	}
	return false
}

func mapOpenAIException(provider string, status int, message, errorStr string) *Error {
	message = strings.ReplaceAll(message, "OPENAI", strings.ToUpper(provider))
	message = strings.ReplaceAll(message, "openai.OpenAIError", provider+"."+provider+"Error")
	ep := "OpenAIException"
	if provider != "openai" {
		ep = strings.ToUpper(provider[:1]) + provider[1:] + "Exception"
	}
	has := func(s string) bool { return strings.Contains(errorStr, s) }
	switch {
	case rateLimited(errorStr, status):
		return litellmError("RateLimitError", 429, provider, "RateLimitError: "+ep+" - "+message)
	case contextWindowExceeded(errorStr):
		return litellmError("ContextWindowExceededError", 400, provider, "ContextWindowExceededError: "+ep+" - "+message)
	case has("invalid_request_error") && has("model_not_found"):
		return litellmError("NotFoundError", 404, provider, ep+" - "+message)
	case has("A timeout occurred"):
		return litellmError("Timeout", 408, provider, ep+" - "+message)
	case (has("invalid_request_error") && has("content_policy_violation")) ||
		(has("Invalid prompt") && has("violating our usage policy")) ||
		strings.Contains(strings.ToLower(errorStr), "request was rejected as a result of the safety system"):
		return litellmError("ContentPolicyViolationError", 400, provider, "ContentPolicyViolationError: "+ep+" - "+message)
	case has("invalid_request_error") && !has("Incorrect API key provided"):
		return litellmError("BadRequestError", 400, provider, ep+" - "+message)
	case has("Web server is returning an unknown error") || has("The server had an error processing your request."):
		return litellmError("InternalServerError", 500, provider, ep+" - "+message)
	case has("Request too large"):
		return litellmError("RateLimitError", 429, provider, "RateLimitError: "+ep+" - "+message)
	case has("Mistral API raised a streaming error"):
		return litellmError("APIError", 500, provider, ep+" - "+message)
	}
	switch status {
	case 0:
		return litellmError("APIConnectionError", 500, provider, "APIConnectionError: "+ep+" - "+message)
	case 400, 422:
		return litellmError("BadRequestError", status, provider, ep+" - "+message)
	case 401:
		return litellmError("AuthenticationError", status, provider, "AuthenticationError: "+ep+" - "+message)
	case 404:
		return litellmError("NotFoundError", status, provider, "NotFoundError: "+ep+" - "+message)
	case 408, 504:
		return litellmError("Timeout", status, provider, "Timeout Error: "+ep+" - "+message)
	case 429:
		return litellmError("RateLimitError", status, provider, "RateLimitError: "+ep+" - "+message)
	case 500:
		return litellmError("InternalServerError", status, provider, "InternalServerError: "+ep+" - "+message)
	case 502:
		return litellmError("BadGatewayError", status, provider, "BadGatewayError: "+ep+" - "+message)
	case 503:
		return litellmError("ServiceUnavailableError", status, provider, "ServiceUnavailableError: "+ep+" - "+message)
	}
	return litellmError("APIError", status, provider, "APIError: "+ep+" - "+message)
}

func mapAnthropicException(status int, errorStr string) *Error {
	has := func(s string) bool { return strings.Contains(errorStr, s) }
	const p = "anthropic"
	switch {
	case has("prompt is too long") || has("prompt: length") || contextWindowExceeded(errorStr):
		return litellmError("ContextWindowExceededError", 400, p, "AnthropicError - "+errorStr)
	case has("overloaded_error") || has("Overloaded"):
		return litellmError("InternalServerError", 500, p, "AnthropicError - "+errorStr)
	case has("Invalid API Key"):
		return litellmError("AuthenticationError", 401, p, "AnthropicError - "+errorStr)
	case has("content filtering policy"):
		return litellmError("ContentPolicyViolationError", 400, p, "AnthropicError - "+errorStr)
	case has("Client error '400 Bad Request'"):
		return litellmError("BadRequestError", 400, p, "AnthropicError - "+errorStr)
	}
	switch status {
	case 401:
		return litellmError("AuthenticationError", status, p, "AnthropicException - "+errorStr)
	case 403:
		return litellmError("PermissionDeniedError", status, p, "AnthropicException - "+errorStr)
	case 400, 413:
		return litellmError("BadRequestError", status, p, "AnthropicException - "+errorStr)
	case 404:
		return litellmError("NotFoundError", status, p, "AnthropicException - "+errorStr)
	case 408:
		return litellmError("Timeout", status, p, "AnthropicException - "+errorStr)
	case 429:
		return litellmError("RateLimitError", status, p, "AnthropicException - "+errorStr)
	case 500, 529:
		return litellmError("InternalServerError", status, p,
			"AnthropicException - "+errorStr+". Handle with `litellm.InternalServerError`.")
	case 502:
		return litellmError("BadGatewayError", status, p, "AnthropicException BadGatewayError - "+errorStr)
	case 503:
		return litellmError("ServiceUnavailableError", status, p,
			"AnthropicException - "+errorStr+". Handle with `litellm.ServiceUnavailableError`.")
	case 504:
		return litellmError("Timeout", status, p, "AnthropicException Timeout - "+errorStr)
	}
	return nil
}

func mapBedrockException(status int, message, errorStr string) *Error {
	has := func(s string) bool { return strings.Contains(errorStr, s) }
	const p = "bedrock"
	switch {
	case has("too many tokens") || has("expected maxLength:") || has("Input is too long") ||
		has("prompt is too long") || has("prompt: length: 1..") || has("Too many input tokens"):
		return litellmError("ContextWindowExceededError", 400, p, "BedrockException: Context Window Error - "+errorStr)
	case has("Malformed input request"):
		return litellmError("BadRequestError", 400, p, "BedrockException - "+errorStr)
	case has("Unable to locate credentials") || has("The security token included in the request is invalid"):
		return litellmError("AuthenticationError", 401, p, "BedrockException Invalid Authentication - "+errorStr)
	case has("AccessDeniedException"):
		return litellmError("PermissionDeniedError", 403, p, "BedrockException PermissionDeniedError - "+errorStr)
	case has("throttlingException") || has("ThrottlingException"):
		return litellmError("RateLimitError", 429, p, "BedrockException: Rate Limit Error - "+errorStr)
	case has("Connect timeout on endpoint URL") || has("timed out"):
		return litellmError("Timeout", 408, p, "BedrockException: Timeout Error - "+errorStr)
	case has("Could not process image"):
		return litellmError("InternalServerError", 500, p, "BedrockException - "+errorStr)
	}
	return mapStatus(status, map[int]statusMapping{
		500: {"ServiceUnavailableError", "BedrockException - "}, 401: {"AuthenticationError", "BedrockException - "},
		400: {"BadRequestError", "BedrockException - "}, 404: {"NotFoundError", "BedrockException - "},
		408: {"Timeout", "BedrockException - "}, 422: {"BadRequestError", "BedrockException - "},
		429: {"RateLimitError", "BedrockException - "}, 503: {"ServiceUnavailableError", "BedrockException - "},
		504: {"Timeout", "BedrockException - "},
	}, message, p)
}

func mapVertexException(provider, capitalized string, status int, errorStr string) *Error {
	has := func(s string) bool { return strings.Contains(errorStr, s) }
	switch {
	case has("Vertex AI API has not been used in project") || has("Unable to find your project"):
		return litellmError("BadRequestError", 400, provider, "litellm.BadRequestError: "+provider+"Exception - "+errorStr)
	case has("400 Request payload size exceeds"):
		return litellmError("ContextWindowExceededError", 400, provider, capitalized+"Exception - "+errorStr)
	case contextWindowExceeded(errorStr):
		return litellmError("ContextWindowExceededError", 400, provider, "ContextWindowExceededError: "+capitalized+"Exception - "+errorStr)
	case has("None Unknown Error.") || has("Content has no parts."):
		return litellmError("InternalServerError", 500, provider, "litellm.InternalServerError: "+provider+"Exception - "+errorStr)
	case has("API key not valid."):
		return litellmError("AuthenticationError", 401, provider, capitalized+"Exception - "+errorStr)
	case status == 403:
		return litellmError("BadRequestError", 400, provider, capitalized+"Exception BadRequestError - "+errorStr)
	case has("The response was blocked.") || has("Output blocked by content filtering policy"):
		return litellmError("ContentPolicyViolationError", 400, provider, capitalized+"Exception ContentPolicyViolationError - "+errorStr)
	case has("429 Quota exceeded") || has("Quota exceeded for") || strings.Contains(strings.ToLower(errorStr), "resource exhausted") ||
		strings.Contains(strings.ToLower(errorStr), "resource_exhausted") || has("IndexError: list index out of range") ||
		has("429 Unable to submit request because the service is temporarily out of capacity."):
		return litellmError("RateLimitError", 429, provider, "litellm.RateLimitError: "+provider+"Exception - "+errorStr)
	case has("500 Internal Server Error") || has("The model is overloaded."):
		return litellmError("InternalServerError", 500, provider, "litellm.InternalServerError: "+provider+"Exception - "+errorStr)
	}
	switch status {
	case 400:
		return litellmError("BadRequestError", status, provider, capitalized+"Exception BadRequestError - "+errorStr)
	case 401:
		return litellmError("AuthenticationError", status, provider, capitalized+"Exception - "+errorStr)
	case 404:
		return litellmError("NotFoundError", status, provider, capitalized+"Exception - "+errorStr)
	case 408:
		return litellmError("Timeout", status, provider, capitalized+"Exception - "+errorStr)
	case 429:
		return litellmError("RateLimitError", status, provider, "litellm.RateLimitError: "+capitalized+"Exception - "+errorStr)
	case 500:
		return litellmError("InternalServerError", status, provider, capitalized+"Exception InternalServerError - "+errorStr)
	case 502:
		return litellmError("APIConnectionError", status, provider, capitalized+"Exception - "+errorStr)
	case 503:
		return litellmError("ServiceUnavailableError", status, provider, capitalized+"Exception - "+errorStr)
	}
	return nil
}

func mapAzureException(ep string, status int, message, errorStr string) *Error {
	has := func(s string) bool { return strings.Contains(errorStr, s) }
	const p = "azure"
	lower := strings.ToLower(errorStr)
	contentPolicy := false
	for _, s := range [...]string{"content_policy_violation", "responsibleaipolicyviolation",
		"the response was filtered due to the prompt triggering azure openai's content management",
		"your task failed as a result of our safety system", "the model produced invalid content",
		"content_filter_policy", "your request was rejected as a result of our safety system"} {
		if strings.Contains(lower, s) {
			contentPolicy = true
			break
		}
	}
	switch {
	case has("Internal server error"):
		return litellmError("InternalServerError", 500, p, "AzureException Internal server error - "+message)
	case has("This model's maximum context length is"):
		return litellmError("ContextWindowExceededError", 400, p, "AzureException ContextWindowExceededError - "+message)
	case has("DeploymentNotFound"):
		return litellmError("NotFoundError", 404, p, "AzureException NotFoundError - "+message)
	case contentPolicy:
		return litellmError("ContentPolicyViolationError", 400, p,
			"litellm.ContentPolicyViolationError: AzureException - "+message)
	case has("invalid_request_error") && (status == 0 || status == 400):
		return litellmError("BadRequestError", 400, p, "AzureException BadRequestError - "+message)
	case has("Connection error"):
		return litellmError("APIConnectionError", 500, p, ep+" APIConnectionError - "+message)
	}
	switch status {
	case 0:
		return litellmError("APIConnectionError", 500, p, ep+" APIConnectionError - "+message)
	case 400:
		return litellmError("BadRequestError", status, p, "AzureException - "+message)
	case 401:
		return litellmError("AuthenticationError", status, p, "AzureException AuthenticationError - "+message)
	case 404:
		return litellmError("NotFoundError", status, p, "AzureException NotFoundError - "+message)
	case 408, 504:
		return litellmError("Timeout", status, p, "AzureException Timeout - "+message)
	case 422:
		return litellmError("BadRequestError", status, p, "AzureException BadRequestError - "+message)
	case 429:
		return litellmError("RateLimitError", status, p, "AzureException RateLimitError - "+message)
	case 502:
		return litellmError("BadGatewayError", status, p, "AzureException BadGatewayError - "+message)
	case 503:
		return litellmError("ServiceUnavailableError", status, p, "AzureException ServiceUnavailableError - "+message)
	}
	return litellmError("APIError", status, p, "AzureException APIError - "+message)
}

func mapOpenrouterException(ep string, status int, errorStr string) *Error {
	const p = "openrouter"
	switch status {
	case 0:
		return litellmError("APIConnectionError", 500, p, "APIConnectionError: "+ep+" - "+errorStr)
	case 400:
		return litellmError("BadRequestError", status, p, ep+" - "+errorStr)
	case 401:
		return litellmError("AuthenticationError", status, p, "AuthenticationError: "+ep+" - "+errorStr)
	case 404:
		return litellmError("NotFoundError", status, p, "NotFoundError: "+ep+" - "+errorStr)
	case 408, 504:
		return litellmError("Timeout", status, p, "Timeout Error: "+ep+" - "+errorStr)
	case 422:
		return litellmError("BadRequestError", status, p, "BadRequestError: "+ep+" - "+errorStr)
	case 429:
		return litellmError("RateLimitError", status, p, "RateLimitError: "+ep+" - "+errorStr)
	case 503:
		return litellmError("ServiceUnavailableError", status, p, "ServiceUnavailableError: "+ep+" - "+errorStr)
	}
	return litellmError("APIError", status, p, "APIError: "+ep+" - "+errorStr)
}
