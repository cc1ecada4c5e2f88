package cmd

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/llmbench/llmbench/pkg/atomicfile"
	"github.com/llmbench/llmbench/pkg/bench"
	"github.com/llmbench/llmbench/pkg/completion"
	"github.com/llmbench/llmbench/pkg/infile"
	"github.com/spf13/cobra"
)

// pipelineFlags are the flags of every command that runs the pipeline.
type pipelineFlags struct {
	catalogPath string
	dropParams  bool
}

func (f *pipelineFlags) register(c *cobra.Command) {
	c.Flags().StringVar(&f.catalogPath, "model-catalog", "", "LiteLLM model catalog file (model_prices_and_context_window.json format); default: the embedded compact catalog")
	c.Flags().BoolVar(&f.dropParams, "drop-params", false, "set LiteLLM's global drop_params (also on when LITELLM_DROP_PARAMS is set to anything)")
	_ = c.MarkFlagFilename("model-catalog", "json")
}

// settings are the LiteLLM settings the flags and the environment give.
func (f *pipelineFlags) settings() bench.Settings {
	return bench.ResolveSettings(f.dropParams, f.catalogPath, nil)
}

// options builds the pipeline options: catalog and settings.
func (f *pipelineFlags) options() (completion.Options, error) {
	opts, err := bench.PipelineOptions(f.settings())
	if err != nil {
		return opts, inputError("--model-catalog", err)
	}
	return opts, nil
}

// env describes the machine and the settings in force, for a result.
func (f *pipelineFlags) env(ctx context.Context) *bench.Env {
	e := bench.CaptureEnv(context.WithoutCancel(ctx), time.Now()) // an interrupted run records it too
	e.Settings = f.settings()
	return &e
}

// inputs are the files the pipeline flags make the run read.
func (f *pipelineFlags) inputs() []atomicfile.Input {
	return []atomicfile.Input{{Name: "--model-catalog", Path: f.catalogPath}}
}

// inputError marks err, a problem with the input flag names, as bad input.
// An error that names its file (and line) itself is printed as it is;
// others get the flag appended.
func inputError(flag string, err error) error {
	var ie *infile.Error
	if errors.As(err, &ie) {
		return &FlagError{Err: err}
	}
	return &FlagError{Flag: flag, Err: err}
}

// configError turns a bench.Config validation error into a flag error.
func configError(err error) error {
	var ce *bench.ConfigError
	if errors.As(err, &ce) {
		return &FlagError{Flag: "--" + ce.Field, Err: errors.New(ce.Msg)}
	}
	return &FlagError{Err: err}
}

// addFormatFlag registers --format with its values and shell completion.
func addFormatFlag(c *cobra.Command, p *string, formats []string) {
	c.Flags().StringVar(p, "format", formats[0], "output format: "+strings.Join(formats, "|"))
	enumCompletion(c, "format", formats)
}

// checkFormat refuses a --format that is not one of formats.
func checkFormat(format string, formats []string) error {
	if !contains(formats, format) {
		return flagErrorf("--format", "unknown format %q: want %s", format, strings.Join(formats, "|"))
	}
	return nil
}

// addSeedFlag registers --seed, the same unsigned 64-bit number in every
// command.
func addSeedFlag(c *cobra.Command, p *uint64, usage string) {
	c.Flags().Uint64Var(p, "seed", *p, usage)
}

// addVariantsFlag registers --variants with completion of the built-in
// variants (also after a comma).
func addVariantsFlag(c *cobra.Command, p *string, usage string) {
	c.Flags().StringVar(p, "variants", strings.Join(completion.DefaultVariants, ","), usage)
	_ = c.RegisterFlagCompletionFunc("variants", func(_ *cobra.Command, _ []string, toComplete string) ([]string, cobra.ShellCompDirective) {
		done := ""
		if i := strings.LastIndexByte(toComplete, ','); i >= 0 {
			done = toComplete[:i+1]
		}
		var out []string
		for _, v := range completion.VariantNames() {
			out = append(out, done+v)
		}
		return out, cobra.ShellCompDirectiveNoFileComp | cobra.ShellCompDirectiveNoSpace
	})
}

// parseVariants parses --variants (a variant listed twice is an error).
func parseVariants(flag, list string) ([]*completion.Variant, error) {
	vs, err := completion.ParseVariants(list)
	if err != nil {
		return nil, &FlagError{Flag: flag + " " + list, Err: err}
	}
	return vs, nil
}

// addWorkloadFlags registers --workload and --model, which exclude each
// other.
func addWorkloadFlags(c *cobra.Command, workload, model *string, what string) {
	c.Flags().StringVar(workload, "workload", "default", what+": default, seed or a workload file (JSON)")
	c.Flags().StringVar(model, "model", "", "instead of --workload, a single-model workload with this model (e.g. anthropic/claude-3-5-sonnet-20240620)")
	c.MarkFlagsMutuallyExclusive("workload", "model")
	_ = c.RegisterFlagCompletionFunc("workload", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return []string{"default", "seed"}, cobra.ShellCompDirectiveDefault // and files
	})
}

// enumCompletion completes flag with the given values only.
func enumCompletion(c *cobra.Command, flag string, values []string) {
	_ = c.RegisterFlagCompletionFunc(flag, cobra.FixedCompletions(values, cobra.ShellCompDirectiveNoFileComp))
}

// outInputs names the files a run reads, which --out never replaces.
func outInputs(inputs ...atomicfile.Input) atomicfile.Options {
	return atomicfile.Options{Inputs: inputs}
}

// checkOut refuses, before any work, an --out the run could not write.
func checkOut(flag, path string, opts atomicfile.Options) error {
	if err := atomicfile.Check(path, opts); err != nil {
		return outError(flag, err)
	}
	return nil
}

// writeOut writes data to the --out path (atomically; "-" is stdout).
func writeOut(flag, path string, data []byte, stdout io.Writer, opts atomicfile.Options) error {
	opts.Stdout = stdout
	if err := atomicfile.Write(path, data, opts); err != nil {
		return outError(flag, err)
	}
	return nil
}

// outError words a refusal or failure of the atomic writer.
func outError(flag string, err error) error {
	var pe *atomicfile.PathError
	if !errors.As(err, &pe) {
		return &FlagError{Flag: flag, Err: err}
	}
	msg := pe.Err.Error()
	if errors.Is(err, atomicfile.ErrNotRegular) {
		msg += "; --out - writes to stdout"
	}
	return &FlagError{Flag: flag + " " + pe.Path, Err: errors.New(msg)}
}

// interrupted is the error of a command stopped by a signal, after it
// printed what finished.
func interrupted(format string, args ...any) error {
	return fmt.Errorf("%w %s", ErrInterrupted, fmt.Sprintf(format, args...))
}

// interruptedBeforeOutput is the error of a quick command (report,
// inspect) interrupted before it printed anything: it prints nothing and
// writes no --out file.
func interruptedBeforeOutput(outFile string) error {
	if outFile != "" {
		return interrupted("before the output was written (--out %s)", outFile)
	}
	return interrupted("before the output was written")
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
