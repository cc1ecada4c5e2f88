package cmd

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"sort"
	"strings"

	"github.com/llmbench/llmbench/pkg/cases"
	"github.com/llmbench/llmbench/pkg/completion"
	"github.com/llmbench/llmbench/pkg/regress"
	"github.com/spf13/cobra"
)

// RegressOptions are the flags of `llmbench regress`.
type RegressOptions struct {
	Cases    []string
	Known    string
	Variants string
	Format   string
	Quiet    bool
	pipeline pipelineFlags

	Out, ErrOut io.Writer
	corpus      fs.FS
}

func newRegressCmd(app *appContext) *cobra.Command {
	opts := &RegressOptions{}
	c := &cobra.Command{
		Use:   "regress",
		Short: "The CI gate: case files through every variant, variant agreement, fuzzing, performance",
		Long: `regress runs the built-in case corpus (or only the files given with --cases) through
every variant. Each case must meet its expectation and all variants must agree. Cases
listed in the known-differences file are expected failures: reported apart, not failing
the run, and flagged when they start to pass.

Exit codes: 0 ok, 1 a case failed or variants disagree, 2 bad usage or bad input.`,
		Example: `  llmbench regress
  llmbench regress --cases ../shared/conformance/litellm-observed.jsonl --format json`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			opts.Out, opts.ErrOut, opts.corpus = c.OutOrStdout(), c.ErrOrStderr(), app.corpus
			return runRegress(c.Context(), opts)
		},
	}
	f := c.Flags()
	f.StringArrayVar(&opts.Cases, "cases", nil, "case file (JSONL) to run instead of the built-in corpus; repeatable")
	f.StringVar(&opts.Known, "known", "", "known-differences file (default: the built-in one)")
	f.StringVar(&opts.Variants, "variants", strings.Join(completion.VariantNames(), ","), "comma-separated variants to run")
	f.StringVar(&opts.Format, "format", "table", "output format: "+strings.Join(regress.Formats, "|"))
	f.BoolVar(&opts.Quiet, "quiet", false, "print only the result")
	opts.pipeline.register(c)
	return c
}

func runRegress(ctx context.Context, opts *RegressOptions) error {
	if !contains(regress.Formats, opts.Format) {
		return usageErrorf("unknown --format %q (want %s)", opts.Format, strings.Join(regress.Formats, "|"))
	}
	variants, err := completion.ParseVariants(opts.Variants)
	if err != nil {
		return &FlagError{fmt.Errorf("--variants: %w", err)}
	}
	popts, err := opts.pipeline.options()
	if err != nil {
		return err
	}
	files, err := loadCaseFiles(opts.corpus, opts.Cases)
	if err != nil {
		return err
	}
	known, err := loadKnown(opts.corpus, opts.Known)
	if err != nil {
		return err
	}
	rep := regress.RunCases(ctx, regress.Options{Files: files, Variants: variants, Pipeline: popts, Known: known})
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := regress.Render(opts.Out, rep, opts.Format); err != nil {
		return err
	}
	if !rep.OK {
		return ErrCheckFailed
	}
	return nil
}

// loadCaseFiles reads the given case files, or the corpus when none are given.
func loadCaseFiles(corpus fs.FS, paths []string) ([]regress.CaseFile, error) {
	var out []regress.CaseFile
	if len(paths) == 0 {
		if corpus == nil {
			return nil, usageErrorf("no --cases given and no built-in corpus")
		}
		names, err := fs.Glob(corpus, "testdata/cases/*.jsonl")
		if err != nil {
			return nil, err
		}
		sort.Strings(names)
		for _, n := range names {
			f, err := corpus.Open(n)
			if err != nil {
				return nil, err
			}
			cs, err := cases.Parse(path.Base(n), f)
			f.Close()
			if err != nil {
				return nil, &FlagError{fmt.Errorf("built-in corpus: %w", err)}
			}
			out = append(out, regress.CaseFile{Name: path.Base(n), Cases: cs})
		}
		return out, nil
	}
	for _, p := range paths {
		cs, err := cases.ParseFile(p)
		if err != nil {
			return nil, &FlagError{err}
		}
		out = append(out, regress.CaseFile{Name: p, Cases: cs})
	}
	return out, nil
}

func loadKnown(corpus fs.FS, path string) (map[string]string, error) {
	if path != "" {
		f, err := os.Open(path)
		if err != nil {
			return nil, &FlagError{fmt.Errorf("known differences: %w", err)}
		}
		defer f.Close()
		k, err := regress.ParseKnown(path, f)
		if err != nil {
			return nil, &FlagError{err}
		}
		return k, nil
	}
	if corpus == nil {
		return nil, nil
	}
	f, err := corpus.Open("testdata/known-differences")
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	k, err := regress.ParseKnown("testdata/known-differences", f)
	if err != nil {
		return nil, &FlagError{err}
	}
	return k, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
