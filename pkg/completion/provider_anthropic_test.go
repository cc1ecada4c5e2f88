package completion

import "testing"

func TestAnthropicMapping(t *testing.T) {
	const sonnet = `"model":"claude-3-5-sonnet-20240620"`
	const sonnet37 = `"model":"claude-3-7-sonnet-20250219"`
	runMapCases(t, []mapCase{
		{
			name:    "sampling params are renamed, stream=False is not sent",
			request: `{` + sonnet + `,"max_completion_tokens":50,"stop":"\n","temperature":0.2,"top_p":0.9}`,
			want:    `{"max_tokens":50,"stop_sequences":["\n"],"temperature":0.2,"top_p":0.9}`,
		},
		{
			name:    "stream=True is sent",
			request: `{` + sonnet + `,"stream":true}`,
			want:    `{"stream":true}`,
		},
		{
			name:    "unsupported params are listed in signature order",
			request: `{` + sonnet + `,"frequency_penalty":0.5,"presence_penalty":0.5,"drop_params":false}`,
			wantErr: "anthropic does not support parameters: ['presence_penalty', 'frequency_penalty'], for model=claude-3-5-sonnet-20240620",
		},
		{
			name:    "drop_params drops unsupported params",
			request: `{` + sonnet + `,"n":2,"seed":1,"drop_params":true}`,
			want:    `{}`,
		},
		{
			name:    "function tools and tool_choice required",
			request: `{` + sonnet + `,"tools":[` + weatherTool + `],"tool_choice":"required"}`,
			want: `{"tools":[{"name":"get_weather","description":"Get the weather","input_schema":{"type":"object",` +
				`"properties":{"city":{"type":"string"}},"required":["city"]}}],"tool_choice":{"type":"any"}}`,
		},
		{
			name:    "named tool_choice with parallel_tool_calls=false",
			request: `{` + sonnet + `,"tool_choice":{"type":"function","function":{"name":"get_weather"}},"parallel_tool_calls":false}`,
			want:    `{"tool_choice":{"type":"tool","name":"get_weather","disable_parallel_tool_use":true}}`,
		},
		{
			name:    "parallel_tool_calls alone gives an auto tool_choice",
			request: `{` + sonnet + `,"parallel_tool_calls":true}`,
			want:    `{"tool_choice":{"type":"auto","disable_parallel_tool_use":false}}`,
		},
		{
			name:    "tool_choice none ignores parallel_tool_calls",
			request: `{` + sonnet + `,"tool_choice":"none","parallel_tool_calls":false}`,
			want:    `{"tool_choice":{"type":"none"}}`,
		},
		{
			name:    "response_format json_object without a schema adds nothing (C1)",
			request: `{` + sonnet + `,"response_format":{"type":"json_object"}}`,
			want:    `{}`,
		},
		{
			name:    "response_format json_schema becomes a forced json tool",
			request: `{` + sonnet + `,"response_format":{"type":"json_schema","json_schema":{"name":"p","schema":{"type":"object","properties":{"a":{"type":"string"}}}}}}`,
			want: `{"tools":[{"name":"json_tool_call","input_schema":{"type":"object","properties":{"a":{"type":"string"}}}}],` +
				`"tool_choice":{"name":"json_tool_call","type":"tool"},"json_mode":true}`,
		},
		{
			name:    "json tool without forced choice when thinking is on",
			request: `{` + sonnet37 + `,"reasoning_effort":"low","response_format":{"type":"json_object","response_schema":{"type":"object"}}}`,
			want: `{"thinking":{"type":"enabled","budget_tokens":1024},"max_tokens":5120,"json_mode":true,` +
				`"tools":[{"name":"json_tool_call","input_schema":{"type":"object"}}]}`,
		},
		{
			name:    "reasoning_effort is rejected for a model without reasoning",
			request: `{` + sonnet + `,"reasoning_effort":"high"}`,
			wantErr: "anthropic does not support parameters: ['reasoning_effort']",
		},
		{
			name:    "allowed reasoning_effort is mapped and also kept as given",
			request: `{` + sonnet + `,"reasoning_effort":"high","allowed_openai_params":["reasoning_effort"]}`,
			want:    `{"thinking":{"type":"enabled","budget_tokens":4096},"max_tokens":8192,"reasoning_effort":"high"}`,
		},
		{
			name:    "thinking keeps an explicit max_tokens",
			request: `{` + sonnet37 + `,"max_tokens":100,"thinking":{"type":"enabled","budget_tokens":2000}}`,
			want:    `{"max_tokens":100,"thinking":{"type":"enabled","budget_tokens":2000}}`,
		},
		{
			name:    "user id goes to metadata",
			request: `{` + sonnet + `,"user":"u1"}`,
			want:    `{"metadata":{"user_id":"u1"}}`,
		},
		{
			name:    "e-mail user is dropped silently",
			request: `{` + sonnet + `,"user":"a@b.com"}`,
			want:    `{}`,
		},
		{
			name:    "phone-number user is dropped silently",
			request: `{` + sonnet + `,"user":"+1 (555) 123-4567"}`,
			want:    `{}`,
		},
		{
			name:    "web_search_options becomes the hosted web search tool",
			request: `{` + sonnet37 + `,"web_search_options":{"search_context_size":"medium","user_location":{"type":"approximate","approximate":{"city":"Paris","country":"FR"}}}}`,
			want: `{"tools":[{"type":"web_search_20250305","name":"web_search","user_location":{"type":"approximate",` +
				`"city":"Paris","country":"FR"},"max_uses":5}]}`,
		},
		{
			name:     "whitespace stop sequences are removed only with the global drop_params",
			request:  `{` + sonnet + `,"stop":["\n"," ","END"]}`,
			settings: Settings{DropParams: true},
			want:     `{"stop_sequences":["END"]}`,
		},
		{
			name:    "whitespace stop sequences stay without the global flag",
			request: `{` + sonnet + `,"stop":["\n"],"drop_params":true}`,
			want:    `{"stop_sequences":["\n"]}`,
		},
		{
			name:    "provider-specific extras go to the top level",
			request: `{` + sonnet + `,"top_k":40}`,
			want:    `{"top_k":40}`,
		},
	})
}

