// Package native is llmbench's own driver (driver.Handler): it serves this
// build's pipeline variants, in process, over the driver protocol. It is
// what the hidden `llmbench driver` command runs, and how `--against REV`
// and `bin:PATH` measure another build of llmbench.
//
// Batches are measured with pkg/bench's Batcher, exactly as `llmbench
// bench` measures a variant in process; cases are run with pkg/cases'
// Output; profiles are recorded with pkg/profile's Capture.
package native

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"github.com/llmbench/llmbench/pkg/bench"
	"github.com/llmbench/llmbench/pkg/cases"
	"github.com/llmbench/llmbench/pkg/completion"
	"github.com/llmbench/llmbench/pkg/driver"
	"github.com/llmbench/llmbench/pkg/profile"
)

// Serve serves this build's variants on r and w until bye or the end of r.
func Serve(ctx context.Context, r io.Reader, w io.Writer) error {
	return driver.Serve(ctx, r, w, New())
}

// Handler is llmbench's driver. Its zero value is not usable: use New.
type Handler struct {
	reqs     []*completion.Request
	settings driver.Settings
	popts    completion.Options
	batchers map[batcherKey]*bench.Batcher
	seed     uint64
}

type batcherKey struct {
	variant     string
	concurrency int
}

// New returns a Handler with no requests loaded and the pipeline settings
// of the process environment.
func New() *Handler {
	return &Handler{popts: completion.Options{Settings: completion.SettingsFromEnv()},
		batchers: map[batcherKey]*bench.Batcher{}}
}

// Error types of the handler's error replies.
const (
	ErrTypeUnknownVariant = "UnknownVariant"
	ErrTypeBadSettings    = "BadSettings"
	ErrTypeBadRequest     = driver.ErrTypeBadRequest
)

// Hello describes this build.
func (h *Handler) Hello(ctx context.Context) (*driver.Hello, error) {
	env := bench.CaptureEnv(ctx, time.Now())
	raw, err := json.Marshal(env)
	if err != nil {
		return nil, err
	}
	version := env.Commit
	if version == "" {
		version = "unknown"
	} else if env.Dirty {
		version += "+dirty"
	}
	return &driver.Hello{Name: "llmbench", Version: version, Implementation: runtime.Version(),
		Variants: completion.VariantNames(), Capabilities: []string{driver.CapBench, driver.CapCases, driver.CapProfile},
		Env: raw}, nil
}

// Load decodes the requests and applies the settings.
func (h *Handler) Load(_ context.Context, req *driver.LoadRequest) (*driver.LoadReply, error) {
	popts := completion.Options{Settings: completion.SettingsFromEnv()}
	popts.Settings.DropParams = popts.Settings.DropParams || req.Settings.DropParams
	if req.Settings.ModelCatalog != "" {
		cat, err := completion.LoadCatalog(req.Settings.ModelCatalog)
		if err != nil {
			return nil, driver.Errorf(ErrTypeBadSettings, "%v", err)
		}
		popts.Catalog = cat
	}
	// A workload repeats a few templates: identical requests share one
	// decoded Request, as they do in process, so that the driver's live
	// heap (and with it every collection) stays as small as bench's own.
	reqs := make([]*completion.Request, len(req.Requests))
	seen := map[string]*completion.Request{}
	for i, raw := range req.Requests {
		if r, ok := seen[string(raw)]; ok {
			reqs[i] = r
			continue
		}
		r, err := completion.DecodeRequest(raw)
		if err != nil {
			return nil, driver.Errorf(ErrTypeBadRequest, "requests[%d]: %v", i, err)
		}
		reqs[i], seen[string(raw)] = r, r
	}
	h.reqs, h.settings, h.popts = reqs, req.Settings, popts
	h.batchers = map[batcherKey]*bench.Batcher{}
	return &driver.LoadReply{N: len(reqs)}, nil
}

func (h *Handler) variant(name string) (*completion.Variant, error) {
	v, err := completion.LookupVariant(name)
	if err != nil {
		return nil, driver.Errorf(ErrTypeUnknownVariant, "%v", err)
	}
	return v, nil
}

// batcher returns the Batcher of a variant and concurrency, made on first
// use; maxBatch sizes its buffers.
func (h *Handler) batcher(name string, concurrency, maxBatch int) (*bench.Batcher, error) {
	if concurrency < 0 {
		return nil, driver.Errorf(ErrTypeBadRequest, "concurrency must be 0 (one goroutine per request) or more, got %d", concurrency)
	}
	k := batcherKey{name, concurrency}
	if b := h.batchers[k]; b != nil {
		return b, nil
	}
	v, err := h.variant(name)
	if err != nil {
		return nil, err
	}
	h.seed++
	b := bench.NewBatcher(completion.NewPipeline(v, h.popts), bench.BatcherOptions{Concurrency: concurrency,
		MaxBatch: maxBatch, Seed: h.seed})
	h.batchers[k] = b
	return b, nil
}

