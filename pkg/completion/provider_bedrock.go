package completion

import (
	"strings"
	"unicode"
)

// Bedrock: the route (BedrockModelInfo.get_bedrock_route, converse or
// invoke) decides the config. Converse is AmazonConverseConfig; the invoke route
// picks a config by the model family (get_bedrock_chat_config).

// bedrockConverseModels is LiteLLM's BEDROCK_CONVERSE_MODELS; the catalog's
// bedrock_converse entries are added to it at load time (Catalog.bedrockConv).
var bedrockConverseModels = stringSet(
	"qwen.qwen3-coder-480b-a35b-v1:0", "qwen.qwen3-235b-a22b-2507-v1:0", "qwen.qwen3-coder-30b-a3b-v1:0",
	"qwen.qwen3-32b-v1:0", "deepseek.v3-v1:0", "openai.gpt-oss-20b-1:0", "openai.gpt-oss-120b-1:0",
	"anthropic.claude-haiku-4-5-20251001-v1:0", "anthropic.claude-sonnet-4-5-20250929-v1:0",
	"anthropic.claude-opus-4-1-20250805-v1:0", "anthropic.claude-opus-4-20250514-v1:0",
	"anthropic.claude-sonnet-4-20250514-v1:0", "anthropic.claude-3-7-sonnet-20250219-v1:0",
	"anthropic.claude-3-5-haiku-20241022-v1:0", "anthropic.claude-3-5-sonnet-20241022-v2:0",
	"anthropic.claude-3-5-sonnet-20240620-v1:0", "anthropic.claude-3-opus-20240229-v1:0",
	"anthropic.claude-3-sonnet-20240229-v1:0", "anthropic.claude-3-haiku-20240307-v1:0", "anthropic.claude-v2",
	"anthropic.claude-v2:1", "anthropic.claude-v1", "anthropic.claude-instant-v1", "ai21.jamba-instruct-v1:0",
	"ai21.jamba-1-5-mini-v1:0", "ai21.jamba-1-5-large-v1:0", "meta.llama3-70b-instruct-v1:0",
	"meta.llama3-8b-instruct-v1:0", "meta.llama3-1-8b-instruct-v1:0", "meta.llama3-1-70b-instruct-v1:0",
	"meta.llama3-1-405b-instruct-v1:0", "mistral.mistral-large-2407-v1:0", "mistral.mistral-large-2402-v1:0",
	"mistral.mistral-small-2402-v1:0", "meta.llama3-2-1b-instruct-v1:0", "meta.llama3-2-3b-instruct-v1:0",
	"meta.llama3-2-11b-instruct-v1:0", "meta.llama3-2-90b-instruct-v1:0",
)

// bedrockCrossRegionPrefixes are the inference-profile prefixes
// (_supported_cross_region_inference_region) stripped to find the base model.
var bedrockCrossRegionPrefixes = stringSet("global", "us", "eu", "apac", "jp", "au", "us-gov")

// awsRegions are the regions a catalog key may carry as "<region>/<model>".
var awsRegions = stringSet(
	"us-east-1", "us-east-2", "us-west-1", "us-west-2", "us-gov-east-1", "us-gov-west-1", "ca-central-1",
	"ca-west-1", "eu-west-1", "eu-west-2", "eu-west-3", "eu-central-1", "eu-central-2", "eu-north-1",
	"eu-south-1", "eu-south-2", "ap-south-1", "ap-south-2", "ap-northeast-1", "ap-northeast-2",
	"ap-northeast-3", "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4", "ap-east-1",
	"sa-east-1", "me-south-1", "me-central-1", "af-south-1", "il-central-1",
)

// bedrockRoutingName is get_non_litellm_routing_model_name: the model
// without the bedrock/, converse/ and invoke/ routing prefixes.
func bedrockRoutingName(model string) string {
	if _, rest, ok := strings.Cut(model, "/"); ok && strings.HasPrefix(model, "bedrock/") {
		model = rest
	}
	if _, rest, ok := strings.Cut(model, "/"); ok && strings.HasPrefix(model, "converse/") {
		model = rest
	}
	if _, rest, ok := strings.Cut(model, "/"); ok && strings.HasPrefix(model, "invoke/") {
		model = rest
	}
	return model
}

