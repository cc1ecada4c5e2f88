package driver

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/llmbench/llmbench/internal/syncbuf"
)

// The test binary doubles as the drivers under test: with DRIVER_TEST_HELPER
// set it behaves as that helper instead of running the tests.
func TestMain(m *testing.M) {
	if mode := os.Getenv("DRIVER_TEST_HELPER"); mode != "" {
		os.Exit(helper(mode))
	}
	os.Exit(m.Run())
}

// fake is a Handler with canned answers; its batch can misbehave.
type fake struct {
	mode   string
	loaded int
}

func (f *fake) Hello(context.Context) (*Hello, error) {
	return &Hello{Name: "fake", Version: "1", Implementation: "go", Variants: []string{"a", "b"},
		Capabilities: []string{CapBench, CapCases, CapProfile}, Env: json.RawMessage(`{"GOGC":"100"}`)}, nil
}

func (f *fake) Load(_ context.Context, r *LoadRequest) (*LoadReply, error) {
	f.loaded = len(r.Requests)
	return &LoadReply{N: len(r.Requests)}, nil
}

func (f *fake) Warmup(_ context.Context, r *WarmupRequest) error {
	if r.Variant != "a" && r.Variant != "b" {
		return Errorf("UnknownVariant", "no variant %q", r.Variant)
	}
	return nil
}

func (f *fake) Batch(ctx context.Context, r *BatchRequest) (*BatchReply, error) {
	switch f.mode {
	case "die-on-batch":
		fmt.Fprintln(os.Stderr, "panic: boom in batch")
		os.Exit(3)
	case "garbage-batch":
		fmt.Println("this is not JSON")
		<-ctx.Done()
	case "typed-batch":
		fmt.Println(`{"op":"batch","wall_ns":"fast"}`)
		<-ctx.Done()
	case "hang-on-batch":
		time.Sleep(time.Hour)
	case "short-batch":
		return &BatchReply{WallNs: 1, LatenciesNs: []int64{1}}, nil
	}
	n := r.To - r.From
	cpu := int64(n * 90)
	lat := make([]int64, n)
	for i := range lat {
		lat[i] = 100
	}
	return &BatchReply{WallNs: int64(n * 100), CPUNs: &cpu, LatenciesNs: lat}, nil
}

func (f *fake) Cases(_ context.Context, r *CasesRequest) (*CasesReply, error) {
	return &CasesReply{Results: append([]json.RawMessage(nil), r.Cases...)}, nil
}

func (f *fake) Profile(context.Context, *ProfileRequest) (*ProfileReply, error) {
	return &ProfileReply{Stacks: []Stack{{Frames: []Frame{{Function: "main"}}, Count: 3}}, PeriodNs: 4e6}, nil
}

func helper(mode string) int {
	switch mode {
	case "not-a-driver":
		fmt.Println("usage: tool [flags]")
		fmt.Fprintln(os.Stderr, "tool: unknown command \"driver\"")
		return 2
	case "silent":
		time.Sleep(time.Hour)
	case "wrong-protocol":
		fmt.Println(`{"op":"hello","protocol":"llmbench.driver/v9","name":"x","capabilities":[]}`)
		time.Sleep(time.Hour)
	case "grandchild":
		c := exec.Command("sleep", "3600")
		if err := c.Start(); err != nil {
			return 1
		}
		fmt.Fprintf(os.Stderr, "child %d\n", c.Process.Pid)
	}
	if err := Serve(context.Background(), os.Stdin, os.Stdout, &fake{mode: mode}); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return 0
}

// start starts the test binary as the helper of the given mode.
func start(t *testing.T, ctx context.Context, mode string, opts Options) (*Client, error) {
	t.Helper()
	opts.Env = append(os.Environ(), "DRIVER_TEST_HELPER="+mode)
	return Start(ctx, []string{os.Args[0]}, opts)
}

// gone reports whether process pid has ended: it no longer exists, or it
// is a zombie waiting for its parent (init, for an orphan) to reap it.
func gone(pid int) bool {
	if syscall.Kill(pid, 0) == syscall.ESRCH {
		return true
	}
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return os.IsNotExist(err)
	}
	// pid (comm) state ...: the state follows the last ')'.
	i := bytes.LastIndexByte(stat, ')')
	return i > 0 && i+2 < len(stat) && stat[i+2] == 'Z'
}

