package completion

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"io"
	"sort"
	"strings"
	"sync"

	"github.com/llmbench/llmbench/pkg/infile"
)

// ModelInfo holds the catalog facts llmbench uses about one model: its
// provider, context window, prices and capability flags.
type ModelInfo struct {
	Key                     string
	Provider                string // litellm_provider
	Mode                    string
	MaxTokens               int
	MaxInputTokens          int
	MaxOutputTokens         int
	InputCostPerToken       float64
	OutputCostPerToken      float64
	InputCostPerCharacter   float64
	OutputCostPerCharacter  float64
	HasCharacterPricing     bool
	SupportsFunctionCalling bool
	// FunctionCallingKnown records that supports_function_calling is in the
	// entry at all: LiteLLM falls back to the provider's own default
	// (Fireworks: true) only when the flag is missing.
	FunctionCallingKnown   bool
	SupportsToolChoice     bool
	SupportsResponseSchema bool
	SupportsReasoning      bool
	SupportsVision         bool
	SupportsAudioInput     bool
	SupportsAudioOutput    bool
	SupportsWebSearch      bool
	SupportsSystemMessages *bool

	// HasOutputCostPerCharacter records that output_cost_per_character is
	// present (LiteLLM's vertex character pricing asserts it is not None).
	HasOutputCostPerCharacter bool
	// OutputCostPerCharacterAbove128k is
	// output_cost_per_character_above_128k_tokens; nil when absent.
	OutputCostPerCharacterAbove128k *float64
	// ServiceTierCosts are the input/output token prices of the "priority"
	// and "flex" service tiers (nil when absent: the standard price applies).
	ServiceTierCosts *ServiceTierCosts
	// TieredPricing is tiered_pricing: per-token prices by token range
	// (dashscope's cost calculator reads it); nil when absent.
	TieredPricing []PriceTier
}

// A PriceTier is one entry of a model's tiered_pricing: the per-token
// prices of the tokens in [Start, End).
type PriceTier struct {
	Start, End, InputCostPerToken, OutputCostPerToken float64
	// HasRange is false for a tier without a two-element range, which
	// LiteLLM skips.
	HasRange bool
}

// ServiceTierCosts are a model's per-token prices for OpenAI's service tiers.
type ServiceTierCosts struct {
	InputPriority, OutputPriority, InputFlex, OutputFlex *float64
}

// A Catalog is a model catalog in the format of LiteLLM's
// model_prices_and_context_window.json, plus the known-model lists LiteLLM
// derives from it at import time. A Catalog is read-only after loading and
// safe for concurrent use.
type Catalog struct {
	Source string
	models map[string]*ModelInfo
	// knownProvider maps a bare model name to the provider that LiteLLM's
	// known-model lists resolve it to (get_llm_provider step 10).
	knownProvider map[string]string
	// cohereChat, mistralChat, anthropicModels: lists consulted by name.
	cohereChat  map[string]struct{}
	mistralChat map[string]struct{}
	bedrockConv map[string]struct{}
	// vertexPartner maps the names in LiteLLM's vertex partner-model sets
	// (vertex_mistral_models, vertex_ai_ai21_models, vertex_anthropic_models,
	// ...: catalog keys without "vertex_ai/") to the entry's provider.
	vertexPartner map[string]string
}

// Len returns the number of models in the catalog.
func (c *Catalog) Len() int { return len(c.models) }

// Lookup returns the catalog entry stored under key.
func (c *Catalog) Lookup(key string) (*ModelInfo, bool) {
	m, ok := c.models[key]
	return m, ok
}

