package completion

import (
	"strings"
	"unicode"
)

// anthropicParams is AnthropicConfig's supported list without the
// reasoning params.
var anthropicParams = Set(PStream, PStop, PTemperature, PTopP, PMaxTokens, PMaxCompletionTokens, PTools, PToolChoice,
	PExtraHeaders, PParallelToolCalls, PResponseFormat, PUser, PWebSearchOptions)

// anthropicHostedTools are the tool type prefixes Anthropic hosts itself.
var anthropicHostedTools = [...]string{"web_search", "bash", "text_editor", "code_execution", "web_fetch", "memory"}

// anthropicInputSchemaKeys are the keys of AnthropicInputSchema: a function's
// parameters keep only these.
var anthropicInputSchemaKeys = [...]string{"type", "properties", "additionalProperties", "required", "$defs"}

// webSearchMaxUses is ANTHROPIC_WEB_SEARCH_TOOL_MAX_USES.
var webSearchMaxUses = map[string]float64{"low": 1, "medium": 5, "high": 10}

// anthropicConfig is AnthropicConfig (/v1/messages).
type anthropicConfig struct{ name string }

func (*anthropicConfig) supportedParams(c *mapCtx) ParamSet { return anthropicSupported(c) }

// anthropicSupported is AnthropicConfig.get_supported_openai_params: thinking
// and reasoning_effort only for Claude 3.7 Sonnet and reasoning models.
func anthropicSupported(c *mapCtx) ParamSet {
	if strings.Contains(c.model, "claude-3-7-sonnet") || c.supports(func(m *ModelInfo) bool { return m.SupportsReasoning }) {
		return anthropicParams.With(PThinking, PReasoningEffort)
	}
	return anthropicParams
}

// mapParams is AnthropicConfig.map_openai_params. It translates every
// non-default param it knows, supported or not (allowed_openai_params can
// make any of them reach it).
func (*anthropicConfig) mapParams(c *mapCtx, opt *Object) error {
	return mapAnthropic(c, opt)
}

func mapAnthropic(c *mapCtx, opt *Object) error {
	nd := c.nd
	thinking := thinkingEnabled(nd.get(PThinking), nd.get(PReasoningEffort))
	err := nd.each(func(p Param, v any) error {
		switch p {
		case PMaxTokens, PMaxCompletionTokens:
			opt.Set("max_tokens", v)
		case PTools:
			l, ok := v.([]any)
			if !ok {
				return nil
			}
			tools, mcp, err := anthropicTools(l)
			if err != nil {
				return err
			}
			appendTools(opt, tools)
			if len(mcp) > 0 {
				opt.Set("mcp_servers", mcp)
			}
		case PToolChoice, PParallelToolCalls:
			if tc := anthropicToolChoice(nd.get(PToolChoice), nd.get(PParallelToolCalls)); tc != nil {
				opt.Set("tool_choice", tc)
			}
		case PStream:
			if v == true {
				opt.Set("stream", true)
			}
		case PStop:
			if s, ok := anthropicStopSequences(v, c.globalDrop()); ok {
				opt.Set("stop_sequences", s)
			}
		case PTemperature:
			opt.Set("temperature", v)
		case PTopP:
			opt.Set("top_p", v)
		case PResponseFormat:
			rf, ok := v.(Object)
			if !ok {
				return nil
			}
			if anthropicNativeOutputFormat(c.model) {
				// Models with structured outputs get output_format (when
				// there is a schema) and json_mode, with no tool.
				if schema := responseFormatSchema(rf); schema != nil {
					opt.Set("output_format", Object{{"type", "json_schema"}, {"schema", schema}})
				}
				opt.Set("json_mode", true)
				return nil
			}
			tool := anthropicResponseFormatTool(rf)
			if tool == nil {
				return nil
			}
			if !thinking {
				opt.Set("tool_choice", Object{{"name", responseFormatToolName}, {"type", "tool"}})
			}
			opt.Set("json_mode", true)
			appendTools(opt, []any{tool})
		case PUser:
			if s, ok := v.(string); ok && validAnthropicUserID(s) {
				opt.Set("metadata", Object{{"user_id", s}})
			}
		case PThinking:
			opt.Set("thinking", v)
		case PReasoningEffort:
			s, ok := v.(string)
			if !ok {
				return nil
			}
			t, err := anthropicThinkingForEffort(c.provider, s)
			if err != nil {
				return err
			}
			opt.Set("thinking", t)
		case PWebSearchOptions:
			if o, ok := v.(Object); ok {
				appendTools(opt, []any{anthropicWebSearchTool(o)})
			}
		case PExtraHeaders:
			opt.Set("extra_headers", v)
		}
		return nil
	})
	if err != nil {
		return err
	}
	thinkingMaxTokens(nd, opt, "max_tokens", Set(PMaxTokens))
	return nil
}

