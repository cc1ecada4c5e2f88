package cmd

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/llmbench/llmbench/pkg/bench"
	"github.com/llmbench/llmbench/pkg/completion"
	"github.com/spf13/cobra"
)

// pipelineFlags are the flags of every command that runs the pipeline.
type pipelineFlags struct {
	catalogPath string
	dropParams  bool
}

func (f *pipelineFlags) register(c *cobra.Command) {
	c.Flags().StringVar(&f.catalogPath, "model-catalog", "", "LiteLLM model catalog file (model_prices_and_context_window.json format); default: the embedded compact catalog")
	c.Flags().BoolVar(&f.dropParams, "drop-params", false, "set LiteLLM's global drop_params (also on when LITELLM_DROP_PARAMS is set)")
}

// settings are the LiteLLM settings the flags and the environment give.
func (f *pipelineFlags) settings() bench.Settings {
	return bench.ResolveSettings(f.dropParams, f.catalogPath, nil)
}

// options builds the pipeline options: catalog and settings.
func (f *pipelineFlags) options() (completion.Options, error) {
	opts, err := bench.PipelineOptions(f.settings())
	if err != nil {
		return opts, &FlagError{err}
	}
	return opts, nil
}

// env describes the machine and the settings in force, for a result.
func (f *pipelineFlags) env(ctx context.Context) *bench.Env {
	e := bench.CaptureEnv(ctx, time.Now())
	e.Settings = f.settings()
	return &e
}

// writeFileAtomic writes data to path through a temporary file in the same
// directory and a rename, so that readers never see a partial file.
func writeFileAtomic(path string, data []byte) error {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return &FlagError{fmt.Errorf("writing %s: %w", path, err)}
	}
	name := tmp.Name()
	_, werr := tmp.Write(data)
	cerr := tmp.Close()
	if werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Rename(name, path)
	}
	if werr != nil {
		os.Remove(name)
		return &FlagError{fmt.Errorf("writing %s: %w", path, werr)}
	}
	return nil
}
