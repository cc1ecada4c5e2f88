package completion

import (
	"math"
	"strings"
	"unicode"
	"unicode/utf8"
)

// providerMatches is LiteLLM's check that a catalog entry belongs to the
// requested provider, with its prefix-family exceptions.
func providerMatches(entry, provider string) bool {
	if provider == "" || entry == provider {
		return true
	}
	switch {
	case provider == "litellm_proxy":
		return true
	case strings.HasPrefix(provider, "vertex_ai"):
		return strings.HasPrefix(entry, "vertex_ai")
	case strings.HasPrefix(provider, "fireworks_ai"):
		return strings.HasPrefix(entry, "fireworks_ai")
	case strings.HasPrefix(provider, "bedrock"):
		return strings.HasPrefix(entry, "bedrock")
	}
	return false
}

// stripModelName is _strip_openai_finetune_model_name,
// re.sub(r"(:[^:]+){3}$", "", model): it removes the organisation, suffix and
// id of "ft:gpt-3.5-turbo:org:suffix:id" (-> "ft:gpt-3.5-turbo"). The
// provider-specific stripping is stripModelNameFor.
func stripModelName(model string) string {
	end := len(model)
	for k := 0; k < 3; k++ {
		i := strings.LastIndexByte(model[:end], ':')
		if i < 0 || i == end-1 {
			return model
		}
		end = i
	}
	return model[:end]
}

// lookupModelInfo finds a model's catalog entry the way LiteLLM's model-info
// helper _get_model_info_helper does: combined, model,
// combined_stripped, stripped, split, the first key present whose provider
// matches. It returns nil where LiteLLM raises "This model isn't mapped yet".
func lookupModelInfo(cat *Catalog, model, provider string) *ModelInfo {
	if cat == nil {
		return nil
	}
	if provider == "huggingface" || (provider == "" && strings.HasPrefix(model, "huggingface/")) {
		return &huggingfaceModelInfo
	}
	var combined, split, stripped, combinedStripped string
	switch {
	case provider == "":
		combined, split = model, model
		if _, rest, ok := strings.Cut(model, "/"); ok {
			split = rest
		}
		stripped = stripModelName(model)
		combinedStripped = stripped
	case len(model) > len(provider) && model[len(provider)] == '/' && strings.HasPrefix(model, provider):
		combined, split = model, model[len(provider)+1:]
		stripped = stripModelNameFor(split, provider)
		combinedStripped = provider + "/" + stripped
	default:
		combined, split = provider+"/"+model, model
		stripped = stripModelNameFor(model, provider)
		combinedStripped = provider + "/" + stripped
	}
	for _, k := range [...]string{combined, model, combinedStripped, stripped, split} {
		if m, ok := cat.models[k]; ok && providerMatches(m.Provider, provider) {
			return m
		}
	}
	return nil
}

// huggingfaceModelInfo is what _get_model_info_helper answers for every
// huggingface model, whether or not the catalog has it: a chat model priced
// at 0 with no capability flags (LiteLLM also asks huggingface.co for its
// context window, which the port leaves out).
var huggingfaceModelInfo = ModelInfo{Provider: "huggingface", Mode: "chat"}

// ModelInfoFor returns the catalog entry LiteLLM would use for model under
// provider, or nil when the model is not mapped.
func ModelInfoFor(cat *Catalog, model, provider string) *ModelInfo {
	return lookupModelInfo(cat, model, provider)
}

// A Usage is the token usage a cost is computed from.
type Usage struct {
	PromptTokens     float64
	CompletionTokens float64
}

// mockUsage is the fixed usage of a mock response.
var mockUsage = Usage{PromptTokens: MockPromptTokens, CompletionTokens: MockCompletionTokens}

// Vertex character pricing: completion cost = characters x price, unless the
// text is over 128k tokens (4 characters a token).
const (
	charsPerToken   = 4
	above128kTokens = 128_000
)

