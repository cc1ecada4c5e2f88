package completion

import (
	"testing"
)

func TestGeminiMapping(t *testing.T) {
	vtx := `"model":"vertex_ai/gemini-1.5-pro"`
	aist := `"model":"gemini/gemini-1.5-pro"`
	decl := `{"name":"get_weather","description":"Get the weather","parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}`
	runCloudCases(t, []cloudCase{
		{name: "sampling renamed, stream false dropped",
			req:  `{` + vtx + `,"n":2,"stop":"x","max_completion_tokens":9,"top_p":0.5,"seed":1}`,
			want: `{"candidate_count":2,"stop_sequences":["x"],"max_output_tokens":9,"top_p":0.5,"seed":1}`},
		{name: "logprobs",
			req:  `{` + vtx + `,"logprobs":true,"top_logprobs":2}`,
			want: `{"responseLogprobs":true,"logprobs":2}`},
		{name: "AI Studio rejects top_logprobs",
			req:     `{` + aist + `,"logprobs":true,"top_logprobs":2}`,
			wantErr: "gemini does not support parameters: ['top_logprobs']"},
		{name: "tools become function_declarations",
			req:  `{` + vtx + `,"tools":[` + cloudWeatherTool + `],"tool_choice":"required"}`,
			want: `{"tools":[{"function_declarations":[` + decl + `]}],"tool_choice":{"functionCallingConfig":{"mode":"ANY"}}}`},
		{name: "object tool_choice",
			req:  `{` + vtx + `,"tools":[` + cloudWeatherTool + `],"tool_choice":{"type":"function","function":{"name":"get_weather"}}}`,
			want: `{"tools":[{"function_declarations":[` + decl + `]}],"tool_choice":{"functionCallingConfig":{"mode":"ANY","allowed_function_names":["get_weather"]}}}`},
		{name: "tool schema cleaned",
			req: `{` + vtx + `,"tools":[{"type":"function","function":{"name":"f","strict":true,"parameters":{"$schema":"x","type":"object","additionalProperties":false,` +
				`"properties":{"a":{"type":["string","null"],"format":"email"},"b":{"type":"array","items":{}},"c":{"anyOf":[{"type":"string"},{"type":"null"}],"default":"d"}}}}}]}`,
			want: `{"tools":[{"function_declarations":[{"name":"f","parameters":{"type":"object","properties":{` +
				`"a":{"anyOf":[{"type":"string"},{"type":"null"}]},"b":{"type":"array","items":{"type":"object"}},"c":{"anyOf":[{"type":"string","nullable":true}]}}}}]}]}`},
		{name: "built-in tools keep their own keys, type removed",
			req:  `{` + vtx + `,"tools":[{"type":"google_search","googleSearch":{}},{"code_execution":{}}]}`,
			want: `{"tools":[{"googleSearch":{},"code_execution":{}}]}`},
		{name: "parallel_tool_calls=false with one tool emits nothing",
			req:  `{` + vtx + `,"tools":[` + cloudWeatherTool + `],"parallel_tool_calls":false}`,
			want: `{"tools":[{"function_declarations":[` + decl + `]}]}`},
		{name: "parallel_tool_calls=false with drop_params is kept",
			req:  `{` + vtx + `,"tools":[` + cloudWeatherTool + `],"parallel_tool_calls":false,"drop_params":true}`,
			want: `{"tools":[{"function_declarations":[` + decl + `]}],"parallel_tool_calls":false}`},
		{name: "parallel_tool_calls=false with several tools",
			req:     `{` + vtx + `,"tools":[` + cloudWeatherTool + `,` + cloudWeatherTool + `],"parallel_tool_calls":false}`,
			wantErr: "`parallel_tool_calls=False` is not supported by Gemini when multiple tools are provided.", errType: "UnsupportedParamsError"},
		{name: "json_object",
			req:  `{` + aist + `,"response_format":{"type":"json_object"}}`,
			want: `{"response_mime_type":"application/json"}`},
		{name: "json_schema gets propertyOrdering in request order", mapOnly: true,
			req: `{"model":"vertex_ai/gemini-2.0-flash-lite","response_format":{"type":"json_schema","json_schema":{"name":"m","strict":true,"schema":` +
				`{"type":"object","properties":{"z":{"type":"object","properties":{"b":{"type":"string"},"a":{"type":"string"}},"additionalProperties":false},"y":{"type":"string"}},"additionalProperties":false}}}}`,
			want: `{"response_mime_type":"application/json","response_schema":{"type":"object","properties":{"z":{"type":"object","properties":{"b":{"type":"string"},"a":{"type":"string"}},"propertyOrdering":["b","a"]},"y":{"type":"string"}},"propertyOrdering":["z","y"]}}`},
		{name: "$defs unpacked", mapOnly: true,
			req: `{"model":"vertex_ai/gemini-1.5-flash","response_format":{"type":"json_schema","json_schema":{"name":"MathReasoning","strict":true,"schema":` +
				`{"$defs":{"Step":{"properties":{"thought":{"title":"Thought","type":"string"},"output":{"title":"Output","type":"string"}},"required":["thought","output"],"title":"Step","type":"object"}},` +
				`"properties":{"steps":{"items":{"$ref":"#/$defs/Step"},"title":"Steps","type":"array"},"final_answer":{"title":"Final Answer","type":"string"}},"required":["steps","final_answer"],"title":"MathReasoning","type":"object"}}}}`,
			want: `{"response_mime_type":"application/json","response_schema":{"title":"MathReasoning","type":"object","properties":{"steps":{"title":"Steps","type":"array",` +
				`"items":{"title":"Step","type":"object","properties":{"thought":{"title":"Thought","type":"string"},"output":{"title":"Output","type":"string"}},"required":["thought","output"],"propertyOrdering":["thought","output"]}},` +
				`"final_answer":{"title":"Final Answer","type":"string"}},"required":["steps","final_answer"],"propertyOrdering":["steps","final_answer"]}}`},
		{name: "existing propertyOrdering kept", mapOnly: true,
			req:  `{"model":"vertex_ai/gemini-1.5-flash","response_format":{"type":"json_schema","json_schema":{"name":"m","schema":{"type":"object","properties":{"output":{"type":"string"},"thought":{"type":"string"}},"propertyOrdering":["thought","output"]}}}}`,
			want: `{"response_mime_type":"application/json","response_schema":{"type":"object","properties":{"output":{"type":"string"},"thought":{"type":"string"}},"propertyOrdering":["thought","output"]}}`},
		{name: "modalities upper-cased",
			req:  `{` + aist + `,"modalities":["text","image"]}`,
			want: `{"responseModalities":["TEXT","IMAGE"]}`},
		{name: "empty web_search_options adds nothing",
			req:  `{` + vtx + `,"web_search_options":{}}`,
			want: `{}`},
		{name: "web_search_options adds googleSearch",
			req:  `{` + vtx + `,"web_search_options":{"search_context_size":"low"}}`,
			want: `{"tools":[{"googleSearch":{}}]}`},
		{name: "reasoning needs a reasoning model",
			req:     `{` + vtx + `,"reasoning_effort":"low"}`,
			wantErr: "vertex_ai does not support parameters: ['reasoning_effort']"},
		{name: "reasoning_effort budget",
			req:  `{"model":"vertex_ai/gemini-2.5-flash","reasoning_effort":"minimal"}`,
			want: `{"thinkingConfig":{"thinkingBudget":1,"includeThoughts":true}}`},
		{name: "reasoning_effort disable",
			req:  `{"model":"gemini/gemini-2.5-pro","reasoning_effort":"disable"}`,
			want: `{"thinkingConfig":{"thinkingBudget":0,"includeThoughts":false}}`},
		{name: "thinking with zero budget", mapOnly: true,
			req:  `{"model":"vertex_ai/gemini-2.5-flash","thinking":{"type":"enabled","budget_tokens":0}}`,
			want: `{"thinkingConfig":{"thinkingBudget":0}}`},
		{name: "Gemini 3 thinking level and default temperature", mapOnly: true,
			req:  `{"model":"vertex_ai/gemini-3-pro-preview","reasoning_effort":"medium"}`,
			want: `{"thinkingConfig":{"thinkingLevel":"high","includeThoughts":true},"temperature":1.0}`},
		{name: "Gemini 3 defaults", mapOnly: true,
			req:  `{"model":"vertex_ai/gemini-3-pro-preview","max_tokens":5}`,
			want: `{"max_output_tokens":5,"temperature":1.0,"thinkingConfig":{"thinkingLevel":"low"}}`},
		{name: "penalties silently dropped for gemini-2.5-pro-preview-06-05", mapOnly: true,
			req:  `{"model":"vertex_ai/gemini-2.5-pro-preview-06-05","frequency_penalty":0.5,"presence_penalty":0.3,"temperature":0.7}`,
			want: `{"temperature":0.7}`},
		{name: "TTS audio", mapOnly: true,
			req:   `{"model":"gemini/gemini-2.5-flash-preview-tts","audio":{"voice":"Kore","format":"pcm16"}}`,
			start: `{"responseModalities":["TEXT"]}`,
			want:  `{"responseModalities":["TEXT","AUDIO"],"speechConfig":{"voiceConfig":{"prebuiltVoiceConfig":{"voiceName":"Kore"}}}}`},
		{name: "TTS audio format", mapOnly: true,
			req:     `{"model":"gemini/gemini-2.5-flash-preview-tts","audio":{"voice":"Kore","format":"mp3"}}`,
			wantErr: "Unsupported audio format for Gemini TTS models: mp3."},
		{name: "vertex Claude maps like Anthropic",
			req:  `{"model":"vertex_ai/claude-3-5-sonnet@20240620","parallel_tool_calls":false,"tools":[` + cloudWeatherTool + `]}`,
			want: `{"tools":[{"name":"get_weather","input_schema":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]},"description":"Get the weather"}],"tool_choice":{"type":"auto","disable_parallel_tool_use":true}}`},
		{name: "cloud auth params also under vertex names",
			req:  `{` + vtx + `,"region_name":"us-east1","project":"p"}`,
			want: `{"vertex_location":"us-east1","vertex_project":"p","region_name":"us-east1","project":"p"}`},
		{name: "vertex partner model is OpenAI-like", global: true,
			req:  `{"model":"vertex_ai/meta/llama3-405b-instruct-maas","user":"u","max_completion_tokens":10,"max_retries":2}`,
			want: `{"max_tokens":10,"stream":false}`},
	})
}

