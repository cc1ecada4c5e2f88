package driver_test

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/llmbench/llmbench/pkg/driver"
)

// echo is a tiny driver: one variant, whose batches take 100 ns a request.
type echo struct{ n int }

func (e *echo) Hello(context.Context) (*driver.Hello, error) {
	return &driver.Hello{Name: "echo", Version: "1", Implementation: "go", Variants: []string{"v"},
		Capabilities: []string{driver.CapBench}}, nil
}

func (e *echo) Load(_ context.Context, r *driver.LoadRequest) (*driver.LoadReply, error) {
	e.n = len(r.Requests)
	return &driver.LoadReply{N: e.n}, nil
}

func (e *echo) Warmup(context.Context, *driver.WarmupRequest) error { return nil }

func (e *echo) Batch(_ context.Context, r *driver.BatchRequest) (*driver.BatchReply, error) {
	lat := make([]int64, r.To-r.From)
	for i := range lat {
		lat[i] = 100
	}
	return &driver.BatchReply{WallNs: int64(100 * len(lat)), LatenciesNs: lat}, nil
}

func (e *echo) Cases(context.Context, *driver.CasesRequest) (*driver.CasesReply, error) {
	return nil, driver.Errorf("NotSupported", "no cases")
}

func (e *echo) Profile(context.Context, *driver.ProfileRequest) (*driver.ProfileReply, error) {
	return nil, driver.Errorf("NotSupported", "no profiles")
}

// ExampleServe shows the protocol from the driver's side: requests in,
// one reply line each.
func ExampleServe() {
	in := strings.NewReader(`{"op":"hello","protocol":"llmbench.driver/v1"}
{"op":"load","requests":[{"model":"gpt-4o"},{"model":"gpt-4o"}],"settings":{}}
{"op":"batch","variant":"v","from":0,"to":2,"concurrency":1,"mode":"sync"}
{"op":"cases","variant":"v","cases":[]}
{"op":"bye"}
`)
	if err := driver.Serve(context.Background(), in, os.Stdout, &echo{}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// {"op":"hello","protocol":"llmbench.driver/v1","name":"echo","version":"1","implementation":"go","variants":["v"],"capabilities":["bench"]}
	// {"op":"load","n":2}
	// {"op":"batch","wall_ns":200,"latencies_ns":[100,100],"errors":0}
	// {"error":{"type":"NotSupported","message":"no cases"}}
}