// priceMode says how a costPlan prices the completion.
type priceMode uint8

const (
	perToken     priceMode = iota // completion_tokens x output_cost_per_token
	perCharacter                  // non-whitespace characters x output_cost_per_character
)

// A costPlan is what completion_cost decided for one (model, provider): the
// per-token prices and, for vertex_ai, the character prices. Prices depend
// only on the catalog, so a plan is computed once and reused; the usage and
// the response text are applied per response.
type costPlan struct {
	known bool // false: LiteLLM raised and response_cost is None
	in    float64
	out   float64
	mode  priceMode
	// Vertex character pricing: outChar per character; above 32k characters
	// LiteLLM bills completion_tokens x outChar128k when the catalog has it
	// (and the model has dynamic pricing), else falls back to per token.
	outChar        float64
	dynamicPricing bool
	has128k        bool
	outChar128k    float64
	// tiers are the model's tiered prices (dashscope); nil: in and out apply
	// to every token.
	tiers []PriceTier
}

// apply returns the cost of usage (and, for character pricing, of chars
// non-whitespace completion characters).
func (p *costPlan) apply(u Usage, chars int) float64 {
	if p.tiers != nil {
		return tieredCost(u.PromptTokens, p.tiers, true) + tieredCost(u.CompletionTokens, p.tiers, false)
	}
	prompt := u.PromptTokens * p.in
	completion := u.CompletionTokens * p.out
	if p.mode == perCharacter {
		switch {
		case chars*charsPerToken <= above128kTokens || !p.dynamicPricing:
			completion = float64(chars) * p.outChar
		case p.has128k:
			// LiteLLM multiplies the token count here, not the characters.
			completion = u.CompletionTokens * p.outChar128k
		}
	}
	return prompt + completion
}

// countCharacters is litellm.utils._count_characters: the number of
// characters that are not whitespace (Python's str.isspace).
func countCharacters(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x80 {
			if !(c == ' ' || (c >= '\t' && c <= '\r') || (c >= 0x1c && c <= 0x1f)) {
				n++
			}
			continue
		}
		// Multi-byte: decode the rune.
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size - 1
		if !unicode.IsSpace(r) {
			n++
		}
	}
	return n
}

// hiddenProvider is the custom_llm_provider that mock_completion stores in
// the response's hidden params: get_llm_provider(<stripped model>), "" when
// that raises (the error is swallowed).
func hiddenProvider(cat *Catalog, st *Settings, r Resolved) string {
	if rr, err := getLLMProvider(cat, st, r.Model, "", ""); err == nil {
		return rr.Provider
	}
	return ""
}

// A mockPlan is the price plan of a mock response plus its hidden
// custom_llm_provider.
type mockPlan struct {
	plan   costPlan
	hidden string
}

// mockCostPlan works out, as LiteLLM does on every call, how a mock response
// of the stripped model r.Model resolved to r.Provider is priced. tier is the
// request's service tier (serviceTier).
func mockCostPlan(cat *Catalog, st *Settings, r Resolved, tier string) mockPlan {
	hidden := hiddenProvider(cat, st, r)
	return mockPlan{plan: costPlanFor(cat, r, hidden, tier), hidden: hidden}
}

// costPlanFor is the price plan of a response of r.Model logged under
// r.Provider whose hidden provider is hidden.
func costPlanFor(cat *Catalog, r Resolved, hidden, tier string) costPlan {
	costProvider := r.Provider
	if hidden != "" {
		costProvider = hidden
	}
	return planCost(cat, selectCostModel(r.Model, r.Provider), costProvider, tier)
}

// selectCostModel is _select_model_name_for_cost_calc for a response whose
// model is model, logged under provider: the provider prefix is added unless
// the name already starts with a known provider.
func selectCostModel(model, provider string) string {
	if provider == "" {
		return model
	}
	first, _, _ := strings.Cut(model, "/")
	if IsProvider(first) {
		return model
	}
	return provider + "/" + model
}