// bedrockBaseModel is BedrockModelInfo.get_base_model: the routing name
// without an ARN path and without a cross-region or region prefix.
func bedrockBaseModel(model string) string {
	model = bedrockRoutingName(model)
	if containsFold(model, "arn") {
		model = model[strings.LastIndexByte(model, '/')+1:]
	}
	if region, rest, ok := strings.Cut(model, "."); ok && inSet(bedrockCrossRegionPrefixes, region) {
		return rest
	}
	if region, rest, ok := strings.Cut(model, "/"); ok && inSet(awsRegions, region) {
		return rest
	}
	return model
}

// A bedrockRoute is the result of BedrockModelInfo.get_bedrock_route.
type bedrockRoute uint8

const (
	routeInvoke bedrockRoute = iota
	routeConverse
	routeConverseLike
	routeAgent
	routeAgentCore
	routeAsyncInvoke
)

// bedrockRoutes are the explicit route segments in LiteLLM's lookup order
// (a substring test: "async_invoke/" matches "invoke/" first).
var bedrockRoutes = [...]struct {
	segment string
	route   bedrockRoute
}{
	{"invoke/", routeInvoke}, {"converse_like/", routeConverseLike}, {"converse/", routeConverse},
	{"agent/", routeAgent}, {"agentcore/", routeAgentCore}, {"async_invoke/", routeAsyncInvoke},
}

// bedrockRouteOf picks the route: an explicit segment, else converse when the
// base model is a converse model, else invoke.
func bedrockRouteOf(model string, cat *Catalog) bedrockRoute {
	for _, r := range bedrockRoutes {
		if strings.Contains(model, r.segment) {
			return r.route
		}
	}
	if isBedrockConverseModel(bedrockBaseModel(model), cat) || isBedrockConverseModel(bedrockRoutingName(model), cat) {
		return routeConverse
	}
	return routeInvoke
}

func isBedrockConverseModel(m string, cat *Catalog) bool {
	return inSet(bedrockConverseModels, m) || (cat != nil && inSet(cat.bedrockConv, m))
}

// bedrockInvokeProviders are BEDROCK_INVOKE_PROVIDERS_LITERAL in order.
var bedrockInvokeProviders = [...]string{"cohere", "anthropic", "mistral", "amazon", "meta", "llama", "ai21", "nova",
	"deepseek_r1", "qwen3"}

// bedrockInvokeProvider is get_bedrock_invoke_provider: the model family of
// an invoke-route model ("" when unknown).
func bedrockInvokeProvider(model string) string {
	model = strings.Replace(model, "invoke/", "", 1)
	if containsFold(model, "nova") {
		return "nova"
	}
	first, _, _ := strings.Cut(model, ".")
	seg, _, _ := strings.Cut(model, "/")
	for _, p := range bedrockInvokeProviders {
		if first == p || seg == p {
			return p
		}
	}
	for _, p := range bedrockInvokeProviders {
		if strings.Contains(model, p) {
			return p
		}
	}
	return ""
}

// bedrockLegacyAnthropic are AmazonAnthropicConfig's (text completion) models.
var bedrockLegacyAnthropic = stringSet("anthropic.claude-v2", "anthropic.claude-instant-v1", "anthropic.claude-v2:1")

// bedrockConfigKind is get_bedrock_chat_config, which get_optional_params'
// bedrock branch agrees with: converse routes use the converse config, the
// others a config by model family.
func bedrockConfigKind(model string, cat *Catalog) configKind {
	switch bedrockRouteOf(model, cat) {
	case routeConverse, routeConverseLike:
		return cfgBedrockConverse
	case routeAgent, routeAgentCore:
		return cfgBedrockInvoke
	}
	if bedrockInvokeProvider(model) == "anthropic" && !inSet(bedrockLegacyAnthropic, bedrockBaseModel(model)) {
		return cfgBedrockInvokeClaude
	}
	return cfgBedrockInvoke
}

// bedrockDispatchKind is get_optional_params' bedrock branch: the converse
// routes map with the converse config; an invoke-route Anthropic model maps
// with the Claude 3 config only when its base model starts with
// "anthropic.claude-3" and with the legacy (claude-2 style) config
// otherwise, also for Claude 4 models whose provider config is the Claude
// one; everything else maps with the provider config.
func bedrockDispatchKind(model string, cat *Catalog) configKind {
	route := bedrockRouteOf(model, cat)
	base := bedrockBaseModel(model)
	switch {
	case route == routeConverse || route == routeConverseLike:
		return cfgBedrockConverse
	case route == routeInvoke && strings.Contains(base, "anthropic"):
		if strings.HasPrefix(base, "anthropic.claude-3") {
			return cfgBedrockInvokeClaude
		}
		return cfgBedrockInvokeLegacyClaude
	}
	return bedrockConfigKind(model, cat)
}

