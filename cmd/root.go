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
	"runtime/debug"
	"slices"
	"strings"
	"syscall"

	"github.com/llmbench/llmbench/pkg/bench"
	"github.com/llmbench/llmbench/pkg/completion"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// Exit codes of every llmbench command: the one table (DESIGN §3), printed
// in the root command's help by exitCodesHelp.
const (
	ExitOK          = 0   // success
	ExitFailed      = 1   // a check failed: a regression, a failed case, variants that disagree
	ExitUsage       = 2   // bad usage or bad input: the message names the flag, file and line
	ExitInternal    = 3   // an internal error (a bug): "llmbench: internal error: ..."
	ExitInterrupted = 130 // SIGINT/SIGTERM: what finished is printed, marked INTERRUPTED; no result file
)

// exitCodesHelp documents the table in every command's help.
const exitCodesHelp = `Exit codes: 0 ok, 1 a check failed (a regression, a failed case, variants that
disagree), 2 bad usage or bad input (the message names the flag, file and line),
3 internal error (a bug; LLMBENCH_DEBUG=1 prints the stack), 130 interrupted (what
finished is printed and marked INTERRUPTED; no result file is written).`

// ErrCheckFailed is returned by a command whose checks failed; its report has
// already been printed.
var ErrCheckFailed = errors.New("check failed")

// ErrInterrupted is wrapped by the error of a command stopped by SIGINT or
// SIGTERM; what finished has already been printed, marked INTERRUPTED. It
// is the one sentinel of every package that stops on a canceled context.
var ErrInterrupted = bench.ErrInterrupted

// A FlagError reports bad usage or bad input: an unknown flag, a bad flag
// value, a missing, malformed or oversized input file. Flag, when set, names
// the place the error is about (a flag, a flag and its value) and is
// printed after the message in parentheses; errors that name their file and
// line themselves leave it empty.
type FlagError struct {
	Flag string
	Err  error
}

func (e *FlagError) Error() string {
	if e.Flag == "" {
		return e.Err.Error()
	}
	return e.Err.Error() + " (" + e.Flag + ")"
}

func (e *FlagError) Unwrap() error { return e.Err }

// usageErrorf returns a *FlagError with a formatted message.
func usageErrorf(format string, args ...any) error {
	return &FlagError{Err: fmt.Errorf(format, args...)}
}

// flagErrorf returns a *FlagError about flag (e.g. "--requests") with a
// formatted message: "<message> (<flag>)".
func flagErrorf(flag, format string, args ...any) error {
	return &FlagError{Flag: flag, Err: fmt.Errorf(format, args...)}
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

// Main runs llmbench with args and returns the process exit code (see the
// Exit constants). SIGINT and SIGTERM cancel the run's context; a second
// one kills the process.
//
// corpus is the built-in case corpus (an FS with testdata/cases/*.jsonl and
// testdata/known-differences); nil means none.
func Main(args []string, stdout, stderr io.Writer, corpus fs.FS) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		<-ctx.Done()
		stop() // the next signal kills the process
	}()
	return execute(ctx, args, stdout, stderr, corpus, stderrIsTerminal(stderr))
}

// execute is Main with its context and terminal detection given.
func execute(ctx context.Context, args []string, stdout, stderr io.Writer, corpus fs.FS, terminal bool) int {
	out := &stickyWriter{w: stdout}
	app := &appContext{stdout: out, stderr: stderr, corpus: corpus, isTerminal: func() bool { return terminal }}
	return runRoot(ctx, newRootCmd(app), args, out, stderr)
}

// runRoot runs root with args and maps the outcome to an exit code: an
// error through exitCode, a panic to an internal error.
func runRoot(ctx context.Context, root *cobra.Command, args []string, out *stickyWriter, stderr io.Writer) (code int) {
	markRunErrors(root)
	root.SetArgs(args)
	root.SetOut(out)
	root.SetErr(stderr)
	executed := root
	defer func() {
		if r := recover(); r != nil {
			code = reportPanic(stderr, r)
		}
	}()
	c, err := root.ExecuteContextC(ctx)
	if c != nil {
		executed = c
	}
	if out.err != nil && !errors.Is(err, ErrInterrupted) {
		// The output is lost (a full disk, a closed pipe): that is the
		// outcome, whatever the command made of the failed write.
		reason := out.err
		var pe *fs.PathError
		if errors.As(reason, &pe) {
			reason = pe.Err // "no space left on device", without Go's "write /dev/stdout"
		}
		err = &runError{&FlagError{Flag: "stdout", Err: fmt.Errorf("writing the output: %w", reason)}}
	}
	return exitCode(ctx, stderr, executed, err)
}

// runError marks an error returned by a command's RunE; an error without it
// comes from cobra itself (an unknown command or flag, a bad flag value, a
// violated flag group): bad usage.
type runError struct{ err error }

func (e *runError) Error() string { return e.err.Error() }
func (e *runError) Unwrap() error { return e.err }