func TestSession(t *testing.T) {
	var stderr bytes.Buffer
	c, err := start(t, context.Background(), "ok", Options{Stderr: &stderr})
	if err != nil {
		t.Fatal(err)
	}
	h := c.Hello()
	if h.Name != "fake" || !h.HasVariant("b") || !h.Can(CapProfile) || string(h.Env) != `{"GOGC":"100"}` {
		t.Errorf("hello = %+v", h)
	}
	ctx := context.Background()
	reqs := []json.RawMessage{json.RawMessage(`{"model":"gpt-4o"}`), json.RawMessage(`{"model":"x"}`)}
	if n, err := c.Load(ctx, reqs, Settings{DropParams: true}); err != nil || n != 2 {
		t.Fatalf("Load = %d, %v", n, err)
	}
	if err := c.Warmup(ctx, "a", 10); err != nil {
		t.Fatal(err)
	}
	b, err := c.Batch(ctx, BatchRequest{Variant: "a", From: 0, To: 2, Concurrency: 1})
	if err != nil {
		t.Fatal(err)
	}
	if b.WallNs != 200 || b.CPUNs == nil || *b.CPUNs != 180 || len(b.LatenciesNs) != 2 || b.Allocs != nil {
		t.Errorf("batch = %+v", b)
	}
	res, err := c.Cases(ctx, "a", reqs)
	if err != nil || len(res) != 2 || string(res[1]) != `{"model":"x"}` {
		t.Fatalf("Cases = %s, %v", res, err)
	}
	p, err := c.Profile(ctx, ProfileRequest{Variant: "a", DurationNs: 1e9, RateHz: 250})
	if err != nil || len(p.Stacks) != 1 || p.PeriodNs != 4e6 {
		t.Fatalf("Profile = %+v, %v", p, err)
	}
	// An error reply leaves the session usable.
	err = c.Warmup(ctx, "zzz", 1)
	var de *Error
	if !errors.As(err, &de) || de.Kind != Reply || de.Type != "UnknownVariant" || !errors.Is(err, ErrReply) {
		t.Fatalf("Warmup(zzz) = %v, want an error reply", err)
	}
	if !strings.Contains(err.Error(), `failed warmup: UnknownVariant: no variant "zzz"`) {
		t.Errorf("error = %q", err)
	}
	if err := c.Warmup(ctx, "b", 1); err != nil {
		t.Fatalf("after an error reply: %v", err)
	}
	pid := c.cmd.Process.Pid
	if err := c.Close(); err != nil {
		t.Fatalf("Close = %v", err)
	}
	if err := c.Close(); err != nil {
		t.Fatalf("second Close = %v", err)
	}
	if !gone(pid) || c.cmd.ProcessState.ExitCode() != 0 {
		t.Errorf("driver after bye: %v", c.cmd.ProcessState)
	}
}

