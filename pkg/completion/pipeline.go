package completion

import (
	"context"
	"fmt"
)

// Options configure a Pipeline. The zero value uses the embedded catalog and
// LiteLLM's default settings with an empty environment.
type Options struct {
	// Catalog is the model catalog; nil means DefaultCatalog().
	Catalog *Catalog
	// Settings are LiteLLM's process-wide settings.
	Settings Settings
}

// A Pipeline runs requests through LiteLLM's chat-completion request path
// with one Variant. A Pipeline is immutable and safe for concurrent use.
type Pipeline struct {
	v   *Variant
	cat *Catalog
	st  Settings
}

// New returns a pipeline for the named variant.
func New(variant string, opts Options) (*Pipeline, error) {
	v, err := LookupVariant(variant)
	if err != nil {
		return nil, err
	}
	return NewPipeline(v, opts), nil
}

// NewPipeline returns a pipeline for v.
func NewPipeline(v *Variant, opts Options) *Pipeline {
	cat := opts.Catalog
	if cat == nil {
		cat = DefaultCatalog()
	}
	return &Pipeline{v: v, cat: cat, st: opts.Settings}
}

// Variant returns the pipeline's variant.
func (p *Pipeline) Variant() *Variant { return p.v }

// Catalog returns the pipeline's model catalog.
func (p *Pipeline) Catalog() *Catalog { return p.cat }

// A Result is what one request produced.
type Result struct {
	Resolved       Resolved
	OptionalParams Object // provider-native params (get_optional_params)
	LoggedParams   Object // the logging pass of pre_process_non_default_params
	Response       *Response
	Chunks         []*Chunk // streamed responses
	Cost           float64
	CostKnown      bool
	// StreamErr is an error raised while the stream was read, after Chunks.
	StreamErr error

	sc scratch
}

// Complete runs one request through the whole completion() path:
// get_llm_provider, provider validation, get_optional_params, the logging
// pass, mock_completion and completion_cost. A request error (LiteLLM
// raises) is returned as an *Error.
func (p *Pipeline) Complete(ctx context.Context, req *Request) (*Result, error) {
	res := &Result{}
	if err := p.complete(ctx, req, res); err != nil {
		return nil, err
	}
	return res, nil
}

// CompleteInto is Complete writing into a caller-owned Result, which is
// reset first; benchmarks use it to keep allocations to the pipeline's own.
func (p *Pipeline) CompleteInto(ctx context.Context, req *Request, res *Result) error {
	*res = Result{}
	return p.complete(ctx, req, res)
}

func (p *Pipeline) complete(ctx context.Context, req *Request, res *Result) error {
	if req.Model == "" {
		return newError("BadRequestError", 400, "", "model is required")
	}
	r, err := getLLMProvider(p.cat, &p.st, req.Model, req.CustomLLMProvider, req.APIBase)
	if err != nil {
		return err
	}
	res.Resolved = r

	// Provider validation #1 (completion()).
	pc := p.v.validateProvider(r.Model, r.Provider, p.cat)

	// completion() takes verbosity as an argument but leaves it out of
	// the params it hands get_optional_params and the logging pass, so it
	// is neither mapped nor rejected there (get_optional_params called
	// directly does take it).
	params := &req.Params
	if req.Params[PVerbosity] != nil {
		cp := req.Params
		cp[PVerbosity] = nil
		params = &cp
	}
	in := optionalInput{
		cat: p.cat, st: &p.st, model: r.Model, provider: r.Provider,
		params: params, extras: req.Extras, dropParams: req.DropParams,
		adp: req.AdditionalDropParams, allowed: req.AllowedOpenAIParams, apiVersion: req.APIVersion,
		pc: pc, hasCfg: true,
	}
	opt, err := p.v.getOptionalParams(&in, &res.sc)
	if err != nil {
		return completionError(r.Provider, err)
	}
	res.OptionalParams = opt

	// The second pre_process_non_default_params pass, for the logging object.
	res.LoggedParams = p.v.loggingParams(&in)

	if !req.HasMock && req.MockToolCalls == nil {
		return fmt.Errorf("request has no mock_response: llmbench never calls a real provider")
	}
	if err := mockResponse(ctx, p.cat, &p.st, req, r, res); err != nil {
		return err
	}
	priceResponse(p.cat, r, res)
	return nil
}

