package regress

import (
	"context"
	"fmt"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/llmbench/llmbench/pkg/cases"
	"github.com/llmbench/llmbench/pkg/completion"
	"github.com/llmbench/llmbench/pkg/fuzzgen"
)

// DefaultFuzz is the default number of random requests of a regress run.
const DefaultFuzz = 10000

// maxFuzzExamples caps the mismatches a report keeps in full.
const maxFuzzExamples = 20

// FuzzOptions configure differential fuzzing.
type FuzzOptions struct {
	// Requests is the number of random requests; 0 runs none.
	Requests int
	// Seed selects the request sequence (fuzzgen.Generate).
	Seed int64
	// Variants are compared with each other; fewer than two compare nothing
	// but still catch panics.
	Variants []*completion.Variant
	// Pipeline holds the catalog; each request brings its own settings.
	Pipeline completion.Options
	// Workers is the number of goroutines; 0 means GOMAXPROCS.
	Workers int
}

// FuzzReport is the differential fuzzing result.
type FuzzReport struct {
	Requests int   `json:"requests"`
	Seed     int64 `json:"seed"`
	// Mismatches counts requests on which variants disagree, or on which a
	// variant panicked.
	Mismatches int `json:"mismatches"`
	// Panics counts requests on which some variant panicked.
	Panics int `json:"panics"`
	// Rejected counts requests that do not decode (a wrong-typed param): the
	// pipeline never sees them, so they cannot disagree.
	Rejected int `json:"rejected"`
	// Errors counts requests that some variant answered with an error.
	Errors int `json:"errors"`
	// Providers counts the requests per resolved provider.
	Providers map[string]int `json:"providers"`
	// Unstable counts requests whose outputs differed between targets but
	// also between two runs on the same target (a cost priced by the
	// response time): not compared.
	Unstable int            `json:"unstable,omitempty"`
	Examples []FuzzMismatch `json:"examples,omitempty"`
}

// A FuzzMismatch is one random request on which variants disagree.
type FuzzMismatch struct {
	Index int `json:"index"`
	// Request is the request as one JSON line, with its seed, index and
	// settings; fuzzgen.Generate(seed, index) reproduces it.
	Request string `json:"request"`
	Diff    string `json:"diff"`
}

// An Observation is what one variant produced for one request, rendered
// canonically (ordered JSON, response ids and timestamps blanked) so that
// two variants compare as strings.
type Observation struct {
	Variant string
	// Complete, OptionalParams and MapParams are the results of the
	// completion pipeline, of a direct get_optional_params call and of the
	// provider mapper called directly.
	Complete       string
	OptionalParams string
	MapParams      string
	// Provider is the resolved provider ("" when resolution failed).
	Provider string
	// Panic is the recovered panic value, "" when none.
	Panic string
	// Err reports whether any of the three calls returned an error.
	Err bool
}

// Observe runs req through p three ways: Complete, OptionalParams and
// MapOpenAIParams. A panic is recovered and recorded.
func Observe(ctx context.Context, p *completion.Pipeline, req *completion.Request) Observation {
	o := Observation{Variant: p.Variant().Name}
	o.Complete = guard(&o, func() (completion.Object, error) {
		res, err := p.Complete(ctx, req)
		if res == nil {
			return nil, err
		}
		o.Provider = res.Resolved.Provider
		got := res.Object()
		if v, ok := got.Get("response"); ok {
			got.Set("response", cases.Blank(v))
		}
		if v, ok := got.Get("chunks"); ok {
			chunks := v.([]any)
			for i := range chunks {
				chunks[i] = cases.Blank(chunks[i])
			}
		}
		if res.StreamErr != nil {
			err = res.StreamErr
		}
		return got, err
	})
	o.OptionalParams = guard(&o, func() (completion.Object, error) {
		r, opt, err := p.OptionalParams(req)
		if o.Provider == "" {
			o.Provider = r.Provider
		}
		got := r.Object()
		if err == nil {
			got.Set("optional_params", opt)
		}
		return got, err
	})
	o.MapParams = guard(&o, func() (completion.Object, error) {
		r, opt, err := p.MapOpenAIParams(req, nil)
		got := r.Object()
		if err == nil {
			got.Set("optional_params", opt)
		}
		return got, err
	})
	return o
}

// guard runs f, renders its result and error, and records a panic.
func guard(o *Observation, f func() (completion.Object, error)) (out string) {
	defer func() {
		if r := recover(); r != nil {
			msg := fmt.Sprint(r)
			if o.Panic == "" {
				buf := make([]byte, 4096)
				buf = buf[:runtime.Stack(buf, false)]
				o.Panic = msg + "\n" + string(buf)
			}
			out = `{"panic":` + quote(msg) + `}`
		}
	}()
	got, err := f()
	if got == nil {
		got = completion.Object{}
	}
	if err != nil {
		o.Err = true
		got.Set("error", completion.ErrorObject(err))
	}
	b, merr := completion.MarshalValue(got)
	if merr != nil {
		return `{"unrenderable":` + quote(merr.Error()) + `}`
	}
	return string(b)
}