func TestStartFailures(t *testing.T) {
	tests := []struct {
		name    string
		argv    []string
		mode    string
		timeout time.Duration
		kind    Kind
		want    []string
	}{
		{name: "prints usage", mode: "not-a-driver", kind: NotDriver,
			want: []string{"is not an llmbench driver", `printed "usage: tool [flags]`, `unknown command "driver"`, "exit status 2"}},
		{name: "echoes", argv: []string{"cat"}, kind: NotDriver, want: []string{"no name or capabilities"}},
		{name: "exits", argv: []string{"false"}, kind: NotDriver, want: []string{"exited before answering hello", "exit status 1"}},
		{name: "missing", argv: []string{"/nonexistent/driver"}, kind: NotDriver, want: []string{"cannot start it", "no such file"}},
		{name: "silent", mode: "silent", timeout: 300 * time.Millisecond, kind: NotDriver, want: []string{"no answer to hello within 300ms"}},
		{name: "other protocol", mode: "wrong-protocol", kind: WrongProtocol, want: []string{`protocol "llmbench.driver/v9"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := Options{HandshakeTimeout: tt.timeout}
			var err error
			if tt.argv != nil {
				_, err = Start(context.Background(), tt.argv, opts)
			} else {
				_, err = start(t, context.Background(), tt.mode, opts)
			}
			var de *Error
			if !errors.As(err, &de) || de.Kind != tt.kind {
				t.Fatalf("Start = %v, want kind %v", err, tt.kind)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error has more than one line: %q", err)
			}
		})
	}
}

// A program that prints one line and exits at once is named by what it
// printed, every time: its last line is read even when the process has
// already been reaped (a pipe that Wait closes on exit loses it now and then,
// which is how this was found in CI).
func TestPrintsAndExitsIsReadEveryTime(t *testing.T) {
	for i := 0; i < 100; i++ {
		_, err := Start(context.Background(), []string{"echo", "garbage"}, Options{})
		var de *Error
		if !errors.As(err, &de) || de.Kind != NotDriver {
			t.Fatalf("start %d: Start = %v, want NotDriver", i, err)
		}
		if !strings.Contains(err.Error(), `its answer to hello is not a driver's; it printed "garbage"`) {
			t.Fatalf("start %d: error %q does not say what it printed", i, err)
		}
	}
}

func TestRefusedHello(t *testing.T) {
	// Serve itself refuses another protocol.
	var out bytes.Buffer
	in := strings.NewReader(`{"op":"hello","protocol":"llmbench.driver/v0"}` + "\n" + `{"op":"batch"}` + "\n")
	if err := Serve(context.Background(), in, &out, &fake{}); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 2 || !strings.Contains(lines[0], `"type":"ProtocolError"`) || !strings.Contains(lines[1], `\"batch\" before hello`) {
		t.Errorf("replies = %q", lines)
	}
}

func TestServeErrors(t *testing.T) {
	var out bytes.Buffer
	in := strings.NewReader(strings.Join([]string{
		`{"op":"hello","protocol":"llmbench.driver/v1"}`,
		`not json`,
		`{"op":"dance"}`,
		``,
		`{"op":"warmup","variant":"q","n":1}`,
		`{"op":"batch","variant":"a","from":1,"to":3,"concurrency":2,"mode":"sync"}`,
		`{"op":"bye"}`,
		`{"op":"hello","protocol":"llmbench.driver/v1"}`,
	}, "\n"))
	if err := Serve(context.Background(), in, &out, &fake{}); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	want := []string{`"op":"hello"`, `"type":"BadRequest"`, `"type":"UnknownOp"`, `"type":"UnknownVariant"`, `"wall_ns":200`}
	if len(lines) != len(want) {
		t.Fatalf("replies = %q, want %d (nothing after bye)", lines, len(want))
	}
	for i, w := range want {
		if !strings.Contains(lines[i], w) {
			t.Errorf("reply %d = %s, want %s", i, lines[i], w)
		}
	}
}

func TestDiedMidRun(t *testing.T) {
	var stderr bytes.Buffer
	c, err := start(t, context.Background(), "die-on-batch", Options{Stderr: &stderr})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Batch(context.Background(), BatchRequest{Variant: "a", From: 0, To: 1})
	var de *Error
	if !errors.As(err, &de) || de.Kind != Died || !errors.Is(err, ErrDied) {
		t.Fatalf("Batch = %v, want Died", err)
	}
	for _, w := range []string{"died during batch", "exit status 3", "panic: boom in batch"} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error %q does not contain %q", err, w)
		}
	}
	if !strings.Contains(stderr.String(), "boom") {
		t.Errorf("stderr not passed through: %q", stderr.String())
	}
	if err2 := c.Warmup(context.Background(), "a", 1); err2 != err {
		t.Errorf("a call after the driver died = %v, want the same error", err2)
	}
	if err := c.Close(); err != nil {
		t.Errorf("Close after death = %v", err)
	}
}

func TestGarbageReply(t *testing.T) {
	c, err := start(t, context.Background(), "garbage-batch", Options{})
	if err != nil {
		t.Fatal(err)
	}
	pid := c.cmd.Process.Pid
	_, err = c.Batch(context.Background(), BatchRequest{Variant: "a", From: 0, To: 1})
	if !errors.Is(err, ErrGarbage) || !strings.Contains(err.Error(), `"this is not JSON"`) {
		t.Fatalf("Batch = %v, want garbage", err)
	}
	if !gone(pid) {
		t.Errorf("driver %d still running after a garbage reply", pid)
	}
	c.Close()
}

