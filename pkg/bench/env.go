package bench

import (
	"bufio"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"time"
)

// Env describes where a result was measured.
type Env struct {
	GoVersion  string `json:"go_version"`
	OS         string `json:"os"`
	Arch       string `json:"arch"`
	CPU        string `json:"cpu"`
	NumCPU     int    `json:"num_cpu"`
	GOMAXPROCS int    `json:"gomaxprocs"`
	// Commit is the source revision, empty when unknown; Dirty reports
	// uncommitted changes.
	Commit    string    `json:"commit"`
	Dirty     bool      `json:"dirty,omitempty"`
	Timestamp time.Time `json:"timestamp"`
}

// CaptureEnv describes this process and machine, stamped with now. The
// commit comes from the binary's build info, else from `git` in the current
// directory; without either it is empty.
func CaptureEnv(ctx context.Context, now time.Time) Env {
	e := Env{
		GoVersion:  runtime.Version(),
		OS:         runtime.GOOS,
		Arch:       runtime.GOARCH,
		CPU:        cpuModel(),
		NumCPU:     runtime.NumCPU(),
		GOMAXPROCS: runtime.GOMAXPROCS(0),
		Timestamp:  now.UTC().Truncate(time.Second),
	}
	e.Commit, e.Dirty = commit(ctx)
	return e
}

// cpuModel reads the CPU model name from /proc/cpuinfo; elsewhere it is
// GOARCH.
func cpuModel() string {
	f, err := os.Open("/proc/cpuinfo")
	if err != nil {
		return runtime.GOARCH
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), ":")
		if !ok {
			continue
		}
		switch strings.TrimSpace(k) {
		case "model name", "Model", "cpu model", "uarch":
			if v = strings.TrimSpace(v); v != "" {
				return v
			}
		}
	}
	return runtime.GOARCH
}

func commit(ctx context.Context) (string, bool) {
	if bi, ok := debug.ReadBuildInfo(); ok {
		rev, dirty := "", false
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.modified":
				dirty = s.Value == "true"
			}
		}
		if rev != "" {
			return rev, dirty
		}
	}
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, "git", "rev-parse", "HEAD", "--show-toplevel").Output()
	if err != nil {
		return "", false
	}
	rev, top, _ := strings.Cut(strings.TrimSpace(string(out)), "\n")
	// Only llmbench's own checkout says which code ran: run from another
	// repository, git would name that repository's commit.
	mod, err := os.ReadFile(filepath.Join(strings.TrimSpace(top), "go.mod"))
	if err != nil || !strings.HasPrefix(string(mod), "module "+modulePath+"\n") {
		return "", false
	}
	st, err := exec.CommandContext(ctx, "git", "status", "--porcelain", "--untracked-files=no").Output()
	return rev, err == nil && len(strings.TrimSpace(string(st))) > 0
}

// modulePath is llmbench's module path.
const modulePath = "github.com/llmbench/llmbench"
