// Package driver speaks llmbench's driver protocol, llmbench.driver/v1: how
// llmbench runs a pipeline that lives in another process — another build of
// llmbench (`--against REV`, `bin:PATH`), any program that implements the
// protocol (`exec:CMD`), or real LiteLLM through a Python driver.
//
// The protocol is JSON lines. llmbench writes one request line to the
// driver's stdin and reads exactly one reply line from its stdout; the
// driver's stderr passes through to llmbench's. Any reply may instead be an
// error, {"error":{"type":"...","message":"..."}}. A session goes like this
// (">" is llmbench, "<" the driver):
//
//	> {"op":"hello","protocol":"llmbench.driver/v1"}
//	< {"op":"hello","protocol":"llmbench.driver/v1","name":"llmbench","version":"3f2c1e0",
//	   "implementation":"go1.26.8","variants":["baseline","optimized"],
//	   "capabilities":["bench","cases","profile"],"env":{"GOGC":"100"}}
//	> {"op":"load","requests":[{"model":"openai/gpt-4o","mock_response":"hi"}],"settings":{}}
//	< {"op":"load","n":1}
//	> {"op":"warmup","variant":"optimized","n":1000}
//	< {"op":"warmup"}
//	> {"op":"batch","variant":"optimized","from":0,"to":1,"concurrency":1,"mode":"sync"}
//	< {"op":"batch","wall_ns":2150,"cpu_ns":2101,"allocs":12,"bytes":840,"gc_cycles":0,
//	   "latencies_ns":[2150],"errors":0}
//	> {"op":"cases","variant":"optimized","cases":[{"id":"c1","model":"gpt-4o","params":{"seed":1},"expect":{}}]}
//	< {"op":"cases","results":[{"id":"c1","model":"gpt-4o","custom_llm_provider":"openai",
//	   "api_base":null,"optional_params":{"seed":1}}]}
//	> {"op":"profile","variant":"optimized","duration_ns":2000000000,"rate_hz":250}
//	< {"op":"profile","pprof_path":"/tmp/llmbench-driver-123/cpu.pb.gz","cpu_ns":1990000000}
//	> {"op":"bye"}
//	  (the driver exits 0)
//
// A batch runs the loaded requests [from, to) of one variant and measures
// them with the driver's own clock, so the protocol's cost never enters a
// sample; a field a runtime cannot measure (allocations in Python, say) is
// left out. A cases reply holds, per case and in order, the raw outputs of
// the pipeline (resolved provider, optional params, response, chunks, cost,
// or the raised error's type and message); llmbench checks them against the
// cases' expectations itself.
//
// Start starts a driver program and shakes hands with it; the returned
// Client sends one request at a time and turns every way a driver can fail
// into an *Error of a given Kind. Serve is the other end: it reads requests,
// calls a Handler and writes the replies. llmbench's own driver (the hidden
// `llmbench driver` command) is a Handler in package native.
package driver

import (
	"encoding/json"
	"fmt"
)

// Protocol is the name and version of the protocol.
const Protocol = "llmbench.driver/v1"

// The operations of the protocol.
const (
	OpHello   = "hello"
	OpLoad    = "load"
	OpWarmup  = "warmup"
	OpBatch   = "batch"
	OpCases   = "cases"
	OpProfile = "profile"
	OpBye     = "bye"
)

// The capabilities a driver may announce in its hello reply.
const (
	CapBench   = "bench"   // load, warmup and batch
	CapCases   = "cases"   // cases
	CapProfile = "profile" // profile
)

// The modes of a batch.
const (
	ModeSync  = "sync"  // a loop of blocking calls per worker
	ModeAsync = "async" // concurrent calls on one event loop (asyncio.gather)
)

// HelloRequest opens a session.
type HelloRequest struct {
	Op       string `json:"op"`
	Protocol string `json:"protocol"`
}

