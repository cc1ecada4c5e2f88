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
	if cfg.Ablate != "" {
		targets, err := AblationTargets(cfg.Ablate)
		if err != nil {
			return Options{}, fmt.Errorf("ablate: %w", err)
		}
		cfg.Variants = targets
	}
	opts, err := PrepareWorkload(cfg)
	if err != nil {
		return Options{}, err
	}
	variants, err := completion.ParseVariants(joinNames(cfg.Variants))
	if err != nil {
		return Options{}, fmt.Errorf("variants: %w", err)
	}
	popts, err := PipelineOptions(ResolveSettings(cfg.DropParams, cfg.ModelCatalog, nil))
	if err != nil {
		return Options{}, err
	}
	targets := make([]Target, len(variants))
	for i, v := range variants {
		targets[i] = Target{Name: v.Name, Pipeline: completion.NewPipeline(v, popts), Changes: v.Changes.Names()}
	}
	if err := opts.SetTargets(targets); err != nil {
		return Options{}, err
	}
	return opts, nil
}

// PrepareWorkload builds the Options that run cfg's workload, without
// targets (SetTargets adds them): the requests, the workload's description
// and its content hash in Config.WorkloadSHA256.
func PrepareWorkload(cfg Config) (Options, error) {
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
	cfg.WorkloadSHA256 = wl.SHA256()
	return Options{Config: cfg, Workload: WorkloadInfo{Name: wl.Name, Description: wl.Description, Templates: len(wl.Templates)},
		Requests: wl.Requests(cfg.Requests, cfg.Seed), wl: wl}, nil
}

// SetTargets sets the targets (and Config.Variants to their names). Each
// in-process target runs every request template of the workload once
// first: a workload whose requests fail would measure error paths, not the
// pipeline.
func (o *Options) SetTargets(targets []Target) error {
	names := make([]string, len(targets))
	for i, t := range targets {
		names[i] = t.Name
		if t.Pipeline == nil || o.wl == nil {
			continue
		}
		var res completion.Result
		if err := o.wl.Check(func(req *completion.Request) error {
			return t.Pipeline.CompleteInto(context.Background(), req, &res)
		}); err != nil {
			return fmt.Errorf("variant %s: %w", t.Name, err)
		}
	}
	o.Targets, o.Config.Variants = targets, names
	return nil
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
