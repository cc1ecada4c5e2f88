package bench

import (
	"context"
	"testing"
)

// The reference workload's work is fixed: its allocations per call are a
// constant, and a change to them is a change of ReferenceName's version.
func TestReferenceWorkIsFixed(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector empties sync.Pools at random: encoding/json's pool then allocates anew")
	}
	var p referencePipeline
	got := testing.AllocsPerRun(200, func() {
		if err := p.CompleteInto(context.Background(), nil, nil); err != nil {
			t.Fatal(err)
		}
	})
	if got != 20 {
		t.Errorf("reference workload: %v allocations per call, want 20 (a change of its work needs a new ReferenceName)", got)
	}
}

func BenchmarkReference(b *testing.B) {
	var p referencePipeline
	b.ReportAllocs()
	for b.Loop() {
		_ = p.CompleteInto(context.Background(), nil, nil)
	}
}
