package completion

import (
	"fmt"
	"sort"
	"strings"
	"sync"
)

// A Variant is one strategy for the three hot spots of the optimization
// summary. Everything else in the pipeline is shared, so variants must give
// identical results for every input.
type Variant struct {
	Name string
	Doc  string
	// Validation is how the LlmProviders membership test and config lookup
	// are done.
	Validation ValidationStrategy
	// Supported is how get_optional_params finds the supported params.
	Supported SupportedStrategy
	// PreProcess is how pre_process_non_default_params filters params.
	PreProcess PreProcessStrategy
	// Dispatch is the order of the provider-mapping dispatch.
	Dispatch DispatchOrder
}

// ValidationStrategy selects the provider_validation implementation.
type ValidationStrategy uint8

const (
	// ValidateScanList builds the list of all provider values on every call
	// and scans it, then creates the provider config anew (LiteLLM main).
	ValidateScanList ValidationStrategy = iota
	// ValidateSet tests membership in a precomputed set, without allocating.
	ValidateSet
)

// SupportedStrategy selects the get_supported_openai_params implementation.
type SupportedStrategy uint8

const (
	// SupportedLookupTwice resolves the provider config again, and falls back
	// to a second lookup for "openai" when there is none (LiteLLM main).
	SupportedLookupTwice SupportedStrategy = iota
	// SupportedFromConfig reuses the config resolved once per request.
	SupportedFromConfig
)

// PreProcessStrategy selects the pre_process_non_default_params implementation.
type PreProcessStrategy uint8

const (
	// PreProcessChain tests each key with a chain of comparisons and a
	// _should_drop_param call (LiteLLM main).
	PreProcessChain PreProcessStrategy = iota
	// PreProcessSets uses precomputed excluded and dropped sets in one loop.
	PreProcessSets
)

// DispatchOrder selects the order of get_optional_params' provider dispatch.
type DispatchOrder uint8

const (
	// DispatchMain keeps LiteLLM main's if/elif order (§5.4).
	DispatchMain DispatchOrder = iota
	// DispatchConfigFirst puts a generic "the provider config maps
	// everything" branch first, as the unmerged PR #13993 did. It changes
	// behaviour; it exists so that tests can show regress catching it.
	DispatchConfigFirst
)

var (
	registryMu sync.RWMutex
	registry   = map[string]*Variant{}
	order      []string
)

// Baseline and Optimized are the two built-in variants.
var (
	Baseline = &Variant{
		Name:       "baseline",
		Doc:        "the algorithms LiteLLM main ships",
		Validation: ValidateScanList, Supported: SupportedLookupTwice, PreProcess: PreProcessChain, Dispatch: DispatchMain,
	}
	Optimized = &Variant{
		Name:       "optimized",
		Doc:        "the optimization summary's three fixes, LiteLLM main's dispatch order",
		Validation: ValidateSet, Supported: SupportedFromConfig, PreProcess: PreProcessSets, Dispatch: DispatchMain,
	}
)

func init() {
	MustRegister(Baseline)
	MustRegister(Optimized)
}

// Register adds a variant to the registry. Names must be unique and
// non-empty.
func Register(v *Variant) error {
	if v == nil || v.Name == "" || strings.ContainsAny(v.Name, ", ") {
		return fmt.Errorf("invalid variant name")
	}
	registryMu.Lock()
	defer registryMu.Unlock()
	if _, dup := registry[v.Name]; dup {
		return fmt.Errorf("variant %q is already registered", v.Name)
	}
	registry[v.Name] = v
	order = append(order, v.Name)
	return nil
}

// MustRegister is Register that panics on error; for init functions.
func MustRegister(v *Variant) {
	if err := Register(v); err != nil {
		panic(err)
	}
}

// Unregister removes a variant (for tests that register their own).
func Unregister(name string) {
	registryMu.Lock()
	defer registryMu.Unlock()
	delete(registry, name)
	for i, n := range order {
		if n == name {
			order = append(order[:i:i], order[i+1:]...)
			break
		}
	}
}

// LookupVariant returns the registered variant with the given name.
func LookupVariant(name string) (*Variant, error) {
	registryMu.RLock()
	defer registryMu.RUnlock()
	if v, ok := registry[name]; ok {
		return v, nil
	}
	known := append([]string(nil), order...)
	sort.Strings(known)
	return nil, fmt.Errorf("unknown variant %q (known: %s)", name, strings.Join(known, ", "))
}

