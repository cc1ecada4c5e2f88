package bench

import (
	"context"
	"fmt"

	"github.com/llmbench/llmbench/pkg/completion"
	"github.com/llmbench/llmbench/pkg/workload"
)

// Prepare builds the Options that run cfg with the real pipeline: the
// workload's requests and one target per variant. It is how a saved result's
// configuration is re-run (regress --baseline). Its errors are bad input: an
// invalid number, an unknown workload or variant, a malformed workload or
// catalog file, a workload request that fails.
func Prepare(cfg Config) (Options, error) {
	if err := cfg.Validate(); err != nil {
		return Options{}, err
	}
	var wl *workload.Workload
	if cfg.Model != "" {
		wl = workload.Model(cfg.Model, "")
	} else {
		var err error
		if wl, err = workload.Lookup(cfg.Workload); err != nil {
			return Options{}, err
		}
	}
	if cfg.Ablate != "" {
		targets, err := AblationTargets(cfg.Ablate)
		if err != nil {
			return Options{}, fmt.Errorf("ablate: %w", err)
		}
		cfg.Variants = targets
	}
	variants, err := completion.ParseVariants(joinNames(cfg.Variants))
	if err != nil {
		return Options{}, fmt.Errorf("variants: %w", err)
	}
	popts, err := PipelineOptions(ResolveSettings(cfg.DropParams, cfg.ModelCatalog, nil))
	if err != nil {
		return Options{}, err
	}
	opts := Options{Config: cfg, Workload: WorkloadInfo{Name: wl.Name, Description: wl.Description, Templates: len(wl.Templates)}}
	for _, v := range variants {
		p := completion.NewPipeline(v, popts)
		if err := wl.Check(func(req *completion.Request) error {
			_, err := p.Complete(context.Background(), req)
			return err
		}); err != nil {
			return Options{}, fmt.Errorf("variant %s: %w", v.Name, err)
		}
		opts.Targets = append(opts.Targets, Target{Name: v.Name, Pipeline: p, Changes: v.Changes.Names()})
	}
	opts.Config.Variants = make([]string, len(variants))
	for i, v := range variants {
		opts.Config.Variants[i] = v.Name
	}
	opts.Requests = wl.Requests(cfg.Requests, cfg.Seed)
	return opts, nil
}

// PipelineOptions returns the options of a pipeline run under s: LiteLLM's
// environment (provider API bases and versions) with s.DropParams, and the
// catalog s.ModelCatalog names (loaded from its file unless embedded).
func PipelineOptions(s Settings) (completion.Options, error) {
	opts := completion.Options{Settings: completion.SettingsFromEnv()}
	opts.Settings.DropParams = s.DropParams
	if s.ModelCatalog != "" && s.ModelCatalog != EmbeddedCatalog {
		cat, err := completion.LoadCatalog(s.ModelCatalog)
		if err != nil {
			return opts, err
		}
		opts.Catalog = cat
	}
	return opts, nil
}

func joinNames(names []string) string {
	s := ""
	for i, n := range names {
		if i > 0 {
			s += ","
		}
		s += n
	}
	return s
}
