package completion

import "strings"

// The configs of the partner models LiteLLM serves through vertex_ai
// (Claude, Llama, Mistral, AI21, GPT-OSS, ...).

// vertexLlamaConfig is VertexAILlama3Config, the OpenAI-like config of
// vertex partner models (llama, fine-tuned endpoints, ...): the OpenAI list
// without max_retries, max_completion_tokens sent as max_tokens.
type vertexLlamaConfig struct{ name string }

func (*vertexLlamaConfig) supportedParams(c *mapCtx) ParamSet {
	return openaiGPTSupported(c).Without(PMaxRetries)
}

func (*vertexLlamaConfig) mapParams(c *mapCtx, opt *Object) error {
	moveMaxCompletionTokens(c.nd)
	copySupported(c, openaiGPTSupported(c).Without(PMaxRetries), opt)
	return nil
}

// vertexPartnerKind picks the config of a vertex_ai model that is neither
// Gemini, Claude nor GPT-OSS (get_provider_chat_config's vertex branch): the
// Mistral config for vertex_mistral_models (the codestral text-completion
// config for codestral ones), VertexAIAi21Config for vertex_ai_ai21_models,
// else VertexAILlama3Config.
func vertexPartnerKind(model string, cat *Catalog) configKind {
	if cat != nil {
		switch cat.vertexPartner[model] {
		case "vertex_ai-mistral_models":
			if strings.Contains(model, "codestral") {
				return cfgCodestralText
			}
			return cfgMistral
		case "vertex_ai-ai21_models":
			return cfgVertexAI21
		}
	}
	return cfgVertexPartnerOpenAILike
}

// isVertexAnthropicModel is VertexAIAnthropicConfig.is_supported_model for
// vertex_ai: "claude" in the lower-cased model, or a vertex_anthropic_models
// name.
func isVertexAnthropicModel(model string, cat *Catalog) bool {
	return containsFold(model, "claude") || (cat != nil && cat.vertexPartner[model] == "vertex_ai-anthropic_models")
}

// vertexClaudeConfig is VertexAIAnthropicConfig: AnthropicConfig's list and
// mapping for Claude on vertex_ai, with the model map read under vertex_ai.
type vertexClaudeConfig struct{ name string }

func (*vertexClaudeConfig) supportedParams(c *mapCtx) ParamSet { return anthropicSupported(c) }
func (*vertexClaudeConfig) mapParams(c *mapCtx, opt *Object) error {
	return mapAnthropic(c, opt)
}

func init() {
	registerConfig(cfgVertexAnthropic, func() chatConfig { return &vertexClaudeConfig{"vertex_ai_anthropic"} })
	registerConfig(cfgVertexPartnerOpenAILike, func() chatConfig { return &vertexLlamaConfig{"vertex_ai_llama"} })
}

// vertexAI21Config is VertexAIAi21Config (Jamba on vertex_ai): the OpenAI
// list; max_completion_tokens sent as max_tokens, then OpenAIConfig's
// mapping.
type vertexAI21Config struct{ name string }

func (*vertexAI21Config) supportedParams(c *mapCtx) ParamSet { return openaiGPTSupported(c) }

func (*vertexAI21Config) mapParams(c *mapCtx, opt *Object) error {
	moveMaxCompletionTokens(c.nd)
	return mapOpenAIConfig(c, opt)
}

// vertexGPTOSSConfig is VertexAIGPTOSSTransformation: the OpenAI list plus
// reasoning_effort, without tool_choice, function_call and functions for a
// model the model map does not say calls functions (LiteLLM also names
// "tool" there, which no param is); the params are copied as they are.
type vertexGPTOSSConfig struct{ name string }

func (*vertexGPTOSSConfig) supportedParams(c *mapCtx) ParamSet {
	s := openaiGPTSupported(c).With(PReasoningEffort)
	if m := resolvedInfo(c, c.model); m == nil || !m.SupportsFunctionCalling {
		s = s.Without(PToolChoice, PFunctionCall, PFunctions)
	}
	return s
}

func (x *vertexGPTOSSConfig) mapParams(c *mapCtx, opt *Object) error {
	copySupported(c, x.supportedParams(c), opt)
	return nil
}

func init() {
	registerConfig(cfgVertexAI21, func() chatConfig { return &vertexAI21Config{"vertex_ai_ai21"} })
	registerConfig(cfgVertexGPTOSS, func() chatConfig { return &vertexGPTOSSConfig{"vertex_ai_gpt_oss"} })
}

// moveMaxCompletionTokens is the first step of the vertex partner mappers:
// non_default_params["max_tokens"] = non_default_params.pop(
// "max_completion_tokens"). The non-default params themselves change, so a
// later allowed_openai_params override finds no max_completion_tokens.
func moveMaxCompletionTokens(nd *nonDefault) {
	if nd.has(PMaxCompletionTokens) {
		nd.vals[PMaxTokens] = nd.get(PMaxCompletionTokens)
		nd.set |= Set(PMaxTokens)
		nd.del(PMaxCompletionTokens)
	}
}
