package completion

import (
	"strings"
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

// stripModelName removes a fine-tune suffix: "ft:gpt-4o:org::id" -> "gpt-4o".
func stripModelName(model string) string {
	if rest, ok := strings.CutPrefix(model, "ft:"); ok {
		base, _, _ := strings.Cut(rest, ":")
		return base
	}
	return model
}

// lookupModelInfo finds a model's catalog entry the way LiteLLM's model-info
// helper does (§7): combined, model, combined_stripped, stripped, split, the
// first key present whose provider matches.
func lookupModelInfo(cat *Catalog, model, provider string) *ModelInfo {
	if cat == nil {
		return nil
	}
	stripped := stripModelNameFor(model, provider)
	var combined, split, combinedStripped string
	if provider == "" {
		combined, split, combinedStripped = model, model, stripped
		if _, rest, ok := strings.Cut(model, "/"); ok {
			split = rest
		}
	} else if rest, ok := strings.CutPrefix(model, provider+"/"); ok {
		combined, split = model, rest
		combinedStripped = provider + "/" + stripModelNameFor(rest, provider)
	} else {
		combined, split = provider+"/"+model, model
		combinedStripped = provider + "/" + stripped
	}
	for _, k := range [...]string{combined, model, combinedStripped, stripped, split} {
		if m, ok := cat.models[k]; ok && providerMatches(m.Provider, provider) {
			return m
		}
	}
	return nil
}

// ModelInfoFor returns the catalog entry LiteLLM would use for model under
// provider, or nil when the model is not mapped.
func ModelInfoFor(cat *Catalog, model, provider string) *ModelInfo {
	return lookupModelInfo(cat, model, provider)
}
