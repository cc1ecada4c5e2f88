// Package workload defines the requests that bench and profile drive through
// the pipeline: the embedded default mix, the summary's profiling request
// ("seed"), single-model workloads and workload files.
package workload

import (
	_ "embed"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"strings"

	"github.com/llmbench/llmbench/pkg/completion"
	"github.com/llmbench/llmbench/pkg/infile"
)

// A Template is one weighted request of a workload.
type Template struct {
	Name    string
	Weight  float64
	Request *completion.Request
}

// A Workload is a weighted set of request templates.
type Workload struct {
	Name        string
	Description string
	Templates   []Template
}

//go:embed default.json
var defaultJSON []byte

// userMessage is the one message every built-in request carries.
var userMessage = []any{completion.Object{{Key: "role", Value: "user"}, {Key: "content", Value: "hello"}}}

// Default returns the embedded default workload.
func Default() *Workload {
	w, err := Parse("default workload", defaultJSON)
	if err != nil {
		panic("embedded default workload is invalid: " + err.Error()) // a build defect, caught by tests
	}
	return w
}

// Seed returns the request of the optimization summary's profiling script:
// openai/gpt-4o, one user message, mock_response "Hello, world!".
func Seed() *Workload {
	return Model("openai/gpt-4o", "seed")
}

// Model returns a single-model workload: one user message, no params,
// mock_response "Hello, world!".
func Model(model, name string) *Workload {
	req := &completion.Request{Model: model, Messages: userMessage, MockResponse: "Hello, world!", HasMock: true}
	if name == "" {
		name = "model:" + model
	}
	return &Workload{Name: name, Description: "one request: " + model + ", one user message, mock_response \"Hello, world!\"",
		Templates: []Template{{Name: model, Weight: 1, Request: req}}}
}

// Lookup returns the named built-in workload ("default", "seed") or loads
// a workload file.
func Lookup(nameOrFile string) (*Workload, error) {
	switch nameOrFile {
	case "", "default":
		return Default(), nil
	case "seed":
		return Seed(), nil
	}
	if !strings.ContainsAny(nameOrFile, "./\\") {
		if _, err := os.Stat(nameOrFile); errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("unknown workload %q: want default, seed or a workload file", nameOrFile)
		}
	}
	return Load(nameOrFile)
}

// Load reads a workload file (at most infile.MaxSize bytes).
func Load(path string) (*Workload, error) {
	return infile.Load(path, Parse)
}

// Parse decodes a workload file:
//
//	{"name": "...", "description": "...", "requests": [
//	   {"name": "...", "weight": 3, "model": "openai/gpt-4o", "messages": [...],
//	    "params": {"temperature": 0.2}, "mock_response": "Hello"}, ...]}
//
// Each request takes the fields of a request (see completion.DecodeRequest);
// weight defaults to 1, messages to one user message, mock_response to
// "Hello, world!". Its errors are *infile.Error values naming the file
// (and, for malformed JSON, the line and column).
func Parse(name string, data []byte) (*Workload, error) {
	fail := func(format string, args ...any) (*Workload, error) {
		return nil, infile.Errorf(name, 0, format, args...)
	}
	v, err := completion.DecodeValue(data)
	if err != nil {
		return nil, infile.JSONError(name, data, err)
	}
	obj, ok := v.(completion.Object)
	if !ok {
		return fail("a workload must be a JSON object with \"requests\", got %s", completion.TypeName(v))
	}
	w := &Workload{Name: name}
	if s, ok := obj.Get("name"); ok {
		if w.Name, ok = s.(string); !ok {
			return fail("name must be a string")
		}
	}
	if s, ok := obj.Get("description"); ok {
		w.Description, _ = s.(string)
	}
	rv, ok := obj.Get("requests")
	if !ok {
		return fail("no \"requests\" list")
	}
	list, ok := rv.([]any)
	if !ok || len(list) == 0 {
		return fail("\"requests\" must be a non-empty list")
	}
	total := 0.0
	for i, e := range list {
		ro, ok := e.(completion.Object)
		if !ok {
			return fail("requests[%d] must be an object", i)
		}
		t := Template{Weight: 1}
		var reqObj completion.Object
		for _, m := range ro {
			switch m.Key {
			case "name":
				t.Name, _ = m.Value.(string)
			case "weight":
				f, ok := completion.Num(m.Value)
				if !ok || !(f > 0) {
					return fail("requests[%d].weight must be a positive number", i)
				}
				t.Weight = f
			default:
				reqObj = append(reqObj, m)
			}
		}
		if total += t.Weight; math.IsInf(total, 0) {
			return fail("requests[%d].weight: the weights add up to more than the largest number", i)
		}
		req, err := completion.RequestFromObject(reqObj)
		if err != nil {
			return fail("requests[%d]: %v", i, err)
		}
		if req.Model == "" {
			return fail("requests[%d] has no model", i)
		}
		if req.Messages == nil {
			req.Messages = userMessage
		}
		if !req.HasMock && req.MockToolCalls == nil {
			req.MockResponse, req.HasMock = "Hello, world!", true
		}
		if t.Name == "" {
			t.Name = req.Model
		}
		t.Request = req
		w.Templates = append(w.Templates, t)
	}
	return w, nil
}

// Requests returns n requests drawn from the templates by weight with a
// deterministic generator seeded by seed. Requests are shared, read-only
// values.
func (w *Workload) Requests(n int, seed uint64) []*completion.Request {
	out := make([]*completion.Request, n)
	if len(w.Templates) == 1 {
		for i := range out {
			out[i] = w.Templates[0].Request
		}
		return out
	}
	total := 0.0
	for _, t := range w.Templates {
		total += t.Weight
	}
	rng := rand.New(rand.NewPCG(seed, 0x6c6c6d62656e6368))
	for i := range out {
		x := rng.Float64() * total
		k := 0
		for k < len(w.Templates)-1 && x >= w.Templates[k].Weight {
			x -= w.Templates[k].Weight
			k++
		}
		out[i] = w.Templates[k].Request
	}
	return out
}

// Check runs every template once through p and returns the first error: a
// workload whose requests fail would measure error paths, not the pipeline.
func (w *Workload) Check(run func(*completion.Request) error) error {
	for _, t := range w.Templates {
		if err := run(t.Request); err != nil {
			return fmt.Errorf("request %q of workload %s fails: %w", t.Name, w.Name, err)
		}
	}
	return nil
}