func TestStripVertexVersion(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"gemini-1.5-pro-002", "gemini-1.5-pro"},
		{"gemini-2.5-pro", "gemini-2.5-pro"},
		{"claude-3-5-sonnet@20240620", "claude-3-5-sonnet@20240620"},
		{"123", "123"},
	} {
		if got := stripVertexVersion(tc.in); got != tc.want {
			t.Errorf("stripVertexVersion(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestGeminiSchemaDoesNotMutateRequest(t *testing.T) {
	body := `{"model":"vertex_ai/gemini-1.5-pro","response_format":{"type":"json_schema","json_schema":{"name":"m","schema":{"type":"object","additionalProperties":false,"properties":{"a":{"type":["string","null"]}}}}},"tools":[{"type":"function","function":{"name":"f","parameters":{"type":"object","properties":{"e":{"type":"string","enum":["", "x"]}}}}}]}`
	req, err := DecodeRequest([]byte(body))
	if err != nil {
		t.Fatal(err)
	}
	before := cloudJSON(req.Params[PResponseFormat]) + cloudJSON(req.Params[PTools])
	p, _ := New("optimized", Options{})
	if _, _, err := p.OptionalParams(req); err != nil {
		t.Fatal(err)
	}
	if after := cloudJSON(req.Params[PResponseFormat]) + cloudJSON(req.Params[PTools]); after != before {
		t.Errorf("mapping changed the request:\n got %s\nwant %s", after, before)
	}
}