// OptionalParams resolves the provider and runs get_optional_params as
// LiteLLM's tests call it directly: without a stream argument the
// signature default stream=False applies (and counts as a non-default
// param, which completion()'s stream=None does not).
func (p *Pipeline) OptionalParams(req *Request) (Resolved, Object, error) {
	r, err := getLLMProvider(p.cat, &p.st, req.Model, req.CustomLLMProvider, req.APIBase)
	if err != nil {
		return Resolved{}, nil, err
	}
	params := req.Params
	if params[PStream] == nil {
		params[PStream] = false
	}
	in := optionalInput{
		cat: p.cat, st: &p.st, model: r.Model, provider: r.Provider,
		params: &params, extras: req.Extras, dropParams: req.DropParams,
		adp: req.AdditionalDropParams, allowed: req.AllowedOpenAIParams, apiVersion: req.APIVersion,
	}
	opt, err := p.v.getOptionalParams(&in, nil)
	return r, opt, err
}

// MapOpenAIParams resolves the provider and calls its chat config's
// map_openai_params directly with the request's params as the non-default
// params and start as the initial optional params (the conformance cases'
// stage "map_openai_params").
func (p *Pipeline) MapOpenAIParams(req *Request, start Object) (Resolved, Object, error) {
	r, err := getLLMProvider(p.cat, &p.st, req.Model, req.CustomLLMProvider, req.APIBase)
	if err != nil {
		return Resolved{}, nil, err
	}
	nd := nonDefault{vals: req.Params, extra: req.Extras}
	nd.set = req.Params.NonDefault()
	c := &mapCtx{cat: p.cat, st: &p.st, model: r.Model, provider: r.Provider, apiVersion: req.APIVersion, nd: &nd}
	if req.DropParams != nil {
		c.drop = *req.DropParams
	}
	opt := start.Clone()
	if opt == nil {
		opt = Object{}
	}
	cfg := p.v.validateProvider(r.Model, r.Provider, p.cat).cfg
	if cfg == nil {
		cfg = configs[cfgOpenAILike]
	}
	if err := cfg.mapParams(c, &opt); err != nil {
		return r, nil, err
	}
	return r, opt, nil
}

// loggingParams is completion()'s second pre_process_non_default_params call
// (remove_sensitive_keys=True, add_provider_specific_params=True): OpenAI
// names, plus the provider-specific extras, minus secrets.
func (v *Variant) loggingParams(in *optionalInput) Object {
	passed := in.passedParams()
	nd := v.preProcessNonDefaultParams(&passed, in.extras, in.provider, in.adp)
	out := make(Object, 0, 4)
	_ = nd.each(func(p Param, val any) error {
		out = append(out, Member{paramNames[p], val})
		return nil
	})
	addProviderSpecificParams(&out, in.provider, in.extras, in.adp)
	n := 0
	for _, m := range out {
		if !isSensitiveKey(m.Key) {
			out[n] = m
			n++
		}
	}
	return out[:n]
}

func isSensitiveKey(k string) bool {
	for i := 0; i < len(k); i++ {
		if hasFoldPrefix(k[i:], "key") || hasFoldPrefix(k[i:], "secret") || hasFoldPrefix(k[i:], "access") ||
			hasFoldPrefix(k[i:], "credential") {
			return true
		}
	}
	return false
}

func hasFoldPrefix(s, prefix string) bool {
	if len(s) < len(prefix) {
		return false
	}
	for i := 0; i < len(prefix); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != prefix[i] {
			return false
		}
	}
	return true
}
