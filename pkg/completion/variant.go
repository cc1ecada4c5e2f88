package completion

import (
	"fmt"
	"sort"
	"strings"
	"sync"
)

// A Variant is a named set of changes on top of LiteLLM main's algorithms.
// Everything a change does not touch is shared, so all variants give
// identical results for every input.
type Variant struct {
	Name string
	Doc  string
	// Changes are the optimizations the variant switches on.
	Changes ChangeSet
	// Dispatch is the order of the provider-mapping dispatch. Every variant
	// keeps LiteLLM main's order; DispatchConfigFirst exists only so that
	// tests can show the gate catching a behaviour change.
	Dispatch DispatchOrder
}

// has reports whether the variant switches c on.
func (v *Variant) has(c Change) bool { return v.Changes&(1<<c) != 0 }

// DispatchOrder selects the order of get_optional_params' provider dispatch.
type DispatchOrder uint8

const (
	// DispatchMain keeps the order of get_optional_params' if/elif chain.
	DispatchMain DispatchOrder = iota
	// DispatchConfigFirst puts a generic "the provider config maps
	// everything" branch first, as the unmerged PR #13993 did. It changes
	// behaviour; it is for tests only and no built-in variant uses it.
	DispatchConfigFirst
)

// SummaryChanges are the optimization summary's changes (tasks 1 to 3).
const SummaryChanges = ChangeSet(1<<ChangeProvidersSet | 1<<ChangeSupportedFromConfig | 1<<ChangeAnthropicTextOnce |
	1<<ChangeReuseConfig | 1<<ChangePreprocessLoop)

// OptimizedChanges are the changes that make the pipeline faster: the
// summary's supported-from-config, anthropic-text-once and reuse-config, and
// this project's preprocess-slots, shared-configs and validate-once. Two of
// the summary's are replaced by a faster alternative for the same spot:
// validate-once does providers-set's set lookup once per request instead of
// twice, and preprocess-slots takes the place of preprocess-loop (which is
// slower than the chain it replaces in this port). indexed-config is not
// in it: Go compiles get_provider_chat_config's chain of string cases into
// a search as cheap as the index's map lookup (callgrind: 0.7% more
// instructions alone on the default workload, 0.3% fewer inside
// optimized), so it buys nothing and would only blur the ablation.
const OptimizedChanges = ChangeSet(1<<ChangeSupportedFromConfig | 1<<ChangeAnthropicTextOnce | 1<<ChangeReuseConfig |
	1<<ChangePreprocessSlots | 1<<ChangeSharedConfigs | 1<<ChangeValidateOnce)

// The built-in variants.
var (
	// Baseline has no change: the algorithms LiteLLM main ships, and
	// nothing slower than they imply.
	Baseline = &Variant{Name: "baseline", Doc: "the algorithms LiteLLM main ships"}
	// Summary has the optimization summary's five changes, each as the
	// summary writes it: what its table claims to measure.
	Summary = &Variant{Name: "summary", Doc: "the optimization summary's changes, each as it writes them",
		Changes: SummaryChanges}
	// Optimized has every change that makes the pipeline faster: the best
	// this port knows.
	Optimized = &Variant{Name: "optimized", Doc: "every change that makes the pipeline faster",
		Changes: OptimizedChanges}
)

// DefaultVariants are the variants bench, profile and regress run by
// default, "before" first.
var DefaultVariants = []string{"baseline", "summary", "optimized"}

var (
	registryMu sync.RWMutex
	registry   = map[string]*Variant{}
	order      []string
)

func init() {
	MustRegister(Baseline)
	MustRegister(Summary)
	MustRegister(Optimized)
}