// TestMistypedReply: a reply with a field of the wrong type is garbage,
// said in JSON's terms (no Go type or struct name).
func TestMistypedReply(t *testing.T) {
	c, err := start(t, context.Background(), "typed-batch", Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	_, err = c.Batch(context.Background(), BatchRequest{Variant: "a", From: 0, To: 1})
	if !errors.Is(err, ErrGarbage) || !strings.Contains(err.Error(), `field "wall_ns": want a whole number, got a string`) ||
		strings.Contains(err.Error(), "Go ") || strings.Contains(err.Error(), "BatchReply") {
		t.Fatalf("Batch = %v, want the field in JSON's terms", err)
	}
}

func TestInconsistentBatch(t *testing.T) {
	c, err := start(t, context.Background(), "short-batch", Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	_, err = c.Batch(context.Background(), BatchRequest{Variant: "a", From: 0, To: 5})
	if !errors.Is(err, ErrGarbage) || !strings.Contains(err.Error(), "a batch of 5 requests gave 1 latencies") || strings.HasSuffix(err.Error(), `""`) {
		t.Fatalf("Batch = %v", err)
	}
}

func TestCancelKills(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	c, err := start(t, ctx, "hang-on-batch", Options{})
	if err != nil {
		t.Fatal(err)
	}
	pid := c.cmd.Process.Pid
	done := make(chan error)
	go func() {
		_, err := c.Batch(context.Background(), BatchRequest{Variant: "a", From: 0, To: 1})
		done <- err
	}()
	time.Sleep(50 * time.Millisecond)
	cancel() // Start's context: kills the driver, the call ends
	err = <-done
	if !errors.Is(err, ErrDied) {
		t.Fatalf("Batch after cancel = %v, want Died", err)
	}
	c.Close()
	if !gone(pid) {
		t.Errorf("driver %d still running after cancel", pid)
	}

	// A call's own context.
	c, err = start(t, context.Background(), "hang-on-batch", Options{})
	if err != nil {
		t.Fatal(err)
	}
	pid = c.cmd.Process.Pid
	cctx, ccancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer ccancel()
	if _, err := c.Batch(cctx, BatchRequest{Variant: "a", From: 0, To: 1}); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Batch = %v, want the context's error", err)
	}
	c.Close()
	if !gone(pid) {
		t.Errorf("driver %d still running after its call was canceled", pid)
	}
}

func TestKillsProcessGroup(t *testing.T) {
	var stderr syncbuf.Buffer
	c, err := start(t, context.Background(), "grandchild", Options{Stderr: &stderr})
	if err != nil {
		t.Fatal(err)
	}
	var child int
	for i := 0; i < 100 && child == 0; i++ {
		if f := strings.Fields(stderr.String()); len(f) == 2 {
			child, _ = strconv.Atoi(f[1])
		}
		time.Sleep(10 * time.Millisecond)
	}
	if child == 0 {
		t.Fatalf("no child pid on stderr: %q", stderr.String())
	}
	c.Close()
	for i := 0; i < 100 && !gone(child); i++ {
		time.Sleep(10 * time.Millisecond) // init reaps it
	}
	if !gone(child) {
		syscall.Kill(child, syscall.SIGKILL)
		t.Errorf("the driver's child %d outlived it", child)
	}
}

func TestTailWriter(t *testing.T) {
	var w tailWriter
	fmt.Fprint(&w, "a\nb\n\nc\nd\ne\nf\ng")
	if got, want := strings.Join(w.last(), ","), "c,d,e,f,g"; got != want {
		t.Errorf("last = %s, want %s", got, want)
	}
}

// TestServeCanceledWhileIdle: a driver waiting for its next request stops
// when its context is canceled (Ctrl-C on an idle `llmbench driver`).
func TestServeCanceledWhileIdle(t *testing.T) {
	r, w := io.Pipe()
	defer w.Close()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- Serve(ctx, r, io.Discard, &fake{}) }()
	if _, err := io.WriteString(w, `{"op":"hello","protocol":"llmbench.driver/v1"}`+"\n"); err != nil {
		t.Fatal(err)
	}
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Errorf("Serve = %v, want context.Canceled", err)
	}
}