// exitCode maps an error to the exit code table, printing it as one line:
// "llmbench <command>: <what> (<where>)".
func exitCode(ctx context.Context, stderr io.Writer, c *cobra.Command, err error) int {
	if err == nil {
		return ExitOK
	}
	if errors.Is(err, ErrCheckFailed) {
		return ExitFailed
	}
	prefix := strings.TrimSpace(c.CommandPath()) + ": "
	say := func(msg string) {
		msg = strings.ReplaceAll(strings.TrimSpace(msg), "\n", `\n`)
		fmt.Fprintln(stderr, prefix+msg)
	}
	var re *runError
	fromRun := errors.As(err, &re)
	var fe *FlagError
	switch {
	case errors.Is(err, ErrInterrupted) || (ctx.Err() != nil && errors.Is(err, context.Canceled)):
		msg := err.Error()
		if !errors.Is(err, ErrInterrupted) {
			msg = "interrupted"
		}
		say(msg)
		return ExitInterrupted
	case errors.As(err, &fe):
		say(fe.Error())
		return ExitUsage
	case !fromRun:
		say(cobraMessage(c, err))
		return ExitUsage
	}
	return reportInternal(stderr, err.Error(), err)
}

// debugHint ends the line of an internal error.
const debugHint = " (a bug; LLMBENCH_DEBUG=1 prints the stack)"

// reportPanic reports a recovered panic as an internal error.
func reportPanic(stderr io.Writer, r any) int {
	return reportInternal(stderr, fmt.Sprintf("panic: %v", r), r)
}

// reportInternal prints an internal error as one line, and with
// LLMBENCH_DEBUG=1 the stack: the panicking goroutine's when v carries it
// (a *completion.PanicError from a worker), else this one's.
func reportInternal(stderr io.Writer, msg string, v any) int {
	fmt.Fprintln(stderr, "llmbench: internal error: "+strings.ReplaceAll(strings.TrimSpace(msg), "\n", `\n`)+debugHint)
	if os.Getenv("LLMBENCH_DEBUG") == "" {
		return ExitInternal
	}
	var pe *completion.PanicError
	if err, ok := v.(error); ok && errors.As(err, &pe) {
		stderr.Write(pe.Stack)
	} else {
		stderr.Write(debug.Stack())
	}
	return ExitInternal
}

// stickyWriter remembers the first write error, so that output lost to a
// full disk or a closed pipe fails the command even where the writer's
// error is not checked.
type stickyWriter struct {
	w   io.Writer
	err error
}

func (s *stickyWriter) Write(p []byte) (int, error) {
	if s.err != nil {
		return 0, s.err
	}
	n, err := s.w.Write(p)
	if err != nil {
		s.err = err
	}
	return n, err
}

func newRootCmd(app *appContext) *cobra.Command {
	root := &cobra.Command{
		Use:   "llmbench",
		Short: "Measure, explain and guard the per-request CPU cost of an LLM gateway's request pipeline",
		Long: `llmbench drives a faithful Go re-implementation of LiteLLM's chat-completion request
path (provider resolution, optional-param processing, provider mapping, mock response,
cost) in two variants - baseline (as LiteLLM ships it) and optimized (the three fixes of
the optimization summary) - and measures, profiles and guards them.

` + exitCodesHelp,
		Version:       version(),
		SilenceErrors: true,
		SilenceUsage:  true,
	}
	root.SetVersionTemplate("llmbench {{.Version}}\n")
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error { return flagError(c, err) })
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

// markRunErrors wraps the RunE of c and its children so that their errors
// are told apart from cobra's own.
func markRunErrors(c *cobra.Command) {
	if c.RunE != nil && c.Annotations[runMarked] == "" {
		if c.Annotations == nil {
			c.Annotations = map[string]string{}
		}
		c.Annotations[runMarked] = "yes"
		runE := c.RunE
		c.RunE = func(c *cobra.Command, args []string) error {
			if err := emptyValue(c); err != nil {
				return &runError{err}
			}
			if err := runE(c, args); err != nil {
				return &runError{err}
			}
			return nil
		}
	}
	for _, sub := range c.Commands() {
		markRunErrors(sub)
	}
}

// runMarked annotates a command whose RunE markRunErrors wrapped.
const runMarked = "llmbench-run-marked"

// emptyOK annotates a string flag for which an empty value means
// something (inspect's request fields: an empty api_base).
const emptyOK = "llmbench-empty-ok"

// emptyValue refuses a string flag given an empty value ("--out ”",
// "--cases ”"): the value a script's unset variable gives, which would
// otherwise silently mean the flag's default.
func emptyValue(c *cobra.Command) error {
	var err error
	c.Flags().Visit(func(f *pflag.Flag) {
		if err != nil || f.Annotations[emptyOK] != nil {
			return
		}
		empty := false
		switch f.Value.Type() {
		case "string":
			empty = f.Value.String() == ""
		case "stringArray", "stringSlice":
			if sv, ok := f.Value.(pflag.SliceValue); ok {
				empty = slices.Contains(sv.GetSlice(), "")
			}
		}
		if empty {
			err = flagErrorf("--"+f.Name, "needs a value, got an empty one")
		}
	})
	return err
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
