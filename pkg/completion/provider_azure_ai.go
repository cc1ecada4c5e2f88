package completion

import "strings"

// azureAIConfig is AzureAIStudioConfig (Azure AI Foundry): OpenAIConfig's
// list without tool_choice for models the model map does not say take it,
// and without stop for the Grok models that reject it; OpenAIConfig's
// mapping.
type azureAIConfig struct{ name string }

func (*azureAIConfig) supportedParams(c *mapCtx) ParamSet {
	s := openaiConfigSupported(c)
	if m := resolvedInfo(c, "azure_ai/"+c.model); m == nil || !m.SupportsToolChoice {
		s = s.Without(PToolChoice)
	}
	if strings.Contains(c.model, "grok") && !xaiSupportsStop(c.model) {
		s = s.Without(PStop)
	}
	return s
}

func (*azureAIConfig) mapParams(c *mapCtx, opt *Object) error { return mapOpenAIConfig(c, opt) }

func init() {
	registerConfig(cfgAzureAI, func() chatConfig { return &azureAIConfig{"azure_ai"} })
}
