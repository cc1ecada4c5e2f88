package profile

import (
	"bytes"
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