// Service tiers with their own prices (ServiceTier.FLEX/PRIORITY); any other
// tier is billed at the standard price. invalidTier stands for a service_tier
// that is not a string: LiteLLM's .lower() raises and the cost is None.
const (
	tierPriority = "priority"
	tierFlex     = "flex"
	invalidTier  = "\x00invalid"
)

// serviceTier is the service tier completion_cost reads from the optional
// params: "priority", "flex", "" (standard) or invalidTier.
func serviceTier(opt Object) string {
	v, ok := opt.Get("service_tier")
	if !ok || v == nil {
		return ""
	}
	s, ok := v.(string)
	if !ok {
		return invalidTier
	}
	switch {
	case strings.EqualFold(s, tierPriority):
		return tierPriority
	case strings.EqualFold(s, tierFlex):
		return tierFlex
	}
	return ""
}

// planCost is completion_cost + cost_per_token for a chat response (the
// generic per-token prices, and the cost LiteLLM's logging layer stores as
// response_cost) priced as model under provider, for service tier tier.
func planCost(cat *Catalog, model, provider, tier string) costPlan {
	if strings.Contains(model, "togethercomputer") || strings.Contains(model, "together_ai") || provider == "together_ai" {
		model = togetherAICategory(model)
	}
	// cost_per_token: pick the catalog key.
	withoutPrefix := model
	if _, rest, ok := strings.Cut(model, "/"); ok {
		withoutPrefix = rest
	}
	if _, ok := cat.models[provider+"/"+model]; ok {
		model = provider + "/" + model
	} else if _, ok := cat.models[model]; ok {
		// keep model
	} else if _, ok := cat.models[withoutPrefix]; ok {
		model = withoutPrefix
	}
	switch provider {
	case "vertex_ai":
		if vertexPricesPerCharacter(withoutPrefix) {
			return vertexCharacterPlan(cat, withoutPrefix, tier)
		}
		return genericPlan(cat, withoutPrefix, provider, tier)
	case "openai", "azure", "gemini", "azure_ai":
		return genericPlan(cat, model, provider, tier)
	case "anthropic", "bedrock", "databricks", "deepseek", "perplexity", "xai":
		return genericPlan(cat, model, provider, "")
	case "lemonade":
		return costPlan{known: true} // a local server: LiteLLM prices every model at 0
	case "dashscope":
		p := genericPlan(cat, model, provider, "")
		if m := lookupModelInfo(cat, model, provider); m != nil && m.TieredPricing != nil {
			p.tiers = m.TieredPricing
		}
		return p
	case "fireworks_ai":
		if p := genericPlan(cat, model, provider, ""); p.known {
			return p
		}
		return genericPlan(cat, fireworksAICategory(model), provider, "")
	}
	m := lookupModelInfo(cat, model, provider)
	if m == nil {
		return costPlan{}
	}
	if m.InputCostPerToken > 0 || m.OutputCostPerToken > 0 {
		return genericPlan(cat, model, provider, tier)
	}
	return costPlan{known: true} // per-second prices need a response time; 0 here
}

// genericPlan is generic_cost_per_token: text tokens x the catalog prices of
// the service tier (a missing tier price falls back to the standard one, a
// missing price counts as 0).
func genericPlan(cat *Catalog, model, provider, tier string) costPlan {
	m := lookupModelInfo(cat, model, provider)
	if m == nil || tier == invalidTier {
		return costPlan{}
	}
	in, out := tierPrices(m, tier)
	return costPlan{known: true, in: in, out: out}
}

