package completion

import (
	"strings"
	"testing"
)

// cloudCase is one get_optional_params (or map_openai_params, with stage
// set) request for the bedrock and vertex/gemini tests.
type cloudCase struct {
	name    string
	req     string // a request as DecodeRequest reads it
	start   string // optional_params_in for the map stage
	mapOnly bool   // call the provider config's mapper directly
	global  bool   // litellm.drop_params
	want    string // optional params (JSON); ignored when wantErr is set
	wantErr string // substring of the error message
	errType string // LiteLLM error type, when checked
}

// runCloudCases runs every case through both variants.
func runCloudCases(t *testing.T, cases []cloudCase) {
	t.Helper()
	for _, variant := range []string{"baseline", "optimized"} {
		for _, tc := range cases {
			p, err := New(variant, Options{Settings: Settings{DropParams: tc.global}})
			if err != nil {
				t.Fatal(err)
			}
			req, err := DecodeRequest([]byte(tc.req))
			if err != nil {
				t.Fatalf("%s: DecodeRequest: %v", tc.name, err)
			}
			var got Object
			if tc.mapOnly {
				var start Object
				if tc.start != "" {
					v, _ := DecodeValue([]byte(tc.start))
					start, _ = v.(Object)
				}
				_, got, err = p.MapOpenAIParams(req, start)
			} else {
				_, got, err = p.OptionalParams(req)
			}
			if tc.wantErr != "" {
				le, ok := err.(*Error)
				switch {
				case err == nil:
					t.Errorf("%s/%s: got %s, want error containing %q", variant, tc.name, cloudJSON(got), tc.wantErr)
				case !strings.Contains(err.Error(), tc.wantErr):
					t.Errorf("%s/%s: got error %q, want it to contain %q", variant, tc.name, err, tc.wantErr)
				case tc.errType != "" && (!ok || le.Type != tc.errType):
					t.Errorf("%s/%s: got error %v, want type %s", variant, tc.name, err, tc.errType)
				}
				continue
			}
			if err != nil {
				t.Errorf("%s/%s: got error %v, want %s", variant, tc.name, err, tc.want)
				continue
			}
			want, err := DecodeValue([]byte(tc.want))
			if err != nil {
				t.Fatalf("%s: bad want: %v", tc.name, err)
			}
			if !Equal(got, want) {
				t.Errorf("%s/%s:\n got %s\nwant %s", variant, tc.name, cloudJSON(got), tc.want)
			}
		}
	}
}

func cloudJSON(v any) string {
	b, _ := MarshalValue(v)
	return string(b)
}

const cloudWeatherTool = `{"type":"function","function":{"name":"get_weather","description":"Get the weather","parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}}`

