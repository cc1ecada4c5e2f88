package target

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/llmbench/llmbench/pkg/driver/native"
)

// With TARGET_TEST_DRIVER set, the test binary is llmbench's driver.
func TestMain(m *testing.M) {
	if os.Getenv("TARGET_TEST_DRIVER") != "" {
		if err := native.Serve(context.Background(), os.Stdin, os.Stdout); err != nil {
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func TestParse(t *testing.T) {
	kinds := map[string]Kind{"litellm": {Syntax: "litellm[:DIR]"}}
	tests := []struct {
		in                 string
		kind, arg, variant string
		err                string
	}{
		{in: "optimized", kind: KindVariant, arg: "optimized"},
		{in: "baseline+providers-set", kind: KindVariant, arg: "baseline+providers-set"},
		{in: "ref:origin/main", kind: KindRef, arg: "origin/main"},
		{in: "ref:HEAD~2:optimized", kind: KindRef, arg: "HEAD~2", variant: "optimized"},
		{in: "bin:/tmp/x/llmbench", kind: KindBin, arg: "/tmp/x/llmbench"},
		{in: "bin:/tmp/x/llmbench:summary", kind: KindBin, arg: "/tmp/x/llmbench", variant: "summary"},
		{in: "bin:./a:b/llmbench", kind: KindBin, arg: "./a:b/llmbench"},
		{in: "exec:python3 driver.py --x", kind: KindExec, arg: "python3 driver.py --x"},
		{in: "litellm", kind: "litellm"},
		{in: "litellm:/src/tree", kind: "litellm", arg: "/src/tree"},
		{in: "", err: "empty target"},
		{in: "ref:", err: "ref: needs a git revision"},
		{in: "bin:", err: "bin: needs the path"},
		{in: "exec: ", err: "exec: needs a command"},
		{in: "nope:x", err: `unknown kind "nope" (want VARIANT, ref:REV[:VARIANT], bin:PATH[:VARIANT], exec:CMD, litellm[:DIR])`},
		{in: "ref:main:a,b", err: `bad variant "a,b"`},
	}
	for _, tt := range tests {
		s, err := Parse(tt.in, kinds)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("Parse(%q) = %+v, %v; want error %q", tt.in, s, err, tt.err)
			}
			continue
		}
		if err != nil || s.Kind != tt.kind || s.Arg != tt.arg || s.Variant != tt.variant || s.Text != tt.in {
			t.Errorf("Parse(%q) = %+v, %v; want %s %q %q", tt.in, s, err, tt.kind, tt.arg, tt.variant)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"optimized", "ref:main:baseline", "bin:/x:y", "exec:sh -c x", "litellm:/a", "a:b:c", ":"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		sp, err := Parse(s, map[string]Kind{"litellm": {}})
		if err != nil {
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error for %q spans lines: %v", s, err)
			}
			return
		}
		if sp.Kind == "" || (sp.Kind != KindVariant && sp.Kind != "litellm" && sp.Arg == "") {
			t.Errorf("Parse(%q) = %+v", s, sp)
		}
	})
}

// gitRepo makes a git repository holding a tiny module named like
// llmbench, with one commit per file set, and returns its directory and
// the commits.
func gitRepo(t *testing.T, module string, commits ...map[string]string) (string, []string) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	dir := t.TempDir()
	git := func(args ...string) string {
		t.Helper()
		cmd := exec.Command("git", args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.invalid",
			"GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.invalid")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
		return strings.TrimSpace(string(out))
	}
	git("init", "-q")
	var revs []string
	for _, files := range commits {
		files["go.mod"] = "module " + module + "\n\ngo 1.21\n"
		for name, body := range files {
			if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		git("add", "-A")
		git("commit", "-qm", "c")
		revs = append(revs, git("rev-parse", "HEAD"))
	}
	return dir, revs
}

// worktrees lists the repository's worktrees.
func worktrees(t *testing.T, dir string) int {
	t.Helper()
	out, err := exec.Command("git", "-C", dir, "worktree", "list").Output()
	if err != nil {
		t.Fatal(err)
	}
	return len(strings.Split(strings.TrimSpace(string(out)), "\n"))
}

// leftovers lists what BuildRev left in the temporary directory.
func leftovers(t *testing.T, tmp string) []string {
	t.Helper()
	es, _ := os.ReadDir(tmp)
	var out []string
	for _, e := range es {
		out = append(out, e.Name())
	}
	return out
}