// Register adds a variant to the registry, so that it can be named (and
// composed) like the built-in ones. Names must be unique and non-empty and
// must not contain ',', '+', '-' or spaces.
func Register(v *Variant) error {
	if v == nil || v.Name == "" || strings.ContainsAny(v.Name, ",+- ") {
		return fmt.Errorf("invalid variant name")
	}
	if a, b, bad := v.Changes.conflict(); bad {
		return fmt.Errorf("variant %s: %s and %s are alternatives", v.Name, a, b)
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

// VariantNames lists the registered variants in registration order.
func VariantNames() []string {
	registryMu.RLock()
	defer registryMu.RUnlock()
	return append([]string(nil), order...)
}

// LookupVariant returns the variant a name denotes: a registered variant,
// or a composition BASE(+CHANGE|-CHANGE)... of a registered variant and
// changes, such as "baseline+providers-set" or
// "summary-preprocess-loop+preprocess-slots". A composition is named as
// written. Errors are one line naming the variant and what is wrong with it.
func LookupVariant(name string) (*Variant, error) {
	registryMu.RLock()
	defer registryMu.RUnlock()
	if v, ok := registry[name]; ok {
		return v, nil
	}
	return compose(name)
}

// longestPrefix returns the longest of names that s starts with and that
// is followed in s by the end, '+' or '-'.
func longestPrefix(s string, names []string) string {
	best := ""
	for _, n := range names {
		if len(n) > len(best) && strings.HasPrefix(s, n) && (len(s) == len(n) || s[len(n)] == '+' || s[len(n)] == '-') {
			best = n
		}
	}
	return best
}

func knownVariants() string {
	known := append([]string(nil), order...)
	sort.Strings(known)
	return strings.Join(known, ", ")
}

// compose parses a composition; registryMu is held.
func compose(s string) (*Variant, error) {
	baseName := longestPrefix(s, order)
	if baseName == "" {
		head := s
		if i := strings.IndexAny(s, "+-"); i >= 0 {
			head = s[:i]
		}
		if head == "" {
			return nil, fmt.Errorf("malformed variant %q: want VARIANT(+CHANGE|-CHANGE)..., e.g. baseline+providers-set", s)
		}
		if head == s {
			return nil, fmt.Errorf("unknown variant %q (known: %s; compose with +CHANGE or -CHANGE)", s, knownVariants())
		}
		return nil, fmt.Errorf("unknown variant %q in %q (known: %s)", head, s, knownVariants())
	}
	base := registry[baseName]
	v := &Variant{Name: s, Changes: base.Changes, Dispatch: base.Dispatch}
	names := ChangeNames()
	var seen ChangeSet
	var parts []string
	for i := len(baseName); i < len(s); {
		op, rest := s[i], s[i+1:]
		n := longestPrefix(rest, names)
		if n == "" {
			switch {
			case rest == "":
				return nil, fmt.Errorf("malformed variant %q: %q at the end names no change", s, string(op))
			case rest[0] == '+' || rest[0] == '-':
				return nil, fmt.Errorf("malformed variant %q: %q followed by %q names no change", s, string(op), string(rest[0]))
			}
			tok := rest
			if j := strings.IndexByte(rest, '+'); j >= 0 {
				tok = rest[:j]
			}
			return nil, fmt.Errorf("unknown change %q in variant %q (changes: %s)", tok, s, strings.Join(names, ", "))
		}
		c, _ := ChangeByName(n)
		if seen.Has(c) {
			return nil, fmt.Errorf("variant %q lists change %s twice", s, n)
		}
		seen = seen.With(c)
		if op == '+' {
			if v.Changes.Has(c) {
				return nil, fmt.Errorf("variant %q: %s already has %s", s, baseName, n)
			}
			v.Changes = v.Changes.With(c)
			parts = append(parts, "plus "+n)
		} else {
			if !v.Changes.Has(c) {
				return nil, fmt.Errorf("variant %q: %s has no %s to remove", s, baseName, n)
			}
			v.Changes = v.Changes.Without(c)
			parts = append(parts, "without "+n)
		}
		i += 1 + len(n)
	}
	if a, b, bad := v.Changes.conflict(); bad {
		if base.Changes.Has(b) {
			a, b = b, a
		}
		fix := fmt.Sprintf("%s-%s+%s", baseName, a, b)
		if !base.Changes.Has(a) { // both were added: leave one out
			fix = strings.Replace(s, "+"+a.String(), "", 1)
		}
		return nil, fmt.Errorf("variant %q has both %s and %s, alternatives for %s: remove one, e.g. %s",
			s, a, b, a.Info().Stage, fix)
	}
	v.Doc = baseName + " " + strings.Join(parts, ", ")
	return v, nil
}

// ParseVariants parses a comma-separated list of variants and compositions
// (see LookupVariant).
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

// A providerConfig is what provider validation finds: the provider's chat
// config (nil when there is none) and its class.
type providerConfig struct {
	cfg  chatConfig
	kind configKind
}

// validateProvider is completion()'s provider validation: is the provider
// one of the LlmProviders values, and if so, which chat config serves the
// model (indexed-config and shared-configs change how that config is
// found).
//
//go:noinline
func (v *Variant) validateProvider(model, provider string, cat *Catalog) providerConfig {
	return v.providerValidation(model, provider, cat, v.has(ChangeIndexedConfig), v.has(ChangeSharedConfigs))
}

// revalidateProvider is get_optional_params()'s provider validation, the
// same test again with LiteLLM's get_provider_chat_config (validate-once
// skips it when completion() validated).
//
//go:noinline
func (v *Variant) revalidateProvider(model, provider string, cat *Catalog) providerConfig {
	return v.providerValidation(model, provider, cat, false, false)
}

func (v *Variant) providerValidation(model, provider string, cat *Catalog, indexed, shared bool) providerConfig {
	if provider == "" {
		return providerConfig{}
	}
	var ok bool
	if v.has(ChangeProvidersSet) || v.has(ChangeValidateOnce) {
		_, ok = providerSet[provider]
	} else {
		ok = providerInList(provider)
	}
	if !ok {
		return providerConfig{}
	}
	return getProviderChatConfig(model, provider, cat, indexed, shared)
}

// providerInList is "provider in [p.value for p in LlmProviders]" as
// LiteLLM main writes it: it builds the list of all 104 values and scans it.
//
//go:noinline
func providerInList(provider string) bool {
	values := make([]string, 0, NumProviders)
	for i := 0; i < NumProviders; i++ {
		values = append(values, Provider(i).Value())
	}
	for _, v := range values {
		if v == provider {
			return true
		}
	}
	return false
}

// getProviderChatConfig is ProviderConfigManager.get_provider_chat_config:
// LiteLLM main walks an if/elif chain and creates a new config object;
// indexed finds the branch through an index and shared hands out the
// shared instance instead.
func getProviderChatConfig(model, provider string, cat *Catalog, indexed, shared bool) providerConfig {
	var k configKind
	if indexed {
		k = configKindIndexed(model, provider, cat)
	} else {
		k = configKindChain(model, provider, cat)
	}
	if shared {
		return providerConfig{sharedConfig(k), k}
	}
	return providerConfig{newConfig(k), k}
}

// newConfig returns a new config object of class k, as LiteLLM creates one
// for every lookup and dispatch branch; nil for cfgNone.
func newConfig(k configKind) chatConfig {
	if k == cfgNone || newConfigs[k] == nil {
		return nil
	}
	return newConfigs[k]()
}

// sharedConfig returns the shared instance of class k (configs are
// stateless); nil for cfgNone.
func sharedConfig(k configKind) chatConfig {
	if k == cfgNone {
		return nil
	}
	return configs[k]
}

// getSupportedOpenAIParams is how get_optional_params finds the supported
// params: LiteLLM main calls get_supported_openai_params(model, provider)
// and, when that finds no config, again for "openai"; with
// supported-from-config it asks provider_config when there is one.
//
//go:noinline
func (v *Variant) getSupportedOpenAIParams(c *mapCtx, pc providerConfig) ParamSet {
	if pc.cfg != nil && v.has(ChangeSupportedFromConfig) {
		return pc.cfg.supportedParams(c)
	}
	if s, ok := v.supportedOpenAIParamsLookup(c, c.provider); ok {
		return s
	}
	s, _ := v.supportedOpenAIParamsLookup(c, "openai")
	return s
}

// supportedOpenAIParamsLookup is get_supported_openai_params(model,
// provider): the provider (or its part before a '/') must be an
// LlmProviders value with a chat config.
func (v *Variant) supportedOpenAIParamsLookup(c *mapCtx, provider string) (ParamSet, bool) {
	if provider == "" {
		var ok bool
		if provider, ok = supportedParamsProvider(c); !ok {
			return 0, false
		}
	}
	given := provider
	if _, ok := providerSet[provider]; !ok {
		if p, _, found := strings.Cut(provider, "/"); found {
			provider = p
		}
		if _, ok := providerSet[provider]; !ok {
			return supportedWithoutConfig(c, given)
		}
	}
	pc := getProviderChatConfig(c.model, provider, c.cat, false, false)
	if pc.cfg == nil {
		return supportedWithoutConfig(c, given)
	}
	if provider == c.provider {
		return pc.cfg.supportedParams(c), true
	}
	own := c.provider
	c.provider = provider
	s := pc.cfg.supportedParams(c)
	c.provider = own
	return s, true
}

// preProcessNonDefaultParams runs the variant's
// pre_process_non_default_params.
//
//go:noinline
func (v *Variant) preProcessNonDefaultParams(passed *Params, special Object, provider string, adp []string) nonDefault {
	switch {
	case v.has(ChangePreprocessSlots):
		return preProcessNonDefaultParamsSlots(passed, special, provider, adp)
	case v.has(ChangePreprocessLoop):
		return preProcessNonDefaultParamsLoop(passed, special, provider, adp)
	}
	return preProcessNonDefaultParamsChain(passed, special, provider, adp)
}
