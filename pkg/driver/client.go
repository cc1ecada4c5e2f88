package driver

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync"
	"time"

	"github.com/llmbench/llmbench/pkg/infile"
)

// A Kind classifies the ways a driver can fail.
type Kind int

const (
	// NotDriver: the program did not answer hello as a driver (it printed
	// something else, exited, or said nothing within the handshake timeout).
	NotDriver Kind = iota + 1
	// WrongProtocol: it answered hello, but speaks another protocol or
	// refused ours.
	WrongProtocol
	// Died: it exited (or was killed) in the middle of the session.
	Died
	// Garbage: a reply that is not a JSON object of the expected op.
	Garbage
	// Reply: the driver answered the request with an error reply.
	Reply
)

func (k Kind) String() string {
	switch k {
	case NotDriver:
		return "not a driver"
	case WrongProtocol:
		return "wrong protocol"
	case Died:
		return "died"
	case Garbage:
		return "garbage reply"
	case Reply:
		return "error reply"
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// An Error is a driver failure. Every error a Client returns is an *Error,
// except the context's error when a call is canceled.
type Error struct {
	Kind Kind
	// Command is the driver's command line, as given to Start.
	Command string
	// Op is the request during which it happened.
	Op string
	// Type and Message are the driver's error reply (Kind Reply), or what
	// was wrong (other kinds).
	Type, Message string
	// Line is the offending reply (Garbage, NotDriver), truncated.
	Line string
	// ExitStatus describes how the process ended ("exit status 1",
	// "signal: killed") when it did.
	ExitStatus string
	// Stderr holds the last lines the driver wrote to stderr.
	Stderr []string
}

// Error returns one line: what happened, to which command, what to do, and
// its last words on stderr.
func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "driver %s", e.Command)
	switch e.Kind {
	case NotDriver:
		parts := []string{e.Message}
		if e.Line != "" {
			parts = append(parts, fmt.Sprintf("it printed %q", e.Line))
		}
		if e.ExitStatus != "" {
			parts = append(parts, e.ExitStatus)
		}
		fmt.Fprintf(&b, " is not an llmbench driver (%s): give a built llmbench binary or a program that speaks %s", strings.Join(parts, "; "), Protocol)
	case WrongProtocol:
		fmt.Fprintf(&b, " does not speak %s: %s", Protocol, e.Message)
	case Died:
		fmt.Fprintf(&b, " died during %s (%s): a driver must answer every request until bye; fix it and run again", e.Op, e.ExitStatus)
	case Garbage:
		fmt.Fprintf(&b, " answered %s with garbage: %s", e.Op, e.Message)
		if e.Line != "" {
			fmt.Fprintf(&b, ": %q", e.Line)
		}
		fmt.Fprintf(&b, ": a driver's stdout must carry only its %s replies, one JSON object a line (log to stderr)", Protocol)
	case Reply:
		fmt.Fprintf(&b, " failed %s: %s: %s", e.Op, e.Type, e.Message)
	default:
		fmt.Fprintf(&b, ": %s", e.Message)
	}
	if len(e.Stderr) > 0 {
		fmt.Fprintf(&b, "; its stderr ends: %s", strings.Join(e.Stderr, " | "))
	}
	return b.String()
}

// Is makes errors.Is(err, ErrDied) and the like hold for each Kind.
func (e *Error) Is(target error) bool {
	k, ok := target.(kindError)
	return ok && Kind(k) == e.Kind
}

type kindError Kind

func (k kindError) Error() string { return Kind(k).String() }

// Sentinels for errors.Is, one per Kind.
var (
	ErrNotDriver     error = kindError(NotDriver)
	ErrWrongProtocol error = kindError(WrongProtocol)
	ErrDied          error = kindError(Died)
	ErrGarbage       error = kindError(Garbage)
	ErrReply         error = kindError(Reply)
)

// Options configure Start.
type Options struct {
	// Stderr receives the driver's stderr as it comes; nil discards it (the
	// last lines are still kept for errors).
	Stderr io.Writer
	// HandshakeTimeout bounds the wait for the hello reply; zero means
	// DefaultHandshakeTimeout.
	HandshakeTimeout time.Duration
	// Dir is the driver's working directory; empty means the caller's.
	Dir string
	// Env is the driver's environment; nil means the caller's.
	Env []string
	// Arg0, when set, is passed to the program as its argv[0] instead of
	// the first word of the command (the program is still found by the
	// first word).
	Arg0 string
	// Name, when set, names the driver in errors instead of its command
	// line.
	Name string
}

