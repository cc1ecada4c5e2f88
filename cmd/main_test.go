package cmd

import (
	"os"
	"path/filepath"
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
	})
}
