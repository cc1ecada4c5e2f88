package completion

import (
	"math"
	"strconv"
	"strings"
	"time"
)

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
	f, _ := Num(v)
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
	out = appendOtherKeys(out, d, "id", "created", "model", "object", "system_fingerprint", "choices", "usage", "stream", "stream_options", "response_ms", "hidden_params", "_response_headers")
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
	out = appendOtherKeys(out, c, "finish_reason", "index", "message", "logprobs", "enhancements", "provider_specific_fields")
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
		if f, ok := Num(get(k)); ok && f != 0 {
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
	out = appendOtherKeys(out, u, "completion_tokens", "prompt_tokens", "total_tokens", "completion_tokens_details", "prompt_tokens_details", "server_tool_use", "cost", "reasoning_tokens")
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
	case Float:
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
	return string(appendPy(nil, v, false))
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

// appendOtherKeys appends the members of src whose keys are not listed, in
// order: what a pydantic model keeps besides its declared fields.
func appendOtherKeys(out, src Object, declared ...string) Object {
	for _, m := range src {
		if !containsString(declared, m.Key) {
			out = append(out, m)
		}
	}
	return out
}