// DefaultHandshakeTimeout is how long Start waits for a hello reply.
// Python drivers import LiteLLM first, which takes seconds on a busy machine.
const DefaultHandshakeTimeout = 60 * time.Second

// MaxReply is the longest reply line a Client accepts.
const MaxReply = 1 << 30

// stderrLines is how many of the driver's last stderr lines an Error keeps.
const stderrLines = 5

// handshakeGrace is how long a program that failed the handshake may take
// to exit by itself: one that prints its usage exits at once, with an exit
// status and a message on stderr worth showing.
const handshakeGrace = time.Second

// byeTimeout is how long Close waits for the driver to exit after bye
// before killing it.
const byeTimeout = 5 * time.Second

// A Client is a session with one driver process. Its methods send one
// request and wait for its reply; they are safe for concurrent use but run
// one at a time. A Client must be closed.
//
// When the context of a call is canceled, the call kills the driver and
// returns the context's error; the Client is unusable after that, and
// after any *Error except of Kind Reply.
type Client struct {
	command string
	cmd     *exec.Cmd
	stdin   io.WriteCloser
	lines   chan line
	exited  chan struct{} // closed when the process has been reaped
	done    chan struct{} // closed when the Client is finished: read stops delivering
	tail    *tailWriter
	hello   *Hello

	// grace is how long a failing session waits for the driver to exit
	// by itself (so that its exit status and last words are known)
	// before killing it.
	grace time.Duration

	mu      sync.Mutex // one request at a time
	broken  error      // the error that ended the session
	closeMu sync.Mutex
	closed  bool
	waitErr error
}

type line struct {
	b   []byte
	err error
}

// Start starts the driver program argv[0] with arguments argv[1:] and
// shakes hands with it. The process is killed when ctx is done. An error
// is an *Error of Kind NotDriver or WrongProtocol (or Died, when it could
// not even be started), and no process is left behind.
func Start(ctx context.Context, argv []string, opts Options) (*Client, error) {
	if len(argv) == 0 {
		return nil, &Error{Kind: NotDriver, Command: "(none)", Op: OpHello, Message: "empty command"}
	}
	command := strings.Join(argv, " ")
	if opts.Name != "" {
		command = opts.Name
	}
	cmd := exec.Command(argv[0], argv[1:]...)
	if opts.Arg0 != "" {
		cmd.Args[0] = opts.Arg0
	}
	cmd.Dir, cmd.Env = opts.Dir, opts.Env
	tail := &tailWriter{w: opts.Stderr}
	cmd.Stderr = tail
	cmd.WaitDelay = time.Second
	setProcessGroup(cmd)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, &Error{Kind: NotDriver, Command: command, Op: OpHello, Message: err.Error()}
	}
	// Our own pipe, not cmd.StdoutPipe: Wait closes that one as soon as the
	// process exits, which can be before its last line (a program that
	// prints one line and exits) has been read.
	stdout, w, err := os.Pipe()
	if err != nil {
		stdin.Close()
		return nil, &Error{Kind: NotDriver, Command: command, Op: OpHello, Message: err.Error()}
	}
	cmd.Stdout = w
	err = cmd.Start()
	w.Close() // the child has its copy; EOF comes when it (and its children) close it
	if err != nil {
		stdout.Close()
		return nil, &Error{Kind: NotDriver, Command: command, Op: OpHello, Message: "cannot start it: " + startError(err)}
	}
	c := &Client{command: command, cmd: cmd, stdin: stdin, lines: make(chan line, 1),
		exited: make(chan struct{}), done: make(chan struct{}), tail: tail, grace: handshakeGrace}
	go c.read(stdout)
	go func() {
		c.waitErr = cmd.Wait()
		close(c.exited)
	}()
	go func() { // kill on ctx done; exits with the process
		select {
		case <-ctx.Done():
			c.kill()
		case <-c.exited:
		}
	}()

	timeout := opts.HandshakeTimeout
	if timeout <= 0 {
		timeout = DefaultHandshakeTimeout
	}
	hctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	var h Hello
	err = c.call(hctx, OpHello, HelloRequest{Op: OpHello, Protocol: Protocol}, &h)
	if err == nil {
		err = checkHello(c, &h)
	}
	if err != nil {
		if ctx.Err() == nil && errors.Is(hctx.Err(), context.DeadlineExceeded) {
			err = &Error{Kind: NotDriver, Op: OpHello, Message: fmt.Sprintf("no answer to hello within %v", timeout)}
		}
		err = c.handshakeError(err)
		c.kill()
		<-c.exited
		close(c.done)
		return nil, err
	}
	c.hello = &h
	c.grace = 0
	return c, nil
}

