package cmd

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/llmbench/llmbench/pkg/completion"
	"github.com/llmbench/llmbench/pkg/driver"
	"github.com/llmbench/llmbench/pkg/litellm"
	"github.com/llmbench/llmbench/pkg/target"
	"github.com/spf13/cobra"
)

// targetFlags are --target and --against, shared by bench, profile and
// regress, and the flags of litellm targets.
type targetFlags struct {
	targets []string
	against string
	// python is --python, litellmMode --litellm-mode.
	python      string
	litellmMode string
}

func (f *targetFlags) register(c *cobra.Command) {
	c.Flags().StringArrayVar(&f.targets, "target", nil, "what to measure instead of --variants (repeatable; the first is \"before\"): VARIANT, "+
		strings.Join(target.Syntaxes(f.kinds()), ", "))
	c.Flags().StringVar(&f.against, "against", "", "compare this build with another: a git revision (built in a temporary worktree) or an llmbench binary; both run as drivers, batches interleaved per variant")
	c.Flags().StringVar(&f.python, "python", "", "the Python that runs litellm targets (default: $"+litellm.PythonEnv+", then python3, python on PATH: the first that has litellm)")
	c.Flags().StringVar(&f.litellmMode, "litellm-mode", driver.ModeAsync, "how litellm targets run a batch: async (acompletion calls in one asyncio.gather, the optimization summary's set-up) or sync (a completion loop)")
}

// kinds are the target kinds registered beside VARIANT, ref:, bin: and
// exec:: litellm[:DIR], real LiteLLM through the shipped Python driver.
func (f *targetFlags) kinds() map[string]target.Kind {
	return map[string]target.Kind{litellmKind: {Syntax: "litellm[:DIR]", Command: f.litellmCommand}}
}

// litellmKind is the kind of litellm[:DIR] targets.
const litellmKind = "litellm"

// checkLitellm checks the litellm flags.
func (f *targetFlags) checkLitellm() error {
	if f.litellmMode != driver.ModeAsync && f.litellmMode != driver.ModeSync {
		return flagErrorf("--litellm-mode "+f.litellmMode, "want async or sync")
	}
	return nil
}

// litellmCommand starts the driver of litellm[:DIR]: the interpreter that
// finds litellm, the driver written into tmp, the tree first on PYTHONPATH.
// async batches gather the whole batch unless --concurrency is given, as
// the summary's scripts do; sync batches are one loop.
func (f *targetFlags) litellmCommand(ctx context.Context, arg, tmp string) (*target.Command, error) {
	l, err := litellm.Prepare(ctx, arg, tmp, litellm.LaunchOptions{Python: f.python})
	if err != nil {
		var ie *litellm.InputError
		if errors.As(err, &ie) {
			return nil, &target.InputError{Msg: ie.Msg}
		}
		return nil, err
	}
	name := "litellm"
	if arg != "" {
		name += ":" + arg
	}
	conc := 0
	if f.litellmMode == driver.ModeSync {
		conc = 1
	}
	return &target.Command{Argv: l.Argv, Env: l.Env, Label: l.Label, Mode: f.litellmMode, Concurrency: &conc,
		HandshakeTimeout: litellm.HandshakeTimeout,
		HelloError: func(err error) error {
			err = litellm.HelloError(name, err)
			var ie *litellm.InputError
			if errors.As(err, &ie) {
				return &target.InputError{Msg: ie.Msg}
			}
			return fmt.Errorf("target %q: %w", name, err)
		}}, nil
}

// explicitConcurrency makes every driver of set run batches at the
// command's --concurrency (the user gave it).
func explicitConcurrency(set *target.Set) {
	for _, d := range set.Drivers() {
		d.Concurrency = nil
	}
}

// specs returns the targets the flags ask for: --against's pairs, the
// --target list, or the variants.
func (f *targetFlags) specs(variants []string) ([]target.Spec, error) {
	switch {
	case f.against != "" && len(f.targets) > 0:
		return nil, usageErrorf("--against and --target are exclusive (--against REV measures each variant in both builds)")
	case f.against != "":
		if err := checkAgainst(f.against); err != nil {
			return nil, err
		}
		return target.AgainstSpecs(f.against, variants), nil
	case len(f.targets) > 0:
		var out []target.Spec
		for _, t := range f.targets {
			s, err := target.Parse(t, f.kinds())
			if err != nil {
				return nil, &FlagError{Err: fmt.Errorf("--target: %w", err)}
			}
			out = append(out, s)
		}
		return out, nil
	}
	vs, err := completion.ParseVariants(strings.Join(variants, ","))
	if err != nil {
		return nil, &FlagError{Err: fmt.Errorf("variants: %w", err)}
	}
	out := make([]target.Spec, len(vs))
	for i, v := range vs {
		out[i] = target.Spec{Text: v.Name, Kind: target.KindVariant, Arg: v.Name}
	}
	return out, nil
}

