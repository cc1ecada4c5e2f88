package cmd

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/llmbench/llmbench/internal/golden"
	"github.com/rogpeppe/go-internal/testscript"
)

// TestMain lets testscript run llmbench in-process as the "llmbench" command.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"llmbench": func() {
			os.Exit(Main(os.Args[1:], os.Stdout, os.Stderr, os.DirFS(os.Getenv("LLMBENCH_ROOT"))))
		},
	})
}

// TestScripts runs the end-to-end journeys in testdata/script/*.txtar.
func TestScripts(t *testing.T) {
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	testscript.Run(t, testscript.Params{
		Dir:           "testdata/script",
		UpdateScripts: golden.Update(),
		Setup: func(env *testscript.Env) error {
			env.Setenv("LLMBENCH_ROOT", root)
			env.Setenv("SHARED", filepath.Join(root, "..", "shared"))
			return nil
		},
		Cmds: scriptCmds,
	})
}

// scriptCmds are the journeys' own commands:
//
//	exits CODE PROG ARGS...   run PROG and require exit code CODE (stdout and stderr are kept for stdout/stderr)
//	deepjson FILE DEPTH       write a workload whose one request has metadata nested DEPTH levels deep
//	longline FILE BYTES       write a case file whose one case line is longer than BYTES
//	mkfifo FILE               make a FIFO (Unix)
//	newfilemode FILE          require FILE's permission bits to be 0666 less the umask (Linux)
var scriptCmds = map[string]func(ts *testscript.TestScript, neg bool, args []string){
	"exits": func(ts *testscript.TestScript, neg bool, args []string) {
		if neg || len(args) < 2 {
			ts.Fatalf("usage: exits CODE PROG ARGS...")
		}
		want, err := strconv.Atoi(args[0])
		ts.Check(err)
		err = ts.Exec(args[1], args[2:]...)
		code := 0
		var ee *exec.ExitError
		switch {
		case errors.As(err, &ee):
			code = ee.ExitCode()
		case err != nil:
			ts.Fatalf("%v", err)
		}
		if code != want {
			ts.Fatalf("exit code %d, want %d", code, want)
		}
	},
	"deepjson": func(ts *testscript.TestScript, neg bool, args []string) {
		depth, err := strconv.Atoi(args[1])
		ts.Check(err)
		f, err := os.Create(ts.MkAbs(args[0]))
		ts.Check(err)
		w := bufio.NewWriter(f)
		fmt.Fprint(w, `{"name":"deep","requests":[{"model":"gpt-4o","mock_response":"hi","metadata":`)
		w.WriteString(strings.Repeat("[", depth) + strings.Repeat("]", depth))
		fmt.Fprint(w, "}]}")
		ts.Check(w.Flush())
		ts.Check(f.Close())
	},
	"longline": func(ts *testscript.TestScript, neg bool, args []string) {
		n, err := strconv.Atoi(args[1])
		ts.Check(err)
		line := `{"id":"long","model":"gpt-4o","params":{"user":"` + strings.Repeat("x", n) + `"},"expect":{}}` + "\n"
		ts.Check(os.WriteFile(ts.MkAbs(args[0]), []byte(line), 0o644))
	},
}
