package target

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/llmbench/llmbench/pkg/completion"
	"github.com/llmbench/llmbench/pkg/driver"
)

// A Kind is a kind of target this package does not know itself, such as
// litellm[:DIR]: the command layer registers it in Options.Kinds.
type Kind struct {
	// Syntax is how the kind is written, for errors and help
	// ("litellm[:DIR]").
	Syntax string
	// Command returns the command that runs the kind's driver for arg (the
	// text after "KIND:", "" when none). tmp is a directory of the Set's,
	// removed when the Set is closed (for files the driver needs). An
	// *InputError means bad input (exit 2); the Set reports it as given.
	Command func(ctx context.Context, arg, tmp string) (*Command, error)
}

// A Command runs a driver.
type Command struct {
	// Argv is the program and its arguments.
	Argv []string
	// Env is its environment; nil means llmbench's.
	Env []string
	// Dir is its working directory; "" means llmbench's.
	Dir string
	// Label names the driver in messages ("LiteLLM 1.80.5 at DIR").
	Label string
	// Mode is the batch mode the driver's batches, warmups and profiles run
	// in (driver.ModeSync, driver.ModeAsync); "" is the client's default.
	Mode string
	// Concurrency, when not nil, is the concurrency of the driver's batches
	// unless the user gives one (Driver.Concurrency).
	Concurrency *int
	// HandshakeTimeout, when positive, bounds this driver's hello instead
	// of Options.HandshakeTimeout (a Python driver imports its library
	// first).
	HandshakeTimeout time.Duration
	// HelloError, when not nil, words a failed start (the driver refused
	// hello, say because its library does not import) as the kind knows
	// best; it returns bad input (an *InputError) or err.
	HelloError func(err error) error
}

// Options configure Open.
type Options struct {
	// Variants are the command's variants (--variants): what a ref:, bin:
	// or other driver target without a :VARIANT stands for, as far as the
	// driver has them (all the driver's variants when it has none of
	// them).
	Variants []string
	// Kinds are the registered kinds (litellm).
	Kinds map[string]Kind
	// Stderr receives the drivers' stderr and build progress; nil discards.
	Stderr io.Writer
	// Dir is where git runs for ref: targets; "" means the current
	// directory.
	Dir string
	// Self runs this build as a driver (for Against); nil means this
	// executable's `driver` command.
	Self *Command
	// HandshakeTimeout bounds each driver's hello; zero means the driver
	// package's default.
	HandshakeTimeout time.Duration
}

// A Target is one resolved target.
type Target struct {
	// Name names the target in tables and results: the variant for a
	// variant of this build (also when it runs as a driver for Against),
	// else the spec with the variant ("ref:origin/main:optimized").
	Name string
	Spec Spec
	// Variant is the variant run in process; nil for a driver target.
	Variant *completion.Variant
	// Driver runs the target; nil for an in-process variant. Targets of
	// one build or program share its Driver.
	Driver *Driver
	// DriverVariant is the variant the driver runs.
	DriverVariant string
}

// Remote reports whether t runs in a driver.
func (t *Target) Remote() bool { return t.Driver != nil }

// A Driver is a running driver shared by the targets of one build or
// program.
type Driver struct {
	*driver.Client
	// Label names the build or program: "origin/main (3f2c1e0a1b2c)",
	// "this build", the binary's path, the command.
	Label string
	// Build is the build it runs, for ref: targets.
	Build *Build
	// Mode is the batch mode of its batches, warmups and profiles ("" is
	// the client's default); Concurrency, when not nil, replaces the run's
	// concurrency for its batches (the command sets it to nil when the
	// user gives --concurrency).
	Mode        string
	Concurrency *int

	argv  []string
	dopts driver.Options
	ctx   context.Context
	// binary is the llmbench binary the driver runs from a fresh copy of
	// at every start ("" for other programs), copy the current copy.
	binary, copy, tmp string

	mu       sync.Mutex
	loaded   []*completion.Request
	settings driver.Settings
	encoded  map[*completion.Request]json.RawMessage
}

// A Set is a list of resolved targets and the drivers, builds and
// temporary files they need. Close ends and removes them all.
type Set struct {
	Targets []*Target
	// Warnings are non-fatal problems (a driver that lacks a variant).
	Warnings []string

	drivers []*Driver
	builds  []*Build
	tmp     string
	closed  bool
}

