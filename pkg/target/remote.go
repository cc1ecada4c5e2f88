package target

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"time"

	"github.com/llmbench/llmbench/pkg/bench"
	"github.com/llmbench/llmbench/pkg/completion"
	"github.com/llmbench/llmbench/pkg/driver"
)

// AgainstSpecs returns the targets of `--against ARG`: for each variant,
// the other build's and then this build's, both run as drivers. ARG is a
// built llmbench binary when it names an executable file, else a git
// revision.
func AgainstSpecs(arg string, variants []string) []Spec {
	kind := KindRef
	if fi, err := os.Stat(arg); err == nil && fi.Mode().IsRegular() && fi.Mode()&0o111 != 0 {
		kind = KindBin
	}
	var out []Spec
	for _, v := range variants {
		out = append(out,
			Spec{Text: kind + ":" + arg + ":" + v, Kind: kind, Arg: arg, Variant: v},
			Spec{Text: v, Kind: KindSelf, Variant: v})
	}
	return out
}

// Bench returns t as a bench target: its pipeline built with popts in
// process, or its driver loaded with settings.
func (t *Target) Bench(popts completion.Options, settings driver.Settings) bench.Target {
	if t.Driver == nil {
		return bench.Target{Name: t.Name, Pipeline: completion.NewPipeline(t.Variant, popts), Changes: t.Variant.Changes.Names()}
	}
	return bench.Target{Name: t.Name, Remote: &remote{t: t, settings: settings}}
}

// remote is a driver target as a bench.Remote.
type remote struct {
	t        *Target
	settings driver.Settings
}

func (r *remote) Load(ctx context.Context, reqs []*completion.Request) error {
	return r.t.Driver.Load(ctx, reqs, r.settings)
}

func (r *remote) Warmup(ctx context.Context, n int) error {
	return r.t.Driver.WarmupMode(ctx, r.t.DriverVariant, r.t.Driver.Mode, n)
}

func (r *remote) Batch(ctx context.Context, from, to, concurrency int, lat []int64) (bench.Sample, error) {
	if c := r.t.Driver.Concurrency; c != nil {
		concurrency = *c
	}
	b, err := r.t.Driver.Batch(ctx, driver.BatchRequest{Variant: r.t.DriverVariant, From: from, To: to, Concurrency: concurrency, Mode: r.t.Driver.Mode})
	if err != nil {
		return bench.Sample{}, err
	}
	copy(lat, b.LatenciesNs)
	s := bench.Sample{WallNs: b.WallNs, Errors: b.Errors}
	if b.CPUNs != nil {
		s.CPUNs, s.HasCPU = *b.CPUNs, true
	}
	if b.Allocs != nil && b.Bytes != nil {
		s.Allocs, s.Bytes, s.HasMem = uint64(*b.Allocs), uint64(*b.Bytes), true
		if b.GCCycles != nil {
			s.GCCycles = uint32(*b.GCCycles)
		}
	}
	if b.Errors > 0 {
		s.FirstErr = fmt.Errorf("driver %s", r.t.Driver.Label)
		if b.FirstError != nil {
			s.FirstErr = fmt.Errorf("%s: %s", b.FirstError.Type, b.FirstError.Message)
		}
	}
	return s, nil
}

// Load loads reqs into the driver with settings, unless the same requests
// and settings are loaded already (targets of one driver share them).
func (d *Driver) Load(ctx context.Context, reqs []*completion.Request, settings driver.Settings) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if len(reqs) == len(d.loaded) && len(reqs) > 0 && &reqs[0] == &d.loaded[0] && settings == d.settings {
		return nil
	}
	raw := make([]json.RawMessage, len(reqs))
	for i, r := range reqs {
		b, ok := d.encoded[r]
		if !ok {
			var err error
			if b, err = completion.MarshalValue(r.Object()); err != nil {
				return fmt.Errorf("encoding request %d: %w", i, err)
			}
			d.encoded[r] = b
		}
		raw[i] = b
	}
	if _, err := d.Client.Load(ctx, raw, settings); err != nil {
		return err
	}
	d.loaded, d.settings = reqs, settings
	return nil
}

// Pin keeps t's driver process on one CPU (see package-level Pin); an
// in-process target is not pinned.
func (t *Target) Pin(cpu int) error {
	if t.Driver == nil {
		return nil
	}
	return Pin(t.Driver.Pid(), cpu)
}

// Profiler returns a driver target as the remote of a profile run (it
// satisfies profile.Remote): loaded with settings, profiling its variant.
func (t *Target) Profiler(settings driver.Settings) *Profiler {
	return &Profiler{t: t, settings: settings}
}

// A Profiler profiles a driver target (see Target.Profiler).
type Profiler struct {
	t        *Target
	settings driver.Settings
	// Warmup is how many loaded requests the driver runs untimed after the
	// load (lazily imported modules, caches), in its batch mode.
	Warmup int
}

// Load loads the run's requests into the target's driver, and warms it up.
func (p *Profiler) Load(ctx context.Context, reqs []*completion.Request) error {
	if err := p.t.Driver.Load(ctx, reqs, p.settings); err != nil {
		return err
	}
	if p.Warmup <= 0 {
		return nil
	}
	return p.t.Driver.WarmupMode(ctx, p.t.DriverVariant, p.t.Driver.Mode, min(p.Warmup, len(reqs)))
}

// Profile profiles the target's variant for d at rate Hz.
func (p *Profiler) Profile(ctx context.Context, d time.Duration, rate int) (*driver.ProfileReply, error) {
	if !p.t.Driver.Hello().Can(driver.CapProfile) {
		return nil, &InputError{Msg: fmt.Sprintf("target %s: driver %s cannot profile", p.t.Name, p.t.Driver.Label)}
	}
	return p.t.Driver.Profile(ctx, driver.ProfileRequest{Variant: p.t.DriverVariant, DurationNs: d.Nanoseconds(), RateHz: rate, Mode: p.t.Driver.Mode})
}
