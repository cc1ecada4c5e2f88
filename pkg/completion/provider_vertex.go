package completion

import "strings"

// Vertex AI and Google AI Studio (reference §6.6, §11.1 C2/C5, §11.2 G14):
// VertexGeminiConfig maps the OpenAI params for Gemini models on both
// vertex_ai and gemini; GoogleAIStudioGeminiConfig narrows the supported
// list and adds TTS audio. Non-Gemini vertex models use partner configs.

// vertexGeminiParams is VertexGeminiConfig's fixed supported list.
var vertexGeminiParams = Set(PTemperature, PTopP, PMaxTokens, PMaxCompletionTokens, PStream, PTools, PFunctions,
	PToolChoice, PResponseFormat, PN, PStop, PExtraHeaders, PSeed, PLogprobs, PTopLogprobs, PModalities,
	PParallelToolCalls, PWebSearchOptions)

// googleAIStudioParams is GoogleAIStudioGeminiConfig's fixed supported list.
var googleAIStudioParams = Set(PTemperature, PTopP, PMaxTokens, PMaxCompletionTokens, PStream, PTools, PToolChoice,
	PFunctions, PResponseFormat, PN, PStop, PLogprobs, PFrequencyPenalty, PModalities, PParallelToolCalls,
	PWebSearchOptions)

// vertexGeminiConfig is VertexGeminiConfig.
type vertexGeminiConfig struct{ name string }

func (*vertexGeminiConfig) supportedParams(c *mapCtx) ParamSet {
	s := vertexGeminiParams
	if geminiSupportsPenalties(c.model) {
		s |= Set(PFrequencyPenalty, PPresencePenalty)
	}
	if geminiSupportsReasoning(c.cat, c.model) {
		s |= Set(PReasoningEffort, PThinking)
	}
	return s
}

func (*vertexGeminiConfig) mapParams(c *mapCtx, opt *Object) error { return mapGemini(c, opt) }

// googleAIStudioConfig is GoogleAIStudioGeminiConfig.
type googleAIStudioConfig struct{ name string }

func (*googleAIStudioConfig) supportedParams(c *mapCtx) ParamSet {
	s := googleAIStudioParams
	if geminiSupportsReasoning(c.cat, c.model) {
		s |= Set(PReasoningEffort, PThinking)
	}
	if strings.Contains(c.model, "tts") {
		s |= Set(PAudio)
	}
	return s
}

func (*googleAIStudioConfig) mapParams(c *mapCtx, opt *Object) error {
	if strings.Contains(c.model, "tts") {
		if a, ok := c.nd.get(PAudio).(Object); ok {
			if err := geminiSpeechConfig(c, a, opt); err != nil {
				return err
			}
		}
	}
	return mapGemini(c, opt)
}

// geminiSpeechConfig maps a TTS audio param to speechConfig and makes sure
// AUDIO is among the response modalities.
func geminiSpeechConfig(c *mapCtx, audio Object, opt *Object) error {
	if f, ok := audio.Get("format"); ok && f != nil && f != "pcm16" {
		return newError("ValueError", 400, c.provider,
			"Unsupported audio format for Gemini TTS models: %s. Gemini TTS models only support 'pcm16' format as they return audio data in L16 PCM format. Please set audio format to 'pcm16'.",
			pyValueStr(f))
	}
	if voice, ok := audio.Get("voice"); ok {
		opt.Set("speechConfig", Object{{"voiceConfig", Object{{"prebuiltVoiceConfig", Object{{"voiceName", voice}}}}}})
	}
	mods, ok := opt.Get("responseModalities")
	if !ok {
		opt.Set("responseModalities", []any{"AUDIO"})
		return nil
	}
	list, _ := mods.([]any)
	for _, m := range list {
		if m == "AUDIO" {
			return nil
		}
	}
	opt.Set("responseModalities", append(append(make([]any, 0, len(list)+1), list...), "AUDIO"))
	return nil
}

func pyValueStr(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	return pyValue(v)
}

// isGemini3 is VertexGeminiConfig._is_gemini_3_or_newer.
func isGemini3(model string) bool { return strings.Contains(model, "gemini-3") }

// geminiSupportsPenalties is _supports_penalty_parameters.
func geminiSupportsPenalties(model string) bool { return model != "gemini-2.5-pro-preview-06-05" }

