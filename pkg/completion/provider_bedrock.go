package completion

import "strings"

// bedrockRoutePrefixes are the explicit route segments of a bedrock model.
var bedrockRoutePrefixes = []string{"invoke/", "converse/", "converse_like/", "agent/", "agentcore/", "async_invoke/"}

// bedrockCrossRegionPrefixes are the inference-profile prefixes stripped to
// find the base model.
var bedrockCrossRegionPrefixes = []string{"us.", "eu.", "apac.", "ap.", "global.", "us-gov.", "jp.", "au.", "ca."}

// bedrockBaseModel strips the route and a cross-region prefix.
func bedrockBaseModel(model string) string {
	for _, r := range bedrockRoutePrefixes {
		if rest, ok := strings.CutPrefix(model, r); ok {
			model = rest
			break
		}
	}
	for _, p := range bedrockCrossRegionPrefixes {
		if rest, ok := strings.CutPrefix(model, p); ok {
			return rest
		}
	}
	return model
}

// bedrockConfigKind picks the bedrock config by route (§6.5).
func bedrockConfigKind(model string, cat *Catalog) configKind {
	switch {
	case strings.HasPrefix(model, "converse/"), strings.HasPrefix(model, "converse_like/"):
		return cfgBedrockConverse
	case strings.HasPrefix(model, "invoke/"):
		return bedrockInvokeKind(bedrockBaseModel(model))
	}
	base := bedrockBaseModel(model)
	if inSet(cat.bedrockConv, base) || inSet(cat.bedrockConv, model) {
		return cfgBedrockConverse
	}
	return bedrockInvokeKind(base)
}

func bedrockInvokeKind(base string) configKind {
	if strings.HasPrefix(base, "anthropic.claude") {
		return cfgBedrockInvokeClaude
	}
	return cfgBedrockInvoke
}
