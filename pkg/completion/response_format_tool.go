package completion

// The forced JSON tool that LiteLLM builds from a response_format for
// providers without a native structured-output mode (Anthropic, Bedrock,
// Groq, Fireworks with tools, old Azure API versions).

// responseFormatSchema returns the JSON schema of a response_format object:
// its response_schema, else json_schema.schema (nil when there is none).
func responseFormatSchema(rf any) any {
	o, ok := rf.(Object)
	if !ok {
		return nil
	}
	if s, ok := o.Get("response_schema"); ok {
		return s
	}
	if js, ok := o.Get("json_schema"); ok {
		if jo, ok := js.(Object); ok {
			s, _ := jo.Get("schema")
			return s
		}
	}
	return nil
}

// jsonToolCall builds the OpenAI-shaped function tool that carries a
// response schema.
func jsonToolCall(schema any) Object {
	return Object{{"type", "function"}, {"function", Object{{"name", responseFormatToolName}, {"parameters", schema}}}}
}

// responseFormatToolName is LiteLLM's RESPONSE_FORMAT_TOOL_NAME.
const responseFormatToolName = "json_tool_call"
