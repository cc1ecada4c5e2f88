package cmd

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/llmbench/llmbench/pkg/completion"
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
allowed_openai_params, mock_response, mock_tool_calls). Flags override its fields.`,
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
	opts.pipeline.register(c)
	return c
}

// inspectOutput is what inspect prints.
type inspectOutput struct {
	Variant        string            `json:"variant"`
	Model          string            `json:"model"`
	Provider       string            `json:"custom_llm_provider"`
	APIBase        *string           `json:"api_base"`
	OptionalParams completion.Object `json:"optional_params"`
	LoggedParams   completion.Object `json:"logged_params,omitempty"`
	Response       completion.Object `json:"response,omitempty"`
	Chunks         []any             `json:"chunks,omitempty"`
	Cost           *float64          `json:"cost,omitempty"`
	Error          *inspectError     `json:"error,omitempty"`
}

type inspectError struct {
	Type    string `json:"type"`
	Status  int    `json:"status_code,omitempty"`
	Message string `json:"message"`
}

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
		return &FlagError{fmt.Errorf("--variant: %w", err)}
	}
	out := inspectOutput{Variant: opts.Variant}
	var r completion.Resolved
	var runErr error
	switch opts.Stage {
	case "completion":
		if !req.HasMock && req.MockToolCalls == nil {
			req.MockResponse, req.HasMock = nil, true
		}
		var res *completion.Result
		res, runErr = p.Complete(ctx, req)
		if res != nil {
			r = res.Resolved
			out.OptionalParams, out.LoggedParams = res.OptionalParams, res.LoggedParams
			if res.Response != nil {
				out.Response = res.Response.Value()
			}
			for _, ch := range res.Chunks {
				out.Chunks = append(out.Chunks, ch.Value())
			}
			if res.CostKnown {
				out.Cost = &res.Cost
			}
			if res.StreamErr != nil {
				runErr = res.StreamErr
			}
		}
	case "get_optional_params":
		r, out.OptionalParams, runErr = p.OptionalParams(req)
	case "map_openai_params":
		r, out.OptionalParams, runErr = p.MapOpenAIParams(req, nil)
	default:
		return usageErrorf("unknown --stage %q (want completion, get_optional_params or map_openai_params)", opts.Stage)
	}
	out.Model, out.Provider = r.Model, r.Provider
	if r.APIBase != "" {
		out.APIBase = &r.APIBase
	}
	var le *completion.Error
	if errors.As(runErr, &le) {
		// printed in the JSON below; see also the exit code
		out.Error = &inspectError{Type: le.Type, Status: le.StatusCode, Message: le.Message}
	} else if runErr != nil {
		return runErr
	}
	enc := json.NewEncoder(opts.Out)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(out); err != nil {
		return err
	}
	if le != nil && !mockAskedForError(req) {
		// LiteLLM rejects the request (unknown provider, unsupported
		// params, ...): bad input, exit 2, after printing what ran.
		return &FlagError{le}
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
			data, err = io.ReadAll(opts.In)
		} else {
			data, err = os.ReadFile(opts.Request)
		}
		if err != nil {
			return nil, &FlagError{fmt.Errorf("reading request: %w", err)}
		}
		req, err = completion.DecodeRequest(data)
		if err != nil {
			return nil, &FlagError{fmt.Errorf("request %s: %w", name, err)}
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
			return nil, usageErrorf("--params: malformed JSON: %v", err)
		}
		obj, ok := v.(completion.Object)
		if !ok {
			return nil, usageErrorf("--params must be a JSON object")
		}
		for _, m := range obj {
			if err := req.SetParam(m.Key, m.Value); err != nil {
				return nil, usageErrorf("--params: %v", err)
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
		return nil, usageErrorf("no model: give --model or a request with \"model\"")
	}
	return req, nil
}