// Open resolves specs in order. On error nothing is left running or on
// disk. The drivers are killed when ctx is done; the Set must be closed
// in every case.
func Open(ctx context.Context, specs []Spec, opts Options) (_ *Set, err error) {
	set := &Set{}
	defer func() {
		if err != nil {
			set.Close()
		}
	}()
	byCommand := map[string]*Driver{}
	byRev := map[string]*Build{}
	names := map[string]string{}
	for _, sp := range specs {
		var ts []*Target
		switch sp.Kind {
		case KindVariant:
			v, err := completion.LookupVariant(sp.Arg)
			if err != nil {
				return nil, &InputError{Msg: fmt.Sprintf("target %q: %v", sp.Text, err)}
			}
			ts = []*Target{{Name: v.Name, Spec: sp, Variant: v}}
		default:
			d, err := set.driverFor(ctx, sp, opts, byCommand, byRev)
			if err != nil {
				return nil, err
			}
			if ts, err = set.expand(sp, d, opts); err != nil {
				return nil, err
			}
		}
		for _, t := range ts {
			if prev, dup := names[t.Name]; dup {
				return nil, inputErrorf("target %q: %s is measured twice (also by %q)", sp.Text, t.Name, prev)
			}
			names[t.Name] = sp.Text
			set.Targets = append(set.Targets, t)
		}
	}
	return set, nil
}

// driverFor starts (or reuses) the driver of a target spec.
func (s *Set) driverFor(ctx context.Context, sp Spec, opts Options, byCommand map[string]*Driver, byRev map[string]*Build) (*Driver, error) {
	var cmd *Command
	var build *Build
	switch sp.Kind {
	case KindSelf:
		cmd = opts.Self
		if cmd == nil {
			exe, err := os.Executable()
			if err != nil {
				return nil, fmt.Errorf("finding this executable: %w", err)
			}
			// argv[0] "llmbench": a test binary that stands for llmbench
			// (testscript) dispatches on it.
			cmd = &Command{Argv: []string{exe, "driver"}}
		}
		if cmd.Label == "" {
			cmd = &Command{Argv: cmd.Argv, Env: cmd.Env, Dir: cmd.Dir, Label: "this build"}
		}
	case KindRef:
		if b := byRev[sp.Arg]; b != nil {
			build = b
		} else {
			var err error
			if build, err = BuildRev(ctx, sp.Arg, BuildOptions{Dir: opts.Dir}); err != nil {
				return nil, err
			}
			s.builds = append(s.builds, build)
			byRev[sp.Arg] = build
		}
		cmd = &Command{Argv: []string{build.Binary, "driver"}, Label: fmt.Sprintf("%s (%s)", sp.Arg, short(build.Commit))}
	case KindBin:
		fi, err := os.Stat(sp.Arg)
		switch {
		case err != nil:
			return nil, inputErrorf("target %q: %v", sp.Text, pathError(err))
		case fi.IsDir() || fi.Mode()&0o111 == 0:
			return nil, inputErrorf("target %q: %s is not an executable file", sp.Text, sp.Arg)
		}
		cmd = &Command{Argv: []string{sp.Arg, "driver"}, Label: sp.Arg}
	case KindExec:
		cmd = &Command{Argv: shell(sp.Arg), Label: sp.Arg}
	default:
		k := opts.Kinds[sp.Kind]
		if k.Command == nil {
			return nil, inputErrorf("target %q: unknown kind %q", sp.Text, sp.Kind)
		}
		tmp, err := s.tempDir()
		if err != nil {
			return nil, err
		}
		if cmd, err = k.Command(ctx, sp.Arg, tmp); err != nil {
			return nil, err
		}
		if cmd.Label == "" {
			cmd.Label = sp.Text
		}
	}
	key := strings.Join(cmd.Argv, "\x00") + "\x01" + strings.Join(cmd.Env, "\x00") + "\x01" + cmd.Dir
	if d := byCommand[key]; d != nil {
		return d, nil
	}
	dopts := driver.Options{Stderr: opts.Stderr, HandshakeTimeout: opts.HandshakeTimeout, Env: cmd.Env, Dir: cmd.Dir,
		Name: strings.Join(cmd.Argv, " ")}
	if cmd.HandshakeTimeout > 0 {
		dopts.HandshakeTimeout = cmd.HandshakeTimeout
	}
	d := &Driver{Label: cmd.Label, Build: build, Mode: cmd.Mode, Concurrency: cmd.Concurrency, encoded: map[*completion.Request]json.RawMessage{},
		argv: cmd.Argv, dopts: dopts, ctx: ctx}
	if sp.Kind == KindSelf || sp.Kind == KindRef || sp.Kind == KindBin {
		d.dopts.Arg0 = "llmbench"
		tmp, err := s.tempDir()
		if err != nil {
			return nil, err
		}
		d.binary, d.tmp = cmd.Argv[0], tmp
	}
	if err := d.start(); err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		if cmd.HelloError != nil {
			return nil, cmd.HelloError(err)
		}
		return nil, fmt.Errorf("target %q: %w", sp.Text, err)
	}
	c := d.Client
	if !c.Hello().Can(driver.CapBench) && !c.Hello().Can(driver.CapCases) && !c.Hello().Can(driver.CapProfile) {
		c.Close()
		return nil, inputErrorf("target %q: driver %s announces none of the capabilities bench, cases, profile", sp.Text, cmd.Label)
	}
	s.drivers = append(s.drivers, d)
	byCommand[key] = d
	return d, nil
}

