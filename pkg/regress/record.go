package regress

import (
	"bytes"
	"context"
	"errors"
	"fmt"

	"github.com/llmbench/llmbench/pkg/cases"
	"github.com/llmbench/llmbench/pkg/completion"
	"github.com/llmbench/llmbench/pkg/driver"
	"github.com/llmbench/llmbench/pkg/target"
)

// RecordConfig asks for case lines recorded on one target: each case run
// there, with what the target produced as its expectation
// (regress --record).
type RecordConfig struct {
	// Cases are the cases to record: case files' or RecordSpec's.
	Cases []*cases.Case
	// Target is where they run (real LiteLLM, usually); TargetOptions
	// resolve it.
	Target        target.Spec
	TargetOptions target.Options
	// Pipeline configures an in-process target; Settings a driver's.
	Pipeline completion.Options
	Settings driver.Settings
}

// Record runs cfg's cases on its target and returns them as a case file
// (JSON lines, see cases.Record) in their order, and the name of the
// target that produced them. A target that names several (a driver
// without :VARIANT and several variants) is bad input.
func Record(ctx context.Context, cfg RecordConfig) ([]byte, string, error) {
	if len(cfg.Cases) == 0 {
		return nil, "", errors.New("no cases to record")
	}
	set, err := target.Open(ctx, []target.Spec{cfg.Target}, cfg.TargetOptions)
	if err != nil {
		return nil, "", err
	}
	defer set.Close()
	if len(set.Targets) != 1 {
		return nil, "", &target.InputError{Msg: fmt.Sprintf("target %q stands for %d targets: record from one (name its variant)", cfg.Target.Text, len(set.Targets))}
	}
	t := set.Targets[0]
	if t.Driver != nil {
		if !t.Driver.Hello().Can(driver.CapCases) {
			return nil, "", &target.InputError{Msg: fmt.Sprintf("target %s: driver %s cannot run cases", t.Name, t.Driver.Label)}
		}
		if err := t.Driver.Load(ctx, nil, cfg.Settings); err != nil {
			return nil, "", err
		}
	}
	ct := caseTarget(t, false)
	outs, err := ct.outputs(ctx, cfg.Pipeline, cfg.Cases)
	if err != nil {
		return nil, "", err
	}
	var b bytes.Buffer
	for i, c := range cfg.Cases {
		line, err := cases.Record(c, outs[i])
		if err != nil {
			return nil, "", err
		}
		j, err := completion.MarshalValue(line)
		if err != nil {
			return nil, "", fmt.Errorf("case %s: %v", c.ID, err)
		}
		b.Write(j)
		b.WriteByte('\n')
	}
	if err := set.Close(); err != nil {
		return nil, "", err
	}
	return b.Bytes(), t.Name, nil
}
