package completion

import (
	"math/bits"
	"strconv"
	"strings"
)

// A Change is one optimization of the pipeline: a named, independently
// switchable strategy for one spot of the request path that gives the same
// results as LiteLLM main's algorithm there. A Variant is a set of changes.
type Change uint8

// The changes. The first five are the optimization summary's, each taken
// literally over the same (name-keyed) data structures as the baseline; the
// others are this project's.
const (
	// ChangeProvidersSet is summary task 1.
	ChangeProvidersSet Change = iota
	// ChangeSupportedFromConfig is summary task 2.1.
	ChangeSupportedFromConfig
	// ChangeAnthropicTextOnce is summary task 2.2.
	ChangeAnthropicTextOnce
	// ChangeReuseConfig is summary task 2.3.
	ChangeReuseConfig
	// ChangePreprocessLoop is summary task 3.
	ChangePreprocessLoop
	// ChangePreprocessSlots is this project's pre_process_non_default_params.
	ChangePreprocessSlots
	// ChangeIndexedConfig is this project's get_provider_chat_config lookup.
	ChangeIndexedConfig
	// ChangeSharedConfigs is this project's config instantiation.
	ChangeSharedConfigs
	// ChangeValidateOnce is this project's provider validation: the set
	// lookup once per request (an alternative to ChangeProvidersSet).
	ChangeValidateOnce
	numChanges
)

// ChangeInfo describes a change.
type ChangeInfo struct {
	// Name is the change's name in compositions, tables and JSON, e.g.
	// "providers-set".
	Name string
	// Source says where the change comes from: "summary task 1", "summary
	// task 2.1", ..., "LiteLLM PR #NNNN" or "this project".
	Source string
	// Doc says in one line what the change does.
	Doc string
	// Stage is the pipeline stage (see Stages) whose work the change cuts.
	Stage string
	// Task is the optimization summary's task number ("1", "2.1", ...), ""
	// for changes the summary does not describe.
	Task string
	// Claimed is the summary's claimed reduction of the whole request time
	// for the change's task, as written ("6.5%", "6-8%"); task 2's three
	// changes share one claim. "" when the summary claims nothing.
	Claimed string
	// Excludes are the changes this one is an alternative to: two
	// strategies for the same spot; a variant holds at most one of them.
	Excludes ChangeSet
}

var changeInfos = [numChanges]ChangeInfo{
	ChangeProvidersSet: {Name: "providers-set", Source: "summary task 1", Task: "1", Claimed: "6.5%",
		Stage: "provider_validation",
		Doc:   "provider validation tests membership in the precomputed LlmProvidersSet instead of building [p.value for p in LlmProviders], in completion() and in get_optional_params()"},
	ChangeSupportedFromConfig: {Name: "supported-from-config", Source: "summary task 2.1", Task: "2.1", Claimed: "6-8%",
		Stage: "get_supported_openai_params",
		Doc:   "get_optional_params() asks the provider_config at hand for the supported params; without one, get_supported_openai_params() with its \"openai\" fallback as before"},
	ChangeAnthropicTextOnce: {Name: "anthropic-text-once", Source: "summary task 2.2", Task: "2.2", Claimed: "6-8%",
		Stage: "map_openai_params",
		Doc:   "the anthropic_text branch of get_optional_params() calls map_openai_params() once instead of twice"},
	ChangeReuseConfig: {Name: "reuse-config", Source: "summary task 2.3", Task: "2.3", Claimed: "6-8%",
		Stage: "map_openai_params",
		Doc:   "the mapping dispatch uses provider_config when it is the branch's config class instead of creating that config object anew"},
	ChangePreprocessLoop: {Name: "preprocess-loop", Source: "summary task 3", Task: "3", Claimed: "4-5%",
		Stage: "pre_process_non_default_params",
		Doc:   "the summary's \"After\" loop: build the excluded and dropped sets on every call, then per key k in excluded, k not in default_param_values, v == default_param_values[k], k in dropped"},
	ChangePreprocessSlots: {Name: "preprocess-slots", Source: "this project",
		Stage: "pre_process_non_default_params",
		Doc:   "pre_process_non_default_params walks typed parameter slots with bit sets for the excluded and dropped params and uses that every default is None (custom_llm_provider is excluded), so no key is looked up by name"},
	ChangeIndexedConfig: {Name: "indexed-config", Source: "this project",
		Stage: "provider_validation",
		Doc:   "completion()'s provider validation finds the provider's chat config through an index built once instead of get_provider_chat_config's if/elif chain (not in optimized: in Go the chain is as cheap)"},
	ChangeSharedConfigs: {Name: "shared-configs", Source: "this project",
		Stage: "provider_validation",
		Doc:   "completion()'s provider validation hands out one shared instance per config class (configs are stateless) instead of creating a new config object"},
	ChangeValidateOnce: {Name: "validate-once", Source: "this project",
		Stage: "provider_validation",
		Doc:   "provider validation runs once per request, with the LlmProvidersSet lookup: get_optional_params() takes the provider_config that completion() found (an alternative to providers-set, which tests the set in both places)"},
}

