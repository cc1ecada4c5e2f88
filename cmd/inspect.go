package cmd

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"strconv"
	"strings"

	"github.com/llmbench/llmbench/pkg/completion"
	"github.com/llmbench/llmbench/pkg/infile"
	"github.com/spf13/cobra"
)

// InspectOptions are the flags of `llmbench inspect`.
type InspectOptions struct {
	Request  string // file, "-" for stdin, "" for flags only
	Model    string
	Provider string
	APIBase  string
	Params   string // JSON object of params
	Mock     string
	Stream   bool
	Variant  string
	Stage    string
	pipeline pipelineFlags

	In          io.Reader
	Out, ErrOut io.Writer
}

func newInspectCmd(app *appContext) *cobra.Command {
	opts := &InspectOptions{}
	c := &cobra.Command{
		Use:   "inspect",
		Short: "Run one request through one variant and print every stage's result as JSON",
		Long: `inspect runs one request through the pipeline of one variant and prints the resolved
provider, the optional params (provider-native), the logging-pass params, the response and
its cost as JSON: the tool to reach for when a case fails.

The request is a JSON object: an OpenAI chat request body with LiteLLM's extras
(custom_llm_provider, api_base, drop_params, additional_drop_params,
allowed_openai_params, mock_response, mock_tool_calls), at most ` + infile.Size(infile.MaxSize) + ` and
` + strconv.Itoa(completion.MaxDepth) + ` levels deep. Flags override its fields.

` + exitCodesHelp,
		Example: `  llmbench inspect --model anthropic/claude-3-5-sonnet-20240620 --params '{"max_tokens":100,"stop":"END"}'
  echo '{"model":"gpt-4o","temperature":0.2,"mock_response":"hi"}' | llmbench inspect --request -
  llmbench inspect --model gemini/gemini-1.5-pro --params '{"n":2}' --stage get_optional_params`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			opts.In, opts.Out, opts.ErrOut = c.InOrStdin(), c.OutOrStdout(), c.ErrOrStderr()
			return runInspect(c.Context(), opts)
		},
	}
	f := c.Flags()
	f.StringVar(&opts.Request, "request", "", "request JSON file, or - for stdin")
	f.StringVar(&opts.Model, "model", "", "model (e.g. openai/gpt-4o)")
	f.StringVar(&opts.Provider, "custom-llm-provider", "", "explicit provider")
	f.StringVar(&opts.APIBase, "api-base", "", "api_base")
	f.StringVar(&opts.Params, "params", "", "params as a JSON object")
	f.StringVar(&opts.Mock, "mock-response", "", `mock_response (default "This is a mock request" when the request has none)`)
	f.BoolVar(&opts.Stream, "stream", false, "stream the response")
	f.StringVar(&opts.Variant, "variant", "optimized", "variant to run")
	f.StringVar(&opts.Stage, "stage", "completion", "what to run: completion (the whole pipeline), get_optional_params (as LiteLLM's tests call it, stream=False default), map_openai_params")
	enumCompletion(c, "stage", inspectStages)
	enumCompletion(c, "variant", completion.VariantNames())
	_ = c.MarkFlagFilename("request", "json")
	for _, name := range []string{"custom-llm-provider", "api-base", "mock-response"} {
		_ = f.SetAnnotation(name, emptyOK, []string{"yes"}) // "" is falsy to LiteLLM, as when not given
	}
	opts.pipeline.register(c)
	return c
}

// inspectStages are the values of --stage.
var inspectStages = []string{"completion", "get_optional_params", "map_openai_params"}