func TestAnthropicTextMapping(t *testing.T) {
	runMapCases(t, []mapCase{
		{
			name:    "claude-2 resolves to anthropic_text and renames max_tokens",
			request: `{"model":"anthropic/claude-2","max_tokens":10,"stop":"\n","user":"a@b.com"}`,
			want:    `{"max_tokens_to_sample":10,"stop_sequences":["\n"],"metadata":{"user_id":"a@b.com"}}`,
		},
		{
			name:    "tools are not supported",
			request: `{"model":"claude-instant-1","custom_llm_provider":"anthropic","tools":[` + weatherTool + `],"parallel_tool_calls":false}`,
			wantErr: "anthropic_text does not support parameters: ['tools', 'parallel_tool_calls']",
		},
	})
}

func TestAnthropicToolChoice(t *testing.T) {
	tests := []struct {
		name       string
		toolChoice any
		parallel   any
		want       string
	}{
		{"auto", "auto", nil, `{"type":"auto"}`},
		{"required", "required", nil, `{"type":"any"}`},
		{"none", "none", false, `{"type":"none"}`},
		{"named", Object{{"type", "function"}, {"function", Object{{"name", "f"}}}}, nil, `{"type":"tool","name":"f"}`},
		{"parallel only", nil, false, `{"type":"auto","disable_parallel_tool_use":true}`},
		{"nothing", nil, nil, `null`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got any
			if tc := anthropicToolChoice(tt.toolChoice, tt.parallel); tc != nil {
				got = tc
			}
			b, _ := MarshalValue(got)
			if !jsonEqual(t, string(b), tt.want) {
				t.Errorf("anthropicToolChoice(%v, %v) = %s, want %s", tt.toolChoice, tt.parallel, b, tt.want)
			}
		})
	}
}