// startError shortens exec's error for a program that cannot run.
func startError(err error) string {
	var ee *exec.Error
	if errors.As(err, &ee) {
		return ee.Err.Error()
	}
	return err.Error()
}

func checkHello(c *Client, h *Hello) error {
	switch {
	case h.Protocol != "" && h.Protocol != Protocol:
		return &Error{Kind: WrongProtocol, Op: OpHello, Message: fmt.Sprintf("it answered hello with protocol %q", h.Protocol)}
	case h.Name == "" || h.Capabilities == nil:
		line, _ := json.Marshal(h)
		return &Error{Kind: NotDriver, Op: OpHello, Message: "its hello reply has no name or capabilities", Line: truncate(string(line))}
	}
	return nil
}

// handshakeError turns a failure of the hello exchange into NotDriver or
// WrongProtocol, filling in the command and stderr.
func (c *Client) handshakeError(err error) error {
	var e *Error
	if !errors.As(err, &e) {
		if errors.Is(err, context.Canceled) {
			return err
		}
		e = &Error{Kind: NotDriver, Op: OpHello, Message: err.Error()}
	}
	switch e.Kind {
	case Died:
		e.Kind, e.Message = NotDriver, "it exited before answering hello"
		if e.ExitStatus == "closed its stdout" {
			e.ExitStatus = ""
		}
	case Garbage:
		e.Kind, e.Message = NotDriver, "its answer to hello is not a driver's"
	case Reply:
		e.Kind, e.Message = WrongProtocol, fmt.Sprintf("it refused hello: %s: %s", e.Type, e.Message)
	}
	e.Command = c.command
	if e.Stderr == nil {
		e.Stderr = c.tail.last()
	}
	return e
}

// Hello returns the driver's hello reply.
func (c *Client) Hello() *Hello { return c.hello }

// Command returns the driver's command line.
func (c *Client) Command() string { return c.command }

// Pid returns the driver's process id.
func (c *Client) Pid() int { return c.cmd.Process.Pid }

// Load sends the requests (JSON objects) that batches run, and returns how
// many the driver loaded.
func (c *Client) Load(ctx context.Context, requests []json.RawMessage, s Settings) (int, error) {
	var r LoadReply
	if err := c.call(ctx, OpLoad, LoadRequest{Op: OpLoad, Requests: requests, Settings: s}, &r); err != nil {
		return 0, err
	}
	if r.N != len(requests) {
		return r.N, c.fail(&Error{Kind: Garbage, Op: OpLoad, Message: fmt.Sprintf("loaded %d of %d requests", r.N, len(requests))})
	}
	return r.N, nil
}

// Warmup runs n loaded requests of variant untimed.
func (c *Client) Warmup(ctx context.Context, variant string, n int) error {
	return c.WarmupMode(ctx, variant, "", n)
}

// WarmupMode runs n loaded requests of variant untimed, in the batch mode
// that will be measured ("" for the driver's default).
func (c *Client) WarmupMode(ctx context.Context, variant, mode string, n int) error {
	return c.call(ctx, OpWarmup, WarmupRequest{Op: OpWarmup, Variant: variant, N: n, Mode: mode}, &WarmupReply{})
}

// Batch runs one batch and returns what it measured.
func (c *Client) Batch(ctx context.Context, req BatchRequest) (*BatchReply, error) {
	req.Op = OpBatch
	if req.Mode == "" {
		req.Mode = ModeSync
	}
	var r BatchReply
	if err := c.call(ctx, OpBatch, req, &r); err != nil {
		return nil, err
	}
	if n := req.To - req.From; len(r.LatenciesNs) != n || r.WallNs <= 0 || r.Errors < 0 || r.Errors > n {
		return nil, c.fail(&Error{Kind: Garbage, Op: OpBatch, Message: fmt.Sprintf(
			"a batch of %d requests gave %d latencies, wall_ns %d and %d errors", n, len(r.LatenciesNs), r.WallNs, r.Errors)})
	}
	return &r, nil
}

