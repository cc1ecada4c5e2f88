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
	"github.com/llmbench/llmbench/pkg/target"
	"github.com/spf13/cobra"
)

// targetFlags are --target and --against, shared by bench, profile and
// regress.
type targetFlags struct {
	targets []string
	against string
}

func (f *targetFlags) register(c *cobra.Command) {
	c.Flags().StringArrayVar(&f.targets, "target", nil, "what to measure instead of --variants (repeatable; the first is \"before\"): VARIANT, "+
		strings.Join(target.Syntaxes(targetKinds()), ", "))
	c.Flags().StringVar(&f.against, "against", "", "compare this build with another: a git revision (built in a temporary worktree) or an llmbench binary; both run as drivers, batches interleaved per variant")
}

// targetKinds are the target kinds registered beside VARIANT, ref:, bin:
// and exec: (each a target.Kind; litellm[:DIR] plugs in here).
func targetKinds() map[string]target.Kind {
	return map[string]target.Kind{}
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
			s, err := target.Parse(t, targetKinds())
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
	set, err := target.Open(ctx, specs, target.Options{Variants: variants, Kinds: targetKinds(), Stderr: stderr})
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
			if sp, perr := target.Parse(t, targetKinds()); perr == nil && sp.Arg != "" && strings.Contains(de.Command, sp.Arg) {
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
