package cmd

import (
	"fmt"
	"runtime"
	"runtime/debug"
)

// version describes this binary for --version: the module version ("(devel)"
// for a build from a checkout), the commit it was built from, and the Go
// toolchain, from the build information the Go linker records.
func version() string {
	mod, commit, dirty := "(devel)", "unknown", ""
	if bi, ok := debug.ReadBuildInfo(); ok {
		if bi.Main.Version != "" {
			mod = bi.Main.Version
		}
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				commit = s.Value
			case "vcs.modified":
				if s.Value == "true" {
					dirty = "+dirty"
				}
			}
		}
	}
	return fmt.Sprintf("%s (commit %s%s, %s %s/%s)", mod, commit, dirty, runtime.Version(), runtime.GOOS, runtime.GOARCH)
}
