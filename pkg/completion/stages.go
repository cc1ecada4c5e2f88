package completion

import "regexp"

// A StageInfo describes one pipeline stage: its name in every table, JSON
// file and profile report, and the functions that implement it.
type StageInfo struct {
	Name string
	// Parent is the stage this one runs inside ("" for top-level stages).
	Parent string
	// Symbol matches the fully qualified names of the Go functions that
	// implement the stage (including closures and inlined copies), so that
	// CPU profile samples can be attributed to stages without labels.
	Symbol *regexp.Regexp
	Doc    string
}

const pkgPath = `^github\.com/llmbench/llmbench/pkg/completion\.`

// Stages lists the pipeline stages in the order a request runs them.
var Stages = []StageInfo{
	{Name: "get_llm_provider", Symbol: regexp.MustCompile(pkgPath + `getLLMProvider(\.|$)`),
		Doc: "model string -> (model, provider, api_base)"},
	{Name: "provider_validation", Symbol: regexp.MustCompile(pkgPath + `\(\*Variant\)\.(validateProvider|revalidateProvider)(\.|$)`),
		Doc: "LlmProviders membership test and provider config lookup"},
	{Name: "get_optional_params", Symbol: regexp.MustCompile(pkgPath + `\(\*Variant\)\.getOptionalParams(\.|$)`),
		Doc: "the whole param translation"},
	{Name: "pre_process_non_default_params", Parent: "get_optional_params",
		Symbol: regexp.MustCompile(pkgPath + `(\(\*Variant\)\.)?preProcessNonDefaultParams(Chain|Loop|Slots)?(\.|$)`),
		Doc:    "keep only params that differ from defaults, minus excluded/dropped"},
	{Name: "get_supported_openai_params", Parent: "get_optional_params",
		Symbol: regexp.MustCompile(pkgPath + `\(\*Variant\)\.getSupportedOpenAIParams(\.|$)`),
		Doc:    "which OpenAI params the provider accepts"},
	{Name: "map_openai_params", Parent: "get_optional_params",
		Symbol: regexp.MustCompile(pkgPath + `\(\*Variant\)\.mapOpenAIParams(\.|$)`),
		Doc:    "rename/transform params into the provider's form"},
	{Name: "mock_response", Symbol: regexp.MustCompile(pkgPath + `mockResponse(\.|$)`),
		Doc: "build the OpenAI-format response"},
	{Name: "cost", Symbol: regexp.MustCompile(pkgPath + `(completionCost|responseCost)(\.|$)`),
		Doc: "price the response from the model catalog"},
}

// HotSpots names the three stages the optimization summary changes.
var HotSpots = []string{"provider_validation", "get_optional_params", "pre_process_non_default_params"}