func init() {
	alternatives := func(a, b Change) {
		changeInfos[a].Excludes = changeInfos[a].Excludes.With(b)
		changeInfos[b].Excludes = changeInfos[b].Excludes.With(a)
	}
	alternatives(ChangePreprocessLoop, ChangePreprocessSlots)
	alternatives(ChangeProvidersSet, ChangeValidateOnce)
}

// Info describes the change.
func (c Change) Info() ChangeInfo {
	if c < numChanges {
		return changeInfos[c]
	}
	return ChangeInfo{Name: "change(" + strconv.Itoa(int(c)) + ")"}
}

// String returns the change's name.
func (c Change) String() string { return c.Info().Name }

// AllChanges lists every change: the summary's in task order, then this
// project's.
func AllChanges() []Change {
	out := make([]Change, numChanges)
	for i := range out {
		out[i] = Change(i)
	}
	return out
}

// ChangeByName returns the change with the given name.
func ChangeByName(name string) (Change, bool) {
	for i := range changeInfos {
		if changeInfos[i].Name == name {
			return Change(i), true
		}
	}
	return 0, false
}

// ChangeNames lists the names of every change, as AllChanges orders them.
func ChangeNames() []string {
	out := make([]string, numChanges)
	for i := range changeInfos {
		out[i] = changeInfos[i].Name
	}
	return out
}

// A ChangeSet is a set of changes.
type ChangeSet uint32

// ChangesOf returns the set of the given changes.
func ChangesOf(cs ...Change) ChangeSet {
	var s ChangeSet
	for _, c := range cs {
		s |= 1 << c
	}
	return s
}

// Has reports whether c is in s.
func (s ChangeSet) Has(c Change) bool { return s&(1<<c) != 0 }

// With returns s plus c.
func (s ChangeSet) With(c Change) ChangeSet { return s | 1<<c }

// Without returns s minus c.
func (s ChangeSet) Without(c Change) ChangeSet { return s &^ (1 << c) }

// Len returns the number of changes in s.
func (s ChangeSet) Len() int { return bits.OnesCount32(uint32(s)) }

// Changes lists the changes of s in AllChanges order.
func (s ChangeSet) Changes() []Change {
	out := make([]Change, 0, s.Len())
	for c := Change(0); c < numChanges; c++ {
		if s.Has(c) {
			out = append(out, c)
		}
	}
	return out
}

// Names lists the names of the changes of s in AllChanges order (never
// nil, so that an empty set is [] in JSON).
func (s ChangeSet) Names() []string {
	out := make([]string, 0, s.Len())
	for _, c := range s.Changes() {
		out = append(out, c.String())
	}
	return out
}

// String joins the names with "+"; "(none)" for the empty set.
func (s ChangeSet) String() string {
	if s == 0 {
		return "(none)"
	}
	return strings.Join(s.Names(), "+")
}

// conflict returns two changes of s that are alternatives to each other.
func (s ChangeSet) conflict() (Change, Change, bool) {
	for _, c := range s.Changes() {
		for _, d := range (changeInfos[c].Excludes & s).Changes() {
			return c, d, true
		}
	}
	return 0, 0, false
}
