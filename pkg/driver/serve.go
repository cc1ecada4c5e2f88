package driver

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/llmbench/llmbench/pkg/infile"
)

// A Handler implements a driver's operations for Serve. Serve calls one
// method at a time, only after a successful hello, and turns an error into
// an error reply (an *OpError keeps its type).
type Handler interface {
	// Hello describes the driver; Serve fills in Op and Protocol.
	Hello(ctx context.Context) (*Hello, error)
	Load(ctx context.Context, req *LoadRequest) (*LoadReply, error)
	Warmup(ctx context.Context, req *WarmupRequest) error
	Batch(ctx context.Context, req *BatchRequest) (*BatchReply, error)
	Cases(ctx context.Context, req *CasesRequest) (*CasesReply, error)
	Profile(ctx context.Context, req *ProfileRequest) (*ProfileReply, error)
}

// request is the union of every request's fields, for decoding.
type request struct {
	Op          string            `json:"op"`
	Protocol    string            `json:"protocol"`
	Requests    []json.RawMessage `json:"requests"`
	Settings    Settings          `json:"settings"`
	Variant     string            `json:"variant"`
	N           int               `json:"n"`
	From        int               `json:"from"`
	To          int               `json:"to"`
	Concurrency int               `json:"concurrency"`
	Mode        string            `json:"mode"`
	Cases       []json.RawMessage `json:"cases"`
	DurationNs  int64             `json:"duration_ns"`
	RateHz      int               `json:"rate_hz"`
}

// Serve reads requests from r and writes one reply line for each to w
// until bye, the end of r, or ctx is done. It returns nil after bye or at
// the end of r, ctx's error when canceled (also while it waits for a
// request; a read of r then still pending ends with r), and the error of a
// failed write or read otherwise.
func Serve(ctx context.Context, r io.Reader, w io.Writer, h Handler) error {
	br := bufio.NewReaderSize(r, 64<<10)
	bw := bufio.NewWriter(w)
	reply := func(v any) error {
		b, err := json.Marshal(v)
		if err != nil {
			b, _ = json.Marshal(ErrorReply{ErrorBody{Type: ErrTypeDriver, Message: "encoding the reply: " + err.Error()}})
		}
		bw.Write(b)
		bw.WriteByte('\n')
		return bw.Flush()
	}
	fail := func(err error) error {
		var oe *OpError
		if errors.As(err, &oe) {
			return reply(ErrorReply{ErrorBody{Type: oe.Type, Message: oe.Message}})
		}
		return reply(ErrorReply{ErrorBody{Type: ErrTypeDriver, Message: err.Error()}})
	}
	// Lines are read beside the loop, so that a canceled ctx ends Serve
	// while it waits for the next request (Ctrl-C on an idle driver).
	type readResult struct {
		b   []byte
		err error
	}
	lines := make(chan readResult)
	go func() {
		for {
			b, err := readLine(br)
			select {
			case lines <- readResult{b, err}:
			case <-ctx.Done():
				return
			}
			if err != nil {
				return
			}
		}
	}()
	greeted := false
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		var r readResult
		select {
		case r = <-lines:
		case <-ctx.Done():
			return ctx.Err()
		}
		b, err := r.b, r.err
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("reading requests: %w", err)
		}
		b = bytes.TrimSpace(b)
		if len(b) == 0 {
			continue
		}
		var req request
		if err := json.Unmarshal(b, &req); err != nil {
			if err := fail(Errorf(ErrTypeBadRequest, "not a request: %v", infile.Problem(b, err))); err != nil {
				return err
			}
			continue
		}
		if req.Op == OpBye {
			return nil
		}
		if !greeted && req.Op != OpHello {
			if err := fail(Errorf(ErrTypeProtocol, "%q before hello", req.Op)); err != nil {
				return err
			}
			continue
		}
		var out any
		switch req.Op {
		case OpHello:
			if req.Protocol != Protocol {
				err = Errorf(ErrTypeProtocol, "this driver speaks %s, not %q", Protocol, req.Protocol)
				break
			}
			var hello *Hello
			if hello, err = h.Hello(ctx); err == nil {
				hello.Op, hello.Protocol = OpHello, Protocol
				out, greeted = hello, true
			}
		case OpLoad:
			var rep *LoadReply
			if rep, err = h.Load(ctx, &LoadRequest{Op: req.Op, Requests: req.Requests, Settings: req.Settings}); err == nil {
				rep.Op, out = OpLoad, rep
			}
		case OpWarmup:
			if err = h.Warmup(ctx, &WarmupRequest{Op: req.Op, Variant: req.Variant, N: req.N}); err == nil {
				out = WarmupReply{Op: OpWarmup}
			}
		case OpBatch:
			var rep *BatchReply
			if rep, err = h.Batch(ctx, &BatchRequest{Op: req.Op, Variant: req.Variant, From: req.From, To: req.To,
				Concurrency: req.Concurrency, Mode: req.Mode}); err == nil {
				rep.Op, out = OpBatch, rep
			}
		case OpCases:
			var rep *CasesReply
			if rep, err = h.Cases(ctx, &CasesRequest{Op: req.Op, Variant: req.Variant, Cases: req.Cases}); err == nil {
				rep.Op, out = OpCases, rep
			}
		case OpProfile:
			var rep *ProfileReply
			if rep, err = h.Profile(ctx, &ProfileRequest{Op: req.Op, Variant: req.Variant, DurationNs: req.DurationNs,
				RateHz: req.RateHz}); err == nil {
				rep.Op, out = OpProfile, rep
			}
		default:
			err = Errorf(ErrTypeUnknownOp, "unknown op %q", req.Op)
		}
		if err != nil {
			if cerr := ctx.Err(); cerr != nil {
				return cerr
			}
			err = fail(err)
		} else {
			err = reply(out)
		}
		if err != nil {
			return fmt.Errorf("writing a reply: %w", err)
		}
	}
}