// expand returns the targets a driver spec stands for.
func (s *Set) expand(sp Spec, d *Driver, opts Options) ([]*Target, error) {
	h := d.Hello()
	if sp.Variant != "" {
		return []*Target{{Name: name(sp, sp.Variant, false), Spec: sp, Driver: d, DriverVariant: sp.Variant}}, nil
	}
	var vs, missing []string
	for _, v := range opts.Variants {
		if h.HasVariant(v) {
			vs = append(vs, v)
		} else {
			missing = append(missing, v)
		}
	}
	if len(vs) == 0 {
		vs = h.Variants // a driver of other variants (real LiteLLM) runs its own
	} else {
		for _, v := range missing {
			s.Warnings = append(s.Warnings, fmt.Sprintf("%s has no variant %s: not measured there", d.Label, v))
		}
	}
	if len(vs) == 0 {
		return nil, inputErrorf("target %q: driver %s announces no variants", sp.Text, d.Label)
	}
	out := make([]*Target, len(vs))
	for i, v := range vs {
		out[i] = &Target{Name: name(sp, v, len(vs) > 1), Spec: sp, Driver: d, DriverVariant: v}
	}
	return out, nil
}

// name names a driver target running variant v.
func name(sp Spec, v string, several bool) string {
	switch sp.Kind {
	case KindSelf:
		return v
	case KindRef, KindBin:
		return sp.Kind + ":" + sp.Arg + ":" + v
	}
	if several || sp.Variant != "" {
		return sp.Text + ":" + v
	}
	return sp.Text
}

// shell runs a command line the way a user typed it.
func shell(cmd string) []string {
	if runtime.GOOS == "windows" {
		return []string{"cmd", "/c", cmd}
	}
	return []string{"sh", "-c", cmd}
}

func pathError(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s: %v", pe.Path, pe.Err)
	}
	return err
}

func (s *Set) tempDir() (string, error) {
	if s.tmp == "" {
		dir, err := os.MkdirTemp("", "llmbench-targets-")
		if err != nil {
			return "", err
		}
		s.tmp = dir
	}
	return s.tmp, nil
}

// Restart ends every driver and starts it again, a fresh process of the
// same command (in reverse order when reverse is set): a process is one
// sample of memory layout and core placement, and a comparison that
// spans several such samples cannot mistake one for the code. The new
// processes must be loaded again.
func (s *Set) Restart(ctx context.Context, reverse bool) error {
	ds := append([]*Driver(nil), s.drivers...)
	if reverse {
		slices.Reverse(ds)
	}
	for _, d := range ds {
		d.Client.Close()
	}
	for _, d := range ds {
		if err := d.start(); err != nil {
			return err
		}
	}
	return nil
}

// start starts the driver's process. An llmbench binary runs from a fresh
// copy of itself: a file's pages stay where the page cache put them, so
// two binaries of the very same code can differ for good in how their code
// shares the caches; a fresh copy per process samples that anew.
func (d *Driver) start() error {
	argv := d.argv
	if d.binary != "" {
		cp, err := freshCopy(d.binary, d.tmp)
		if err != nil {
			return err
		}
		if d.copy != "" {
			os.Remove(d.copy)
		}
		d.copy = cp
		argv = append([]string{cp}, d.argv[1:]...)
	}
	c, err := driver.Start(d.ctx, argv, d.dopts)
	if err != nil {
		return err
	}
	d.mu.Lock()
	d.Client, d.loaded = c, nil
	d.mu.Unlock()
	return nil
}

// freshCopy copies the executable src into dir and returns the copy.
func freshCopy(src, dir string) (string, error) {
	in, err := os.Open(src)
	if err != nil {
		return "", fmt.Errorf("copying the driver binary: %w", err)
	}
	defer in.Close()
	out, err := os.CreateTemp(dir, "llmbench-driver-*")
	if err != nil {
		return "", fmt.Errorf("copying the driver binary: %w", err)
	}
	_, err = io.Copy(out, in)
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(out.Name(), 0o755)
	}
	if err != nil {
		os.Remove(out.Name())
		return "", fmt.Errorf("copying the driver binary: %w", err)
	}
	return out.Name(), nil
}

// Drivers returns the Set's drivers, in the order they were started.
func (s *Set) Drivers() []*Driver { return s.drivers }

// Close ends every driver (bye, then kill), removes every build and
// temporary directory, and returns the first error of a driver that did
// not exit cleanly. It is idempotent.
func (s *Set) Close() error {
	if s == nil || s.closed {
		return nil
	}
	s.closed = true
	var first error
	for _, d := range s.drivers {
		if err := d.Close(); err != nil && first == nil {
			first = err
		}
	}
	for _, b := range s.builds {
		b.Remove()
	}
	if s.tmp != "" {
		os.RemoveAll(s.tmp)
	}
	return first
}
