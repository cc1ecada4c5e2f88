package profile

import (
	"bytes"
	"context"
	"debug/elf"
	"debug/macho"
	"errors"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/pprof/profile"
	"github.com/llmbench/llmbench/pkg/bench"
	"github.com/llmbench/llmbench/pkg/completion"
)

// binarySymbols returns the function symbols of the running test binary,
// or nil when its format is not readable here.
func binarySymbols(t *testing.T) []string {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		return nil
	}
	var names []string
	if f, err := elf.Open(exe); err == nil {
		defer f.Close()
		syms, _ := f.Symbols()
		for _, s := range syms {
			if elf.ST_TYPE(s.Info) == elf.STT_FUNC {
				names = append(names, s.Name)
			}
		}
		return names
	}
	if f, err := macho.Open(exe); err == nil {
		defer f.Close()
		if f.Symtab != nil {
			for _, s := range f.Symtab.Syms {
				names = append(names, s.Name)
			}
		}
	}
	return names
}

// TestCaptureRealProfile profiles both variants briefly and checks that the
// files parse, and that every stage's symbol pattern (and the pipeline
// entry) matches a function of the profile or of the binary: renaming a
// stage's function must not silently zero its row.
func TestCaptureRealProfile(t *testing.T) {
	variants, err := completion.ParseVariants("baseline,optimized")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	run, err := Capture(context.Background(), Options{Variants: variants, Duration: 250 * time.Millisecond,
		Rate: 500, Dir: dir, Mem: true, CPU: true})
	if err != nil {
		t.Fatalf("Capture: %v", err)
	}
	if len(run.Variants) != 2 {
		t.Fatalf("Capture returned %d variants, want 2", len(run.Variants))
	}
	funcs := map[string]bool{}
	for _, v := range run.Variants {
		if v.Requests == 0 {
			t.Errorf("%s: no requests completed", v.Name)
		}
		for _, path := range []string{v.CPUFile, v.HeapFile} {
			want := filepath.Join(dir, filepath.Base(path))
			if path != want {
				t.Errorf("%s: file %s, want it in %s", v.Name, path, dir)
			}
			f, err := os.Open(path)
			if err != nil {
				t.Fatal(err)
			}
			p, err := profile.Parse(f)
			f.Close()
			if err != nil {
				t.Fatalf("profile.Parse(%s): %v", path, err)
			}
			for _, fn := range p.Function {
				funcs[fn.Name] = true
			}
			if path == v.CPUFile && v.CPUTime > 0 {
				// The file carries the period achieved: its samples add up
				// to the run's CPU time (go tool pprof's "Total samples").
				ci, _ := p.SampleIndexByName("cpu")
				var total, n int64
				for _, s := range p.Sample {
					total += s.Value[ci]
					n += s.Value[0]
				}
				if n > 0 && math.Abs(float64(total)/float64(v.CPUTime)-1) > 0.01 || p.Period*n > int64(v.CPUTime) || p.Period*(n+1) < int64(v.CPUTime) {
					t.Errorf("%s: %d samples of period %v add up to %v, the run took %v of CPU", v.Name, n, time.Duration(p.Period), time.Duration(total), v.CPUTime)
				}
			}
		}
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 4 {
		t.Errorf("%d files in the output directory, want 4 (no temporary files left)", len(entries))
	}

	syms := binarySymbols(t)
	matches := func(re *regexp.Regexp) (string, bool) {
		for name := range funcs {
			if re.MatchString(name) {
				return "profile", true
			}
		}
		for _, name := range syms {
			if re.MatchString(name) {
				return "binary", true
			}
		}
		return "", false
	}
	if where, ok := matches(regexp.MustCompile(`^github\.com/llmbench/llmbench/pkg/completion\.noSuchStage$`)); ok {
		t.Fatalf("a pattern for a function that does not exist matched in the %s: the check below cannot fail", where)
	}
	if _, ok := matches(PipelineEntry); !ok {
		t.Errorf("PipelineEntry %s matches no function of the profile or the binary", PipelineEntry)
	}
	for _, s := range Stages() {
		if where, ok := matches(s.Symbol); !ok {
			if syms == nil {
				t.Skipf("stage %s not in this short profile and the binary's symbols are not readable here", s.Name)
			}
			t.Errorf("stage %s: symbol pattern %s matches no function of the profile or the binary", s.Name, s.Symbol)
		} else {
			t.Logf("stage %s found in the %s", s.Name, where)
		}
	}

	rep, err := Analyze(run, AnalyzeOptions{Lines: 3})
	if err != nil {
		t.Fatalf("Analyze: %v", err)
	}
	for _, v := range rep.Variants {
		if v.Samples == 0 || v.PipelineSamples == 0 || v.PipelineSamples > v.Samples {
			t.Errorf("%s: samples %d, pipeline samples %d", v.Name, v.Samples, v.PipelineSamples)
		}
		if len(v.Components) != len(completion.Stages)+2 || len(v.Memory) != len(completion.Stages)+3 {
			t.Errorf("%s: %d components and %d memory rows", v.Name, len(v.Components), len(v.Memory))
		}
	}
	if len(rep.Comparison) != len(completion.Stages)+2 {
		t.Errorf("%d comparison rows, want %d", len(rep.Comparison), len(completion.Stages)+2)
	}
}

func TestOptionsValidate(t *testing.T) {
	variants, _ := completion.ParseVariants("baseline")
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		opts Options
	}{
		{"no variants", Options{Dir: t.TempDir()}},
		{"negative duration", Options{Variants: variants, Duration: -time.Second, Dir: t.TempDir()}},
		{"negative rate", Options{Variants: variants, Rate: -1, Dir: t.TempDir()}},
		{"out is a file", Options{Variants: variants, Dir: file}},
		{"out under a file", Options{Variants: variants, Dir: filepath.Join(file, "sub")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.opts.Validate(); err == nil {
				t.Error("Validate: no error")
			}
		})
	}
	dir := filepath.Join(t.TempDir(), "new")
	if err := (Options{Variants: variants, Dir: dir}).Validate(); err != nil {
		t.Fatalf("Validate: %v", err)
	}
	// The directory is made when the profiles are written, not before.
	if _, err := os.Stat(dir); err == nil {
		t.Errorf("Validate created %s", dir)
	}
}

