package native

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/google/pprof/profile"
	"github.com/llmbench/llmbench/pkg/cases"
	"github.com/llmbench/llmbench/pkg/completion"
	"github.com/llmbench/llmbench/pkg/driver"
)

// With NATIVE_TEST_DRIVER set, the test binary is llmbench's driver.
func TestMain(m *testing.M) {
	if os.Getenv("NATIVE_TEST_DRIVER") != "" {
		if err := Serve(context.Background(), os.Stdin, os.Stdout); err != nil {
			os.Stderr.WriteString(err.Error() + "\n")
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func startDriver(t *testing.T) *driver.Client {
	t.Helper()
	c, err := driver.Start(context.Background(), []string{os.Args[0]},
		driver.Options{Env: append(os.Environ(), "NATIVE_TEST_DRIVER=1"), Stderr: os.Stderr})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := c.Close(); err != nil {
			t.Error(err)
		}
	})
	return c
}

func raw(objs ...completion.Object) []json.RawMessage {
	out := make([]json.RawMessage, len(objs))
	for i, o := range objs {
		b, err := completion.MarshalValue(o)
		if err != nil {
			panic(err)
		}
		out[i] = b
	}
	return out
}

func TestHello(t *testing.T) {
	h := startDriver(t).Hello()
	if h.Name != "llmbench" || !h.HasVariant("baseline") || !h.HasVariant("optimized") ||
		!h.Can(driver.CapBench) || !h.Can(driver.CapCases) || !h.Can(driver.CapProfile) || !strings.HasPrefix(h.Implementation, "go") {
		t.Errorf("hello = %+v", h)
	}
	var env map[string]any
	if err := json.Unmarshal(h.Env, &env); err != nil || env["gomaxprocs"] == nil {
		t.Errorf("env = %s (%v)", h.Env, err)
	}
}

// TestBatchCountsAllocations checks that a batch measured by the driver
// counts exactly the allocations the pipeline makes in process.
func TestBatchCountsAllocations(t *testing.T) {
	req := &completion.Request{Model: "anthropic/claude-3-5-sonnet-20240620", Messages: []any{completion.Object{{Key: "role", Value: "user"}, {Key: "content", Value: "hi"}}},
		MockResponse: "Hello", HasMock: true}
	req.Params[completion.PTemperature] = 0.5
	p := completion.NewPipeline(completion.Optimized, completion.Options{Settings: completion.SettingsFromEnv()})
	var res completion.Result
	want := testing.AllocsPerRun(100, func() { _ = p.CompleteInto(context.Background(), req, &res) })

	c := startDriver(t)
	ctx := context.Background()
	reqs := make([]json.RawMessage, 1000)
	for i := range reqs {
		reqs[i] = raw(req.Object())[0]
	}
	if _, err := c.Load(ctx, reqs, driver.Settings{}); err != nil {
		t.Fatal(err)
	}
	if err := c.Warmup(ctx, "optimized", 1000); err != nil {
		t.Fatal(err)
	}
	b, err := c.Batch(ctx, driver.BatchRequest{Variant: "optimized", From: 0, To: 1000, Concurrency: 1})
	if err != nil {
		t.Fatal(err)
	}
	if b.Allocs == nil || b.CPUNs == nil || b.Errors != 0 || len(b.LatenciesNs) != 1000 {
		t.Fatalf("batch = %+v", b)
	}
	// The runtime may allocate a little in the background.
	if got := float64(*b.Allocs) / 1000; got < want || got > want+0.05 {
		t.Errorf("allocs per request = %.3f, want %.0f", got, want)
	}
}

func TestCasesMatchInProcess(t *testing.T) {
	lines := []string{
		`{"id":"a","model":"claude-3-5-sonnet-20240620","params":{"seed":42},"drop_params":true,"expect":{"optional_params":{}}}`,
		`{"id":"b","model":"gpt-4o","params":{"temperature":0.2},"mock_response":"hi","expect":{}}`,
		`{"id":"c","model":"nope/x","expect_error":{"type":"BadRequestError","contains":"x"}}`,
		`{"id":"d","model":"azure/gpt-4o","params":{"seed":1},"settings":{"env":{"AZURE_API_VERSION":"2024-02-01"}},"stage":"map_openai_params","expect":{}}`,
	}
	var in []json.RawMessage
	var cs []*cases.Case
	for _, l := range lines {
		c, err := cases.ParseCase([]byte(l))
		if err != nil {
			t.Fatal(err)
		}
		cs = append(cs, c)
		in = append(in, json.RawMessage(l))
	}
	d := startDriver(t)
	for _, variant := range []string{"baseline", "optimized"} {
		res, err := d.Cases(context.Background(), variant, in)
		if err != nil {
			t.Fatal(err)
		}
		v, _ := completion.LookupVariant(variant)
		for i, c := range cs {
			got, err := completion.DecodeValue(res[i])
			if err != nil {
				t.Fatal(err)
			}
			obj := got.(completion.Object)
			if id, _ := obj.Get("id"); id != c.ID {
				t.Errorf("result %d has id %v, want %s", i, id, c.ID)
			}
			want := cases.Output(context.Background(), v, completion.Options{Settings: completion.SettingsFromEnv()}, c)
			if g, w := cases.Canonical(obj), cases.Canonical(want); g != w {
				t.Errorf("%s %s:\n driver:     %s\n in process: %s", variant, c.ID, g, w)
			}
		}
	}
}

func TestProfile(t *testing.T) {
	if testing.Short() {
		t.Skip("profiles for half a second")
	}
	c := startDriver(t)
	ctx := context.Background()
	req := &completion.Request{Model: "openai/gpt-4o", MockResponse: "hi", HasMock: true}
	if _, err := c.Load(ctx, raw(req.Object()), driver.Settings{}); err != nil {
		t.Fatal(err)
	}
	p, err := c.Profile(ctx, driver.ProfileRequest{Variant: "baseline", DurationNs: 5e8, RateHz: 100})
	if err != nil {
		t.Fatal(err)
	}
	defer os.Remove(p.PprofPath)
	f, err := os.Open(p.PprofPath)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	prof, err := profile.Parse(f)
	if err != nil {
		t.Fatal(err)
	}
	if len(prof.Sample) == 0 || p.CPUNs <= 0 || p.Requests <= 0 {
		t.Errorf("profile: %d samples, cpu %d ns, %d requests", len(prof.Sample), p.CPUNs, p.Requests)
	}
}

func TestErrorReplies(t *testing.T) {
	c := startDriver(t)
	ctx := context.Background()
	check := func(err error, typ, msg string) {
		t.Helper()
		var de *driver.Error
		if !errors.As(err, &de) || de.Kind != driver.Reply || de.Type != typ || !strings.Contains(de.Message, msg) {
			t.Errorf("err = %v, want a %s reply containing %q", err, typ, msg)
		}
	}
	check(c.Warmup(ctx, "optimized", 1), ErrTypeBadRequest, "warmup before load")
	_, err := c.Load(ctx, []json.RawMessage{json.RawMessage(`{"model":"x","temperature":"hot"}`)}, driver.Settings{})
	check(err, ErrTypeBadRequest, "requests[0]")
	_, err = c.Load(ctx, nil, driver.Settings{ModelCatalog: "/nonexistent/catalog.json"})
	check(err, ErrTypeBadSettings, "/nonexistent/catalog.json")
	if _, err := c.Load(ctx, raw(completion.Object{{Key: "model", Value: "gpt-4o"}, {Key: "mock_response", Value: "x"}}), driver.Settings{}); err != nil {
		t.Fatal(err)
	}
	_, err = c.Batch(ctx, driver.BatchRequest{Variant: "nope", From: 0, To: 1})
	check(err, ErrTypeUnknownVariant, `unknown variant "nope"`)
	_, err = c.Batch(ctx, driver.BatchRequest{Variant: "baseline", From: 0, To: 2})
	check(err, ErrTypeBadRequest, "not within the 1 loaded requests")
	_, err = c.Cases(ctx, "baseline", []json.RawMessage{json.RawMessage(`{"id":"x"}`)})
	check(err, ErrTypeBadRequest, "cases[0]")
	// Still usable.
	if _, err := c.Batch(ctx, driver.BatchRequest{Variant: "baseline", From: 0, To: 1}); err != nil {
		t.Fatal(err)
	}
}