func TestBuildRev(t *testing.T) {
	if testing.Short() {
		t.Skip("builds with go")
	}
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	good := map[string]string{"main.go": "package main\n\nfunc main() { println(\"hi\") }\n"}
	bad := map[string]string{"main.go": "package main\n\nfunc main() { undefinedThing() }\n"}
	dir, revs := gitRepo(t, ModulePath, good, bad)

	b, err := BuildRev(context.Background(), revs[0], BuildOptions{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(b.Binary).CombinedOutput(); err != nil || strings.TrimSpace(string(out)) != "hi" {
		t.Errorf("built binary: %q, %v", out, err)
	}
	if n := worktrees(t, dir); n != 1 {
		t.Errorf("%d worktrees after a build, want the repository's own only", n)
	}
	b.Remove()
	if l := leftovers(t, tmp); len(l) != 0 {
		t.Errorf("left behind: %v", l)
	}

	for _, tt := range []struct{ rev, want string }{
		{revs[1], "does not build (gate against a revision that builds): # " + ModulePath},
		{"no-such-branch", `unknown git revision "no-such-branch"`},
	} {
		_, err := BuildRev(context.Background(), tt.rev, BuildOptions{Dir: dir})
		var ie *InputError
		if !errors.As(err, &ie) || !strings.Contains(err.Error(), tt.want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("BuildRev(%s) = %v, want a one-line InputError containing %q", tt.rev, err, tt.want)
		}
	}
	if _, err := BuildRev(context.Background(), revs[1], BuildOptions{Dir: dir}); err == nil || !strings.Contains(err.Error(), "undefined: undefinedThing") {
		t.Errorf("a failed build does not show the compiler's line: %v", err)
	}
	if n := worktrees(t, dir); n != 1 {
		t.Errorf("%d worktrees after failed builds", n)
	}
	if l := leftovers(t, tmp); len(l) != 0 {
		t.Errorf("failed builds left behind: %v", l)
	}

	other, orevs := gitRepo(t, "example.com/other", good)
	if _, err := BuildRev(context.Background(), orevs[0], BuildOptions{Dir: other}); err == nil || !strings.Contains(err.Error(), "is not llmbench") {
		t.Errorf("another module: %v", err)
	}
	if _, err := BuildRev(context.Background(), "HEAD", BuildOptions{Dir: t.TempDir()}); err == nil || !strings.Contains(err.Error(), "not in a git checkout") {
		t.Errorf("not a checkout: %v", err)
	}
}

// TestBuildRevCanceled: an interrupted build leaves no worktree and no
// temporary directory behind.
func TestBuildRevCanceled(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	dir, revs := gitRepo(t, ModulePath, map[string]string{"main.go": "package main\n\nfunc main() {}\n"})
	slowGo := filepath.Join(t.TempDir(), "go")
	if err := os.WriteFile(slowGo, []byte("#!/bin/sh\nsleep 30\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	_, err := BuildRev(ctx, revs[0], BuildOptions{Dir: dir, Go: slowGo})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("BuildRev = %v, want the context's error", err)
	}
	if n := worktrees(t, dir); n != 1 {
		t.Errorf("%d worktrees after an interrupted build", n)
	}
	if l := leftovers(t, tmp); len(l) != 0 {
		t.Errorf("an interrupted build left behind: %v", l)
	}
}

func TestOpenAndRestart(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	t.Setenv("TARGET_TEST_DRIVER", "1") // for the drivers this test starts
	self := &Command{Argv: []string{os.Args[0], "driver"}}
	set, err := Open(context.Background(), append([]Spec{{Text: "optimized", Kind: KindVariant, Arg: "optimized"}},
		AgainstSpecs(os.Args[0], []string{"baseline", "summary"})...), Options{Self: self, Variants: []string{"baseline"}})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, tg := range set.Targets {
		names = append(names, tg.Name)
	}
	if got, want := strings.Join(names, ","), "optimized,bin:"+os.Args[0]+":baseline,baseline,bin:"+os.Args[0]+":summary,summary"; got != want {
		t.Errorf("targets = %s, want %s", got, want)
	}
	if set.Targets[0].Remote() || !set.Targets[1].Remote() || set.Targets[1].Driver != set.Targets[3].Driver {
		t.Errorf("one driver per build: %+v", set.Targets)
	}
	pid := set.Targets[2].Driver.Pid()
	if err := set.Restart(context.Background(), true); err != nil {
		t.Fatal(err)
	}
	if set.Targets[2].Driver.Pid() == pid {
		t.Errorf("Restart kept process %d", pid)
	}
	if err := set.Targets[2].Driver.Warmup(context.Background(), "baseline", 0); err == nil {
		t.Errorf("warmup before load on a restarted driver succeeded")
	}
	if cpus := CPUs(); len(cpus) > 0 {
		if err := set.Targets[2].Pin(cpus[len(cpus)-1]); err != nil {
			t.Errorf("Pin: %v", err)
		}
	}
	if err := set.Close(); err != nil {
		t.Fatal(err)
	}
	if l := leftovers(t, tmp); len(l) != 0 {
		t.Errorf("Close left behind: %v", l)
	}
}

func TestOpenBadTargets(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	notExec := filepath.Join(t.TempDir(), "plain")
	os.WriteFile(notExec, []byte("x"), 0o644)
	tests := []struct {
		spec Spec
		want string
	}{
		{Spec{Text: "nosuch", Kind: KindVariant, Arg: "nosuch"}, `target "nosuch": unknown variant "nosuch"`},
		{Spec{Text: "bin:/nonexistent/llmbench", Kind: KindBin, Arg: "/nonexistent/llmbench"}, "no such file or directory"},
		{Spec{Text: "bin:" + notExec, Kind: KindBin, Arg: notExec}, "is not an executable file"},
		{Spec{Text: "bin:/bin/echo", Kind: KindBin, Arg: "/bin/echo"}, `is not an llmbench driver`},
		{Spec{Text: "exec:exit 3", Kind: KindExec, Arg: "exit 3"}, "exited before answering hello"},
	}
	for _, tt := range tests {
		set, err := Open(context.Background(), []Spec{tt.spec}, Options{})
		if err == nil || !strings.Contains(err.Error(), tt.want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("Open(%s) = %v, want one line containing %q", tt.spec.Text, err, tt.want)
		}
		if set != nil {
			t.Errorf("Open(%s) returned a set with an error", tt.spec.Text)
		}
	}
	if l := leftovers(t, tmp); len(l) != 0 {
		t.Errorf("failed Opens left behind: %v", l)
	}
}