// VariantNames lists the registered variants in registration order.
func VariantNames() []string {
	registryMu.RLock()
	defer registryMu.RUnlock()
	return append([]string(nil), order...)
}

// ParseVariants parses a comma-separated list of variant names.
func ParseVariants(list string) ([]*Variant, error) {
	var out []*Variant
	seen := map[string]bool{}
	for _, n := range strings.Split(list, ",") {
		n = strings.TrimSpace(n)
		if n == "" {
			continue
		}
		if seen[n] {
			return nil, fmt.Errorf("variant %q listed twice", n)
		}
		seen[n] = true
		v, err := LookupVariant(n)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no variants given")
	}
	return out, nil
}

// validateProviderBaseline is provider validation as LiteLLM main writes it:
// "provider in [p.value for p in LlmProviders]" builds the list of all 104
// values and scans it; a hit instantiates the provider's config through the
// if/elif chain of get_provider_chat_config.
//
//go:noinline
func validateProviderBaseline(model, provider string, cat *Catalog) chatConfig {
	if provider == "" {
		return nil
	}
	values := make([]string, 0, NumProviders)
	for i := 0; i < NumProviders; i++ {
		values = append(values, Provider(i).Value())
	}
	found := false
	for _, v := range values {
		if v == provider {
			found = true
			break
		}
	}
	if !found {
		return nil
	}
	return newProviderChatConfig(model, provider, cat)
}

// validateProviderOptimized tests membership in LlmProvidersSet and picks the
// provider's shared config without allocating.
func validateProviderOptimized(model, provider string, cat *Catalog) chatConfig {
	if _, ok := providerSet[provider]; !ok {
		return nil
	}
	return configs[configKindIndexed(model, provider, cat)]
}

// newProviderChatConfig is ProviderConfigManager.get_provider_chat_config as
// LiteLLM main runs it: the if/elif chain and a new config object.
//
//go:noinline
func newProviderChatConfig(model, provider string, cat *Catalog) chatConfig {
	k := configKindChain(model, provider, cat)
	if k == cfgNone || newConfigs[k] == nil {
		return nil
	}
	return newConfigs[k]()
}

// validate runs provider_validation for the variant.
func (v *Variant) validate(model, provider string, cat *Catalog) chatConfig {
	if v.Validation == ValidateSet {
		return validateProviderOptimized(model, provider, cat)
	}
	return validateProviderBaseline(model, provider, cat)
}

// getSupportedOpenAIParamsBaseline is get_supported_openai_params(model,
// provider) as get_optional_params calls it in LiteLLM main, with the
// fallback lookup for "openai" when the provider has no config.
//
//go:noinline
func getSupportedOpenAIParamsBaseline(c *mapCtx) ParamSet {
	if s, ok := supportedOpenAIParamsLookup(c, c.model, c.provider); ok {
		return s
	}
	s, _ := supportedOpenAIParamsLookup(c, c.model, "openai")
	return s
}

func supportedOpenAIParamsLookup(c *mapCtx, model, provider string) (ParamSet, bool) {
	if provider == "" {
		var ok bool
		if provider, ok = supportedParamsProvider(c, model); !ok {
			return 0, false
		}
	}
	given := provider
	if _, ok := providerSet[provider]; !ok {
		if p, _, found := strings.Cut(provider, "/"); found {
			provider = p
		}
		if _, ok := providerSet[provider]; !ok {
			return supportedWithoutConfig(c, model, given)
		}
	}
	cfg := newProviderChatConfig(model, provider, c.cat)
	if cfg == nil {
		return supportedWithoutConfig(c, model, given)
	}
	sub := *c
	sub.provider = provider
	return cfg.supportedParams(&sub), true
}

// getSupportedOpenAIParamsOptimized reuses the provider config resolved once
// for the request.
func getSupportedOpenAIParamsOptimized(c *mapCtx, cfg chatConfig) ParamSet {
	if cfg != nil {
		return cfg.supportedParams(c)
	}
	return getSupportedOpenAIParamsBaseline(c)
}

func (v *Variant) supported(c *mapCtx, cfg chatConfig) ParamSet {
	if v.Supported == SupportedFromConfig {
		return getSupportedOpenAIParamsOptimized(c, cfg)
	}
	return getSupportedOpenAIParamsBaseline(c)
}

func (v *Variant) preProcess(passed *Params, special Object, provider string, adp []string) nonDefault {
	if v.PreProcess == PreProcessSets {
		return preProcessNonDefaultParamsOptimized(passed, special, provider, adp)
	}
	return preProcessNonDefaultParamsBaseline(passed, special, provider, adp)
}
