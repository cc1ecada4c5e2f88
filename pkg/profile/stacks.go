package profile

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/google/pprof/profile"
	"github.com/llmbench/llmbench/pkg/atomicfile"
	"github.com/llmbench/llmbench/pkg/driver"
)

// FromStacks builds a CPU profile from sampled stacks (leaf first), such as
// a driver of another language returns in its profile reply (DESIGN §6): sample types samples/count and
// cpu/nanoseconds, each sample worth period nanoseconds of CPU, one function
// per (name, file) and one location per (function, line), so that go tool
// pprof shows the functions with their files and lines (-top, -list,
// -diff_base). start and duration stamp the profile. Stacks must have
// frames with function names and positive counts, and period must be
// positive; no stacks at all make a profile without samples.
func FromStacks(stacks []driver.Stack, period time.Duration, start time.Time, duration time.Duration) (*profile.Profile, error) {
	if period <= 0 {
		return nil, fmt.Errorf("sampling period must be positive, got %v", period)
	}
	p := &profile.Profile{
		SampleType:    []*profile.ValueType{{Type: "samples", Unit: "count"}, {Type: "cpu", Unit: "nanoseconds"}},
		PeriodType:    &profile.ValueType{Type: "cpu", Unit: "nanoseconds"},
		Period:        int64(period),
		TimeNanos:     start.UnixNano(),
		DurationNanos: int64(duration),
	}
	type fnKey struct{ name, file string }
	type locKey struct {
		fn   *profile.Function
		line int64
	}
	fns := map[fnKey]*profile.Function{}
	locs := map[locKey]*profile.Location{}
	for i, st := range stacks {
		if st.Count <= 0 {
			return nil, fmt.Errorf("stack %d: count must be positive, got %d", i, st.Count)
		}
		if len(st.Frames) == 0 {
			return nil, fmt.Errorf("stack %d has no frames", i)
		}
		s := &profile.Sample{Value: []int64{st.Count, st.Count * int64(period)}, Location: make([]*profile.Location, 0, len(st.Frames))}
		for j, f := range st.Frames {
			if f.Function == "" {
				return nil, fmt.Errorf("stack %d, frame %d: no function name", i, j)
			}
			fk := fnKey{f.Function, f.File}
			fn := fns[fk]
			if fn == nil {
				fn = &profile.Function{ID: uint64(len(p.Function) + 1), Name: f.Function, SystemName: f.Function, Filename: f.File}
				fns[fk] = fn
				p.Function = append(p.Function, fn)
			}
			lk := locKey{fn, f.Line}
			loc := locs[lk]
			if loc == nil {
				loc = &profile.Location{ID: uint64(len(p.Location) + 1), Line: []profile.Line{{Function: fn, Line: f.Line}}}
				locs[lk] = loc
				p.Location = append(p.Location, loc)
			}
			s.Location = append(s.Location, loc)
		}
		p.Sample = append(p.Sample, s)
	}
	if err := p.CheckValid(); err != nil {
		return nil, err
	}
	return p, nil
}

// RemoteCapture turns a driver's profile reply for target name into the
// target's capture and its profile file, cpu-<name>.pb.gz in dir (name made
// safe for a file name), for the caller to write with the others
// (atomicfile.WriteDir): the driver's own pprof file (read, checked and
// removed: the caller owns it), or its sampled stacks as a pprof CPU
// profile. start is when the profiled run began.
func RemoteCapture(name string, rep *driver.ProfileReply, dir string, start time.Time) (VariantCapture, atomicfile.File, error) {
	vc := VariantCapture{Name: name, Wall: time.Duration(rep.WallNs), CPUTime: time.Duration(rep.CPUNs), Requests: rep.Requests}
	var p *profile.Profile
	if rep.PprofPath != "" {
		f, err := os.Open(rep.PprofPath)
		if err != nil {
			return vc, atomicfile.File{}, fmt.Errorf("target %s: reading its profile: %w", name, err)
		}
		p, err = profile.Parse(f)
		f.Close()
		os.Remove(rep.PprofPath)
		if err != nil {
			return vc, atomicfile.File{}, fmt.Errorf("target %s: its profile %s: %w", name, rep.PprofPath, err)
		}
	} else {
		var err error
		if p, err = FromStacks(rep.Stacks, time.Duration(rep.PeriodNs), start, vc.Wall); err != nil {
			return vc, atomicfile.File{}, fmt.Errorf("target %s: its sampled stacks: %w", name, err)
		}
	}
	var b bytes.Buffer
	if err := p.Write(&b); err != nil {
		return vc, atomicfile.File{}, fmt.Errorf("encoding the profile of %s: %w", name, err)
	}
	file := atomicfile.File{Name: "cpu-" + FileName(name) + ".pb.gz", Data: b.Bytes()}
	vc.CPUFile = filepath.Join(dir, file.Name)
	return vc, file, nil
}