// bedrockModelInfo finds a catalog entry as _get_model_info_helper does for
// a bedrock-family provider: provider/model, model, provider/base, base.
func bedrockModelInfo(cat *Catalog, model, provider string) *ModelInfo {
	if cat == nil {
		return nil
	}
	base := bedrockBaseModel(model)
	var buf [160]byte
	for i, k := range [...]string{model, model, base, base} {
		key := k
		if i%2 == 0 { // provider-prefixed; string(b) in the index does not allocate
			b := append(append(append(buf[:0], provider...), '/'), k...)
			if m, ok := cat.models[string(b)]; ok && strings.HasPrefix(m.Provider, "bedrock") {
				return m
			}
			continue
		}
		if m, ok := cat.models[key]; ok && strings.HasPrefix(m.Provider, "bedrock") {
			return m
		}
	}
	return nil
}

// bedrockSupports reads a supports_* flag the way supports_*(model,
// custom_llm_provider=provider) does for bedrock models.
func bedrockSupports(cat *Catalog, model, provider string, flag func(*ModelInfo) bool) bool {
	m := bedrockModelInfo(cat, model, provider)
	return m != nil && flag(m)
}

func flagToolChoice(m *ModelInfo) bool { return m.SupportsToolChoice }
func flagReasoning(m *ModelInfo) bool  { return m.SupportsReasoning }

// converseParams is AmazonConverseConfig's fixed supported list
// (requestMetadata is not an OpenAI param; it arrives as an extra).
var converseParams = Set(PMaxTokens, PMaxCompletionTokens, PStream, PStreamOptions, PStop, PTemperature, PTopP,
	PExtraHeaders, PResponseFormat)

// converseToolPrefixes are the base-model families that take user tools.
var converseToolPrefixes = [...]string{"anthropic", "mistral", "cohere", "meta.llama3-1", "meta.llama3-2",
	"meta.llama3-3", "meta.llama4", "amazon.nova"}

// bedrockConverseConfig is AmazonConverseConfig.
type bedrockConverseConfig struct{ name string }

func (*bedrockConverseConfig) supportedParams(c *mapCtx) ParamSet {
	return converseSupported(c.cat, c.model)
}

func converseSupported(cat *Catalog, model string) ParamSet {
	s := converseParams
	if strings.Contains(model, "arn") { // the model cannot be inferred from an ARN
		return s.With(PTools, PToolChoice, PThinking, PReasoningEffort)
	}
	base := bedrockBaseModel(model)
	// supports_*(model) and supports_*(base_model), each looked up once.
	var mi, bi ModelInfo
	if m := bedrockModelInfo(cat, model, "bedrock_converse"); m != nil {
		mi = *m
	}
	if m := bedrockModelInfo(cat, base, "bedrock_converse"); m != nil {
		bi = *m
	}
	tools := mi.SupportsFunctionCalling
	for _, p := range converseToolPrefixes {
		if strings.HasPrefix(base, p) {
			tools = true
			break
		}
	}
	if tools {
		s |= Set(PTools)
	}
	if mi.SupportsToolChoice || bi.SupportsToolChoice {
		s |= Set(PToolChoice)
	}
	switch {
	case strings.Contains(model, "gpt-oss"):
		s |= Set(PReasoningEffort)
	case strings.Contains(model, "claude-3-7") || strings.Contains(model, "claude-sonnet-4") ||
		strings.Contains(model, "claude-opus-4") || strings.Contains(model, "deepseek.r1") ||
		mi.SupportsReasoning || bi.SupportsReasoning:
		s |= Set(PThinking, PReasoningEffort)
	}
	return s
}