func quote(s string) string {
	b, _ := completion.MarshalValue(s)
	return string(b)
}

// Disagreement compares observations of the same request and returns a
// readable diff, "" when all agree and none panicked.
func Disagreement(obs []Observation) string {
	var b strings.Builder
	for _, o := range obs {
		if o.Panic != "" {
			fmt.Fprintf(&b, "%s panicked: %s\n", o.Variant, o.Panic)
		}
	}
	if len(obs) > 0 {
		ref := obs[0]
		for _, o := range obs[1:] {
			for _, part := range []struct{ name, a, b string }{
				{"completion", ref.Complete, o.Complete},
				{"get_optional_params", ref.OptionalParams, o.OptionalParams},
				{"map_openai_params", ref.MapParams, o.MapParams},
			} {
				if part.a != part.b {
					fmt.Fprintf(&b, "%s: %s != %s\n  %s: %s\n  %s: %s\n", part.name, ref.Variant, o.Variant,
						ref.Variant, part.a, o.Variant, part.b)
				}
			}
		}
	}
	return strings.TrimRight(b.String(), "\n")
}

// CompareRequest runs req through a pipeline of every variant built with
// opts and returns the observations and their disagreement ("" = agree).
func CompareRequest(ctx context.Context, variants []*completion.Variant, opts completion.Options, req *completion.Request) ([]Observation, string) {
	obs := make([]Observation, len(variants))
	for i, v := range variants {
		obs[i] = Observe(ctx, completion.NewPipeline(v, opts), req)
	}
	return obs, Disagreement(obs)
}