// TestCaptureInterrupted: a canceled run returns what finished, held in
// memory and analyzable, writes no file and creates no directory.
func TestCaptureInterrupted(t *testing.T) {
	variants, _ := completion.ParseVariants("baseline,optimized")
	dir := filepath.Join(t.TempDir(), "out")
	ctx, cancel := context.WithCancel(context.Background())
	n := 0
	run, err := Capture(ctx, Options{Variants: variants, Duration: 2 * time.Second, Dir: dir, Requests: 64,
		Progress: func(float64) {
			if n++; n == 12 { // after the first slice or so
				cancel()
			}
		}})
	if !errors.Is(err, bench.ErrInterrupted) || run == nil || !run.Interrupted {
		t.Fatalf("Capture canceled: %v, %+v; want the partial run and ErrInterrupted", err, run)
	}
	if _, err := os.Stat(dir); err == nil {
		t.Errorf("an interrupted Capture created %s", dir)
	}
	rep, err := Analyze(run, AnalyzeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !rep.Interrupted || len(rep.Commands) != 0 {
		t.Errorf("report: interrupted %v, commands %q; want marked, with no files to open", rep.Interrupted, rep.Commands)
	}
	var out bytes.Buffer
	if err := Render(&out, rep, "table"); err != nil || !strings.Contains(out.String(), "INTERRUPTED") {
		t.Errorf("table of an interrupted run lacks the marker (err %v):\n%s", err, out.String())
	}
}
