package litellm

import (
	"os"
	"regexp"
	"strings"
	"sync"

	"github.com/google/pprof/profile"
	prof "github.com/llmbench/llmbench/pkg/profile"
)

// The driver names a Python function module.qualname, e.g.
// litellm.utils.client.<locals>.wrapper_async (Python 3.11 and later; before
// 3.11 there is no qualname and a method is module.name). The patterns below
// accept both.

// Entry matches LiteLLM's client wrappers, which every completion() and
// acompletion() call runs under: profile shares are relative to the CPU
// spent below them. (Success logging that LiteLLM defers to its logging
// worker and thread pool runs outside them.)
var Entry = regexp.MustCompile(`^litellm\.utils\.(client\.<locals>\.)?wrapper(_async)?$`)

// EntryName describes Entry in reports.
const EntryName = "LiteLLM's client wrapper (litellm.utils.client wrapper / wrapper_async)"

// Names of the stages only LiteLLM has (the Go port leaves that work out).
const (
	StageLoggingSetup     = "logging_setup"
	StageResponseObject   = "response_object"
	StageResponseMetadata = "response_metadata"
	StageCacheWrapper     = "cache_wrapper"
	// StageProviderMembership is the part of provider_validation the
	// summary's task 1 changes: the membership test alone, without the
	// provider-config lookup.
	StageProviderMembership = "provider_membership"
)

// Stages returns LiteLLM's functions for the pipeline stages of DESIGN §2,
// in the Go pipeline's order and with its names, then the stages only
// LiteLLM has:
//
//   - provider_validation is not a function in LiteLLM but two statements:
//     `if custom_llm_provider in [provider.value for provider in
//     LlmProviders]:` (or `in LlmProvidersSet` once the summary's fix is in)
//     with the provider-config lookup under it, in completion() and again in
//     get_optional_params(). Its lines are found in the source file the
//     samples name, so a patched tree is attributed by its own lines.
//     provider_membership, inside it, is the if-condition alone: the
//     LlmProviders membership test the summary's task 1 replaces.
//   - logging_setup: function_setup() and the Logging object it builds;
//     response_object: the constructors of LiteLLM's response types
//     (ModelResponse, Choices, Message, Usage, ...); response_metadata:
//     update_response_metadata() (hidden params, timing, the response cost);
//     cache_wrapper: the LLMCachingHandler every call goes through.
func Stages() []prof.Stage {
	pv := newProviderValidation()
	return []prof.Stage{
		{Name: "get_llm_provider", Symbol: regexp.MustCompile(`^litellm\.litellm_core_utils\.get_llm_provider_logic\.get_llm_provider$`)},
		{Name: "provider_validation", Lines: pv.match},
		{Name: StageProviderMembership, Parent: "provider_validation", Lines: pv.matchCondition},
		{Name: "get_optional_params", Symbol: regexp.MustCompile(`^litellm\.utils\.get_optional_params$`)},
		{Name: "pre_process_non_default_params", Parent: "get_optional_params",
			Symbol: regexp.MustCompile(`^litellm\.utils\.pre_process_non_default_params$`)},
		{Name: "get_supported_openai_params", Parent: "get_optional_params",
			Symbol: regexp.MustCompile(`^litellm\.(litellm_core_utils\.get_supported_openai_params\.get_supported_openai_params|llms\..*\bget_supported_openai_params)$`)},
		{Name: "map_openai_params", Parent: "get_optional_params",
			Symbol: regexp.MustCompile(`^litellm\.llms\..*\bmap_openai_params$`)},
		{Name: "mock_response", Symbol: regexp.MustCompile(`^litellm\.main\.mock_completion$`)},
		{Name: "cost", Symbol: regexp.MustCompile(`^litellm\.cost_calculator\.(completion_cost|response_cost_calculator)$`)},
		{Name: StageLoggingSetup, Symbol: regexp.MustCompile(`^litellm\.(utils\.function_setup|litellm_core_utils\.litellm_logging\.(Logging\.)?(__init__|update_environment_variables))$`)},
		{Name: StageResponseObject, Symbol: regexp.MustCompile(`^litellm\.types\.utils\.(\w+\.)?__init__$`)},
		{Name: StageResponseMetadata, Symbol: regexp.MustCompile(`^litellm\.litellm_core_utils\.llm_response_utils\.response_metadata\.`)},
		{Name: StageCacheWrapper, Symbol: regexp.MustCompile(`^litellm\.caching\.caching_handler\.`)},
	}
}

