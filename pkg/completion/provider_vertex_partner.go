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

func init() {
	registerConfig(cfgVertexAnthropic, func() chatConfig { return &vertexClaudeConfig{"vertex_ai_anthropic"} })
	registerConfig(cfgVertexPartnerOpenAILike, func() chatConfig { return &vertexLlamaConfig{"vertex_ai_llama"} })
}
