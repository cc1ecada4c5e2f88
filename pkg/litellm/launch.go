package litellm

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

// HandshakeTimeout bounds the driver's hello: `import litellm` takes about
// 1.5 s with warm bytecode, about 11 s when a tree is imported for the first
// time (every module compiled), and several times that on a busy machine.
const HandshakeTimeout = 5 * time.Minute

// LaunchOptions configure Prepare. Zero fields mean the process's own.
type LaunchOptions struct {
	// Python is the --python flag ("" when not given).
	Python string
	// Env is the environment the driver starts from; nil means os.Environ().
	Env []string
	// Getenv and LookPath find interpreters (os.Getenv, exec.LookPath).
	Getenv   func(string) string
	LookPath func(string) (string, error)
}

// A Launch is how to start the driver of one litellm[:DIR] target.
type Launch struct {
	// Argv runs the driver: the interpreter, the driver file, and --tree
	// DIR for a source tree.
	Argv []string
	// Env is the driver's environment (the tree first on PYTHONPATH).
	Env []string
	// Python is the interpreter chosen and where it came from.
	Python Python
	// Tree is the folder that holds the litellm package for litellm:DIR,
	// "" for the installed litellm.
	Tree string
	// Found is the litellm package the interpreter finds.
	Found string
	// Label names the target in messages: "LiteLLM at DIR (python3)".
	Label string
}

// An InputError is a litellm target that cannot run because of what the
// user gave or has installed; its message is one line saying what is
// missing.
type InputError struct{ Msg string }

func (e *InputError) Error() string { return e.Msg }

// preflight tells whether an interpreter can run the driver and finds
// litellm, without importing it (an import takes seconds): it prints the
// package's location, or exits 3 for a Python older than 3.9 and 4 when
// there is no litellm on its path.
const preflight = `import sys
if sys.version_info < (3, 9):
    print("Python %d.%d is too old (the driver needs 3.9 or later)" % sys.version_info[:2])
    sys.exit(3)
import importlib.util
s = importlib.util.find_spec("litellm")
if s is None:
    print("no module named litellm")
    sys.exit(4)
print(s.submodule_search_locations[0] if s.submodule_search_locations else (s.origin or ""))
`

// Prepare prepares the driver of target litellm[:dir] (dir "" for the
// installed litellm): it checks the tree, picks the first interpreter that
// finds litellm (--python alone when given; else $LLMBENCH_PYTHON, python3,
// python) and writes the driver into tmp. Whether litellm then imports is
// up to the driver's hello (see HelloError).
func Prepare(ctx context.Context, dir, tmp string, opts LaunchOptions) (*Launch, error) {
	name := "litellm"
	tree := ""
	if dir != "" {
		name = "litellm:" + dir
		var err error
		if tree, err = Tree(dir); err != nil {
			return nil, &InputError{err.Error()}
		}
	}
	pys, err := Pythons(opts.Python, opts.Getenv, opts.LookPath)
	if err != nil {
		return nil, &InputError{name + ": " + err.Error()}
	}
	env := Env(opts.Env, tree)
	var tried []string
	for _, py := range pys {
		cmd := exec.CommandContext(ctx, py.Path, "-c", preflight)
		cmd.Env = env
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		err := cmd.Run()
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		msg := lastLine(out.String())
		if err != nil {
			if msg == "" {
				msg = err.Error()
			}
			tried = append(tried, fmt.Sprintf("%s (%s): %s", py.Path, py.From, msg))
			continue
		}
		found := msg
		if tree != "" && !within(found, tree) {
			return nil, &InputError{fmt.Sprintf("%s: %s finds litellm at %s, not in the tree (is PYTHONPATH overridden by a .pth file?)", name, py.Path, found)}
		}
		path, err := WriteDriver(tmp)
		if err != nil {
			return nil, err
		}
		argv := []string{py.Path, path}
		label := "LiteLLM (" + filepath.Base(py.Path) + ", " + found + ")"
		if tree != "" {
			argv = append(argv, "--tree", tree)
			label = "LiteLLM at " + dir + " (" + filepath.Base(py.Path) + ")"
		}
		return &Launch{Argv: argv, Env: env, Python: py, Tree: tree, Found: found, Label: label}, nil
	}
	return nil, &InputError{fmt.Sprintf("%s: no Python finds litellm: %s; install it (pip install litellm==%s) or name an interpreter that has it with --python or %s",
		name, strings.Join(tried, "; "), PinnedVersion, PythonEnv)}
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return strings.TrimSpace(lines[len(lines)-1])
}

func within(path, dir string) bool {
	p, err1 := filepath.EvalSymlinks(path)
	d, err2 := filepath.EvalSymlinks(dir)
	if err1 != nil || err2 != nil {
		p, d = filepath.Clean(path), filepath.Clean(dir)
	}
	return p == d || strings.HasPrefix(p, d+string(os.PathSeparator))
}

// HelloError turns the driver's refusal of hello (litellm did not import,
// or imported from elsewhere than the tree) into one line naming the
// target and what failed; other errors are returned as they are.
func HelloError(name string, err error) error {
	var de *driver.Error
	if !errors.As(err, &de) || de.Type == "" {
		return err
	}
	// The client reports a refused hello as "it refused hello: TYPE: MESSAGE".
	msg := strings.TrimPrefix(de.Message, "it refused hello: "+de.Type+": ")
	switch de.Type {
	case "NoLiteLLM":
		return &InputError{fmt.Sprintf("%s: litellm is not importable: %s", name, msg)}
	case "WrongTree":
		return &InputError{fmt.Sprintf("%s: %s", name, msg)}
	}
	return &InputError{fmt.Sprintf("%s: import litellm failed: %s: %s", name, de.Type, msg)}
}