func runInspect(ctx context.Context, opts *InspectOptions) error {
	req, err := inspectRequest(opts)
	if err != nil {
		return err
	}
	popts, err := opts.pipeline.options()
	if err != nil {
		return err
	}
	p, err := completion.New(opts.Variant, popts)
	if err != nil {
		return &FlagError{Flag: "--variant " + opts.Variant, Err: err}
	}
	out := completion.Object{{Key: "variant", Value: opts.Variant}}
	var runErr error
	switch opts.Stage {
	case "completion":
		if !req.HasMock && req.MockToolCalls == nil {
			req.MockResponse, req.HasMock = nil, true
		}
		var res *completion.Result
		res, runErr = p.Complete(ctx, req)
		if res != nil {
			out = append(out, res.Object()...)
			if res.StreamErr != nil {
				runErr = res.StreamErr
			}
		}
	case "get_optional_params", "map_openai_params":
		var r completion.Resolved
		var opt completion.Object
		if opts.Stage == "map_openai_params" {
			r, opt, runErr = p.MapOpenAIParams(req, nil)
		} else {
			r, opt, runErr = p.OptionalParams(req)
		}
		out = append(out, r.Object()...)
		out.Set("optional_params", opt)
	default:
		return flagErrorf("--stage "+opts.Stage, "unknown stage: want %s", strings.Join(inspectStages, ", "))
	}
	var le *completion.Error
	if errors.As(runErr, &le) {
		// printed in the JSON below; see also the exit code
		e := completion.ErrorObject(le)
		if le.StatusCode != 0 {
			e.Set("status_code", float64(le.StatusCode))
		}
		out.Set("error", e)
	} else if runErr != nil {
		return runErr
	}
	if ctx.Err() != nil {
		return interruptedBeforeOutput("")
	}
	data, err := completion.MarshalValue(out)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := json.Indent(&buf, data, "", "  "); err != nil {
		return err
	}
	buf.WriteByte('\n')
	if _, err := opts.Out.Write(buf.Bytes()); err != nil {
		return err
	}
	if le != nil && !mockAskedForError(req) {
		// LiteLLM rejects the request (unknown provider, unsupported
		// params, ...): bad input, exit 2, after printing what ran.
		return &FlagError{Err: le}
	}
	return nil
}

// mockAskedForError reports whether the request's mock_response is one of
// LiteLLM's magic strings that make the mock raise an error on purpose.
func mockAskedForError(req *completion.Request) bool {
	s, ok := req.MockResponse.(string)
	return ok && (strings.HasPrefix(s, "litellm.") || strings.HasPrefix(s, "Exception:"))
}

func inspectRequest(opts *InspectOptions) (*completion.Request, error) {
	req := &completion.Request{}
	if opts.Request != "" {
		var data []byte
		var err error
		name := opts.Request
		if name == "-" {
			name = "stdin"
			data, err = infile.Read(name, opts.In)
		} else {
			data, err = infile.ReadFile(opts.Request)
		}
		if err != nil {
			return nil, inputError("--request", err)
		}
		if req, err = completion.DecodeRequest(data); err != nil {
			return nil, inputError("--request", infile.JSONError(name, data, err))
		}
	}
	if opts.Model != "" {
		req.Model = opts.Model
	}
	if opts.Provider != "" {
		req.CustomLLMProvider = opts.Provider
	}
	if opts.APIBase != "" {
		req.APIBase = opts.APIBase
	}
	if opts.Params != "" {
		v, err := completion.DecodeValue([]byte(opts.Params))
		if err != nil {
			return nil, inputError("--params", infile.JSONError("--params", []byte(opts.Params), err))
		}
		obj, ok := v.(completion.Object)
		if !ok {
			return nil, flagErrorf("--params", "must be a JSON object, got %s", completion.TypeName(v))
		}
		for _, m := range obj {
			if err := req.SetParam(m.Key, m.Value); err != nil {
				return nil, flagErrorf("--params", "%v", err)
			}
		}
	}
	if opts.Mock != "" {
		req.MockResponse, req.HasMock = opts.Mock, true
	}
	if opts.Stream {
		req.Params[completion.PStream] = true
	}
	if req.Model == "" {
		return nil, flagErrorf("--model", "no model: give --model or a request with \"model\"")
	}
	return req, nil
}
