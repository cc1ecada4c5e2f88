package bench

import (
	"fmt"
	"unsafe"

	"github.com/llmbench/llmbench/pkg/completion"
)

// MaxMemory bounds the memory a run may set aside for its measurements: a
// configuration whose Memory exceeds it is refused before anything is
// allocated (1 GiB).
const MaxMemory = 1 << 30

// MaxWarmup bounds the untimed requests per variant: a warmup keeps no
// per-request data, so memory does not bound it, but 9223372036854775807
// would run for ever; a hundred million is minutes of the Go pipeline and
// far beyond what any steady state needs.
const MaxWarmup = 100_000_000

// MaxRPS bounds the request rate of the production-impact projection: a
// billion requests per second, beyond any gateway.
const MaxRPS = 1e9

// GoroutineBytes is the memory a goroutine running the pipeline is counted
// for in Memory: its stack (which grows past the 2 KiB it starts with) and
// the runtime's bookkeeping.
const GoroutineBytes = 4 << 10

// batchBytes is what a series records per batch: time, CPU time, stretch,
// allocations and bytes (8 bytes each) and GC cycles (4).
const batchBytes = 5*8 + 4

// Memory estimates, in bytes, what running c with the given number of
// pipelines (the targets plus the harness's empty one) sets aside for its
// measurements: on the heap, the request list (8 bytes a request), each
// pipeline's results and error slots for the widest batch (with
// Concurrency 0 a batch runs one goroutine per request), warmup scratch and
// per-batch samples, all counted twice for the garbage collector's headroom
// (GOGC=100 lets the heap grow to twice what is live, and bench dithers
// batches across that range); outside it, every request's latency in every
// run for every pipeline (8 bytes each) and the widest batch's goroutine
// stacks. It is a float64 so that no configuration overflows it.
func (c *Config) Memory(pipelines int) float64 {
	req, count, batches := float64(c.Requests), float64(c.Count), float64(c.Batches)
	p, w := float64(pipelines), float64(c.workers())
	heap := 8*req + p*w*float64(unsafe.Sizeof(completion.Result{})+unsafe.Sizeof(workerErr{})) +
		p*8*float64(min(c.Warmup, c.Requests)) + batchBytes*p*count*batches
	return 2*heap + 8*p*req*count + w*GoroutineBytes
}

// workers is how many goroutines and results the widest batch needs.
func (c *Config) workers() int {
	if c.Concurrency > 0 {
		return min(c.Concurrency, max(c.Requests, 1))
	}
	widest := 0
	if c.Requests > 0 {
		widest = (c.Requests-1)/max(c.Batches, 1) + 1
	}
	return max(widest, min(c.Warmup, c.Requests))
}

// workerMemory is the part of Memory that grows with the widest batch's
// goroutines: their stacks and each pipeline's result slots.
func (c *Config) workerMemory(pipelines int) float64 {
	w := float64(c.workers())
	return w*GoroutineBytes + 2*float64(pipelines)*w*float64(unsafe.Sizeof(completion.Result{})+unsafe.Sizeof(workerErr{}))
}

// harnessSeries is the number of pipelines a run drives beside its
// targets when one runs in process: the empty pipeline and the reference
// workload.
const harnessSeries = 2

// pipelines is the number of pipelines a run of c drives: its variants
// (at least one) and the harness's.
func (c *Config) pipelines() int { return max(len(c.Variants), 1) + harnessSeries }

// MaxRequests is the largest Requests that keeps c (otherwise unchanged)
// within MaxMemory, or 0 when none does.
func (c *Config) MaxRequests() int {
	lo, hi := 0, 1<<62
	for lo < hi {
		mid := lo + (hi-lo+1)/2
		d := *c
		d.Requests = mid
		if d.Memory(c.pipelines()) <= MaxMemory {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return lo
}

// A ConfigError is an invalid field of a Config.
type ConfigError struct {
	// Field is the JSON name of the field ("requests").
	Field string
	Msg   string
}

func (e *ConfigError) Error() string { return e.Msg + " (" + e.Field + ")" }

// FormatBytes formats a byte count for a limit message: "1.0 GiB".
func FormatBytes(b float64) string {
	units := []string{"bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"}
	i := 0
	for b >= 1024 && i < len(units)-1 {
		b /= 1024
		i++
	}
	if i == 0 {
		return fmt.Sprintf("%.0f bytes", b)
	}
	if b >= 1024 {
		return fmt.Sprintf("%.3g %s", b, units[i])
	}
	return fmt.Sprintf("%.1f %s", b, units[i])
}

// checkMemory refuses a configuration whose measurements need more than
// MaxMemory, naming the field to change.
func (c *Config) checkMemory(pipelines int) error {
	need := c.Memory(pipelines)
	if need <= MaxMemory {
		return nil
	}
	if c.Concurrency == 0 && c.workerMemory(pipelines) > need/2 {
		return &ConfigError{Field: "concurrency", Msg: fmt.Sprintf(
			"0 runs one goroutine per request of a batch: %d goroutines with their results need about %s, over the %s bound; raise --batches or set a --concurrency; at most %d requests with these settings",
			c.workers(), FormatBytes(c.workerMemory(pipelines)), FormatBytes(MaxMemory), c.MaxRequests())}
	}
	return &ConfigError{Field: "requests", Msg: fmt.Sprintf(
		"%d requests need about %s for the measurements of %s of %d pipelines, over the %s bound; at most %d requests with these settings",
		c.Requests, FormatBytes(need), plural(c.Count, "run"), pipelines, FormatBytes(MaxMemory), c.MaxRequests())}
}

// plural is "1 run", "4 runs".
func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}