func TestBedrockBaseModel(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"anthropic.claude-3-sonnet-20240229-v1:0", "anthropic.claude-3-sonnet-20240229-v1:0"},
		{"us.anthropic.claude-3-5-sonnet-20241022-v2:0", "anthropic.claude-3-5-sonnet-20241022-v2:0"},
		{"converse/eu.meta.llama3-2-11b-instruct-v1:0", "meta.llama3-2-11b-instruct-v1:0"},
		{"invoke/us-gov.anthropic.claude-3-haiku-20240307-v1:0", "anthropic.claude-3-haiku-20240307-v1:0"},
		{"bedrock/converse/global.anthropic.claude-sonnet-4-20250514-v1:0", "anthropic.claude-sonnet-4-20250514-v1:0"},
		{"us-west-2/anthropic.claude-v2", "anthropic.claude-v2"},
		{"arn:aws:bedrock:us-east-1:123:imported-model/abc", "abc"},
		{"ca.amazon.nova-pro-v1:0", "ca.amazon.nova-pro-v1:0"}, // not a cross-region prefix LiteLLM knows
	} {
		if got := bedrockBaseModel(tc.in); got != tc.want {
			t.Errorf("bedrockBaseModel(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestBedrockConfigKind(t *testing.T) {
	cat := DefaultCatalog()
	for _, tc := range []struct {
		model string
		want  configKind
	}{
		{"anthropic.claude-3-sonnet-20240229-v1:0", cfgBedrockConverse}, // BEDROCK_CONVERSE_MODELS
		{"us.anthropic.claude-3-5-sonnet-20241022-v2:0", cfgBedrockConverse},
		{"amazon.nova-pro-v1:0", cfgBedrockConverse}, // catalog bedrock_converse entry
		{"converse/some.new-model", cfgBedrockConverse},
		{"converse_like/some.new-model", cfgBedrockConverse},
		{"invoke/anthropic.claude-3-sonnet-20240229-v1:0", cfgBedrockInvokeClaude},
		{"invoke/anthropic.claude-v2", cfgBedrockInvoke}, // legacy text completion Claude
		{"async_invoke/anthropic.claude-3-haiku-20240307-v1:0", cfgBedrockInvokeClaude},
		{"amazon.titan-text-express-v1", cfgBedrockInvoke},
		{"cohere.command-r-v1:0", cfgBedrockInvoke},
	} {
		if got := bedrockConfigKind(tc.model, cat); got != tc.want {
			t.Errorf("bedrockConfigKind(%q) = %d, want %d", tc.model, got, tc.want)
		}
	}
}

func TestConverseSupported(t *testing.T) {
	cat := DefaultCatalog()
	for _, tc := range []struct {
		model    string
		has, not []Param
	}{
		{"anthropic.claude-3-sonnet-20240229-v1:0", []Param{PTools, PToolChoice, PResponseFormat, PStop},
			[]Param{PThinking, PReasoningEffort, PN, PSeed, PUser}},
		{"meta.llama3-8b-instruct-v1:0", []Param{PMaxTokens, PResponseFormat}, []Param{PTools, PToolChoice}},
		{"us.meta.llama3-2-11b-instruct-v1:0", []Param{PTools}, []Param{PToolChoice}},
		{"amazon.nova-pro-v1:0", []Param{PTools}, []Param{PToolChoice}},
		{"mistral.mistral-large-2402-v1:0", []Param{PTools}, []Param{PToolChoice}},
		{"anthropic.claude-3-7-sonnet-20250219-v1:0", []Param{PThinking, PReasoningEffort, PToolChoice}, nil},
		{"openai.gpt-oss-20b-1:0", []Param{PReasoningEffort}, []Param{PThinking}},
		{"arn:aws:bedrock:us-east-1:1:custom-model/x", []Param{PTools, PToolChoice, PThinking, PReasoningEffort}, nil},
	} {
		s := converseSupported(cat, tc.model)
		for _, p := range tc.has {
			if !s.Has(p) {
				t.Errorf("converseSupported(%q) lacks %s", tc.model, p)
			}
		}
		for _, p := range tc.not {
			if s.Has(p) {
				t.Errorf("converseSupported(%q) has %s", tc.model, p)
			}
		}
	}
}

func TestBedrockConverseMapping(t *testing.T) {
	claude := `"model":"bedrock/anthropic.claude-3-sonnet-20240229-v1:0"`
	llama := `"model":"bedrock/meta.llama3-8b-instruct-v1:0"`
	runCloudCases(t, []cloudCase{
		{name: "sampling renamed",
			req:  `{` + claude + `,"max_completion_tokens":50,"stop":"x","top_p":0.5,"temperature":0.1}`,
			want: `{"maxTokens":50,"stopSequences":["x"],"topP":0.5,"temperature":0.1,"stream":false}`},
		{name: "region_name also as aws_region_name",
			req:  `{` + claude + `,"region_name":"us-east-1","project":"p"}`,
			want: `{"aws_region_name":"us-east-1","stream":false,"region_name":"us-east-1","project":"p"}`},
		{name: "empty stop string skipped",
			req:  `{` + claude + `,"stop":""}`,
			want: `{"stream":false}`},
		{name: "tools kept in OpenAI shape, required -> any",
			req:  `{` + claude + `,"tools":[` + cloudWeatherTool + `],"tool_choice":"required"}`,
			want: `{"tools":[` + cloudWeatherTool + `],"tool_choice":{"any":{}},"stream":false}`},
		{name: "object tool_choice",
			req:  `{` + claude + `,"tools":[` + cloudWeatherTool + `],"tool_choice":{"type":"function","function":{"name":"get_weather"}}}`,
			want: `{"tools":[` + cloudWeatherTool + `],"tool_choice":{"tool":{"name":"get_weather"}},"stream":false}`},
		{name: "tool_choice none is an error",
			req:     `{` + claude + `,"tools":[` + cloudWeatherTool + `],"tool_choice":"none"}`,
			wantErr: "Bedrock doesn't support tool_choice=none. To drop it from the call, set `litellm.drop_params = True.", errType: "UnsupportedParamsError"},
		{name: "tool_choice none dropped with drop_params",
			req:  `{` + claude + `,"tools":[` + cloudWeatherTool + `],"tool_choice":"none","drop_params":true}`,
			want: `{"tools":[` + cloudWeatherTool + `],"stream":false}`},
		{name: "tool_choice none dropped with litellm.drop_params", global: true,
			req:  `{` + claude + `,"tools":[` + cloudWeatherTool + `],"tool_choice":"none"}`,
			want: `{"tools":[` + cloudWeatherTool + `],"stream":false}`},
		{name: "json_object becomes a forced JSON tool",
			req: `{` + claude + `,"response_format":{"type":"json_object"},"stream":true}`,
			want: `{"tools":[{"type":"function","function":{"name":"json_tool_call","parameters":{"type":"object","additionalProperties":true,"properties":{}}}}],` +
				`"tool_choice":{"tool":{"name":"json_tool_call"}},"json_mode":true,"fake_stream":true,"stream":true}`},
		{name: "no tool_choice for a model without tool_choice support",
			req:  `{` + llama + `,"response_format":{"type":"json_object"}}`,
			want: `{"tools":[{"type":"function","function":{"name":"json_tool_call","parameters":{"type":"object","additionalProperties":true,"properties":{}}}}],"json_mode":true,"stream":false}`},
		{name: "text response_format ignored",
			req:  `{` + claude + `,"response_format":{"type":"text"}}`,
			want: `{"stream":false}`},
		{name: "llama3 rejects tools",
			req:     `{` + llama + `,"tools":[` + cloudWeatherTool + `],"tool_choice":"auto"}`,
			wantErr: "bedrock does not support parameters: ['tools', 'tool_choice']"},
		{name: "reasoning_effort becomes thinking with a max token budget",
			req:  `{"model":"bedrock/anthropic.claude-3-7-sonnet-20250219-v1:0","reasoning_effort":"low"}`,
			want: `{"thinking":{"type":"enabled","budget_tokens":1024},"maxTokens":5120,"stream":false}`},
		{name: "thinking keeps an explicit max_tokens",
			req:  `{"model":"bedrock/anthropic.claude-3-7-sonnet-20250219-v1:0","thinking":{"type":"enabled","budget_tokens":2000},"max_tokens":3000}`,
			want: `{"maxTokens":3000,"thinking":{"type":"enabled","budget_tokens":2000},"stream":false}`},
		{name: "thinking suppresses the JSON tool_choice",
			req: `{"model":"bedrock/anthropic.claude-3-7-sonnet-20250219-v1:0","response_format":{"type":"json_object"},"reasoning_effort":"high"}`,
			want: `{"tools":[{"type":"function","function":{"name":"json_tool_call","parameters":{"type":"object","additionalProperties":true,"properties":{}}}}],` +
				`"json_mode":true,"thinking":{"type":"enabled","budget_tokens":4096},"maxTokens":8192,"stream":false}`},
		{name: "gpt-oss keeps reasoning_effort", mapOnly: true,
			req:  `{"model":"bedrock/openai.gpt-oss-20b-1:0","reasoning_effort":"low"}`,
			want: `{"reasoning_effort":"low"}`},
		{name: "json_schema tool appended after existing tools", mapOnly: true,
			req:   `{"model":"bedrock/eu.anthropic.claude-sonnet-4-20250514-v1:0","response_format":{"type":"json_schema","json_schema":{"name":"W","description":"d","schema":{"type":"object"}}}}`,
			start: `{"tools":[` + cloudWeatherTool + `]}`,
			want: `{"tools":[` + cloudWeatherTool + `,{"type":"function","function":{"name":"json_tool_call","parameters":{"type":"object"},"description":"d"}}],` +
				`"tool_choice":{"tool":{"name":"json_tool_call"}},"json_mode":true}`},
		{name: "requestMetadata validated and kept", mapOnly: true,
			req:  `{"model":"bedrock/anthropic.claude-3-sonnet-20240229-v1:0","requestMetadata":{"team":"a b"}}`,
			want: `{"requestMetadata":{"team":"a b"}}`},
		{name: "requestMetadata with invalid characters", mapOnly: true,
			req:     `{"model":"bedrock/anthropic.claude-3-sonnet-20240229-v1:0","requestMetadata":{"team":"a!"}}`,
			wantErr: "requestMetadata value 'a!' contains invalid characters", errType: "BadRequestError"},
	})
}

func TestBedrockInvokeMapping(t *testing.T) {
	runCloudCases(t, []cloudCase{
		{name: "invoke Claude maps like Anthropic",
			req:  `{"model":"bedrock/invoke/anthropic.claude-3-sonnet-20240229-v1:0","max_tokens":10,"stop":"x","tool_choice":"required","tools":[` + cloudWeatherTool + `]}`,
			want: `{"max_tokens":10,"stop_sequences":["x"],"tool_choice":{"type":"any"},"tools":[{"name":"get_weather","input_schema":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]},"description":"Get the weather"}]}`},
		{name: "invoke Claude rejects n",
			req:     `{"model":"bedrock/invoke/anthropic.claude-3-sonnet-20240229-v1:0","n":2}`,
			wantErr: "bedrock does not support parameters: ['n']"},
		{name: "invoke Claude 3.7 takes reasoning_effort",
			req:  `{"model":"bedrock/invoke/anthropic.claude-3-7-sonnet-20240620-v1:0","reasoning_effort":"high"}`,
			want: `{"thinking":{"type":"enabled","budget_tokens":4096},"max_tokens":8192}`},
		{name: "titan",
			req:  `{"model":"bedrock/amazon.titan-text-express-v1","max_tokens":10,"top_p":0.5,"stop":["User:"]}`,
			want: `{"maxTokenCount":10,"topP":0.5,"stopSequences":["User:"],"stream":false}`},
		{name: "legacy Claude on invoke passes stream only when true",
			req:  `{"model":"bedrock/invoke/anthropic.claude-v2","max_tokens":10,"stop":["a"]}`,
			want: `{"max_tokens_to_sample":10,"stop_sequences":["a"]}`},
		{name: "titan keeps only its stop sequences under litellm.drop_params", global: true,
			req:  `{"model":"bedrock/amazon.titan-text-express-v1","stop":["User:","x","||"]}`,
			want: `{"stopSequences":["User:","||"],"stream":false}`},
		{name: "deepseek r1 maps like llama",
			req:  `{"model":"bedrock/invoke/deepseek_r1/arn:aws:bedrock:us-east-1:1:imported-model/x","max_tokens":10,"top_p":0.5}`,
			want: `{"max_gen_len":10,"top_p":0.5,"stream":false}`},
		{name: "unknown invoke family uses the base invoke mapping",
			req:  `{"model":"bedrock/invoke/writer.palmyra-x5-v1:0","max_completion_tokens":10}`,
			want: `{"max_tokens":10,"stream":false}`},
	})
}

func TestValidateRequestMetadata(t *testing.T) {
	long := strings.Repeat("k", 257)
	many := Object{}
	for i := 0; i < 17; i++ {
		many = append(many, Member{string(rune('a' + i)), "v"})
	}
	for _, tc := range []struct {
		md   Object
		want string // "" = valid
	}{
		{Object{{"user-id", "u_1@x.com"}, {"note", ""}}, ""},
		{Object{{"k", 1.0}}, "requestMetadata values must be strings"},
		{Object{{"", "v"}}, "requestMetadata key length must be 1-256 characters"},
		{Object{{long, "v"}}, "requestMetadata key length must be 1-256 characters"},
		{Object{{"k", long}}, "requestMetadata value length must be 0-256 characters"},
		{Object{{"k?", "v"}}, "requestMetadata key 'k?' contains invalid characters"},
		{many, "requestMetadata can contain a maximum of 16 items"},
	} {
		err := validateRequestMetadata("bedrock", tc.md)
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("validateRequestMetadata(%s) = %v, want nil", cloudJSON(tc.md), err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("validateRequestMetadata(%s) = %v, want %q", cloudJSON(tc.md), err, tc.want)
		}
	}
}

func TestConverseMapAllocations(t *testing.T) {
	req, err := DecodeRequest([]byte(`{"model":"bedrock/anthropic.claude-3-sonnet-20240229-v1:0","max_tokens":10,"temperature":0.2,"top_p":0.9,"stop":["x"]}`))
	if err != nil {
		t.Fatal(err)
	}
	nd := nonDefault{vals: req.Params, set: req.Params.NonDefault()}
	c := &mapCtx{cat: DefaultCatalog(), model: "anthropic.claude-3-sonnet-20240229-v1:0", provider: "bedrock", nd: &nd}
	opt := make(Object, 0, 8)
	cfg := configs[cfgBedrockConverse]
	allocs := testing.AllocsPerRun(100, func() {
		opt = opt[:0]
		if err := cfg.mapParams(c, &opt); err != nil {
			t.Fatal(err)
		}
	})
	// Scalars are boxed into interfaces only when they are not already;
	// the simple sampling params need no allocation of their own.
	if allocs > 1 {
		t.Errorf("converse mapParams allocates %v times per call, want at most 1", allocs)
	}
}