// Fuzz runs opts.Requests seeded random requests through every variant and
// checks that they agree. When ctx is canceled it stops, and the report
// counts the requests checked.
func Fuzz(ctx context.Context, opts FuzzOptions) *FuzzReport {
	rep := &FuzzReport{Requests: opts.Requests, Seed: opts.Seed, Providers: map[string]int{}}
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = min(workers, max(opts.Requests, 1))
	var (
		mu   sync.Mutex
		wg   sync.WaitGroup
		next int
		done int
	)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			local := &FuzzReport{Providers: map[string]int{}}
			for {
				mu.Lock()
				i := next
				next++
				mu.Unlock()
				if i >= opts.Requests || ctx.Err() != nil {
					break
				}
				fuzzOne(ctx, opts, i, local)
				local.Requests++
			}
			mu.Lock()
			done += local.Requests
			rep.Mismatches += local.Mismatches
			rep.Panics += local.Panics
			rep.Rejected += local.Rejected
			rep.Errors += local.Errors
			for k, n := range local.Providers {
				rep.Providers[k] += n
			}
			rep.Examples = append(rep.Examples, local.Examples...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	rep.Requests = done // fewer than asked when ctx was canceled
	sort.Slice(rep.Examples, func(i, j int) bool { return rep.Examples[i].Index < rep.Examples[j].Index })
	if len(rep.Examples) > maxFuzzExamples {
		rep.Examples = rep.Examples[:maxFuzzExamples]
	}
	return rep
}

func fuzzOne(ctx context.Context, opts FuzzOptions, i int, rep *FuzzReport) {
	c := fuzzgen.Generate(opts.Seed, i)
	req, err := completion.RequestFromObject(c.Request)
	if err != nil {
		rep.Rejected++
		return
	}
	popts := opts.Pipeline
	popts.Settings = c.Settings()
	obs, diff := CompareRequest(ctx, opts.Variants, popts, req)
	prov := "(unresolved)"
	if len(obs) > 0 && obs[0].Provider != "" {
		prov = obs[0].Provider
	}
	rep.Providers[prov]++
	for _, o := range obs {
		if o.Err {
			rep.Errors++
			break
		}
	}
	for _, o := range obs {
		if o.Panic != "" {
			rep.Panics++
			break
		}
	}
	if diff != "" {
		rep.Mismatches++
		if len(rep.Examples) < maxFuzzExamples {
			rep.Examples = append(rep.Examples, FuzzMismatch{Index: i, Request: c.JSON(), Diff: diff})
		}
	}
}

// fuzzChunk is how many random requests FuzzTargets holds at a time.
const fuzzChunk = 1000

// FuzzTargets runs opts.Requests seeded random requests through targets
// that may live in other processes (drivers) and checks that the targets of
// each group agree. Each request becomes two cases — the whole completion
// when it has a mock response (else get_optional_params alone), and the
// provider mapper called directly — sent as case lines with the request's
// settings (drop_params, environment).
// Errors are a driver's or the context's.
func FuzzTargets(ctx context.Context, opts FuzzOptions, targets []CaseTarget, groups [][]int) (*FuzzReport, error) {
	rep := &FuzzReport{Requests: opts.Requests, Seed: opts.Seed, Providers: map[string]int{}}
	for lo := 0; lo < opts.Requests; lo += fuzzChunk {
		hi := min(lo+fuzzChunk, opts.Requests)
		var cs []*cases.Case
		var owner []int // per case: the request index
		for i := lo; i < hi; i++ {
			fc := fuzzgen.Generate(opts.Seed, i)
			req, err := completion.RequestFromObject(fc.Request)
			if err != nil {
				rep.Rejected++
				continue
			}
			for _, c := range fuzzCases(i, &fc, req) {
				cs = append(cs, c)
				owner = append(owner, i)
			}
		}
		outs, err := allOutputs(ctx, targets, opts.Pipeline, cs)
		if err != nil {
			return rep, err
		}
		diffs := map[int][]string{}
		counted := map[int]bool{}
		for k, c := range cs {
			i := owner[k]
			if !counted[i] {
				counted[i] = true
				prov := "(unresolved)"
				if p, ok := outs[0][k].Get("custom_llm_provider"); ok {
					if s, ok := p.(string); ok && s != "" {
						prov = s
					}
				}
				rep.Providers[prov]++
			}
			for _, g := range groups {
				for _, j := range g[1:] {
					if want, got := cases.Agreement(outs[g[0]][k], outs[j][k]); got != want {
						diffs[i] = append(diffs[i], fmt.Sprintf("%s: %s != %s\n  %s: %s\n  %s: %s", c.ID, targets[g[0]].Name, targets[j].Name,
							targets[g[0]].Name, want, targets[j].Name, got))
					}
				}
			}
		}
		if len(diffs) > 0 {
			var again []int
			for k := range cs {
				if _, ok := diffs[owner[k]]; ok {
					again = append(again, k)
				}
			}
			moved, err := unstable(ctx, targets, opts.Pipeline, cs, again, outs)
			if err != nil {
				return rep, err
			}
			for k := range moved {
				if _, ok := diffs[owner[k]]; ok {
					delete(diffs, owner[k])
					rep.Unstable++
				}
			}
		}
		errored := map[int]bool{}
		for k := range cs {
			if outs[0][k].Has("error") {
				errored[owner[k]] = true
			}
		}
		rep.Errors += len(errored)
		for i := lo; i < hi; i++ {
			d, ok := diffs[i]
			if !ok {
				continue
			}
			rep.Mismatches++
			if len(rep.Examples) < maxFuzzExamples {
				fc := fuzzgen.Generate(opts.Seed, i)
				rep.Examples = append(rep.Examples, FuzzMismatch{Index: i, Request: fc.JSON(), Diff: strings.Join(d, "\n")})
			}
		}
	}
	return rep, nil
}

// unstable runs the cases ks of cs once more on every target and returns
// those on which some target's output differs from its first run (outs):
// outputs that depend on when they were made, which a comparison between
// targets cannot use.
func unstable(ctx context.Context, targets []CaseTarget, popts completion.Options, cs []*cases.Case, ks []int, outs [][]completion.Object) (map[int]bool, error) {
	sub := make([]*cases.Case, len(ks))
	for i, k := range ks {
		sub[i] = cs[k]
	}
	again, err := allOutputs(ctx, targets, popts, sub)
	if err != nil {
		return nil, err
	}
	moved := map[int]bool{}
	for t := range targets {
		for i, k := range ks {
			if cases.Canonical(again[t][i]) != cases.Canonical(outs[t][k]) {
				moved[k] = true
			}
		}
	}
	return moved, nil
}

// fuzzCases turns random request i into case lines (see FuzzTargets).
func fuzzCases(i int, fc *fuzzgen.Case, req *completion.Request) []*cases.Case {
	settings := completion.Object{}
	if fc.GlobalDropParams {
		settings.Set("drop_params", true)
	}
	if len(fc.Env) > 0 {
		env := completion.Object{}
		keys := make([]string, 0, len(fc.Env))
		for k := range fc.Env {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			env.Set(k, fc.Env[k])
		}
		settings.Set("env", env)
	}
	bare := *req
	bare.MockResponse, bare.HasMock, bare.MockToolCalls = nil, false, nil
	var out []*cases.Case
	add := func(kind string, r *completion.Request, stage string) {
		o := append(completion.Object{{Key: "id", Value: fmt.Sprintf("fuzz-%d-%s", i, kind)}}, r.Object()...)
		o = append(o, completion.Member{Key: "expect", Value: completion.Object{}}, completion.Member{Key: "settings", Value: settings})
		if stage != "" {
			o = append(o, completion.Member{Key: "stage", Value: stage})
		}
		b, err := completion.MarshalValue(o)
		if err != nil {
			return
		}
		c, err := cases.ParseCase(b)
		if err != nil {
			return // not a case this build can run (it cannot be one the other can either)
		}
		c.JSON = b
		out = append(out, c)
	}
	// get_optional_params called directly (first: its output names the
	// provider), the whole completion when there is a mock response, and
	// the provider mapper called directly. The direct call is there even
	// with a completion: real LiteLLM's completion does not return the
	// optional params it computed, so a changed mapping that drop_params
	// keeps from raising shows only there.
	add("optional", &bare, "")
	if req.HasMock || req.MockToolCalls != nil {
		add("completion", req, "")
	}
	add("map", &bare, "map_openai_params")
	return out
}