// openTargets resolves the flags' targets. Drivers' stderr and build
// progress go to stderr. The Set must be closed in every case.
func (f *targetFlags) open(ctx context.Context, stderr io.Writer, variants []string) (*target.Set, error) {
	if err := f.checkLitellm(); err != nil {
		return nil, err
	}
	specs, err := f.specs(variants)
	if err != nil {
		return nil, f.place(err)
	}
	for _, s := range specs {
		if s.Kind == target.KindRef {
			fmt.Fprintf(stderr, "building %s in a temporary worktree...\n", s.Arg)
			break
		}
	}
	set, err := target.Open(ctx, specs, target.Options{Variants: variants, Kinds: f.kinds(), Stderr: stderr})
	if err != nil {
		return nil, f.place(targetError(err))
	}
	for _, w := range set.Warnings {
		fmt.Fprintln(stderr, "warning:", w)
	}
	return set, nil
}

// targetError classifies an error of a target: bad input (exit 2) for a
// target that cannot be used or a driver that fails.
func targetError(err error) error {
	var ie *target.InputError
	var de *driver.Error
	if errors.As(err, &ie) || errors.As(err, &de) {
		return &FlagError{Err: err}
	}
	return err
}

// checkAgainst refuses an --against that names a path (it has a '/' and
// exists, or starts with "/", "./" or "../") but not an executable file:
// it cannot be the binary it looks like, and a git revision of that name
// would only confuse.
func checkAgainst(arg string) error {
	fi, err := os.Stat(arg)
	pathLike := strings.HasPrefix(arg, "/") || strings.HasPrefix(arg, "./") || strings.HasPrefix(arg, "../")
	switch {
	case err == nil && (pathLike || strings.ContainsRune(arg, '/')) && (!fi.Mode().IsRegular() || fi.Mode()&0o111 == 0):
		return flagErrorf("--against "+arg, "not an executable file: give an llmbench binary or a git revision")
	case err != nil && pathLike:
		return flagErrorf("--against "+arg, "no such file: give an llmbench binary or a git revision")
	}
	return nil
}

// place words a bad-input error about one target in the voice of every
// message, "<what> (--target T)" or "<what> (--against REV)": the target
// package names the target first ("target \"ref:\": ..."), or, for the
// build of an --against revision, not at all.
func (f *targetFlags) place(err error) error {
	var fe *FlagError
	if !errors.As(err, &fe) || fe.Flag != "" {
		return err
	}
	msg := strings.TrimPrefix(fe.Err.Error(), "--target: ")
	for _, t := range f.targets {
		if rest, ok := strings.CutPrefix(msg, fmt.Sprintf("target %q: ", t)); ok {
			return &FlagError{Flag: "--target " + t, Err: errors.New(rest)}
		}
		if rest, ok := strings.CutPrefix(msg, t+": "); ok { // a registered kind's own words
			return &FlagError{Flag: "--target " + t, Err: errors.New(rest)}
		}
		// While measuring, the target is named as in the results: T, or
		// T:VARIANT for one of several variants of a driver.
		if rest, ok := strings.CutPrefix(msg, "target "+t); ok {
			if i := strings.Index(rest, ": "); i >= 0 && (i == 0 || rest[0] == ':' && !strings.ContainsAny(rest[:i], " /")) {
				return &FlagError{Flag: "--target " + t, Err: errors.New(rest[i+2:])}
			}
		}
	}
	var de *driver.Error
	if errors.As(err, &de) {
		// A driver's failure outside a target's work (regress loading the
		// fuzz requests): the driver target whose command it is.
		for _, t := range f.targets {
			if sp, perr := target.Parse(t, f.kinds()); perr == nil && sp.Arg != "" && strings.Contains(de.Command, sp.Arg) {
				return &FlagError{Flag: "--target " + t, Err: errors.New(msg)}
			}
		}
	}
	if f.against != "" {
		if rest, ok := strings.CutPrefix(msg, "target "); ok && strings.Contains(rest, ": ") && strings.HasPrefix(rest, `"`) {
			msg = rest[strings.Index(rest, ": ")+2:]
		}
		return &FlagError{Flag: "--against " + f.against, Err: errors.New(msg)}
	}
	return &FlagError{Err: errors.New(msg)}
}

// driverSettings are the pipeline settings a driver is loaded with.
func driverSettings(dropParams bool, catalog string) driver.Settings {
	if catalog != "" {
		if abs, err := filepath.Abs(catalog); err == nil {
			catalog = abs
		}
	}
	return driver.Settings{DropParams: dropParams, ModelCatalog: catalog}
}
