package bench

import (
	"context"
	"encoding/json"
	"strings"

	"github.com/llmbench/llmbench/pkg/completion"
)

// The reference workload measures the machine, not the code: a fixed
// piece of Go that does the kind of work the pipeline does (string-keyed
// maps, lower-casing, small allocations, a JSON encoding) and never
// changes with it. It runs as one more series beside the in-process
// targets, in the same rounds, at the same concurrency, so it sees the
// same machine: a saved result and its re-run are compared relative to it
// (regress --baseline), which takes out what the machine's speed did
// between the two runs (a shared VM here ran the same binary 37% faster
// 45 minutes later) and leaves what the code did.
//
// Its work must stay fixed: ReferenceName carries its version, and a
// saved result measured with another version is compared without it.

// ReferenceName names the reference workload and its version.
const ReferenceName = "llmbench.reference/v1"

// referenceKeys are the keys the reference workload maps and filters: an
// OpenAI request's params, in mixed case as callers write them.
var referenceKeys = [...]string{"Temperature", "max_tokens", "TOP_P", "stream", "Stop", "tools", "User", "seed"}

type referencePipeline struct{}

func (referencePipeline) CompleteInto(context.Context, *completion.Request, *completion.Result) error {
	in := make(map[string]any, len(referenceKeys))
	for i, k := range referenceKeys {
		in[strings.ToLower(k)] = i
	}
	out := make(map[string]any, len(referenceKeys)/2)
	for _, k := range referenceKeys {
		if v, ok := in[strings.ToLower(k)].(int); ok && v%2 == 0 {
			out[k] = v
		}
	}
	_, err := json.Marshal(out)
	return err
}