// rawModel mirrors one entry of LiteLLM's catalog file.
type rawModel struct {
	LitellmProvider         *string  `json:"litellm_provider"`
	Mode                    string   `json:"mode"`
	MaxTokens               *float64 `json:"max_tokens"`
	MaxInputTokens          *float64 `json:"max_input_tokens"`
	MaxOutputTokens         *float64 `json:"max_output_tokens"`
	InputCostPerToken       *float64 `json:"input_cost_per_token"`
	OutputCostPerToken      *float64 `json:"output_cost_per_token"`
	InputCostPerCharacter   *float64 `json:"input_cost_per_character"`
	OutputCostPerCharacter  *float64 `json:"output_cost_per_character"`
	SupportsFunctionCalling *bool    `json:"supports_function_calling"`
	SupportsToolChoice      bool     `json:"supports_tool_choice"`
	SupportsResponseSchema  bool     `json:"supports_response_schema"`
	SupportsReasoning       bool     `json:"supports_reasoning"`
	SupportsVision          bool     `json:"supports_vision"`
	SupportsAudioInput      bool     `json:"supports_audio_input"`
	SupportsAudioOutput     bool     `json:"supports_audio_output"`
	SupportsWebSearch       bool     `json:"supports_web_search"`
	SupportsSystemMessages  *bool    `json:"supports_system_messages"`

	OutputCostPerCharAbove128k *float64 `json:"output_cost_per_character_above_128k_tokens"`
	InputCostPerTokenPriority  *float64 `json:"input_cost_per_token_priority"`
	OutputCostPerTokenPriority *float64 `json:"output_cost_per_token_priority"`
	InputCostPerTokenFlex      *float64 `json:"input_cost_per_token_flex"`
	OutputCostPerTokenFlex     *float64 `json:"output_cost_per_token_flex"`
	TieredPricing              []struct {
		Input  *float64   `json:"input_cost_per_token"`
		Output *float64   `json:"output_cost_per_token"`
		Range  []*float64 `json:"range"`
	} `json:"tiered_pricing"`
}

// ParseCatalog reads a catalog in LiteLLM's model_prices_and_context_window.json
// format, at most infile.MaxSize bytes. name is used in error messages,
// which are *infile.Error values.
func ParseCatalog(name string, r io.Reader) (*Catalog, error) {
	data, err := infile.Read(name, r)
	if err != nil {
		return nil, err
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, infile.JSONError(name, data, err)
	}
	c := &Catalog{
		Source:        name,
		models:        make(map[string]*ModelInfo, len(raw)),
		knownProvider: make(map[string]string),
		cohereChat:    make(map[string]struct{}),
		mistralChat:   make(map[string]struct{}),
		bedrockConv:   make(map[string]struct{}),
		vertexPartner: make(map[string]string),
	}
	for key, msg := range raw {
		if key == "sample_spec" {
			continue
		}
		var m rawModel
		if err := json.Unmarshal(msg, &m); err != nil {
			// The position inside the entry is not the file's: name the entry.
			return nil, infile.Errorf(name, 0, "model %q: %v", key, infile.Problem(msg, err))
		}
		if m.LitellmProvider == nil {
			return nil, infile.Errorf(name, 0, "model %q: no litellm_provider", key)
		}
		info := &ModelInfo{
			Key: key, Provider: *m.LitellmProvider, Mode: m.Mode,
			MaxTokens: intOr(m.MaxTokens), MaxInputTokens: intOr(m.MaxInputTokens), MaxOutputTokens: intOr(m.MaxOutputTokens),
			InputCostPerToken: floatOr(m.InputCostPerToken), OutputCostPerToken: floatOr(m.OutputCostPerToken),
			InputCostPerCharacter: floatOr(m.InputCostPerCharacter), OutputCostPerCharacter: floatOr(m.OutputCostPerCharacter),
			HasCharacterPricing:     m.InputCostPerCharacter != nil || m.OutputCostPerCharacter != nil,
			SupportsFunctionCalling: m.SupportsFunctionCalling != nil && *m.SupportsFunctionCalling,
			FunctionCallingKnown:    m.SupportsFunctionCalling != nil, SupportsToolChoice: m.SupportsToolChoice,
			SupportsResponseSchema: m.SupportsResponseSchema,
			SupportsReasoning:      m.SupportsReasoning, SupportsVision: m.SupportsVision,
			SupportsAudioInput: m.SupportsAudioInput, SupportsAudioOutput: m.SupportsAudioOutput,
			SupportsWebSearch: m.SupportsWebSearch, SupportsSystemMessages: m.SupportsSystemMessages,
		}
		info.HasOutputCostPerCharacter = m.OutputCostPerCharacter != nil
		info.OutputCostPerCharacterAbove128k = m.OutputCostPerCharAbove128k
		if m.InputCostPerTokenPriority != nil || m.OutputCostPerTokenPriority != nil || m.InputCostPerTokenFlex != nil ||
			m.OutputCostPerTokenFlex != nil {
			info.ServiceTierCosts = &ServiceTierCosts{m.InputCostPerTokenPriority, m.OutputCostPerTokenPriority,
				m.InputCostPerTokenFlex, m.OutputCostPerTokenFlex}
		}
		for _, t := range m.TieredPricing {
			pt := PriceTier{InputCostPerToken: floatOr(t.Input), OutputCostPerToken: floatOr(t.Output)}
			if len(t.Range) == 2 {
				pt.Start, pt.End, pt.HasRange = floatOr(t.Range[0]), floatOr(t.Range[1]), true
			}
			info.TieredPricing = append(info.TieredPricing, pt)
		}
		sort.SliceStable(info.TieredPricing, func(i, j int) bool {
			return info.TieredPricing[i].Start < info.TieredPricing[j].Start
		})
		c.models[key] = info
		c.addKnown(key, info.Provider)
	}
	return c, nil
}

