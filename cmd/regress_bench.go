package cmd

import (
	"context"
	"encoding/json"
	"errors"

	"github.com/llmbench/llmbench/pkg/regress"
)

// benchRunner re-runs a saved bench configuration (placeholder until pkg/bench lands).
func benchRunner(pf pipelineFlags) regress.Runner {
	return regress.RunnerFunc(func(ctx context.Context, config json.RawMessage) (*regress.BenchFile, error) {
		return nil, errors.New("bench runner not available")
	})
}