func (*bedrockConverseConfig) mapParams(c *mapCtx, opt *Object) error {
	nd := c.nd
	gptOSS := strings.Contains(c.model, "gpt-oss")
	thinkingOn := thinkingEnabled(nd.get(PThinking), nd.get(PReasoningEffort))
	err := nd.each(func(p Param, v any) error {
		switch p {
		case PResponseFormat:
			if rf, ok := v.(Object); ok {
				converseResponseFormat(c, rf, thinkingOn, opt)
			}
		case PMaxTokens, PMaxCompletionTokens:
			opt.Set("maxTokens", v)
		case PStream:
			opt.Set("stream", v)
		case PStop:
			if s, ok := v.(string); ok {
				if s == "" { // converse rejects empty stop strings
					return nil
				}
				v = []any{s}
			}
			opt.Set("stopSequences", v)
		case PTemperature:
			opt.Set("temperature", v)
		case PTopP:
			opt.Set("topP", v)
		case PTools:
			if list, ok := v.([]any); ok {
				appendTools(opt, list)
				if strings.Contains(c.model, "meta.llama3-3-70b-instruct-v1:0") && nd.get(PStream) == true {
					opt.Set("fake_stream", true)
				}
			}
		case PToolChoice:
			tc, err := converseToolChoice(c, v)
			if err != nil {
				return err
			}
			if tc != nil {
				opt.Set("tool_choice", tc)
			}
		case PThinking:
			opt.Set("thinking", v)
		case PReasoningEffort:
			s, ok := v.(string)
			if !ok {
				return nil
			}
			if gptOSS {
				opt.Set("reasoning_effort", s)
				return nil
			}
			t, err := anthropicThinkingForEffort(c.provider, s)
			if err != nil {
				return err
			}
			opt.Set("thinking", t)
		}
		return nil
	})
	if err != nil {
		return err
	}
	if md, ok := nd.extra.Get("requestMetadata"); ok {
		if o, ok := md.(Object); ok {
			if err := validateRequestMetadata(c.provider, o); err != nil {
				return err
			}
			opt.Set("requestMetadata", o)
		}
	}
	if !gptOSS {
		thinkingMaxTokens(nd, opt, "maxTokens", Set(PMaxTokens, PMaxCompletionTokens))
	}
	return nil
}

// converseToolChoice is AmazonConverseConfig.map_tool_choice_values.
func converseToolChoice(c *mapCtx, v any) (any, error) {
	switch tc := v.(type) {
	case string:
		switch tc {
		case "none":
			if c.globalDrop() || c.drop {
				return nil, nil
			}
			return nil, unsupportedParamsError(c.provider,
				"Bedrock doesn't support tool_choice=none. To drop it from the call, set `litellm.drop_params = True.")
		case "required":
			return Object{{"any", Object{}}}, nil
		case "auto":
			return Object{{"auto", Object{}}}, nil
		}
		return nil, unsupportedParamsError(c.provider,
			"Bedrock doesn't support tool_choice=%s. Supported tool_choice values=['auto', 'required', json object]. To drop it from the call, set `litellm.drop_params = True.", tc)
	case Object:
		name := ""
		if f, ok := tc.Get("function"); ok {
			if fo, ok := f.(Object); ok {
				if n, ok := fo.Get("name"); ok {
					name, _ = n.(string)
				}
			}
		}
		return Object{{"tool", Object{{"name", name}}}}, nil
	}
	return nil, unsupportedParamsError(c.provider,
		"Bedrock doesn't support tool_choice=%s. Supported tool_choice values=['auto', 'required', json object]. To drop it from the call, set `litellm.drop_params = True.", pyValue(v))
}

// converseResponseFormat is _translate_response_format_param: a forced
// JSON tool (OpenAI-shaped, with no description) replaces response_format,
// and json_mode is set.
func converseResponseFormat(c *mapCtx, rf Object, thinkingOn bool, opt *Object) {
	typ, _ := rf.Get("type")
	if typ == "text" {
		return
	}
	var schema, description any
	if s, ok := rf.Get("response_schema"); ok {
		schema = s
	} else if js, ok := rf.Get("json_schema"); ok {
		if jso, ok := js.(Object); ok {
			schema, _ = jso.Get("schema")
			description, _ = jso.Get("description")
		}
	}
	if schema == nil {
		schema = Object{{"type", "object"}, {"additionalProperties", true}, {"properties", Object{}}}
	}
	fn := Object{{"name", responseFormatToolName}, {"parameters", schema}}
	if d, ok := description.(string); ok && d != "" {
		fn = append(fn, Member{"description", d})
	}
	appendTools(opt, []any{Object{{"type", "function"}, {"function", fn}}})
	if !thinkingOn && bedrockSupports(c.cat, c.model, "bedrock_converse", flagToolChoice) {
		opt.Set("tool_choice", Object{{"tool", Object{{"name", responseFormatToolName}}}})
	}
	opt.Set("json_mode", true)
	if c.nd.get(PStream) == true {
		opt.Set("fake_stream", true)
	}
}

