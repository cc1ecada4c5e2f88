package profile

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/pprof/profile"
	"github.com/llmbench/llmbench/pkg/driver"
)

func TestFromStacks(t *testing.T) {
	stacks := []driver.Stack{
		{Count: 3, Frames: []driver.Frame{{Function: "mod.leaf", File: "/src/mod.py", Line: 12}, {Function: "mod.entry", File: "/src/mod.py", Line: 40}}},
		{Count: 1, Frames: []driver.Frame{{Function: "mod.other", File: "/src/mod.py", Line: 20}, {Function: "mod.entry", File: "/src/mod.py", Line: 41}}},
		{Count: 2, Frames: []driver.Frame{{Function: "mod.leaf", File: "/src/mod.py", Line: 13}, {Function: "mod.entry", File: "/src/mod.py", Line: 40}}},
		{Count: 5, Frames: []driver.Frame{{Function: "idle", File: "", Line: 0}}},
	}
	p, err := FromStacks(stacks, 4*time.Millisecond, time.Unix(100, 0), 2*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := p.Write(&b); err != nil {
		t.Fatal(err)
	}
	q, err := profile.Parse(&b)
	if err != nil {
		t.Fatal(err)
	}
	if q.Period != 4e6 || q.PeriodType.Type != "cpu" || q.DurationNanos != 2e9 || q.TimeNanos != 100e9 {
		t.Errorf("period %d %v, duration %d, time %d", q.Period, q.PeriodType, q.DurationNanos, q.TimeNanos)
	}
	if len(q.Function) != 4 {
		t.Errorf("%d functions, want one per (name, file): 4", len(q.Function))
	}
	if len(q.Location) != 6 {
		t.Errorf("%d locations, want one per (function, line): 6", len(q.Location))
	}
	var cpu int64
	for _, s := range q.Sample {
		if s.Value[1] != s.Value[0]*4e6 {
			t.Errorf("sample %v: cpu is not count x period", s.Value)
		}
		cpu += s.Value[1]
	}
	if cpu != 11*4e6 {
		t.Errorf("total cpu %d", cpu)
	}
	leaf := q.Sample[0].Location[0].Line[0]
	if leaf.Function.Name != "mod.leaf" || leaf.Function.Filename != "/src/mod.py" || leaf.Line != 12 {
		t.Errorf("first sample's leaf is %s %s:%d", leaf.Function.Name, leaf.Function.Filename, leaf.Line)
	}
	b2, err := Attribute(q, AttributeOptions{
		Stages:   []Stage{{Name: "leaf", Symbol: regexp.MustCompile(`^mod\.leaf$`)}, {Name: "line41", Lines: func(fn *profile.Function, line int64) bool { return fn.Name == "mod.entry" && line == 41 }}},
		Entry:    regexp.MustCompile(`^mod\.entry$`),
		HotSpots: []string{"leaf"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if b2.Samples != 11 || b2.Pipeline != 6 {
		t.Errorf("samples %d, pipeline %d; want 11, 6", b2.Samples, b2.Pipeline)
	}
	if c := b2.Component("leaf"); c.Value != 5 {
		t.Errorf("leaf %d, want 5", c.Value)
	}
	if c := b2.Component("line41"); c.Value != 1 {
		t.Errorf("a stage of lines: %d samples, want 1", c.Value)
	}
}

func TestFromStacksRejects(t *testing.T) {
	for _, tc := range []struct {
		name   string
		stacks []driver.Stack
		period time.Duration
		want   string
	}{
		{"zero count", []driver.Stack{{Count: 0, Frames: []driver.Frame{{Function: "f"}}}}, time.Millisecond, "count must be positive"},
		{"no frames", []driver.Stack{{Count: 1}}, time.Millisecond, "no frames"},
		{"no name", []driver.Stack{{Count: 1, Frames: []driver.Frame{{File: "x.py"}}}}, time.Millisecond, "no function name"},
		{"period", nil, 0, "period must be positive"},
	} {
		_, err := FromStacks(tc.stacks, tc.period, time.Now(), time.Second)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err %v, want %q", tc.name, err, tc.want)
		}
	}
	if p, err := FromStacks(nil, time.Millisecond, time.Now(), time.Second); err != nil || len(p.Sample) != 0 {
		t.Errorf("no stacks: %v, %v", p, err)
	}
}

func TestRemoteCapture(t *testing.T) {
	dir := t.TempDir()
	rep := &driver.ProfileReply{PeriodNs: 4e6, WallNs: 2e9, CPUNs: 19e8, Requests: 900,
		Stacks: []driver.Stack{{Count: 5, Frames: []driver.Frame{{Function: "litellm.main.completion", File: "/t/litellm/main.py", Line: 9}}}}}
	vc, f, err := RemoteCapture("litellm:/tmp/x/after", rep, dir, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if f.Name != "cpu-litellm__tmp_x_after.pb.gz" || vc.CPUFile != filepath.Join(dir, f.Name) || vc.Requests != 900 || vc.CPUTime != 19e8 {
		t.Errorf("capture %+v, file %s", vc, f.Name)
	}
	p, err := profile.ParseData(f.Data)
	if err != nil || p.Period != 4e6 || len(p.Sample) != 1 {
		t.Errorf("profile: %v, %v", p, err)
	}
	// a driver's own pprof file is taken over and removed
	own := filepath.Join(dir, "own.pb.gz")
	if err := os.WriteFile(own, f.Data, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, f2, err := RemoteCapture("ref:main:optimized", &driver.ProfileReply{PprofPath: own}, dir, time.Now()); err != nil || f2.Name != "cpu-ref_main_optimized.pb.gz" {
		t.Errorf("pprof_path: %v, %s", err, f2.Name)
	}
	if _, err := os.Stat(own); !os.IsNotExist(err) {
		t.Errorf("the driver's file is still there: %v", err)
	}
	if _, _, err := RemoteCapture("x", &driver.ProfileReply{PeriodNs: 0, Stacks: rep.Stacks}, dir, time.Now()); err == nil {
		t.Error("a zero period: no error")
	}
}
