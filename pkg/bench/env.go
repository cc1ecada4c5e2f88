package bench

import (
	"bufio"
	"context"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"strconv"
	"strings"
	"time"
)

// Env describes where a result was measured and the settings in force that
// change the numbers: the Go runtime's (GOGC, GOMEMLIMIT, GODEBUG,
// GOMAXPROCS) and LiteLLM's (drop_params and where it came from, the model
// catalog). A run re-made under the same Env settings measures the same
// thing.
type Env struct {
	GoVersion  string `json:"go_version"`
	OS         string `json:"os"`
	Arch       string `json:"arch"`
	CPU        string `json:"cpu"`
	NumCPU     int    `json:"num_cpu"`
	GOMAXPROCS int    `json:"gomaxprocs"`
	// GOGC is the garbage collector's effective target percentage (-1:
	// off), GOMEMLIMIT its effective soft memory limit in bytes
	// (math.MaxInt64: none), GODEBUG the GODEBUG environment variable as the
	// process saw it.
	GOGC       int64  `json:"gogc"`
	GOMEMLIMIT int64  `json:"gomemlimit"`
	GODEBUG    string `json:"godebug"`
	// Settings are LiteLLM's process-wide settings.
	Settings
	// Commit is the source revision, empty when unknown; Dirty reports
	// uncommitted changes.
	Commit    string    `json:"commit"`
	Dirty     bool      `json:"dirty,omitempty"`
	Timestamp time.Time `json:"timestamp"`
}

// Settings are LiteLLM's process-wide settings as a command runs them.
type Settings struct {
	// DropParams is litellm.drop_params; DropParamsSource says where it came
	// from: "default", "--drop-params", or "LITELLM_DROP_PARAMS=<value>"
	// (LiteLLM turns it on for any non-empty value, "False" included).
	DropParams       bool   `json:"drop_params"`
	DropParamsSource string `json:"drop_params_source"`
	// ModelCatalog is the model catalog file, or "embedded".
	ModelCatalog string `json:"model_catalog"`
}

// EmbeddedCatalog is Settings.ModelCatalog for the catalog built into the
// binary.
const EmbeddedCatalog = "embedded"

// ResolveSettings returns the settings a run uses given the --drop-params
// flag and the --model-catalog file ("" for the embedded one), reading
// LITELLM_DROP_PARAMS through getenv (nil: os.Getenv) the way LiteLLM reads
// it at import time: any non-empty value turns drop_params on. The flag wins
// as the named source when both are set.
func ResolveSettings(dropParams bool, catalog string, getenv func(string) string) Settings {
	if getenv == nil {
		getenv = os.Getenv
	}
	s := Settings{DropParamsSource: "default", ModelCatalog: catalog}
	if s.ModelCatalog == "" {
		s.ModelCatalog = EmbeddedCatalog
	}
	if v := getenv("LITELLM_DROP_PARAMS"); v != "" {
		s.DropParams, s.DropParamsSource = true, "LITELLM_DROP_PARAMS="+v
	}
	if dropParams {
		s.DropParams, s.DropParamsSource = true, "--drop-params"
	}
	return s
}

// CaptureEnv describes this process and machine, stamped with now, with
// the LiteLLM settings of an empty command line (see ResolveSettings; set
// Env.Settings for others). The commit comes from the binary's build info,
// else from `git` in the current directory; without either it is empty.
func CaptureEnv(ctx context.Context, now time.Time) Env {
	e := Env{
		GoVersion:  runtime.Version(),
		OS:         runtime.GOOS,
		Arch:       runtime.GOARCH,
		CPU:        cpuModel(),
		NumCPU:     runtime.NumCPU(),
		GOMAXPROCS: runtime.GOMAXPROCS(0),
		GODEBUG:    os.Getenv("GODEBUG"),
		Settings:   ResolveSettings(false, "", nil),
		Timestamp:  now.UTC().Truncate(time.Second),
	}
	e.GOGC, e.GOMEMLIMIT = gcSettings()
	e.Commit, e.Dirty = commit(ctx)
	return e
}

// gcSettings reads the garbage collector's effective GOGC percentage (-1:
// off) and soft memory limit (bytes) from the runtime, which also reflect
// debug.SetGCPercent and debug.SetMemoryLimit calls.
func gcSettings() (gogc, memLimit int64) {
	s := []metrics.Sample{{Name: "/gc/gogc:percent"}, {Name: "/gc/gomemlimit:bytes"}}
	metrics.Read(s)
	gogc, memLimit = 100, math.MaxInt64
	if s[0].Value.Kind() == metrics.KindUint64 {
		gogc = int64(s[0].Value.Uint64()) // off reads as uint64(-1)
	}
	if s[1].Value.Kind() == metrics.KindUint64 {
		memLimit = int64(min(s[1].Value.Uint64(), math.MaxInt64))
	}
	return gogc, memLimit
}

// DescribeSettings is the one-line summary of the settings in force that a
// command prints in its header.
func (e Env) DescribeSettings() string {
	gogc := strconv.FormatInt(e.GOGC, 10)
	if e.GOGC < 0 {
		gogc = "off"
	}
	limit := "off"
	if e.GOMEMLIMIT > 0 && e.GOMEMLIMIT < math.MaxInt64 {
		limit = strconv.FormatInt(e.GOMEMLIMIT, 10) + "B"
	}
	godebug := e.GODEBUG
	if godebug == "" {
		godebug = "unset"
	}
	dp := "off"
	if e.DropParams {
		dp = "on"
	}
	return fmt.Sprintf("settings: drop_params %s (%s), catalog %s, GOGC=%s, GOMEMLIMIT=%s, GOMAXPROCS=%d, GODEBUG %s",
		dp, e.DropParamsSource, e.ModelCatalog, gogc, limit, e.GOMAXPROCS, godebug)
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