// anthropicStopSequences is _map_stop_sequences: a string becomes a list;
// whitespace-only entries are removed only when litellm.drop_params is set;
// ok is false when nothing is left.
func anthropicStopSequences(v any, globalDrop bool) ([]any, bool) {
	switch x := v.(type) {
	case string:
		if globalDrop && isPySpace(x) {
			return nil, false
		}
		return []any{x}, true
	case []any:
		if !globalDrop {
			return x, len(x) > 0
		}
		out := make([]any, 0, len(x))
		for _, e := range x {
			if s, ok := e.(string); ok && isPySpace(s) {
				continue
			}
			out = append(out, e)
		}
		return out, len(out) > 0
	}
	return nil, false
}

// isPySpace is Python's str.isspace: non-empty and only whitespace.
func isPySpace(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !unicode.IsSpace(r) && (r < 0x1c || r > 0x1f) {
			return false
		}
	}
	return true
}

// anthropicResponseFormatTool is map_response_format_to_anthropic_tool: a
// json_tool_call tool whose input_schema is the response schema; nil for
// type "text" and for a response_format without a schema.
func anthropicResponseFormatTool(rf Object) Object {
	if t, _ := rf.Get("type"); t == "text" {
		return nil
	}
	schema, ok := responseFormatSchema(rf).(Object)
	if !ok {
		return nil
	}
	input := make(Object, 0, len(schema)+1)
	input = append(input, Member{"type", "object"})
	for _, m := range schema {
		input.Set(m.Key, m.Value)
	}
	return Object{{"name", responseFormatToolName}, {"input_schema", input}}
}

// anthropicNativeOutputFormat reports whether AnthropicConfig maps a
// response_format of the model to Anthropic's native output_format (Claude
// Sonnet 4.5 and Opus 4.1) instead of a forced JSON tool.
func anthropicNativeOutputFormat(model string) bool {
	for _, s := range [...]string{"sonnet-4.5", "sonnet-4-5", "opus-4.1", "opus-4-1"} {
		if strings.Contains(model, s) {
			return true
		}
	}
	return false
}

// validAnthropicUserID is _valid_user_id: Anthropic rejects user ids that
// look like an e-mail address or a phone number.
func validAnthropicUserID(s string) bool {
	return !looksLikeEmail(s) && !looksLikePhone(s)
}

// looksLikeEmail matches ^[a-zA-Z0-9._%+-]+@[a-zA-Z0-9.-]+\.[a-zA-Z]{2,}$.
func looksLikeEmail(s string) bool {
	at := strings.IndexByte(s, '@')
	if at <= 0 {
		return false
	}
	for i := 0; i < at; i++ {
		c := s[i]
		if !isASCIIAlnum(c) && c != '.' && c != '_' && c != '%' && c != '+' && c != '-' {
			return false
		}
	}
	domain := s[at+1:]
	for i := 0; i < len(domain); i++ {
		c := domain[i]
		if !isASCIIAlnum(c) && c != '.' && c != '-' {
			return false
		}
	}
	// The last dot must leave at least one character before it and a
	// top-level part of two or more letters after it.
	dot := strings.LastIndexByte(domain, '.')
	if dot < 1 || len(domain)-dot-1 < 2 {
		return false
	}
	for i := dot + 1; i < len(domain); i++ {
		if c := domain[i] | 0x20; c < 'a' || c > 'z' {
			return false
		}
	}
	return true
}

// looksLikePhone matches ^\+?[\d\s\(\)-]{7,}$.
func looksLikePhone(s string) bool {
	s = strings.TrimPrefix(s, "+")
	if len(s) < 7 {
		return false
	}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9', c == ' ', c == '\t', c == '\n', c == '\r', c == '\v', c == '\f', c == '(', c == ')', c == '-':
		default:
			return false
		}
	}
	return true
}

