package profile

import (
	"bytes"
	"fmt"
	"runtime"
	"runtime/pprof"

	"github.com/google/pprof/profile"
)

// heapSnapshot returns the process's heap profile as of now (after a GC, so
// that the allocation counts are up to date).
func heapSnapshot() ([]byte, error) {
	runtime.GC()
	var b bytes.Buffer
	if err := pprof.Lookup("heap").WriteTo(&b, 0); err != nil {
		return nil, fmt.Errorf("writing heap profile: %w", err)
	}
	return b.Bytes(), nil
}

// heapDelta returns the heap profile after minus the one before, like
// `go tool pprof -base`: the allocations made in between.
func heapDelta(before, after []byte) (*profile.Profile, error) {
	pb, err := profile.ParseData(before)
	if err != nil {
		return nil, fmt.Errorf("parsing heap profile: %w", err)
	}
	pa, err := profile.ParseData(after)
	if err != nil {
		return nil, fmt.Errorf("parsing heap profile: %w", err)
	}
	pb.Scale(-1)
	d, err := profile.Merge([]*profile.Profile{pa, pb})
	if err != nil {
		return nil, fmt.Errorf("subtracting heap profiles: %w", err)
	}
	d.TimeNanos, d.DurationNanos = pa.TimeNanos, pa.TimeNanos-pb.TimeNanos
	return d, nil
}