// tierPrices are _get_token_base_cost's input and output prices for tier.
func tierPrices(m *ModelInfo, tier string) (in, out float64) {
	in, out = m.InputCostPerToken, m.OutputCostPerToken
	t := m.ServiceTierCosts
	if t == nil {
		return in, out
	}
	pick := func(p *float64, base float64) float64 {
		if p != nil {
			return *p
		}
		return base
	}
	switch tier {
	case tierPriority:
		return pick(t.InputPriority, in), pick(t.OutputPriority, out)
	case tierFlex:
		return pick(t.InputFlex, in), pick(t.OutputFlex, out)
	}
	return in, out
}

// vertexPricesPerCharacter is the vertex cost_router: character pricing
// except for partner models, embeddings and gemini-2.
func vertexPricesPerCharacter(model string) bool {
	for _, s := range [...]string{"claude", "llama", "mistral", "jamba", "codestral", "gemma", "gemini-2"} {
		if strings.Contains(model, s) {
			return false
		}
	}
	return true
}

// modelsWithoutDynamicPricing are vertex models whose >128k characters keep
// the base character price.
var modelsWithoutDynamicPricing = stringSet("gemini-1.0-pro", "gemini-pro", "gemini-2")

// vertexCharacterPlan is the vertex cost_per_character path with no prompt
// characters (the logging layer passes no messages): the prompt is priced per
// token, the completion per character when the catalog has the price.
func vertexCharacterPlan(cat *Catalog, model, tier string) costPlan {
	m := lookupModelInfo(cat, model, "vertex_ai")
	if m == nil || tier == invalidTier {
		return costPlan{}
	}
	in, out := tierPrices(m, tier)
	p := costPlan{known: true, in: in, out: out}
	if m.HasOutputCostPerCharacter {
		p.mode = perCharacter
		p.outChar = m.OutputCostPerCharacter
		p.dynamicPricing = !inSet(modelsWithoutDynamicPricing, model)
		if m.OutputCostPerCharacterAbove128k != nil {
			p.has128k, p.outChar128k = true, *m.OutputCostPerCharacterAbove128k
		}
	}
	return p
}

// firstSizeMatch finds the first "<digits><suffix>" in s and returns the
// digits' value.
func firstSizeMatch(s string, suffix byte) (float64, bool) {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			continue
		}
		j := i
		v := 0.0
		for j < len(s) && s[j] >= '0' && s[j] <= '9' {
			v = v*10 + float64(s[j]-'0')
			j++
		}
		if j < len(s) && s[j] == suffix {
			return v, true
		}
		i = j - 1
	}
	return 0, false
}

// togetherAICategory is together_ai's get_model_params_and_category: the
// size-based pricing key for a model name with "<N>b" in it, else the
// lower-cased name.
func togetherAICategory(model string) string {
	model = strings.ToLower(model)
	b, ok := firstSizeMatch(model, 'b')
	if !ok {
		return model
	}
	switch {
	case b <= 4:
		return "together-ai-up-to-4b"
	case b <= 8:
		return "together-ai-4.1b-8b"
	case b <= 21:
		return "together-ai-8.1b-21b"
	case b <= 41:
		return "together-ai-21.1b-41b"
	case b <= 80:
		return "together-ai-41.1b-80b"
	case b <= 110:
		return "together-ai-81.1b-110b"
	}
	return model
}

// fireworksAICategory is fireworks_ai's get_base_model_for_pricing: the
// size-based pricing key used when a model is not in the catalog.
func fireworksAICategory(model string) string {
	model = strings.ToLower(model)
	// Mixture of experts: the first "<N>x<M>b".
moe:
	for i := 0; i < len(model); i++ {
		if model[i] < '0' || model[i] > '9' {
			continue
		}
		j, a := i, 0
		for j < len(model) && model[j] >= '0' && model[j] <= '9' {
			a = a*10 + int(model[j]-'0')
			j++
		}
		if j < len(model) && model[j] == 'x' {
			k, b := j+1, 0
			for k < len(model) && model[k] >= '0' && model[k] <= '9' {
				b = b*10 + int(model[k]-'0')
				k++
			}
			if k > j+1 && k < len(model) && model[k] == 'b' {
				switch total := a * b; {
				case total <= 56:
					return "fireworks-ai-moe-up-to-56b"
				case total <= 176:
					return "fireworks-ai-56b-to-176b"
				}
				break moe
			}
		}
		i = j - 1
	}
	if b, ok := firstSizeMatch(model, 'b'); ok {
		switch {
		case b <= 4:
			return "fireworks-ai-up-to-4b"
		case b <= 16:
			return "fireworks-ai-4.1b-to-16b"
		default:
			return "fireworks-ai-above-16b"
		}
	}
	return "fireworks-ai-default"
}