func TestAnthropicTools(t *testing.T) {
	tests := []struct {
		name    string
		tools   string
		want    string
		wantMCP string
		wantErr string
	}{
		{
			name:  "function tool keeps only input schema keys",
			tools: `[{"type":"function","function":{"name":"f","parameters":{"type":"object","title":"x","properties":{},"$defs":{}}}}]`,
			want:  `[{"name":"f","input_schema":{"type":"object","properties":{},"$defs":{}}}]`,
		},
		{
			name:  "tool already in anthropic form passes through",
			tools: `[{"name":"f","input_schema":{"type":"object"}}]`,
			want:  `[{"name":"f","input_schema":{"type":"object"}}]`,
		},
		{
			name:  "computer tool",
			tools: `[{"type":"computer_20241022","function":{"name":"computer","parameters":{"display_height_px":100,"display_width_px":200,"display_number":1}}}]`,
			want:  `[{"type":"computer_20241022","name":"computer","display_width_px":200,"display_height_px":100,"display_number":1}]`,
		},
		{
			name:  "hosted bash tool",
			tools: `[{"type":"bash_20250124","name":"bash"}]`,
			want:  `[{"type":"bash_20250124","name":"bash"}]`,
		},
		{
			name:  "cache_control of the function is kept",
			tools: `[{"type":"function","function":{"name":"f","cache_control":{"type":"ephemeral"}}}]`,
			want:  `[{"name":"f","input_schema":{},"cache_control":{"type":"ephemeral"}}]`,
		},
		{
			name:    "mcp tool becomes an mcp server",
			tools:   `[{"type":"mcp","server_url":"https://x","server_label":"x","headers":{"Authorization":"Bearer tok"}}]`,
			want:    `[]`,
			wantMCP: `[{"type":"url","url":"https://x","name":"x","authorization_token":"tok"}]`,
		},
		{
			name:    "unknown tool type",
			tools:   `[{"type":"banana"}]`,
			wantErr: "Unsupported tool type: banana",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := DecodeValue([]byte(tt.tools))
			if err != nil {
				t.Fatal(err)
			}
			got, mcp, err := anthropicTools(v.([]any))
			if tt.wantErr != "" {
				if err == nil || !containsStr(err.Error(), tt.wantErr) {
					t.Fatalf("anthropicTools error = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			b, _ := MarshalValue(got)
			if !jsonEqual(t, string(b), tt.want) {
				t.Errorf("anthropicTools tools = %s, want %s", b, tt.want)
			}
			if tt.wantMCP != "" {
				mb, _ := MarshalValue(mcp)
				if !jsonEqual(t, string(mb), tt.wantMCP) {
					t.Errorf("anthropicTools mcp = %s, want %s", mb, tt.wantMCP)
				}
			}
		})
	}
}

func TestValidAnthropicUserID(t *testing.T) {
	tests := []struct {
		id   string
		want bool
	}{
		{"u1", true},
		{"user-42", true},
		{"a@b.com", false},
		{"first.last+tag@example.co.uk", false},
		{"a@b", true},   // no top-level domain: not an e-mail address
		{"x@y.c", true}, // one-letter top-level domain
		{"+44 20 7946 0958", false},
		{"(555) 123-4567", false},
		{"123456", true}, // too short for a phone number
		{"1234567", false},
	}
	for _, tt := range tests {
		if got := validAnthropicUserID(tt.id); got != tt.want {
			t.Errorf("validAnthropicUserID(%q) = %v, want %v", tt.id, got, tt.want)
		}
	}
}

func TestIsPySpace(t *testing.T) {
	tests := []struct {
		s    string
		want bool
	}{
		{"", false}, {" ", true}, {"\n\t", true}, {"\u00a0", true}, {"\x1c", true}, {" a ", false},
	}
	for _, tt := range tests {
		if got := isPySpace(tt.s); got != tt.want {
			t.Errorf("isPySpace(%q) = %v, want %v", tt.s, got, tt.want)
		}
	}
}

// TestAnthropicMappingDoesNotMutateRequest checks that converting tools and
// stop sequences leaves the caller's values untouched.
func TestAnthropicMappingDoesNotMutateRequest(t *testing.T) {
	req, err := DecodeRequest([]byte(`{"model":"claude-3-5-sonnet-20240620","tools":[` + weatherTool + `],"stop":["\n","x"]}`))
	if err != nil {
		t.Fatal(err)
	}
	before, _ := MarshalValue(req.Params[PTools])
	stopBefore, _ := MarshalValue(req.Params[PStop])
	p := NewPipeline(Optimized, Options{Settings: Settings{DropParams: true}})
	if _, _, err := p.OptionalParams(req); err != nil {
		t.Fatal(err)
	}
	after, _ := MarshalValue(req.Params[PTools])
	stopAfter, _ := MarshalValue(req.Params[PStop])
	if string(before) != string(after) || string(stopBefore) != string(stopAfter) {
		t.Errorf("request changed: tools %s -> %s, stop %s -> %s", before, after, stopBefore, stopAfter)
	}
}