// Warmup runs n loaded requests, untimed, on GOMAXPROCS goroutines.
func (h *Handler) Warmup(ctx context.Context, req *driver.WarmupRequest) error {
	if len(h.reqs) == 0 {
		return driver.Errorf(ErrTypeBadRequest, "warmup before load")
	}
	b, err := h.batcher(req.Variant, runtime.GOMAXPROCS(0), len(h.reqs))
	if err != nil {
		return err
	}
	b.Warmup(ctx, h.reqs, req.N)
	return ctx.Err()
}

// Batch measures one batch with bench's Batcher.
func (h *Handler) Batch(ctx context.Context, req *driver.BatchRequest) (*driver.BatchReply, error) {
	if req.From < 0 || req.To <= req.From || req.To > len(h.reqs) {
		return nil, driver.Errorf(ErrTypeBadRequest, "batch [%d, %d) is not within the %d loaded requests", req.From, req.To, len(h.reqs))
	}
	b, err := h.batcher(req.Variant, req.Concurrency, len(h.reqs))
	if err != nil {
		return nil, err
	}
	lat := make([]int64, req.To-req.From)
	s, err := b.Measure(ctx, h.reqs[req.From:req.To], lat)
	if err != nil {
		return nil, err
	}
	allocs, bytes, gcs := int64(s.Allocs), int64(s.Bytes), int64(s.GCCycles)
	rep := &driver.BatchReply{WallNs: s.WallNs, Allocs: &allocs, Bytes: &bytes, GCCycles: &gcs,
		LatenciesNs: lat, Errors: s.Errors}
	if s.HasCPU {
		cpu := s.CPUNs
		rep.CPUNs = &cpu
	}
	if s.FirstErr != nil {
		rep.FirstError = errorBody(s.FirstErr)
	}
	return rep, nil
}

func errorBody(err error) *driver.ErrorBody {
	var le *completion.Error
	if errors.As(err, &le) {
		return &driver.ErrorBody{Type: le.Type, Message: le.Message}
	}
	return &driver.ErrorBody{Type: "Exception", Message: err.Error()}
}

// Cases runs each case with cases.Output and returns its output with the
// case's id.
func (h *Handler) Cases(ctx context.Context, req *driver.CasesRequest) (*driver.CasesReply, error) {
	v, err := h.variant(req.Variant)
	if err != nil {
		return nil, err
	}
	out := &driver.CasesReply{Results: make([]json.RawMessage, len(req.Cases))}
	for i, raw := range req.Cases {
		c, err := cases.ParseCase(raw)
		if err != nil {
			return nil, driver.Errorf(ErrTypeBadRequest, "cases[%d]: %v", i, err)
		}
		got := append(completion.Object{{Key: "id", Value: c.ID}}, cases.Output(ctx, v, h.popts, c)...)
		b, err := completion.MarshalValue(got)
		if err != nil {
			return nil, fmt.Errorf("case %s: encoding its output: %w", c.ID, err)
		}
		out.Results[i] = b
	}
	return out, ctx.Err()
}

// Profile records a CPU profile of the variant running the loaded requests
// on GOMAXPROCS goroutines, into a temporary file the caller owns.
func (h *Handler) Profile(ctx context.Context, req *driver.ProfileRequest) (*driver.ProfileReply, error) {
	v, err := h.variant(req.Variant)
	if err != nil {
		return nil, err
	}
	if len(h.reqs) == 0 {
		return nil, driver.Errorf(ErrTypeBadRequest, "profile before load")
	}
	if req.DurationNs <= 0 || req.RateHz < 0 {
		return nil, driver.Errorf(ErrTypeBadRequest, "duration_ns must be positive and rate_hz not negative")
	}
	dir, err := os.MkdirTemp("", "llmbench-driver-profile-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	run, err := profile.Capture(ctx, profile.Options{Variants: []*completion.Variant{v}, Pipeline: h.popts, Reqs: h.reqs,
		Duration: time.Duration(req.DurationNs), Rate: req.RateHz, CPU: true, Dir: dir})
	if err != nil {
		return nil, err
	}
	vc := run.Variants[0]
	f, err := os.CreateTemp("", "llmbench-cpu-"+v.Name+"-*.pb.gz")
	if err != nil {
		return nil, err
	}
	path := f.Name()
	f.Close()
	if err := os.Rename(vc.CPUFile, path); err != nil {
		os.Remove(path)
		return nil, err
	}
	return &driver.ProfileReply{PprofPath: filepath.Clean(path), WallNs: vc.Wall.Nanoseconds(),
		CPUNs: vc.CPUTime.Nanoseconds(), Requests: vc.Requests}, nil
}
