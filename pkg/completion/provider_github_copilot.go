package completion

import "strings"

// githubCopilotConfig is GithubCopilotConfig: OpenAIConfig's list (by model:
// o-series, GPT-5 or GPT) plus thinking and reasoning_effort for Claude
// models the model map says reason, and OpenAIConfig's mapping (which sends
// only what the underlying OpenAI config supports).
type githubCopilotConfig struct{ name string }

func (*githubCopilotConfig) supportedParams(c *mapCtx) ParamSet {
	s := openaiConfigSupported(c)
	lower := strings.ToLower(c.model)
	if strings.Contains(lower, "claude") {
		if m := resolvedInfo(c, lower); m != nil && m.SupportsReasoning {
			s |= Set(PThinking, PReasoningEffort)
		}
	}
	return s
}

func (*githubCopilotConfig) mapParams(c *mapCtx, opt *Object) error { return mapOpenAIConfig(c, opt) }

func init() {
	registerConfig(cfgGithubCopilot, func() chatConfig { return &githubCopilotConfig{"github_copilot"} })
}
