// Package golden compares test output with golden files, for tests only:
// testdata/<test name>.golden, rewritten when the tests run with -update
// (make golden). On a mismatch it writes the output next to the golden file
// as <name>.golden.got (gitignored) for diffing.
package golden

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "update golden files (and what else a package's tests regenerate)")

// Update reports whether the tests run with -update.
func Update() bool { return *update }

// Check compares got with testdata/<t.Name()>.golden in the package's
// directory, or writes that file with -update.
func Check(t testing.TB, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", filepath.FromSlash(t.Name())+".golden")
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if !bytes.Equal(got, want) {
		_ = os.WriteFile(path+".got", got, 0o644)
		t.Errorf("output differs from %s (see %s.got; go test -update accepts it)", path, path)
	}
}