// Cases runs cases (JSON objects as in case files) through variant and
// returns one result per case.
func (c *Client) Cases(ctx context.Context, variant string, cases []json.RawMessage) ([]json.RawMessage, error) {
	var r CasesReply
	if err := c.call(ctx, OpCases, CasesRequest{Op: OpCases, Variant: variant, Cases: cases}, &r); err != nil {
		return nil, err
	}
	if len(r.Results) != len(cases) {
		return nil, c.fail(&Error{Kind: Garbage, Op: OpCases, Message: fmt.Sprintf("%d results for %d cases", len(r.Results), len(cases))})
	}
	return r.Results, nil
}

// Profile profiles variant and returns the profile.
func (c *Client) Profile(ctx context.Context, req ProfileRequest) (*ProfileReply, error) {
	req.Op = OpProfile
	var r ProfileReply
	if err := c.call(ctx, OpProfile, req, &r); err != nil {
		return nil, err
	}
	if r.PprofPath == "" && r.Stacks == nil {
		return nil, c.fail(&Error{Kind: Garbage, Op: OpProfile, Message: "neither pprof_path nor stacks"})
	}
	return &r, nil
}

// Close ends the session: it sends bye, waits a few seconds for the driver
// to exit and kills it (and every process it started) otherwise. It
// returns an *Error of Kind Died when the driver did not exit cleanly
// after a session that had not failed before. Close is idempotent.
func (c *Client) Close() error {
	c.closeMu.Lock()
	defer c.closeMu.Unlock()
	if c.closed {
		return nil
	}
	c.closed = true
	c.mu.Lock()
	broken := c.broken
	c.mu.Unlock()
	if broken == nil {
		b, _ := json.Marshal(ByeRequest{Op: OpBye})
		_, _ = c.stdin.Write(append(b, '\n'))
	}
	_ = c.stdin.Close()
	t := time.NewTimer(byeTimeout)
	defer t.Stop()
	select {
	case <-c.exited:
	case <-t.C:
	}
	c.kill()
	<-c.exited
	close(c.done)
	if broken == nil && c.waitErr != nil {
		return &Error{Kind: Died, Command: c.command, Op: OpBye, ExitStatus: c.waitErr.Error(), Stderr: c.tail.last()}
	}
	return nil
}

// kill kills the driver's process group; it is harmless after the process
// has exited.
func (c *Client) kill() {
	select {
	case <-c.exited:
		killGroup(c.cmd) // grandchildren may outlive the driver
	default:
		killGroup(c.cmd)
	}
}

// read delivers stdout lines to c.lines until EOF or an error.
func (c *Client) read(r io.ReadCloser) {
	defer r.Close()
	br := bufio.NewReaderSize(r, 64<<10)
	for {
		b, err := readLine(br)
		select {
		case c.lines <- line{b, err}:
		case <-c.done:
			return // nobody will read it
		}
		if err != nil {
			return
		}
	}
}

var errTooLong = errors.New("reply line too long")

func readLine(br *bufio.Reader) ([]byte, error) {
	var buf []byte
	for {
		frag, err := br.ReadSlice('\n')
		if len(buf)+len(frag) > MaxReply {
			return nil, errTooLong
		}
		buf = append(buf, frag...)
		if err == bufio.ErrBufferFull {
			continue
		}
		if err != nil {
			if err == io.EOF && len(bytes.TrimSpace(buf)) > 0 {
				return buf, nil // a last line without newline
			}
			return nil, err
		}
		return buf, nil
	}
}