// validateRequestMetadata is AmazonConverseConfig._validate_request_metadata.
func validateRequestMetadata(provider string, md Object) error {
	bad := func(msg string) error { return newError("BadRequestError", 400, provider, "%s", msg) }
	if len(md) > 16 {
		return bad("requestMetadata can contain a maximum of 16 items")
	}
	for _, m := range md {
		val, ok := m.Value.(string)
		if !ok {
			return bad("requestMetadata values must be strings")
		}
		if len(m.Key) == 0 || len(m.Key) > 256 {
			return bad("requestMetadata key length must be 1-256 characters")
		}
		if len(val) > 256 {
			return bad("requestMetadata value length must be 0-256 characters")
		}
		if !metadataChars(m.Key) {
			return bad("requestMetadata key '" + m.Key + "' contains invalid characters. Allowed: [a-zA-Z0-9\\s:_@$#=/+,.-]")
		}
		if !metadataChars(val) {
			return bad("requestMetadata value '" + val + "' contains invalid characters. Allowed: [a-zA-Z0-9\\s:_@$#=/+,.-]")
		}
	}
	return nil
}

func metadataChars(s string) bool {
	for _, r := range s {
		switch {
		case r < 128 && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9'):
		case strings.ContainsRune(":_@$#=/+,.-", r):
		case unicode.IsSpace(r):
		default:
			return false
		}
	}
	return true
}

// bedrockInvokeConfig covers the invoke-route configs other than Claude
// (AmazonTitanConfig, AmazonLlamaConfig, AmazonMistralConfig, ...): each
// model family has a small list of params and its own names for them.
type bedrockInvokeConfig struct{ name string }

// An invokeFamily is one invoke config's supported list and key names.
type invokeFamily struct {
	params     ParamSet
	maxTokens  string // key for max_tokens / max_completion_tokens
	topP       string
	stop       string // "" when stop is not mapped
	streamTrue bool   // stream is only passed on when true
	titan      bool   // Titan filters stop sequences under litellm.drop_params
	// delegate is the config whose list and mapping the family reuses
	// (AmazonCohereConfig is CohereChatConfig's, AmazonInvokeNovaConfig
	// AmazonConverseConfig's); cfgNone for the families above.
	delegate configKind
}

var (
	invokeTitan = invokeFamily{params: Set(PMaxTokens, PMaxCompletionTokens, PStop, PTemperature, PTopP, PStream),
		maxTokens: "maxTokenCount", topP: "topP", stop: "stopSequences", titan: true}
	invokeLegacy = invokeFamily{params: Set(PMaxTokens, PMaxCompletionTokens, PTemperature, PStop, PTopP, PStream),
		maxTokens: "max_tokens_to_sample", topP: "top_p", stop: "stop_sequences", streamTrue: true}
	invokeLlama   = invokeFamily{params: Set(PMaxTokens, PTemperature, PTopP, PStream), maxTokens: "max_gen_len", topP: "top_p"}
	invokeMistral = invokeFamily{params: Set(PMaxTokens, PTemperature, PTopP, PStop, PStream), maxTokens: "max_tokens", topP: "top_p", stop: "stop"}
	invokeAI21    = invokeFamily{params: Set(PMaxTokens, PTemperature, PTopP, PStream), maxTokens: "maxTokens", topP: "topP"}
	invokeCohere  = invokeFamily{delegate: cfgCohereChat}
	invokeNova    = invokeFamily{delegate: cfgBedrockConverse}
	invokeQwen    = invokeFamily{params: Set(PMaxTokens, PTemperature, PTopP, PStop, PStream), maxTokens: "max_tokens", topP: "top_p", stop: "stop"}
	// invokeGeneric is AmazonInvokeConfig's own (base) mapping.
	invokeGeneric = invokeFamily{params: Set(PMaxTokens, PMaxCompletionTokens, PStream), maxTokens: "max_tokens"}
)

