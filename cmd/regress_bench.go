package cmd

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"runtime/debug"

	"github.com/llmbench/llmbench/pkg/bench"
	"github.com/llmbench/llmbench/pkg/regress"
)

// reRunGCPercent is GOGC during the re-run of a baseline.
const reRunGCPercent = 400

// baselineRunner builds the Runner of `regress --baseline`; tests replace it
// to replay recorded results instead of timing the machine.
var baselineRunner = benchRunner

// benchRunner re-runs a saved bench configuration with pkg/bench, the way
// `llmbench bench` runs it, for the performance gate. name is the baseline
// file, named in errors about its configuration.
func benchRunner(name string) regress.Runner {
	return regress.RunnerFunc(func(ctx context.Context, config json.RawMessage) (*regress.BenchFile, error) {
		cfg := bench.DefaultConfig()
		dec := json.NewDecoder(bytes.NewReader(config))
		if err := dec.Decode(&cfg); err != nil {
			return nil, &regress.BaselineError{File: name, Msg: "config: " + err.Error()}
		}
		opts, err := bench.Prepare(cfg)
		if err != nil {
			return nil, &regress.BaselineError{File: name, Msg: "cannot re-run its config: " + err.Error()}
		}
		// Give the garbage collector room, so that its cycles hit as few
		// batches as possible: how many of a dozen batches a cycle hits
		// depends on the process's heap, not on the code, and the gate
		// compares the fast quartile of the batches. Garbage itself is
		// gated by allocs/op, exactly.
		defer debug.SetGCPercent(debug.SetGCPercent(reRunGCPercent))
		res, err := bench.Run(ctx, opts)
		if err != nil {
			return nil, fmt.Errorf("re-running %s: %w", name, err)
		}
		data, err := json.Marshal(res)
		if err != nil {
			return nil, fmt.Errorf("re-running %s: %w", name, err)
		}
		return regress.ParseBaseline("re-run of "+name, data)
	})
}