// anthropicWebSearchTool is map_web_search_tool: OpenAI web_search_options
// become Anthropic's hosted web-search tool.
func anthropicWebSearchTool(o Object) Object {
	tool := Object{{"type", "web_search_20250305"}, {"name", "web_search"}}
	if ul, ok := o.Get("user_location"); ok && ul != nil {
		if ulo, ok := ul.(Object); ok {
			if approx, ok := ulo.Get("approximate"); ok && approx != nil {
				loc := Object{{"type", "approximate"}}
				if ao, ok := approx.(Object); ok {
					for _, m := range ao {
						switch m.Key {
						case "city", "country", "region", "timezone":
							loc.Set(m.Key, m.Value)
						}
					}
				}
				tool.Set("user_location", loc)
			}
		}
	}
	if size, ok := o.Get("search_context_size"); ok && size != nil {
		if s, ok := size.(string); ok {
			if n, ok := webSearchMaxUses[s]; ok {
				tool.Set("max_uses", n)
			}
		}
	}
	return tool
}

// anthropicTools converts OpenAI tools into Anthropic tools
// (AnthropicConfig._map_tools): function tools become {name, input_schema,
// description}, computer and hosted tools keep their type, tools already in
// Anthropic form (with input_schema) pass through, and MCP tools are
// returned separately as mcp_servers. Bedrock and Vertex AI reuse it for
// their Claude models.
func anthropicTools(tools []any) (out []any, mcp []any, err error) {
	out = make([]any, 0, len(tools))
	for _, t := range tools {
		tool, ok := t.(Object)
		if !ok {
			return nil, nil, newError("ValueError", 500, "anthropic", "Unsupported tool type: %s", TypeName(t))
		}
		if tool.Has("input_schema") {
			out = append(out, tool)
			continue
		}
		conv, server, err := anthropicTool(tool)
		if err != nil {
			return nil, nil, err
		}
		if conv != nil {
			out = append(out, conv)
		}
		if server != nil {
			mcp = append(mcp, server)
		}
	}
	return out, mcp, nil
}

// anthropicTool is AnthropicConfig._map_tool_helper for one OpenAI tool.
func anthropicTool(tool Object) (conv, mcp Object, err error) {
	typ, _ := tool.Get("type")
	ts, _ := typ.(string)
	fn, _ := tool.Get("function")
	fo, _ := fn.(Object)
	switch {
	case ts == "function" || ts == "custom":
		if fo == nil {
			return nil, nil, newError("KeyError", 500, "anthropic", "'function'")
		}
		input := Object{}
		if ps, ok := fo.Get("parameters"); ok {
			if po, ok := ps.(Object); ok {
				input = make(Object, 0, len(po))
				for _, m := range po {
					for _, k := range anthropicInputSchemaKeys {
						if m.Key == k {
							input = append(input, m)
							break
						}
					}
				}
			}
		}
		name, _ := fo.Get("name")
		conv = Object{{"name", name}, {"input_schema", input}}
		if d, ok := fo.Get("description"); ok && d != nil {
			conv.Set("description", d)
		}
	case strings.HasPrefix(ts, "computer_"):
		ps, ok := fo.Get("parameters")
		po, _ := ps.(Object)
		if !ok || po == nil {
			return nil, nil, newError("ValueError", 500, "anthropic", "Missing required parameter: parameters")
		}
		w, _ := po.Get("display_width_px")
		h, _ := po.Get("display_height_px")
		if w == nil || h == nil {
			return nil, nil, newError("ValueError", 500, "anthropic", "Missing required parameter: display_width_px or display_height_px")
		}
		name, ok := fo.Get("name")
		if !ok {
			name = "computer"
		}
		conv = Object{{"type", ts}, {"name", name}, {"display_width_px", w}, {"display_height_px", h}}
		if n, ok := po.Get("display_number"); ok && n != nil {
			conv.Set("display_number", n)
		}
	case isAnthropicHostedTool(ts):
		name, ok := tool.Get("name")
		if !ok && fo != nil {
			name, _ = fo.Get("name")
		}
		if _, isStr := name.(string); !isStr {
			return nil, nil, newError("ValueError", 500, "anthropic", "Missing required parameter: name")
		}
		conv = Object{{"type", ts}, {"name", name}}
		for _, m := range tool {
			if m.Key != "type" && m.Key != "name" {
				conv.Set(m.Key, m.Value)
			}
		}
	case ts == "url":
		mcp = tool.Clone()
	case ts == "mcp":
		mcp = anthropicMCPServer(tool)
	default:
		return nil, nil, newError("ValueError", 500, "anthropic", "Unsupported tool type: %s", ts)
	}
	if conv != nil {
		if cc, ok := tool.Get("cache_control"); ok && cc != nil {
			conv.Set("cache_control", cc)
		} else if fo != nil {
			if cc, ok := fo.Get("cache_control"); ok {
				if cco, ok := cc.(Object); ok {
					conv.Set("cache_control", cco)
				}
			}
		}
	}
	return conv, mcp, nil
}

