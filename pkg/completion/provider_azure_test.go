package completion

import "testing"

func TestAzureMapping(t *testing.T) {
	env := func(m map[string]string) Settings {
		return Settings{Env: func(k string) string { return m[k] }}
	}
	runMapCases(t, []mapCase{
		{
			name:    "deployment copies its supported params",
			request: `{"model":"azure/my-deployment","tool_choice":"required","tools":[` + weatherTool + `],"user":"u"}`,
			want:    `{"stream":false,"user":"u","tools":[` + weatherTool + `],"tool_choice":"required","extra_body":{}}`,
		},
		{
			name:    "service_tier and reasoning_effort are not supported",
			request: `{"model":"azure/my-deployment","service_tier":"auto","reasoning_effort":"low"}`,
			wantErr: "azure does not support parameters: ['reasoning_effort', 'service_tier']",
		},
		{
			name:    "tool_choice needs api_version 2023-12-01 or later",
			request: `{"model":"azure/my-deployment","api_version":"2023-07-01-preview","tool_choice":"auto"}`,
			wantErr: "Azure does not support 'tool_choice', for api_version=2023-07-01-preview.",
		},
		{
			name:    "old api_version tool_choice is dropped with drop_params",
			request: `{"model":"azure/my-deployment","api_version":"2023-07-01-preview","tool_choice":"auto","drop_params":true}`,
			want:    `{"stream":false,"extra_body":{}}`,
		},
		{
			name:    "tool_choice required is rejected for 2024-01..05 versions",
			request: `{"model":"azure/my-deployment","api_version":"2024-05-01-preview","tool_choice":"required"}`,
			wantErr: "Azure does not support 'required' as a tool_choice param, for api_version=2024-05-01-preview.",
		},
		{
			name:     "AZURE_API_VERSION is the default api_version",
			request:  `{"model":"azure/my-deployment","tool_choice":"required"}`,
			settings: env(map[string]string{"AZURE_API_VERSION": "2024-02-15-preview"}),
			wantErr:  "api_version=2024-02-15-preview",
		},
		{
			name:    "response_format schema becomes a JSON tool for gpt-35 deployments",
			request: `{"model":"azure/gpt-35-turbo","response_format":{"type":"json_schema","json_schema":{"name":"p","schema":{"type":"object"}}}}`,
			want: `{"stream":false,"tools":[{"type":"function","function":{"name":"json_tool_call","parameters":{"type":"object"}}}],` +
				`"tool_choice":{"type":"function","function":{"name":"json_tool_call"}},"json_mode":true,"extra_body":{}}`,
		},
		{
			name:    "response_format is passed on for newer api versions",
			request: `{"model":"azure/my-deployment","response_format":{"type":"json_object"}}`,
			want:    `{"stream":false,"response_format":{"type":"json_object"},"extra_body":{}}`,
		},
		{
			name:    "response_format without schema on an old api_version is dropped",
			request: `{"model":"azure/my-deployment","api_version":"2024-06-01","response_format":{"type":"json_object"}}`,
			want:    `{"stream":false,"extra_body":{}}`,
		},
		{
			name:    "o-series deployment: unknown names get reasoning_effort",
			request: `{"model":"azure/my-o3-deployment","reasoning_effort":"low","max_tokens":5}`,
			want:    `{"max_completion_tokens":5,"stream":false,"reasoning_effort":"low","extra_body":{}}`,
		},
		{
			name:    "o-series deployment: o1-mini does not reason per the model map",
			request: `{"model":"azure/o1-mini","reasoning_effort":"low"}`,
			wantErr: "azure does not support parameters: ['reasoning_effort']",
		},
		{
			name:    "o-series deployment: temperature rule",
			request: `{"model":"o1-mini","custom_llm_provider":"azure","temperature":0.5}`,
			wantErr: "O-series models don't support temperature=0.5",
		},
		{
			name:    "gpt-5 deployment uses the GPT-5 rules",
			request: `{"model":"azure/gpt-5-chat","max_tokens":5,"reasoning_effort":"minimal","stop":"x","drop_params":true}`,
			want:    `{"max_completion_tokens":5,"stream":false,"reasoning_effort":"minimal","extra_body":{}}`,
		},
	})
}

func TestSplitAPIVersion(t *testing.T) {
	tests := []struct {
		in                string
		year, month, day  string
		dated, rfSupports bool
	}{
		{"2025-02-01-preview", "2025", "02", "01", true, true},
		{"2024-08-01-preview", "2024", "08", "01", true, true},
		{"2024-06-01", "2024", "06", "01", true, false},
		{"2023-12-01-preview", "2023", "12", "01", true, false},
		{"v1", "", "", "", false, true},
	}
	for _, tt := range tests {
		y, m, d, ok := splitAPIVersion(tt.in)
		if y != tt.year || m != tt.month || d != tt.day || ok != tt.dated {
			t.Errorf("splitAPIVersion(%q) = %q, %q, %q, %v, want %q, %q, %q, %v", tt.in, y, m, d, ok, tt.year, tt.month, tt.day, tt.dated)
		}
		if got := azureResponseFormatAPIVersion(y, m, ok); got != tt.rfSupports {
			t.Errorf("azureResponseFormatAPIVersion(%q) = %v, want %v", tt.in, got, tt.rfSupports)
		}
	}
}
