package completion

import "strings"

// Vertex AI and Google AI Studio:
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

// mapParams is VertexGeminiConfig's mapping (the AI Studio config inherits
// it).
func (*googleAIStudioConfig) mapParams(c *mapCtx, opt *Object) error { return mapGemini(c, opt) }

// geminiSpeechConfig is _map_audio_params: an audio param becomes a
// speechConfig (with the voice, if any); a format other than pcm16 is an
// error.
func geminiSpeechConfig(c *mapCtx, audio Object) (Object, error) {
	if f, ok := audio.Get("format"); ok && f != nil && f != "pcm16" {
		return nil, newError("ValueError", 400, c.provider,
			"Unsupported audio format for Gemini TTS models: %s. Gemini TTS models only support 'pcm16' format as they return audio data in L16 PCM format. Please set audio format to 'pcm16'.",
			pyValueStr(f))
	}
	if voice, ok := audio.Get("voice"); ok {
		return Object{{"voiceConfig", Object{{"prebuiltVoiceConfig", Object{{"voiceName", voice}}}}}}, nil
	}
	return Object{}, nil
}

// geminiAudioModality makes sure AUDIO is among the response modalities of
// a request with a speechConfig.
func geminiAudioModality(opt *Object) {
	mods, ok := opt.Get("responseModalities")
	if !ok {
		opt.Set("responseModalities", []any{"AUDIO"})
		return
	}
	list, _ := mods.([]any)
	for _, m := range list {
		if m == "AUDIO" {
			return
		}
	}
	opt.Set("responseModalities", append(append(make([]any, 0, len(list)+1), list...), "AUDIO"))
}

// isGemini3 is VertexGeminiConfig._is_gemini_3_or_newer.
func isGemini3(model string) bool { return strings.Contains(model, "gemini-3") }

// geminiSupportsPenalties is _supports_penalty_parameters: Gemini 3 and
// gemini-2.5-pro-preview-06-05 take no presence or frequency penalty (the
// supported list leaves them out, and the mapper drops them silently).
func geminiSupportsPenalties(model string) bool {
	return !isGemini3(model) && model != "gemini-2.5-pro-preview-06-05"
}

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
		case PAudio:
			if o, ok := v.(Object); ok {
				sc, err := geminiSpeechConfig(c, o)
				if err != nil {
					return err
				}
				opt.Set("speechConfig", sc)
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	if opt.Has("speechConfig") {
		geminiAudioModality(opt)
	}
	if isGemini3(c.model) {
		if !opt.Has("temperature") {
			opt.Set("temperature", 1.0)
		}
		if containsFold(c.model, "image") { // image models take no thinkingLevel
			return nil
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
	budget, isNum := Num(b)
	if typ == "enabled" && !(hasBudget && isNum && budget == 0) {
		out = append(out, Member{"includeThoughts", true})
	}
	// isinstance(budget, int): a float (2048.0) is left out.
	if _, isFloat := b.(Float); isNum && !isFloat && budget == float64(int64(budget)) {
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

func init() {
	registerConfig(cfgVertexGemini, func() chatConfig { return &vertexGeminiConfig{"vertex_ai"} })
	registerConfig(cfgGoogleAIStudio, func() chatConfig { return &googleAIStudioConfig{"gemini"} })
}