// call sends req and decodes the reply of op into reply.
func (c *Client) call(ctx context.Context, op string, req, reply any) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.broken != nil {
		return c.broken
	}
	b, err := json.Marshal(req)
	if err != nil {
		return fmt.Errorf("encoding %s request: %w", op, err)
	}
	var gone <-chan time.Time
	if _, err := c.stdin.Write(append(b, '\n')); err != nil {
		// It closed its stdin, most likely by exiting; what it printed
		// before (a program that prints a line and exits) is still read.
		t := time.NewTimer(byeTimeout)
		defer t.Stop()
		gone = t.C
	}
	var l line
	select {
	case l = <-c.lines:
	case <-gone:
		return c.failLocked(c.died(op))
	case <-ctx.Done():
		c.kill()
		c.broken = ctx.Err()
		return ctx.Err()
	}
	if l.err != nil {
		if l.err == errTooLong {
			return c.failLocked(&Error{Kind: Garbage, Op: op, Message: "a reply longer than the " + infile.Size(MaxReply) + " limit"})
		}
		return c.failLocked(c.died(op))
	}
	var probe struct {
		Op    string     `json:"op"`
		Error *ErrorBody `json:"error"`
	}
	text := bytes.TrimSpace(l.b)
	if err := json.Unmarshal(text, &probe); err != nil {
		return c.failLocked(&Error{Kind: Garbage, Op: op, Message: "not a JSON object", Line: truncate(string(text))})
	}
	if probe.Error != nil {
		return &Error{Kind: Reply, Command: c.command, Op: op, Type: probe.Error.Type, Message: probe.Error.Message}
	}
	if probe.Op != op {
		return c.failLocked(&Error{Kind: Garbage, Op: op, Message: fmt.Sprintf("the reply's op is %q", probe.Op), Line: truncate(string(text))})
	}
	if err := json.Unmarshal(text, reply); err != nil {
		return c.failLocked(&Error{Kind: Garbage, Op: op, Message: infile.Problem(text, err).Error(), Line: truncate(string(text))})
	}
	return nil
}

// died waits for the process to end and describes it.
func (c *Client) died(op string) *Error {
	t := time.NewTimer(byeTimeout)
	defer t.Stop()
	select {
	case <-c.exited:
	case <-t.C: // stdout closed but still running: end it
		c.kill()
		<-c.exited
	}
	status := "closed its stdout"
	if c.waitErr != nil {
		status = c.waitErr.Error()
	} else if c.cmd.ProcessState != nil {
		status = c.cmd.ProcessState.String()
	}
	return &Error{Kind: Died, Op: op, ExitStatus: status}
}

// fail records e as the end of the session (the driver is killed) and
// returns it.
func (c *Client) fail(e *Error) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.failLocked(e)
}

func (c *Client) failLocked(e *Error) error {
	e.Command = c.command
	if c.grace > 0 {
		t := time.NewTimer(c.grace)
		select {
		case <-c.exited:
			if e.ExitStatus == "" && c.waitErr != nil {
				e.ExitStatus = c.waitErr.Error()
			}
		case <-t.C:
		}
		t.Stop()
	}
	c.kill()
	<-c.exited
	e.Stderr = c.tail.last()
	c.broken = e
	return e
}

// truncate shortens a reply for an error message.
func truncate(s string) string {
	const max = 200
	if len(s) > max {
		return s[:max] + "..."
	}
	return s
}

// tailWriter passes writes through to w and keeps the last lines.
type tailWriter struct {
	w     io.Writer
	mu    sync.Mutex
	lines []string
	part  []byte
}

func (t *tailWriter) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.w != nil {
		_, _ = t.w.Write(p) // a broken stderr must not stop the driver
	}
	t.part = append(t.part, p...)
	for {
		i := bytes.IndexByte(t.part, '\n')
		if i < 0 {
			break
		}
		t.add(string(t.part[:i]))
		t.part = t.part[i+1:]
	}
	if len(t.part) > 4096 {
		t.add(string(t.part))
		t.part = nil
	}
	return len(p), nil
}

func (t *tailWriter) add(s string) {
	s = strings.TrimSpace(s)
	if s == "" {
		return
	}
	t.lines = append(t.lines, truncate(s))
	if len(t.lines) > stderrLines {
		t.lines = t.lines[len(t.lines)-stderrLines:]
	}
}

// last returns the last lines written, including an unfinished one.
func (t *tailWriter) last() []string {
	t.mu.Lock()
	defer t.mu.Unlock()
	out := append([]string(nil), t.lines...)
	if s := strings.TrimSpace(string(t.part)); s != "" {
		out = append(out, truncate(s))
	}
	if len(out) > stderrLines {
		out = out[len(out)-stderrLines:]
	}
	return out
}