// addKnown reproduces LiteLLM's add_known_models: the bare-name lists that
// get_llm_provider consults when a model has no provider prefix.
func (c *Catalog) addKnown(key, provider string) {
	switch {
	case provider == "cohere_chat":
		c.cohereChat[key] = struct{}{}
	case provider == "mistral":
		c.mistralChat[key] = struct{}{}
	case provider == "bedrock_converse":
		c.bedrockConv[key] = struct{}{}
	case strings.HasPrefix(provider, "vertex_ai-") && strings.HasSuffix(provider, "_models"):
		c.vertexPartner[strings.ReplaceAll(key, "vertex_ai/", "")] = provider
	}
	res := ""
	switch provider {
	case "openai":
		if isOpenAIFinetuneKey(key) {
			return // pricing-only keys, not in open_ai_chat_completion_models
		}
		res = "openai"
	case "text-completion-openai":
		res = "text-completion-openai"
	case "anthropic":
		res = "anthropic"
	case "cohere":
		res = "cohere"
	case "cohere_chat":
		res = "cohere_chat"
	case "replicate":
		res = "replicate"
	case "openrouter":
		res = "openrouter"
	case "maritalk":
		res = "maritalk"
	case "vertex_ai-chat-models", "vertex_ai-code-chat-models", "vertex_ai-text-models", "vertex_ai-code-text-models",
		"vertex_ai-language-models", "vertex_ai-embedding-models", "vertex_ai-vision-models", "vertex_ai-image-models",
		"vertex_ai-video-models":
		res = "vertex_ai"
	case "ai21", "ai21_chat":
		res = "ai21_chat"
	case "aleph_alpha", "baseten", "nlp_cloud", "petals", "watsonx", "empower", "gradient_ai":
		res = provider
	case "bedrock", "bedrock_converse":
		res = "bedrock"
	}
	if res == "" {
		return
	}
	if provider == "vertex_ai-image-models" || provider == "vertex_ai-video-models" {
		// LiteLLM lists these under the bare name (key without "vertex_ai/").
		key = strings.TrimPrefix(key, "vertex_ai/")
	}
	if prev, ok := c.knownProvider[key]; ok && knownRank(prev) <= knownRank(res) {
		return
	}
	c.knownProvider[key] = res
}

// isOpenAIFinetuneKey is is_openai_finetune_model: "ft:<model>" keys with
// no further colon.
func isOpenAIFinetuneKey(key string) bool {
	return strings.HasPrefix(key, "ft:") && strings.Count(key, ":") <= 1
}

// knownRank orders the known-model lists as get_llm_provider checks them.
func knownRank(p string) int {
	for i, q := range []string{"openai", "text-completion-openai", "anthropic", "cohere", "cohere_chat", "replicate",
		"openrouter", "maritalk", "vertex_ai", "ai21_chat", "aleph_alpha", "baseten", "nlp_cloud", "petals", "bedrock",
		"watsonx", "empower", "gradient_ai"} {
		if p == q {
			return i
		}
	}
	return 100
}

func intOr(f *float64) int {
	if f == nil {
		return 0
	}
	return int(*f)
}

func floatOr(f *float64) float64 {
	if f == nil {
		return 0
	}
	return *f
}

// LoadCatalog reads a catalog file (LiteLLM's full
// model_prices_and_context_window.json or a subset in the same format).
func LoadCatalog(path string) (*Catalog, error) {
	f, err := infile.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ParseCatalog(path, f)
}

//go:embed catalog.json
var embeddedCatalog []byte

var (
	defaultCatalogOnce sync.Once
	defaultCatalog     *Catalog
)

// DefaultCatalog returns the compact catalog embedded in the binary: the
// entries of LiteLLM's catalog that name resolution, the built-in workloads
// and the conformance cases use (see scripts/gencatalog).
func DefaultCatalog() *Catalog {
	defaultCatalogOnce.Do(func() {
		c, err := ParseCatalog("embedded catalog", bytes.NewReader(embeddedCatalog))
		if err != nil {
			panic("embedded catalog is invalid: " + err.Error()) // a build defect, caught by tests
		}
		defaultCatalog = c
	})
	return defaultCatalog
}