// Hello is a driver's answer to hello: who it is and what it can run.
type Hello struct {
	Op string `json:"op"`
	// Protocol repeats the protocol the driver speaks; optional.
	Protocol string `json:"protocol,omitempty"`
	// Name names the program ("llmbench", "litellm").
	Name string `json:"name"`
	// Version is the program's version: a commit for llmbench, the package
	// version for LiteLLM.
	Version string `json:"version"`
	// Implementation is the language runtime ("go1.26.8", "CPython 3.11.2").
	Implementation string `json:"implementation"`
	// Variants are the variant names the driver runs; a batch, cases or
	// profile request names one of them.
	Variants []string `json:"variants"`
	// Capabilities lists what the driver can do: CapBench, CapCases,
	// CapProfile.
	Capabilities []string `json:"capabilities"`
	// Env describes the driver's process and machine (for llmbench's own
	// driver: pkg/bench's Env, with the runtime settings in force).
	Env json.RawMessage `json:"env,omitempty"`
}

// Can reports whether the driver announced capability c.
func (h *Hello) Can(c string) bool {
	for _, x := range h.Capabilities {
		if x == c {
			return true
		}
	}
	return false
}

// HasVariant reports whether the driver announced variant v.
func (h *Hello) HasVariant(v string) bool {
	for _, x := range h.Variants {
		if x == v {
			return true
		}
	}
	return false
}

// Settings are the pipeline settings of a load request. Each is optional; a
// driver that cannot apply a setting it is given must answer with an error
// rather than ignore it.
type Settings struct {
	// DropParams is LiteLLM's global litellm.drop_params.
	DropParams bool `json:"drop_params,omitempty"`
	// ModelCatalog is a model catalog file (LiteLLM's
	// model_prices_and_context_window.json format) instead of the driver's
	// own.
	ModelCatalog string `json:"model_catalog,omitempty"`
}

// LoadRequest hands the driver the requests that batches will run. Each
// request is a JSON object as in case files and `llmbench inspect`.
type LoadRequest struct {
	Op       string            `json:"op"`
	Requests []json.RawMessage `json:"requests"`
	Settings Settings          `json:"settings"`
}

// LoadReply says how many requests were loaded.
type LoadReply struct {
	Op string `json:"op"`
	N  int    `json:"n"`
}

// WarmupRequest runs N loaded requests (cycling through them) untimed.
type WarmupRequest struct {
	Op      string `json:"op"`
	Variant string `json:"variant"`
	N       int    `json:"n"`
	// Mode is the mode the batches will run in (ModeSync or ModeAsync), so
	// that the warmup runs the same code; "" leaves it to the driver.
	Mode string `json:"mode,omitempty"`
}

// WarmupReply acknowledges a warmup.
type WarmupReply struct {
	Op string `json:"op"`
}

// BatchRequest runs the loaded requests [From, To) once, spread over
// Concurrency workers (0: one per request), and measures them.
type BatchRequest struct {
	Op          string `json:"op"`
	Variant     string `json:"variant"`
	From        int    `json:"from"`
	To          int    `json:"to"`
	Concurrency int    `json:"concurrency"`
	// Mode is ModeSync or ModeAsync; a runtime with only one way of running
	// requests concurrently (Go) treats both alike.
	Mode string `json:"mode"`
}

// BatchReply is what one batch measured, with the driver's own clocks.
type BatchReply struct {
	Op string `json:"op"`
	// WallNs is the batch's wall time.
	WallNs int64 `json:"wall_ns"`
	// CPUNs is the driver process's CPU time during the batch (all threads,
	// garbage collection included); nil when the runtime cannot tell.
	CPUNs *int64 `json:"cpu_ns,omitempty"`
	// Allocs and Bytes are the heap allocations during the batch, GCCycles
	// the garbage collection cycles that ended in it; nil when not measured.
	Allocs   *int64 `json:"allocs,omitempty"`
	Bytes    *int64 `json:"bytes,omitempty"`
	GCCycles *int64 `json:"gc_cycles,omitempty"`
	// LatenciesNs holds each request's duration, in request order.
	LatenciesNs []int64 `json:"latencies_ns"`
	// Errors counts the requests that raised; FirstError describes the
	// first one (optional).
	Errors     int        `json:"errors"`
	FirstError *ErrorBody `json:"first_error,omitempty"`
}

