package target

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/llmbench/llmbench/pkg/driver"
)

// An InputError is a target that cannot be used because of what the user
// gave: a revision that does not exist or does not build, a path that is
// not an llmbench binary, a kind that does not apply. Its message is one
// line saying what to do.
type InputError struct{ Msg string }

func (e *InputError) Error() string { return e.Msg }

func inputErrorf(format string, args ...any) error {
	return &InputError{Msg: fmt.Sprintf(format, args...)}
}

// ModulePath is the module a revision must hold to be built as a driver.
const ModulePath = "github.com/llmbench/llmbench"

// A Build is this module built at a git revision: a binary in a temporary
// directory, built in a temporary git worktree that is gone by the time
// BuildRev returns.
type Build struct {
	// Rev is the revision as asked, Commit the commit it names.
	Rev, Commit string
	// Binary is the built llmbench.
	Binary string
	// Took is how long the build took.
	Took time.Duration
	dir  string
}

// Remove removes the binary and its directory.
func (b *Build) Remove() error { return os.RemoveAll(b.dir) }

// BuildOptions configure BuildRev.
type BuildOptions struct {
	// Dir is a directory inside the git checkout; "" means the current one.
	Dir string
	// Go is the go command; "" means "go" on PATH.
	Go string
}

// buildLines is how many lines of the compiler's output a failed build
// shows.
const buildLines = 3

// BuildRev builds this module at revision rev: in a temporary git worktree
// of the repository that holds opts.Dir, with `go build` (the toolchain on
// PATH, the build cache shared with every other build). The worktree is
// removed before BuildRev returns, whatever happens, also when ctx is
// canceled; the returned Build's binary is removed by its Remove. Errors
// about rev (not in a checkout, unknown, not llmbench, does not build) are
// *InputErrors.
func BuildRev(ctx context.Context, rev string, opts BuildOptions) (b *Build, err error) {
	start := time.Now()
	gocmd := opts.Go
	if gocmd == "" {
		gocmd = "go"
	}
	git := func(ctx context.Context, args ...string) (string, error) {
		cmd := exec.CommandContext(ctx, "git", args...)
		cmd.Dir = opts.Dir
		var out, errb bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errb
		if err := cmd.Run(); err != nil {
			msg := firstLines(errb.String(), 1)
			if msg == "" {
				msg = err.Error()
			}
			return "", errors.New(msg)
		}
		return strings.TrimSpace(out.String()), nil
	}
	top, err := git(ctx, "rev-parse", "--show-toplevel")
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, inputErrorf("cannot build revision %q: not in a git checkout of llmbench (%v); run from the repository, or give a built binary", rev, err)
	}
	commit, err := git(ctx, "rev-parse", "--verify", "--quiet", "--end-of-options", rev+"^{commit}")
	if err != nil || commit == "" {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, inputErrorf("unknown git revision %q in %s: check the name, or fetch it first (e.g. git fetch origin; in CI, actions/checkout with fetch-depth: 0)", rev, top)
	}
	gomod, err := git(ctx, "show", commit+":go.mod")
	if err != nil || !strings.HasPrefix(gomod, "module "+ModulePath+"\n") && gomod != "module "+ModulePath {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, inputErrorf("revision %q (%s) is not llmbench: its go.mod does not declare module %s", rev, short(commit), ModulePath)
	}

	dir, err := os.MkdirTemp("", "llmbench-rev-"+short(commit)+"-")
	if err != nil {
		return nil, err
	}
	b = &Build{Rev: rev, Commit: commit, Binary: filepath.Join(dir, "llmbench"), dir: dir}
	defer func() {
		if err != nil {
			os.RemoveAll(dir)
			b = nil
		}
	}()
	wt := filepath.Join(dir, "src")
	defer func() {
		// Always, with a context of its own: an interrupted run must not
		// leave the worktree registered in the repository (twice --force:
		// also when it is still locked by an add that did not finish).
		cctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if _, rerr := git(cctx, "worktree", "remove", "--force", "--force", wt); rerr != nil {
			os.RemoveAll(wt)
			_, _ = git(cctx, "worktree", "prune")
		}
	}()
	// The add is not interrupted halfway (a killed add leaves a locked,
	// half-made worktree); a canceled run stops right after it.
	actx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 2*time.Minute)
	_, err = git(actx, "worktree", "add", "--detach", "--quiet", wt, commit)
	cancel()
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	if err != nil {
		return nil, fmt.Errorf("making a worktree of %s: %v", short(commit), err)
	}
	// -trimpath: without it the worktree's path enters every package's
	// build key, and the build cache would miss for all of them.
	cmd := exec.CommandContext(ctx, gocmd, "build", "-trimpath", "-o", b.Binary, ".")
	driver.ProcessGroup(cmd) // Ctrl-C ends the compilers too
	cmd.Dir = wt
	// The go command's own work directory inside ours: a build killed by
	// Ctrl-C cannot clean it up, and ours is removed in every case.
	gotmp := filepath.Join(dir, "gotmp")
	if err = os.Mkdir(gotmp, 0o700); err != nil {
		return nil, err
	}
	cmd.Env = append(os.Environ(), "GOTMPDIR="+gotmp)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		msg := firstLines(out.String(), buildLines)
		if msg == "" {
			msg = err.Error()
		}
		return nil, inputErrorf("revision %q (%s) does not build (gate against a revision that builds): %s", rev, short(commit), msg)
	}
	b.Took = time.Since(start)
	return b, nil
}

// firstLines returns the first n non-empty lines of s joined by " | ".
func firstLines(s string, n int) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
			if len(out) == n {
				break
			}
		}
	}
	return strings.Join(out, " | ")
}

// short abbreviates a commit hash.
func short(commit string) string {
	if len(commit) > 12 {
		return commit[:12]
	}
	return commit
}