// geminiSupportsReasoning is supports_reasoning(model) as the Gemini configs
// call it: without a provider, so the bare model name is resolved first.
func geminiSupportsReasoning(cat *Catalog, model string) bool {
	if cat == nil {
		return false
	}
	provider := cat.knownProvider[model]
	if provider == "" {
		return false
	}
	m := lookupModelInfo(cat, model, provider)
	if m == nil && provider == "vertex_ai" {
		if s := stripVertexVersion(model); s != model {
			m = lookupModelInfo(cat, s, provider)
		}
	}
	return m != nil && m.SupportsReasoning
}

// stripVertexVersion removes a trailing "-<digits>" version
// (_strip_stable_vertex_version).
func stripVertexVersion(model string) string {
	i := len(model)
	for i > 0 && model[i-1] >= '0' && model[i-1] <= '9' {
		i--
	}
	if i < len(model) && i > 0 && model[i-1] == '-' {
		return model[:i-1]
	}
	return model
}

// mapGemini is VertexGeminiConfig.map_openai_params.
func mapGemini(c *mapCtx, opt *Object) error {
	nd := c.nd
	err := nd.each(func(p Param, v any) error {
		switch p {
		case PTemperature:
			opt.Set("temperature", v)
		case PTopP:
			opt.Set("top_p", v)
		case PStream:
			if v == true {
				opt.Set("stream", true)
			}
		case PN:
			opt.Set("candidate_count", v)
		case PStop:
			switch s := v.(type) {
			case string:
				opt.Set("stop_sequences", []any{s})
			case []any:
				opt.Set("stop_sequences", s)
			}
		case PMaxTokens, PMaxCompletionTokens:
			opt.Set("max_output_tokens", v)
		case PResponseFormat:
			if rf, ok := v.(Object); ok {
				geminiResponseFormat(rf, opt)
			}
		case PFrequencyPenalty:
			if geminiSupportsPenalties(c.model) {
				opt.Set("frequency_penalty", v)
			}
		case PPresencePenalty:
			if geminiSupportsPenalties(c.model) {
				opt.Set("presence_penalty", v)
			}
		case PLogprobs:
			opt.Set("responseLogprobs", v)
		case PTopLogprobs:
			opt.Set("logprobs", v)
		case PTools, PFunctions:
			if list, ok := v.([]any); ok && len(list) > 0 {
				appendTools(opt, []any{geminiTools(c, list, opt)})
			}
		case PToolChoice:
			switch v.(type) {
			case string, Object:
				tc, err := geminiToolChoice(c, v)
				if err != nil {
					return err
				}
				opt.Set("tool_choice", tc)
			}
		case PParallelToolCalls:
			if v == false && !(c.drop || c.globalDrop()) {
				return geminiValidateParallelToolCalls(c)
			}
			opt.Set("parallel_tool_calls", v)
		case PSeed:
			opt.Set("seed", v)
		case PReasoningEffort:
			s, ok := v.(string)
			if !ok {
				return nil
			}
			if err := geminiCheckThinkingConflict(c, opt, "reasoning_effort"); err != nil {
				return err
			}
			tc, err := geminiThinkingForEffort(c, s)
			if err != nil {
				return err
			}
			opt.Set("thinkingConfig", tc)
		case PThinking:
			if err := geminiCheckThinkingConflict(c, opt, "thinking"); err != nil {
				return err
			}
			t, _ := v.(Object)
			opt.Set("thinkingConfig", geminiThinkingParam(t))
		case PModalities:
			if list, ok := v.([]any); ok {
				opt.Set("responseModalities", geminiModalities(list))
			}
		case PWebSearchOptions:
			if o, ok := v.(Object); ok && len(o) > 0 {
				appendTools(opt, []any{Object{{"googleSearch", Object{}}}})
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	if isGemini3(c.model) {
		if !opt.Has("temperature") {
			opt.Set("temperature", 1.0)
		}
		prev, _ := opt.Get("thinkingConfig")
		tc, _ := prev.(Object)
		if !tc.Has("thinkingLevel") && !tc.Has("thinkingBudget") {
			nt := make(Object, 0, len(tc)+1)
			opt.Set("thinkingConfig", append(append(nt, tc...), Member{"thinkingLevel", "low"}))
		}
	}
	return nil
}

// geminiModalities upper-cases the OpenAI modalities (map_response_modalities).
func geminiModalities(list []any) []any {
	out := make([]any, len(list))
	for i, m := range list {
		switch m {
		case "text":
			out[i] = "TEXT"
		case "image":
			out[i] = "IMAGE"
		case "audio":
			out[i] = "AUDIO"
		default:
			out[i] = "MODALITY_UNSPECIFIED"
		}
	}
	return out
}

// geminiToolChoice is VertexGeminiConfig.map_tool_choice_values.
func geminiToolChoice(c *mapCtx, v any) (any, error) {
	mode := ""
	switch tc := v.(type) {
	case string:
		switch tc {
		case "none":
			mode = "NONE"
		case "required":
			mode = "ANY"
		case "auto":
			mode = "AUTO"
		default:
			return nil, unsupportedParamsError(c.provider,
				"VertexAI doesn't support tool_choice=%s. Supported tool_choice values=['auto', 'required', json object]. To drop it from the call, set `litellm.drop_params = True.", tc)
		}
		return Object{{"functionCallingConfig", Object{{"mode", mode}}}}, nil
	case Object:
		var name any = ""
		if f, ok := tc.Get("function"); ok {
			if fo, ok := f.(Object); ok {
				if n, ok := fo.Get("name"); ok {
					name = n
				}
			}
		}
		return Object{{"functionCallingConfig", Object{{"mode", "ANY"}, {"allowed_function_names", []any{name}}}}}, nil
	}
	return nil, nil
}

// geminiValidateParallelToolCalls is validate_parallel_tool_calls: without
// drop_params, parallel_tool_calls=False is only an error with several tools.
func geminiValidateParallelToolCalls(c *mapCtx) error {
	tools := c.nd.get(PTools)
	if tools == nil {
		tools = c.nd.get(PFunctions)
	}
	if list, ok := tools.([]any); ok && len(list) > 1 {
		return unsupportedParamsError(c.provider,
			"`parallel_tool_calls=False` is not supported by Gemini when multiple tools are provided. Specify a single tool, or set `parallel_tool_calls=True`. If you want to drop this param, set `litellm.drop_params = True` or pass in `(.., drop_params=True)` in the requst - https://docs.litellm.ai/docs/completion/drop_params")
	}
	return nil
}

// geminiCheckThinkingConflict is _validate_thinking_config_conflicts.
func geminiCheckThinkingConflict(c *mapCtx, opt *Object, param string) error {
	prev, _ := opt.Get("thinkingConfig")
	if tc, ok := prev.(Object); ok && tc.Has("thinkingLevel") {
		return unsupportedParamsError(c.provider,
			"Cannot specify both `%s` (which maps to `thinking_budget`) and `thinking_level` in the same request. For Gemini 3 models, use `thinking_level` instead.", param)
	}
	return nil
}

// geminiThinkingForEffort maps reasoning_effort to a thinkingConfig: a
// thinking level for Gemini 3, a thinking budget before.
func geminiThinkingForEffort(c *mapCtx, effort string) (Object, error) {
	if isGemini3(c.model) {
		switch effort {
		case "minimal", "low":
			return Object{{"thinkingLevel", "low"}, {"includeThoughts", true}}, nil
		case "medium", "high":
			return Object{{"thinkingLevel", "high"}, {"includeThoughts", true}}, nil
		case "disable", "none":
			return Object{{"thinkingLevel", "low"}, {"includeThoughts", false}}, nil
		}
		return nil, newError("ValueError", 400, c.provider, "Invalid reasoning effort: %s", effort)
	}
	var budget float64
	include := true
	switch effort {
	case "minimal":
		m := strings.ToLower(c.model)
		switch {
		case strings.Contains(m, "gemini-2.5-flash-lite"):
			budget = 512
		case strings.Contains(m, "gemini-2.5-pro"):
			budget = 128
		case strings.Contains(m, "gemini-2.5-flash"):
			budget = 1
		default:
			budget = 128
		}
	case "low":
		budget = 1024
	case "medium":
		budget = 2048
	case "high":
		budget = 4096
	case "disable", "none":
		budget, include = 0, false
	default:
		return nil, newError("ValueError", 400, c.provider, "Invalid reasoning effort: %s", effort)
	}
	return Object{{"thinkingBudget", budget}, {"includeThoughts", include}}, nil
}

// geminiThinkingParam is _map_thinking_param: Anthropic-style thinking to a
// thinkingConfig.
func geminiThinkingParam(t Object) Object {
	out := make(Object, 0, 2)
	typ, _ := t.Get("type")
	b, hasBudget := t.Get("budget_tokens")
	budget, isNum := b.(float64)
	if typ == "enabled" && !(hasBudget && isNum && budget == 0) {
		out = append(out, Member{"includeThoughts", true})
	}
	if isNum && budget == float64(int64(budget)) {
		out = append(out, Member{"thinkingBudget", budget})
	}
	return out
}

// geminiResponseFormat is apply_response_schema_transformation.
func geminiResponseFormat(rf Object, opt *Object) {
	typ, _ := rf.Get("type")
	switch typ {
	case "json_object":
		opt.Set("response_mime_type", "application/json")
	case "text":
		opt.Set("response_mime_type", "text/plain")
	}
	var schema any
	if s, ok := rf.Get("response_schema"); ok {
		schema = s
	} else if typ == "json_schema" {
		if js, ok := rf.Get("json_schema"); ok {
			if jso, ok := js.(Object); ok {
				if s, ok := jso.Get("schema"); ok {
					schema = s
				} else {
					return
				}
			}
		}
	}
	if schema == nil && !rf.Has("response_schema") {
		return
	}
	opt.Set("response_mime_type", "application/json")
	schema = cleanSchema(schema)
	if so, ok := schema.(Object); ok {
		schema = buildVertexSchema(so, true)
	}
	opt.Set("response_schema", schema)
}

// geminiTools is VertexGeminiConfig._map_function: OpenAI tools or legacy
// functions become one Tools object with function_declarations, plus the
// Google built-in tools passed as their own keys.
func geminiTools(c *mapCtx, list []any, opt *Object) Object {
	var decls []any
	var search, retrieval, enterprise, code, urlCtx, maps any
	var mapsRetrieval Object
	aiStudio := c.provider == "gemini"
	for _, raw := range list {
		tool, ok := raw.(Object)
		if !ok {
			continue
		}
		var fn Object
		if f, ok := tool.Get("function"); ok {
			if fo, ok := f.(Object); ok {
				fn = fo
			}
		} else if tool.Has("name") {
			fn = tool
		}
		keys := 0
		name := ""
		for _, m := range tool {
			if m.Key != "type" {
				keys++
				name = m.Key
			}
		}
		if keys != 1 {
			name = ""
		}
		switch name {
		case "codeExecution", "code_execution":
			code = toolValue(tool, "codeExecution", "code_execution")
		case "googleSearch":
			search = toolValue(tool, "googleSearch", "google_search")
		case "googleSearchRetrieval":
			retrieval = toolValue(tool, "googleSearchRetrieval", "google_search_retrieval")
		case "enterpriseWebSearch":
			enterprise = toolValue(tool, "enterpriseWebSearch", "enterprise_web_search")
		case "url_context", "urlContext":
			urlCtx, _ = tool.Get(name)
		case "googleMaps", "google_maps":
			if v, ok := toolValue(tool, "googleMaps", "google_maps").(Object); ok {
				maps, mapsRetrieval = splitMapsConfig(v)
			}
		default:
			if fn == nil {
				continue
			}
			decl := make(Object, 0, 3)
			n, _ := fn.Get("name")
			decl = append(decl, Member{"name", n})
			if d, ok := fn.Get("description"); ok && d != nil {
				decl = append(decl, Member{"description", d})
			}
			if params, ok := fn.Get("parameters"); ok && params != nil {
				switch p := params.(type) {
				case Object:
					var ps any = buildVertexSchema(cleanSchema(p).(Object), false)
					if aiStudio {
						ps = filterGeminiFormats(ps)
					}
					decl = append(decl, Member{"parameters", ps})
				case string:
					if p == "" {
						decl = append(decl, Member{"parameters", Object{{"type", "object"}}})
					} else {
						decl = append(decl, Member{"parameters", p})
					}
				default:
					decl = append(decl, Member{"parameters", p})
				}
			}
			decls = append(decls, decl)
		}
	}
	out := make(Object, 0, 2)
	if len(decls) > 0 {
		out = append(out, Member{"function_declarations", decls})
	}
	for _, m := range [...]Member{{"googleSearch", search}, {"googleSearchRetrieval", retrieval},
		{"enterpriseWebSearch", enterprise}, {"code_execution", code}, {"url_context", urlCtx}, {"googleMaps", maps}} {
		if m.Value != nil {
			out = append(out, m)
		}
	}
	if mapsRetrieval != nil {
		prev, _ := opt.Get("toolConfig")
		tc, _ := prev.(Object)
		ntc := append(make(Object, 0, len(tc)+1), tc...)
		ntc.Set("retrievalConfig", mapsRetrieval)
		opt.Set("toolConfig", ntc)
	}
	return out
}

// toolValue is get_tool_value: the camelCase key, else the snake_case one.
func toolValue(tool Object, camel, snake string) any {
	if v, ok := tool.Get(camel); ok && v != nil {
		return v
	}
	v, _ := tool.Get(snake)
	return v
}

// splitMapsConfig moves a googleMaps location into a retrieval config.
func splitMapsConfig(cfg Object) (Object, Object) {
	lat, _ := cfg.Get("latitude")
	lng, _ := cfg.Get("longitude")
	var retrieval Object
	if lat != nil && lng != nil {
		retrieval = Object{{"latLng", Object{{"latitude", lat}, {"longitude", lng}}}}
		if lc, ok := cfg.Get("languageCode"); ok && lc != nil {
			retrieval = append(retrieval, Member{"languageCode", lc})
		}
	}
	out := make(Object, 0, len(cfg))
	for _, m := range cfg {
		if m.Key != "latitude" && m.Key != "longitude" && m.Key != "languageCode" {
			out = append(out, m)
		}
	}
	return out, retrieval
}

// cleanSchema returns a copy of v without `additionalProperties: false` and
// without any "strict" key, at every depth (_remove_additional_properties,
// _remove_strict_from_schema).
func cleanSchema(v any) any {
	switch x := v.(type) {
	case Object:
		out := make(Object, 0, len(x))
		for _, m := range x {
			if m.Key == "strict" || (m.Key == "additionalProperties" && m.Value == false) {
				continue
			}
			out = append(out, Member{m.Key, cleanSchema(m.Value)})
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = cleanSchema(e)
		}
		return out
	}
	return v
}

// vertexSchemaFields are the keys of LiteLLM's Vertex Schema type; others
// are filtered out of tool parameters and response schemas.
var vertexSchemaFields = stringSet("type", "format", "title", "description", "nullable", "default", "items",
	"minItems", "maxItems", "enum", "properties", "propertyOrdering", "required", "minProperties",
	"maxProperties", "minimum", "maximum", "minLength", "maxLength", "pattern", "example", "anyOf")

// maxSchemaDepth is DEFAULT_MAX_RECURSE_DEPTH.
const maxSchemaDepth = 100

// buildVertexSchema is _build_vertex_schema on a schema this package owns
// (a fresh copy): $defs unpacked, null anyOf turned into nullable, type lists
// turned into anyOf, empty enum strings into null, empty items into objects,
// unknown keys filtered and, for response schemas, propertyOrdering added.
func buildVertexSchema(s Object, ordering bool) Object {
	var defs Object
	if d, ok := s.Get("$defs"); ok {
		defs, _ = d.(Object)
		s.Delete("$defs")
	}
	if defs != nil {
		for _, m := range defs {
			if o, ok := m.Value.(Object); ok {
				unpackDefs(o, defs, 0)
			}
		}
		unpackDefs(s, defs, 0)
	}
	anyOfNullToNullable(s, 0)
	s = convertSchemaTypes(s, 0)
	fixEnumEmptyStrings(s, 0)
	processItems(s, 0)
	s = addObjectType(s, 0)
	s = filterSchemaFields(s, 0)
	if ordering {
		s = setPropertyOrdering(s, 0)
	}
	return s
}

// setIn replaces the value of key in o in place (o is owned).
func setIn(o Object, key string, v any) {
	for i := range o {
		if o[i].Key == key {
			o[i].Value = v
			return
		}
	}
}

func defRef(v any, defs Object) (Object, bool) {
	o, ok := v.(Object)
	if !ok {
		return nil, false
	}
	ref, ok := o.Get("$ref")
	rs, isStr := ref.(string)
	if !ok || !isStr {
		return nil, false
	}
	if i := strings.LastIndex(rs, "defs/"); i >= 0 {
		rs = rs[i+len("defs/"):]
	}
	d, ok := defs.Get(rs)
	if !ok {
		return nil, false
	}
	do, ok := d.(Object)
	return do, ok
}

// unpackDefs replaces $ref entries in properties, anyOf and items by a copy
// of their definition.
func unpackDefs(s Object, defs Object, depth int) {
	if depth > maxSchemaDepth {
		return
	}
	props, _ := s.Get("properties")
	po, ok := props.(Object)
	if !ok {
		return
	}
	for i := range po {
		val := po[i].Value
		if d, ok := defRef(val, defs); ok {
			cp := cleanSchema(d).(Object)
			unpackDefs(cp, defs, depth+1)
			po[i].Value = cp
			continue
		}
		vo, ok := val.(Object)
		if !ok {
			continue
		}
		if a, ok := vo.Get("anyOf"); ok {
			if list, ok := a.([]any); ok {
				for j, item := range list {
					if d, ok := defRef(item, defs); ok {
						cp := cleanSchema(d).(Object)
						unpackDefs(cp, defs, depth+1)
						list[j] = cp
					}
				}
			}
			continue
		}
		if it, ok := vo.Get("items"); ok {
			if d, ok := defRef(it, defs); ok {
				cp := cleanSchema(d).(Object)
				unpackDefs(cp, defs, depth+1)
				setIn(vo, "items", cp)
				continue
			}
		}
		unpackDefs(vo, defs, depth+1)
	}
}

func isNullType(v any) bool {
	o, ok := v.(Object)
	return ok && len(o) == 1 && o[0].Key == "type" && o[0].Value == "null"
}

// anyOfNullToNullable is convert_anyof_null_to_nullable.
func anyOfNullToNullable(s Object, depth int) {
	if depth > maxSchemaDepth {
		return
	}
	if a, ok := s.Get("anyOf"); ok {
		if list, ok := a.([]any); ok {
			kept := list[:0:0]
			null := false
			for _, item := range list {
				if isNullType(item) {
					null = true
					continue
				}
				if o, ok := item.(Object); ok && len(o) == 0 {
					item = Object{{"type", "object"}}
				}
				kept = append(kept, item)
			}
			if null {
				for i, item := range kept {
					o, ok := item.(Object)
					if !ok {
						continue
					}
					if t, _ := o.Get("type"); t == "array" {
						if it, ok := o.Get("items"); ok && isEmptyValue(it) {
							o.Delete("items")
						}
					}
					o.Set("nullable", true)
					kept[i] = o
				}
			}
			setIn(s, "anyOf", kept)
		}
	}
	if p, ok := s.Get("properties"); ok {
		if po, ok := p.(Object); ok {
			for _, m := range po {
				if o, ok := m.Value.(Object); ok {
					anyOfNullToNullable(o, depth+1)
				}
			}
		}
	}
	if it, ok := s.Get("items"); ok {
		if o, ok := it.(Object); ok {
			anyOfNullToNullable(o, depth+1)
		}
	}
}

// convertSchemaTypes is _convert_schema_types: a list of several types
// becomes an anyOf, a one-element list its element.
func convertSchemaTypes(s Object, depth int) Object {
	if depth > maxSchemaDepth {
		return s
	}
	if t, ok := s.Get("type"); ok {
		if list, ok := t.([]any); ok {
			switch {
			case len(list) > 1:
				alts := make([]any, 0, len(list))
				for _, e := range list {
					if str, ok := e.(string); ok {
						alts = append(alts, Object{{"type", str}})
					}
				}
				s.Set("anyOf", alts)
				s.Delete("type")
			case len(list) == 1:
				setIn(s, "type", list[0])
			}
		}
	}
	for i := range s {
		switch s[i].Key {
		case "properties":
			if po, ok := s[i].Value.(Object); ok {
				for j := range po {
					if o, ok := po[j].Value.(Object); ok {
						po[j].Value = convertSchemaTypes(o, depth+1)
					}
				}
			}
		case "items":
			if o, ok := s[i].Value.(Object); ok {
				s[i].Value = convertSchemaTypes(o, depth+1)
			}
		case "anyOf":
			if list, ok := s[i].Value.([]any); ok {
				for j, e := range list {
					if o, ok := e.(Object); ok {
						list[j] = convertSchemaTypes(o, depth+1)
					}
				}
			}
		}
	}
	return s
}

// fixEnumEmptyStrings replaces "" enum values by null.
func fixEnumEmptyStrings(s Object, depth int) {
	if depth > maxSchemaDepth {
		return
	}
	if e, ok := s.Get("enum"); ok {
		if list, ok := e.([]any); ok {
			for i, v := range list {
				if v == "" {
					list[i] = nil
				}
			}
		}
	}
	if p, ok := s.Get("properties"); ok {
		if po, ok := p.(Object); ok {
			for _, m := range po {
				if o, ok := m.Value.(Object); ok {
					fixEnumEmptyStrings(o, depth+1)
				}
			}
		}
	}
	if it, ok := s.Get("items"); ok {
		if o, ok := it.(Object); ok {
			fixEnumEmptyStrings(o, depth+1)
		}
	}
}

// processItems turns every empty items schema into {"type": "object"}.
func processItems(s Object, depth int) {
	if depth > maxSchemaDepth {
		return
	}
	if it, ok := s.Get("items"); ok {
		if o, ok := it.(Object); ok && len(o) == 0 {
			setIn(s, "items", Object{{"type", "object"}})
		}
	}
	for _, m := range s {
		switch x := m.Value.(type) {
		case Object:
			processItems(x, depth+1)
		case []any:
			for _, e := range x {
				if o, ok := e.(Object); ok {
					processItems(o, depth+1)
				}
			}
		}
	}
}

// addObjectType sets type "object" on every schema with properties.
func addObjectType(s Object, depth int) Object {
	if depth > maxSchemaDepth {
		return s
	}
	if p, ok := s.Get("properties"); ok && p != nil {
		if r, ok := s.Get("required"); ok && r == nil {
			s.Delete("required")
		}
		s.Set("type", "object")
	}
	mapChildSchemas(s, depth, addObjectType)
	return s
}

// mapChildSchemas replaces every object-valued property schema of s, and an
// object items schema, by f(child, depth+1).
func mapChildSchemas(s Object, depth int, f func(Object, int) Object) {
	if p, ok := s.Get("properties"); ok {
		if po, ok := p.(Object); ok {
			for i := range po {
				if o, ok := po[i].Value.(Object); ok {
					po[i].Value = f(o, depth+1)
				}
			}
		}
	}
	if it, ok := s.Get("items"); ok {
		if o, ok := it.(Object); ok {
			setIn(s, "items", f(o, depth+1))
		}
	}
}

// filterSchemaFields keeps the Vertex schema keys (format only for enum and
// date-time); a schema with anyOf keeps only the anyOf.
func filterSchemaFields(s Object, depth int) Object {
	if depth > maxSchemaDepth {
		return s
	}
	if a, ok := s.Get("anyOf"); ok && !isEmptyValue(a) {
		title, _ := s.Get("title")
		desc, _ := s.Get("description")
		if list, ok := a.([]any); ok && (title != nil && title != "" || desc != nil && desc != "") {
			for i, e := range list {
				if o, ok := e.(Object); ok {
					if title != nil && title != "" {
						o.Set("title", title)
					}
					if desc != nil && desc != "" {
						o.Set("description", desc)
					}
					list[i] = o
				}
			}
		}
		s = Object{{"anyOf", a}}
	}
	out := make(Object, 0, len(s))
	for _, m := range s {
		if !inSet(vertexSchemaFields, m.Key) {
			continue
		}
		switch m.Key {
		case "properties":
			if po, ok := m.Value.(Object); ok {
				np := make(Object, len(po))
				for i, pm := range po {
					np[i].Key = pm.Key
					if o, ok := pm.Value.(Object); ok {
						np[i].Value = filterSchemaFields(o, depth+1)
					} else {
						np[i].Value = pm.Value
					}
				}
				out = append(out, Member{m.Key, np})
				continue
			}
		case "format":
			if m.Value != "enum" && m.Value != "date-time" {
				continue
			}
		case "items":
			if o, ok := m.Value.(Object); ok {
				out = append(out, Member{m.Key, filterSchemaFields(o, depth+1)})
				continue
			}
		case "anyOf":
			if list, ok := m.Value.([]any); ok {
				nl := make([]any, len(list))
				for i, e := range list {
					if o, ok := e.(Object); ok {
						nl[i] = filterSchemaFields(o, depth+1)
					} else {
						nl[i] = e
					}
				}
				out = append(out, Member{m.Key, nl})
				continue
			}
		}
		out = append(out, m)
	}
	return out
}

// setPropertyOrdering adds propertyOrdering (the properties in request
// order) to every object schema that does not have one.
func setPropertyOrdering(s Object, depth int) Object {
	if depth > maxSchemaDepth {
		return s
	}
	if p, ok := s.Get("properties"); ok {
		if po, ok := p.(Object); ok {
			if !s.Has("propertyOrdering") {
				names := make([]any, len(po))
				for i, m := range po {
					names[i] = m.Key
				}
				s = append(s, Member{"propertyOrdering", names})
			}
		}
	}
	mapChildSchemas(s, depth, setPropertyOrdering)
	return s
}

// filterGeminiFormats is GoogleAIStudioGeminiConfig's format filter: only
// enum and date-time formats are kept.
func filterGeminiFormats(v any) any {
	s, ok := v.(Object)
	if !ok {
		return v
	}
	out := make(Object, 0, len(s))
	for _, m := range s {
		switch m.Key {
		case "format":
			if str, ok := m.Value.(string); ok {
				if str == "enum" || str == "date-time" {
					out = append(out, m)
				}
				continue
			}
		case "properties":
			if po, ok := m.Value.(Object); ok {
				np := make(Object, len(po))
				for i, pm := range po {
					np[i] = Member{pm.Key, filterGeminiFormats(pm.Value)}
				}
				out = append(out, Member{m.Key, np})
				continue
			}
		case "items":
			if _, ok := m.Value.(Object); ok {
				out = append(out, Member{m.Key, filterGeminiFormats(m.Value)})
				continue
			}
		case "anyOf":
			if list, ok := m.Value.([]any); ok {
				nl := make([]any, len(list))
				for i, e := range list {
					nl[i] = filterGeminiFormats(e)
				}
				out = append(out, Member{m.Key, nl})
				continue
			}
		}
		out = append(out, m)
	}
	return out
}

// vertexLlamaConfig is VertexAILlama3Config, the OpenAI-like config of
// vertex partner models (llama, fine-tuned endpoints, ...): the OpenAI list
// without max_retries, max_completion_tokens sent as max_tokens.
type vertexLlamaConfig struct{ name string }

func (*vertexLlamaConfig) supportedParams(c *mapCtx) ParamSet {
	return openaiGPTSupported(c).Without(PMaxRetries)
}

func (*vertexLlamaConfig) mapParams(c *mapCtx, opt *Object) error {
	return mapOpenAILike(c, openaiGPTSupported(c).Without(PMaxRetries), opt)
}

// vertexPartnerKind picks the config of a vertex_ai model that is neither
// Gemini nor Claude (get_provider_chat_config's vertex branch).
func vertexPartnerKind(model string, cat *Catalog) configKind {
	if cat != nil {
		if m, ok := cat.models["vertex_ai/"+model]; ok && m.Provider == "vertex_ai-mistral_models" &&
			!strings.Contains(model, "codestral") {
			return cfgMistral
		}
	}
	return cfgVertexPartnerOpenAILike
}

// vertexClaudeConfig is VertexAIAnthropicConfig: AnthropicConfig's list and
// mapping for Claude on vertex_ai, with the model map read under vertex_ai.
type vertexClaudeConfig struct{ name string }

func (*vertexClaudeConfig) supportedParams(c *mapCtx) ParamSet { return anthropicSupported(c) }
func (*vertexClaudeConfig) mapParams(c *mapCtx, opt *Object) error {
	return mapAnthropic(c, opt)
}

// addCloudAuthParams is the bedrock and vertex part of
// pre_process_optional_params (map_special_auth_params): region and project
// keyword arguments are also passed under the provider's own names.
func addCloudAuthParams(opt *Object, provider string, extras Object) {
	vertex := provider == "vertex_ai" || provider == "vertex_ai_beta"
	if len(extras) == 0 || (!vertex && provider != "bedrock") {
		return
	}
	for _, m := range extras {
		switch {
		case m.Key == "region_name" && vertex:
			opt.Set("vertex_location", m.Value)
		case m.Key == "project" && vertex:
			opt.Set("vertex_project", m.Value)
		case m.Key == "region_name":
			opt.Set("aws_region_name", m.Value)
		}
	}
}

func init() {
	registerConfig(cfgVertexAnthropic, func() chatConfig { return &vertexClaudeConfig{"vertex_ai_anthropic"} })
	registerConfig(cfgVertexGemini, func() chatConfig { return &vertexGeminiConfig{"vertex_ai"} })
	registerConfig(cfgGoogleAIStudio, func() chatConfig { return &googleAIStudioConfig{"gemini"} })
	registerConfig(cfgVertexPartnerOpenAILike, func() chatConfig { return &vertexLlamaConfig{"vertex_ai_llama"} })
}
