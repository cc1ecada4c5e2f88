// Package cmd holds llmbench's cobra commands: each one binds flags into an
// options struct, calls a pkg/ function and renders the result.
package cmd

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/spf13/cobra"
)

// Exit codes of every llmbench command.
const (
	ExitOK     = 0 // success
	ExitFailed = 1 // a check failed: a regression, a failed case
	ExitUsage  = 2 // bad usage or bad input
)

// ErrCheckFailed is returned by a command whose checks failed; its report has
// already been printed.
var ErrCheckFailed = errors.New("check failed")

// A FlagError reports bad usage: an unknown flag, a bad flag value, a
// missing or malformed input file.
type FlagError struct{ Err error }

func (e *FlagError) Error() string { return e.Err.Error() }
func (e *FlagError) Unwrap() error { return e.Err }

// usageErrorf returns a *FlagError with a formatted message.
func usageErrorf(format string, args ...any) error {
	return &FlagError{fmt.Errorf(format, args...)}
}

// appContext carries what every command shares.
type appContext struct {
	stdout, stderr io.Writer
	// isTerminal reports whether stderr is a terminal (for progress bars).
	isTerminal func() bool
	// corpus holds the built-in cases: testdata/cases/*.jsonl and
	// testdata/known-differences.
	corpus fs.FS
}

// Main runs llmbench with args and returns the process exit code.
//
// corpus is the built-in case corpus (an FS with testdata/cases/*.jsonl and
// testdata/known-differences); nil means none.
func Main(args []string, stdout, stderr io.Writer, corpus fs.FS) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	app := &appContext{stdout: stdout, stderr: stderr, corpus: corpus,
		isTerminal: func() bool { return stderrIsTerminal(stderr) }}
	root := newRootCmd(app)
	root.SetArgs(args)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.ExecuteContext(ctx)
	return exitCode(stderr, err)
}

// exitCode maps an error to the documented exit codes, printing it.
func exitCode(stderr io.Writer, err error) int {
	if err == nil {
		return ExitOK
	}
	if errors.Is(err, ErrCheckFailed) {
		return ExitFailed
	}
	msg := err.Error()
	if !strings.HasPrefix(msg, "llmbench") {
		msg = "llmbench: " + msg
	}
	fmt.Fprintln(stderr, strings.ReplaceAll(strings.TrimSpace(msg), "\n", `\n`))
	return ExitUsage
}

func newRootCmd(app *appContext) *cobra.Command {
	root := &cobra.Command{
		Use:   "llmbench",
		Short: "Measure, explain and guard the per-request CPU cost of an LLM gateway's request pipeline",
		Long: `llmbench drives a faithful Go re-implementation of LiteLLM's chat-completion request
path (provider resolution, optional-param processing, provider mapping, mock response,
cost) in two variants - baseline (as LiteLLM ships it) and optimized (the three fixes of
the optimization summary) - and measures, profiles and guards them.

Exit codes: 0 ok, 1 a check failed (regression, failed case), 2 bad usage or bad input.`,
		SilenceErrors: true,
		SilenceUsage:  true,
	}
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return &FlagError{fmt.Errorf("%s: %w (see '%s --help')", c.CommandPath(), err, c.CommandPath())}
	})
	root.AddCommand(
		newBenchCmd(app),
		newInspectCmd(app),
		newRegressCmd(app),
		newProfileCmd(app),
		newReportCmd(app),
		newDriverCmd(app),
	)
	return root
}

// stderrIsTerminal reports whether w is a terminal.
func stderrIsTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