func isAnthropicHostedTool(t string) bool {
	for _, p := range anthropicHostedTools {
		if strings.HasPrefix(t, p) {
			return true
		}
	}
	return false
}

// anthropicMCPServer is _map_openai_mcp_server_tool.
func anthropicMCPServer(tool Object) Object {
	url, _ := tool.Get("server_url")
	label, _ := tool.Get("server_label")
	out := Object{{"type", "url"}, {"url", url}, {"name", label}}
	if at, ok := tool.Get("allowed_tools"); ok && at != nil {
		out.Set("tool_configuration", Object{{"allowed_tools", at}})
	}
	if h, ok := tool.Get("headers"); ok {
		if ho, ok := h.(Object); ok {
			if b, ok := ho.Get("Authorization"); ok {
				if bs, ok := b.(string); ok {
					out.Set("authorization_token", strings.ReplaceAll(bs, "Bearer ", ""))
				}
			}
		}
	}
	return out
}

// anthropicToolChoice is AnthropicConfig._map_tool_choice: "auto" ->
// {type:auto}, "required" -> {type:any}, "none" -> {type:none}, an object ->
// {type:tool, name}; parallel_tool_calls=p adds disable_parallel_tool_use =
// !p (ignored for "none"). It returns nil when there is nothing to send.
// Bedrock and Vertex AI reuse it for their Claude models.
func anthropicToolChoice(toolChoice, parallel any) Object {
	var tc Object
	switch x := toolChoice.(type) {
	case string:
		switch x {
		case "auto":
			tc = Object{{"type", "auto"}}
		case "required":
			tc = Object{{"type", "any"}}
		case "none":
			tc = Object{{"type", "none"}}
		}
	case Object:
		tc = Object{{"type", "tool"}}
		if fn, ok := x.Get("function"); ok {
			if fo, ok := fn.(Object); ok {
				if name, ok := fo.Get("name"); ok && name != nil {
					tc.Set("name", name)
				}
			}
		}
	}
	if parallel == nil || toolChoice == "none" {
		return tc
	}
	disable := any(!isTruthy(parallel))
	if tc == nil {
		return Object{{"type", "auto"}, {"disable_parallel_tool_use", disable}}
	}
	tc.Set("disable_parallel_tool_use", disable)
	return tc
}

// isTruthy is Python's bool(v) for JSON values.
func isTruthy(v any) bool { return !isEmptyValue(v) }

// anthropicTextParams is AnthropicTextConfig's supported list.
var anthropicTextParams = Set(PStream, PMaxTokens, PMaxCompletionTokens, PStop, PTemperature, PTopP, PExtraHeaders, PUser)

// anthropicTextConfig is AnthropicTextConfig (/v1/complete; claude-2 and
// claude-instant-1).
type anthropicTextConfig struct{ name string }

func (*anthropicTextConfig) supportedParams(c *mapCtx) ParamSet { return anthropicTextParams }

// mapParams is AnthropicTextConfig.map_openai_params. It is idempotent, so
// LiteLLM main calling it twice in a row changes nothing.
func (*anthropicTextConfig) mapParams(c *mapCtx, opt *Object) error {
	return c.nd.each(func(p Param, v any) error {
		switch p {
		case PMaxTokens, PMaxCompletionTokens:
			opt.Set("max_tokens_to_sample", v)
		case PStream:
			if v == true {
				opt.Set("stream", true)
			}
		case PStop:
			if s, ok := anthropicStopSequences(v, c.globalDrop()); ok {
				opt.Set("stop_sequences", s)
			}
		case PTemperature:
			opt.Set("temperature", v)
		case PTopP:
			opt.Set("top_p", v)
		case PUser:
			opt.Set("metadata", Object{{"user_id", v}})
		}
		return nil
	})
}

func init() {
	registerConfig(cfgAnthropic, func() chatConfig { return &anthropicConfig{"anthropic"} })
	registerConfig(cfgAnthropicText, func() chatConfig { return &anthropicTextConfig{"anthropic_text"} })
}