func invokeFamilyOf(model string) invokeFamily {
	switch bedrockInvokeProvider(model) {
	case "amazon":
		return invokeTitan
	case "anthropic":
		return invokeLegacy
	case "meta", "llama", "deepseek_r1": // AmazonDeepSeekR1Config is AmazonLlamaConfig
		return invokeLlama
	case "ai21":
		return invokeAI21
	case "cohere":
		return invokeCohere
	case "mistral":
		return invokeMistral
	case "qwen3":
		return invokeQwen
	case "nova":
		return invokeNova
	}
	return invokeGeneric
}

func (*bedrockInvokeConfig) supportedParams(c *mapCtx) ParamSet {
	return invokeFamilySupported(c, invokeFamilyOf(c.model))
}

func (*bedrockInvokeConfig) mapParams(c *mapCtx, opt *Object) error {
	return mapInvokeFamily(c, invokeFamilyOf(c.model), opt)
}

// bedrockLegacyClaudeConfig is AmazonAnthropicConfig, the claude-2 style
// invoke config: get_optional_params maps every invoke-route Anthropic model
// whose base model does not start with "anthropic.claude-3" with it.
type bedrockLegacyClaudeConfig struct{ name string }

func (*bedrockLegacyClaudeConfig) supportedParams(*mapCtx) ParamSet { return invokeLegacy.params }

func (*bedrockLegacyClaudeConfig) mapParams(c *mapCtx, opt *Object) error {
	return mapInvokeFamily(c, invokeLegacy, opt)
}

func invokeFamilySupported(c *mapCtx, f invokeFamily) ParamSet {
	if f.delegate != cfgNone {
		return configs[f.delegate].supportedParams(c)
	}
	return f.params
}

func mapInvokeFamily(c *mapCtx, f invokeFamily, opt *Object) error {
	if f.delegate != cfgNone {
		return configs[f.delegate].mapParams(c, opt)
	}
	return c.nd.each(func(p Param, v any) error {
		if !f.params.Has(p) {
			return nil
		}
		switch p {
		case PMaxTokens, PMaxCompletionTokens:
			opt.Set(f.maxTokens, v)
		case PTopP:
			opt.Set(f.topP, v)
		case PStop:
			if f.titan && c.globalDrop() {
				v = titanStopSequences(v)
			}
			if f.stop != "" {
				opt.Set(f.stop, v)
			}
		case PStream:
			if !f.streamTrue || v == true {
				opt.Set("stream", v)
			}
		default:
			opt.Set(paramNames[p], v)
		}
		return nil
	})
}

// bedrockClaudeConfig is AmazonAnthropicClaudeConfig, the invoke route of
// Claude 3+ models: AnthropicConfig's list and mapping, with the model map
// read under bedrock.
type bedrockClaudeConfig struct{ name string }

func (*bedrockClaudeConfig) supportedParams(c *mapCtx) ParamSet {
	if strings.Contains(c.model, "claude-3-7-sonnet") || bedrockSupports(c.cat, c.model, "bedrock", flagReasoning) {
		return anthropicParams.With(PThinking, PReasoningEffort)
	}
	return anthropicParams
}

func (*bedrockClaudeConfig) mapParams(c *mapCtx, opt *Object) error { return mapAnthropic(c, opt) }

// titanStopSequences is AmazonTitanConfig._map_and_modify_arg: under
// litellm.drop_params only the stop sequences Titan accepts ("|", "||", ...,
// "User:") are kept.
func titanStopSequences(v any) []any {
	out := []any{}
	list, _ := v.([]any)
	for _, e := range list {
		s, _ := e.(string)
		if s == "User:" || (s != "" && strings.Trim(s, "|") == "") {
			out = append(out, s)
		}
	}
	return out
}

func init() {
	registerConfig(cfgBedrockInvokeClaude, func() chatConfig { return &bedrockClaudeConfig{"bedrock_invoke_claude"} })
	registerConfig(cfgBedrockConverse, func() chatConfig { return &bedrockConverseConfig{"bedrock_converse"} })
	registerConfig(cfgBedrockInvoke, func() chatConfig { return &bedrockInvokeConfig{"bedrock_invoke"} })
	registerConfig(cfgBedrockInvokeLegacyClaude, func() chatConfig { return &bedrockLegacyClaudeConfig{"bedrock_invoke_claude2"} })
}