// responseCost is the logging layer's _response_cost_calculator for a
// response whose model is respModel (the stripped model when the response
// has none), hidden custom_llm_provider hidden ("" = absent), usage and
// completion characters, logged as r with service tier tier. ok is false
// where LiteLLM's response_cost is None.
func responseCost(cat *Catalog, r Resolved, respModel, hidden, tier string, u Usage, chars int) (float64, bool) {
	costProvider := r.Provider
	if hidden != "" {
		costProvider = hidden
	}
	p := planCost(cat, selectCostModel(respModel, r.Provider), costProvider, tier)
	if !p.known {
		return 0, false
	}
	return p.apply(u, chars), true
}

// completionCost is the cost stage: completion_cost as the logging layer
// runs it for a mock response of text in n choices (usage 10/20) whose
// hidden custom_llm_provider is hidden. ok is false where LiteLLM's
// response_cost is None.
func completionCost(cat *Catalog, r Resolved, hidden, tier, text string, n int) (float64, bool) {
	p := costPlanFor(cat, r, hidden, tier)
	return mockCost(&p, text, n)
}

// mockCost applies a plan to a mock response of text in n choices.
func mockCost(p *costPlan, text string, n int) (float64, bool) {
	if !p.known {
		return 0, false
	}
	chars := 0
	if p.mode == perCharacter {
		chars = countCharacters(text) * n
	}
	return p.apply(mockUsage, chars), true
}

// tieredCost is dashscope's _calculate_tiered_cost: the tokens of each
// range at that range's price, and any tokens beyond the last range at the
// last tier's price. sorted is sorted by range start (ParseCatalog keeps
// tiered_pricing so).
func tieredCost(tokens float64, sorted []PriceTier, input bool) float64 {
	if len(sorted) == 0 || tokens <= 0 {
		return 0
	}
	price := func(t PriceTier) float64 {
		if input {
			return t.InputCostPerToken
		}
		return t.OutputCostPerToken
	}
	total, done := 0.0, 0.0
	for _, t := range sorted {
		if done >= tokens {
			break
		}
		if !t.HasRange || tokens <= t.Start {
			continue
		}
		start, end := math.Max(t.Start, done), math.Min(t.End, tokens)
		if end > start {
			total += (end - start) * price(t)
			done = end
		}
	}
	if done < tokens {
		total += (tokens - done) * price(sorted[len(sorted)-1])
	}
	return total
}

// stripModelNameFor is _strip_model_name: bedrock models lose their route
// and region prefixes, vertex_ai/gemini/databricks models a trailing
// "-<digits>" version, others a fine-tune suffix.
func stripModelNameFor(model, provider string) string {
	switch provider {
	case "bedrock", "bedrock_converse":
		return bedrockBaseModel(model)
	case "vertex_ai", "gemini", "databricks":
		return stripVertexVersion(model)
	}
	return stripModelName(model)
}

// stripVertexVersion removes a trailing "-<digits>" version
// (_strip_stable_vertex_version).
func stripVertexVersion(model string) string {
	i := len(model)
	for i > 0 && model[i-1] >= '0' && model[i-1] <= '9' {
		i--
	}
	if i < len(model) && i > 0 && model[i-1] == '-' {
		return model[:i-1]
	}
	return model
}