// CasesRequest runs cases (JSON objects as in case files) through a variant.
type CasesRequest struct {
	Op      string            `json:"op"`
	Variant string            `json:"variant"`
	Cases   []json.RawMessage `json:"cases"`
}

// CasesReply holds one result per case, in order: an object with the
// case's "id" and what the pipeline produced — "model",
// "custom_llm_provider", "api_base", "optional_params", and for completion
// cases "response" or "chunks" and "cost"; or "error" {"type", "message"}
// when it raised.
type CasesReply struct {
	Op      string            `json:"op"`
	Results []json.RawMessage `json:"results"`
}

// ProfileRequest runs the loaded requests of a variant for DurationNs under
// a CPU profiler sampling at RateHz.
type ProfileRequest struct {
	Op         string `json:"op"`
	Variant    string `json:"variant"`
	DurationNs int64  `json:"duration_ns"`
	RateHz     int    `json:"rate_hz"`
	// Mode is the mode the profiled requests run in, as for a batch; ""
	// leaves it to the driver.
	Mode string `json:"mode,omitempty"`
	// MinSamples, when positive, asks the driver to run on past DurationNs
	// until it has that many samples, for at most MaxDurationNs in all.
	MinSamples    int   `json:"min_samples,omitempty"`
	MaxDurationNs int64 `json:"max_duration_ns,omitempty"`
}

// ProfileReply is a profile: a pprof file the driver wrote (PprofPath; the
// caller owns it and removes it when done), or sampled stacks with their
// sampling period.
type ProfileReply struct {
	Op        string  `json:"op"`
	PprofPath string  `json:"pprof_path,omitempty"`
	Stacks    []Stack `json:"stacks,omitempty"`
	PeriodNs  int64   `json:"period_ns,omitempty"`
	// WallNs and CPUNs are the profiled run's wall and CPU time, Requests
	// the requests it completed; each optional.
	WallNs   int64 `json:"wall_ns,omitempty"`
	CPUNs    int64 `json:"cpu_ns,omitempty"`
	Requests int64 `json:"requests,omitempty"`
}

// A Stack is one sampled call stack, leaf first, seen Count times.
type Stack struct {
	Frames []Frame `json:"frames"`
	Count  int64   `json:"count"`
}

// A Frame is one function call of a stack.
type Frame struct {
	Function string `json:"function"`
	File     string `json:"file,omitempty"`
	Line     int64  `json:"line,omitempty"`
}

// ByeRequest ends the session; the driver exits 0 without a reply.
type ByeRequest struct {
	Op string `json:"op"`
}

// ErrorBody is the body of an error reply: the type of the error (a
// LiteLLM exception name, or one of the Err* types below) and its message.
type ErrorBody struct {
	Type    string `json:"type"`
	Message string `json:"message"`
}

// ErrorReply is the reply of a request that failed.
type ErrorReply struct {
	Error ErrorBody `json:"error"`
}

// Types of the error replies Serve writes itself.
const (
	ErrTypeBadRequest = "BadRequest"    // a line that is not a request
	ErrTypeUnknownOp  = "UnknownOp"     // an op the driver does not know
	ErrTypeProtocol   = "ProtocolError" // hello with another protocol, or a request before hello
	ErrTypeDriver     = "DriverError"   // anything else that went wrong in the driver
)

// An OpError is an error a Handler returns to have it sent as an error
// reply of its own type; any other error is sent as ErrTypeDriver.
type OpError struct {
	Type    string
	Message string
}

func (e *OpError) Error() string { return e.Type + ": " + e.Message }

// Errorf returns an *OpError of the given type.
func Errorf(typ, format string, args ...any) error {
	return &OpError{Type: typ, Message: fmt.Sprintf(format, args...)}
}
