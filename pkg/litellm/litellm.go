// Package litellm runs real LiteLLM as an llmbench target (`--target
// litellm[:DIR]`, DESIGN §6): it ships the Python driver that speaks
// llmbench.driver/v1 (driver.py, standard library only, Python 3.9+),
// finds an interpreter that imports litellm, checks a source tree, and maps
// the stacks the driver samples to the pipeline's stages (Stages,
// Attribution).
//
// The driver executes and measures; llmbench compares and judges: cases run
// on LiteLLM come back as raw outputs that pkg/cases checks, batches come
// back as measurements that pkg/bench summarizes.
package litellm

import (
	_ "embed"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// driverSource is the Python driver.
//
//go:embed driver.py
var driverSource []byte

// DriverSource returns the Python driver's source.
func DriverSource() []byte { return append([]byte(nil), driverSource...) }

// WriteDriver writes the driver into dir (which must exist) and returns its
// path.
func WriteDriver(dir string) (string, error) {
	path := filepath.Join(dir, "llmbench_litellm_driver.py")
	if err := os.WriteFile(path, driverSource, 0o644); err != nil {
		return "", fmt.Errorf("writing the LiteLLM driver: %w", err)
	}
	return path, nil
}

// PythonEnv is the environment variable that names the interpreter to use
// when --python is not given (the LiteLLM bundle's env.sh sets it).
const PythonEnv = "LLMBENCH_PYTHON"

// A Python is an interpreter to try.
type Python struct {
	// Path is the interpreter's path (as found on PATH, or as given).
	Path string
	// From says where it came from: "--python", "LLMBENCH_PYTHON", "PATH".
	From string
}

// Pythons returns the interpreters to try, in order: explicit (the --python
// flag) alone when it is given; otherwise $LLMBENCH_PYTHON, then python3 and
// python on PATH (each once). getenv and lookPath are os.Getenv and
// exec.LookPath unless a test injects others. An explicit interpreter or
// LLMBENCH_PYTHON that cannot be found is an error: the user asked for it.
func Pythons(explicit string, getenv func(string) string, lookPath func(string) (string, error)) ([]Python, error) {
	if getenv == nil {
		getenv = os.Getenv
	}
	if lookPath == nil {
		lookPath = exec.LookPath
	}
	if explicit != "" {
		p, err := lookPath(explicit)
		if err != nil {
			return nil, fmt.Errorf("--python %s: %s", explicit, notFound(err))
		}
		return []Python{{Path: p, From: "--python"}}, nil
	}
	var out []Python
	seen := map[string]bool{}
	add := func(p, from string) {
		key := p
		if r, err := filepath.EvalSymlinks(p); err == nil {
			key = r
		}
		if !seen[key] {
			seen[key] = true
			out = append(out, Python{Path: p, From: from})
		}
	}
	if env := getenv(PythonEnv); env != "" {
		p, err := lookPath(env)
		if err != nil {
			return nil, fmt.Errorf("%s=%s: %s", PythonEnv, env, notFound(err))
		}
		add(p, PythonEnv)
	}
	for _, name := range []string{"python3", "python"} {
		if p, err := lookPath(name); err == nil {
			add(p, "PATH")
		}
	}
	if len(out) == 0 {
		return nil, errors.New("no Python interpreter: python3 and python are not on PATH (install Python 3.9+ and `pip install litellm==" + PinnedVersion + "`, or name one with --python)")
	}
	return out, nil
}

func notFound(err error) string {
	var ee *exec.Error
	if errors.As(err, &ee) {
		err = ee.Err
	}
	return statError(err) // a path: "no such file or directory", not Go's "stat PATH: ..."
}

// PinnedVersion is the LiteLLM release llmbench's case corpus and stage
// patterns were made with.
const PinnedVersion = "1.80.5"

// Tree resolves a LiteLLM source tree given as DIR in `litellm:DIR`: the
// directory that holds the litellm package (the folder to put first on
// PYTHONPATH). DIR may be that directory, a checkout with the package in
// src/ (this bundle's layout), or the package directory itself.
func Tree(dir string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", fmt.Errorf("litellm:%s: %v", dir, err)
	}
	fi, err := os.Stat(abs)
	if err != nil {
		return "", fmt.Errorf("litellm:%s: %s", dir, statError(err))
	}
	if !fi.IsDir() {
		return "", fmt.Errorf("litellm:%s: not a directory", dir)
	}
	for _, root := range []string{abs, filepath.Join(abs, "src"), filepath.Dir(abs)} {
		if root == filepath.Dir(abs) && filepath.Base(abs) != "litellm" {
			continue
		}
		if isFile(filepath.Join(root, "litellm", "__init__.py")) && isFile(filepath.Join(root, "litellm", "main.py")) {
			return root, nil
		}
	}
	return "", fmt.Errorf("litellm:%s: not a LiteLLM source tree (no litellm/__init__.py and litellm/main.py in it or in its src/)", dir)
}

func isFile(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.Mode().IsRegular()
}

func statError(err error) string {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// Env returns the driver's environment: base (os.Environ() by default) with
// tree, when not empty, first on PYTHONPATH.
func Env(base []string, tree string) []string {
	if base == nil {
		base = os.Environ()
	}
	out := make([]string, 0, len(base)+1)
	path := ""
	for _, kv := range base {
		if strings.HasPrefix(kv, "PYTHONPATH=") {
			path = strings.TrimPrefix(kv, "PYTHONPATH=")
			continue
		}
		out = append(out, kv)
	}
	if tree != "" {
		if path != "" {
			path = tree + string(os.PathListSeparator) + path
		} else {
			path = tree
		}
	}
	if path != "" {
		out = append(out, "PYTHONPATH="+path)
	}
	return out
}