// FileName makes a target's name usable in a file name: characters other
// than letters, digits, '.', '+', '-' and '_' become '_'.
func FileName(name string) string {
	b := []byte(name)
	for i, c := range b {
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '.' || c == '+' || c == '-' || c == '_') {
			b[i] = '_'
		}
	}
	return strings.Trim(string(b), "._")
}

// RemoteMaxExtension is how much longer than Duration a sliced remote
// target may run to reach MinSamples, as a fraction of Duration: its
// profiler counts CPU time, and a single-threaded process of another
// language gets at most one core, a fifth of one on a 2-core machine at
// load 16 (8 s then gave LiteLLM 1,000 samples).
const RemoteMaxExtension = 4.0

// RemoteSlice is the longest a sliced remote target runs under its
// profiler before the next one takes its turn.
const RemoteSlice = 2 * time.Second

// captureRemotes profiles the remote targets targets[i] for i in idx,
// opts.Duration each at opts.Rate. Those that answer with a pprof file run
// in one go; the sliced ones take turns in slices of at most RemoteSlice
// (A B A B ...) so that the machine's load hits them alike, and one short
// of opts.MinSamples then runs once more, for up to RemoteMaxExtension ×
// Duration; each one's slices are merged into one profile. It returns the
// captures by target index and their files (see RemoteCapture), for the
// caller to write.
func captureRemotes(ctx context.Context, targets []Target, idx []int, opts Options) (map[int]VariantCapture, []atomicfile.File, error) {
	slices := int((opts.Duration + RemoteSlice - 1) / RemoteSlice)
	slice := opts.Duration / time.Duration(slices)
	merged := map[int]*driver.ProfileReply{}
	cpu := map[int]int64{} // CPU covered by the stacks, for the merged period
	starts := map[int]time.Time{}
	run := func(i int, d time.Duration) error {
		t := targets[i]
		if _, ok := starts[i]; !ok {
			starts[i] = time.Now()
		}
		rep, err := t.Remote.Profile(ctx, d, opts.Rate)
		if err != nil {
			return fmt.Errorf("profiling target %s: %w", t.Name, err)
		}
		if rep.PprofPath != "" {
			os.Remove(rep.PprofPath)
			return fmt.Errorf("target %s: the driver wrote a pprof file where sampled stacks were expected", t.Name)
		}
		if rep.PeriodNs <= 0 {
			return fmt.Errorf("target %s: its profile has no sampling period", t.Name)
		}
		m := merged[i]
		if m == nil {
			m = &driver.ProfileReply{}
			merged[i] = m
		}
		m.Stacks = append(m.Stacks, rep.Stacks...)
		cpu[i] += stackSamples(rep.Stacks) * rep.PeriodNs
		m.WallNs += rep.WallNs
		m.CPUNs += rep.CPUNs
		m.Requests += rep.Requests
		return nil
	}
	out := map[int]VariantCapture{}
	var files []atomicfile.File
	add := func(i int, rep *driver.ProfileReply, start time.Time) error {
		vc, f, err := RemoteCapture(targets[i].Name, rep, opts.Dir, start)
		if err != nil {
			return err
		}
		vc.Attribution = targets[i].Attribution
		if vc.CPU == nil {
			if vc.CPU, err = profile.ParseData(f.Data); err != nil {
				return fmt.Errorf("target %s: %w", targets[i].Name, err)
			}
		}
		out[i] = vc
		files = append(files, f)
		return nil
	}
	var sliced []int
	for _, i := range idx {
		t := targets[i]
		if t.Sliced {
			sliced = append(sliced, i)
			continue
		}
		start := time.Now()
		rep, err := t.Remote.Profile(ctx, opts.Duration, opts.Rate)
		if err != nil {
			return nil, nil, fmt.Errorf("profiling target %s: %w", t.Name, err)
		}
		if err := add(i, rep, start); err != nil {
			return nil, nil, err
		}
	}
	for r := 0; r < slices && len(sliced) > 0; r++ {
		for _, i := range sliced {
			if err := run(i, slice); err != nil {
				return nil, nil, err
			}
		}
	}
	maxExt := time.Duration(RemoteMaxExtension * float64(opts.Duration))
	for _, i := range sliced {
		have := stackSamples(merged[i].Stacks)
		short := int64(opts.MinSamples) - have
		if opts.MinSamples <= 0 || short <= 0 || maxExt <= 0 {
			continue
		}
		need := maxExt
		if have > 0 {
			need = min(maxExt, time.Duration(1.1*float64(short)*float64(merged[i].WallNs)/float64(have)))
		}
		if err := run(i, max(need, 200*time.Millisecond)); err != nil {
			return nil, nil, err
		}
	}
	for _, i := range sliced {
		m := merged[i]
		m.PeriodNs = 1
		if n := stackSamples(m.Stacks); n > 0 {
			m.PeriodNs = max(1, cpu[i]/n)
		}
		if err := add(i, m, starts[i]); err != nil {
			return nil, nil, err
		}
	}
	return out, files, nil
}

// stackSamples counts the samples of stacks.
func stackSamples(stacks []driver.Stack) int64 {
	var n int64
	for _, st := range stacks {
		n += st.Count
	}
	return n
}