// HotSpots are the stages the optimization summary changes (the same names
// as the Go pipeline's).
var HotSpots = []string{"provider_validation", "get_optional_params", "pre_process_non_default_params"}

// Attribution returns how LiteLLM's profiles map to the stages.
func Attribution() *prof.Attribution {
	return &prof.Attribution{EntryName: EntryName, Stages: Stages(), Entry: Entry, HotSpots: HotSpots}
}

// validationFunc matches the functions that hold the provider checks:
// completion() and get_optional_params(), and before Python 3.12 the
// list comprehension's own code object inside them.
var validationFunc = regexp.MustCompile(`^litellm\.(main\.completion|utils\.get_optional_params|main|utils)(\.<locals>)?(\.<listcomp>)?$`)

// providerValidation finds the provider-validation lines of LiteLLM's source
// files, reading each file once.
type providerValidation struct {
	mu    sync.Mutex
	files map[string]map[int64]LineKind
}

func newProviderValidation() *providerValidation {
	return &providerValidation{files: map[string]map[int64]LineKind{}}
}

func (pv *providerValidation) match(fn *profile.Function, line int64) bool {
	return pv.kind(fn, line) != 0
}

func (pv *providerValidation) matchCondition(fn *profile.Function, line int64) bool {
	return pv.kind(fn, line) == Condition
}

func (pv *providerValidation) kind(fn *profile.Function, line int64) LineKind {
	if !validationFunc.MatchString(fn.Name) {
		return 0
	}
	f := fn.Filename
	if !strings.HasSuffix(f, "/litellm/main.py") && !strings.HasSuffix(f, "/litellm/utils.py") {
		return 0
	}
	pv.mu.Lock()
	defer pv.mu.Unlock()
	lines, ok := pv.files[f]
	if !ok {
		if data, err := os.ReadFile(f); err == nil {
			lines = ValidationLines(string(data))
		}
		pv.files[f] = lines
	}
	return lines[line]
}

// A LineKind says what a provider-validation line does.
type LineKind int

// The kinds of provider-validation lines.
const (
	Condition    LineKind = iota + 1 // the if-condition: the membership test
	ConfigLookup                     // the provider_config lookup under it
)

var (
	// listcompRE is the body of the provider-list comprehension.
	listcompRE = regexp.MustCompile(`\bfor\s+\w+\s+in\s+LlmProviders\b`)
	// setRE is the summary's replacement: a membership test in LlmProvidersSet.
	setRE = regexp.MustCompile(`\bin\s+LlmProvidersSet\b`)
)

// ValidationLines returns the 1-based numbers of the source lines that
// validate a provider against LlmProviders, with their kind: each
// if-statement whose condition holds the list comprehension
// `[p.value for p in LlmProviders]` or a test `in LlmProvidersSet`
// (Condition), and the provider_config lookup
// (ProviderConfigManager.get_provider_chat_config(...)) directly under it
// (ConfigLookup).
func ValidationLines(src string) map[int64]LineKind {
	lines := strings.Split(src, "\n")
	out := map[int64]LineKind{}
	for i := 0; i < len(lines); i++ {
		if !listcompRE.MatchString(lines[i]) && !setRE.MatchString(lines[i]) {
			continue
		}
		// The statement's first line: up to the "if" that opens it.
		start := i
		for k := i; k >= 0 && k >= i-4; k-- {
			t := strings.TrimSpace(lines[k])
			if strings.HasPrefix(t, "if ") || strings.HasPrefix(t, "elif ") {
				start = k
				break
			}
		}
		// Its last line: the one ending the condition with ':'.
		end := i
		for k := i; k < len(lines) && k <= i+4; k++ {
			if strings.HasSuffix(strings.TrimSpace(stripComment(lines[k])), ":") {
				end = k
				break
			}
		}
		for k := start; k <= end; k++ {
			out[int64(k+1)] = Condition
		}
		// The config lookup under it, through its closing parenthesis.
		if k := end + 1; k < len(lines) && strings.Contains(lines[k], "get_provider_chat_config(") {
			depth := 0
			for ; k < len(lines) && k <= end+8; k++ {
				out[int64(k+1)] = ConfigLookup
				depth += strings.Count(lines[k], "(") - strings.Count(lines[k], ")")
				if depth <= 0 {
					break
				}
			}
			end = k
		}
		i = end
	}
	return out
}

func stripComment(s string) string {
	if i := strings.Index(s, "#"); i >= 0 {
		return s[:i]
	}
	return s
}
