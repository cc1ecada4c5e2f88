package cases

import (
	"errors"
	"fmt"
	"strings"

	"github.com/llmbench/llmbench/pkg/completion"
)

// Record returns the case line c would be with got, what a pipeline (real
// LiteLLM, usually) produced for it, as its expectation: c's own line
// without its old expectation, then "expect" (and "partial": false), or
// "expect_error" {type, contains: the whole message} when got is an error.
// A completion case expects the response (id and timestamp as the "<id>"
// and "<created>" placeholders) and its cost, or the chunks of a stream; a
// get_optional_params or map_openai_params case expects the resolved model,
// provider, api_base and the optional params. Keys come out sorted, so that
// recording twice gives the same bytes.
func Record(c *Case, got completion.Object) (completion.Object, error) {
	v, err := completion.DecodeValue(c.JSON)
	if err != nil {
		return nil, fmt.Errorf("case %s: %v", c.ID, err)
	}
	line, ok := v.(completion.Object)
	if !ok {
		return nil, fmt.Errorf("case %s is not an object", c.ID)
	}
	line = line.Clone()
	for _, k := range []string{"expect", "expect_error", "partial", "keys_present", "keys_absent"} {
		line.Delete(k)
	}
	exp := completion.Object{}
	if ev, ok := got.Get("error"); ok {
		e, _ := ev.(completion.Object)
		t, _ := e.Get("type")
		msg, _ := e.Get("message")
		ts, _ := t.(string)
		ms, _ := msg.(string)
		if ts == "" {
			return nil, fmt.Errorf("case %s: the error has no type", c.ID)
		}
		line.Set("expect_error", completion.Object{{Key: "type", Value: ts}, {Key: "contains", Value: ms}})
		if ch, ok := got.Get("chunks"); ok && c.Completion {
			exp.Set("chunks", placeheld(ch))
			line.Set("expect", exp)
		}
		return line, nil
	}
	switch {
	case c.Completion:
		if r, ok := got.Get("response"); ok {
			exp.Set("response", placeheld(r))
			if cost, _ := got.Get("cost"); cost != nil {
				exp.Set("cost", cost)
			}
		} else if ch, ok := got.Get("chunks"); ok {
			exp.Set("chunks", placeheld(ch))
		} else {
			return nil, fmt.Errorf("case %s: the completion gave neither a response nor chunks", c.ID)
		}
	default:
		for _, k := range []string{"model", "custom_llm_provider", "api_base", "optional_params"} {
			v, ok := got.Get(k)
			if !ok {
				return nil, fmt.Errorf("case %s: the output has no %s", c.ID, k)
			}
			exp.Set(k, canonical(v, false))
		}
	}
	line.Set("expect", exp)
	line.Set("partial", false)
	return line, nil
}

// placeheld puts the placeholders in a response or its chunks and sorts
// their keys.
func placeheld(v any) any {
	switch x := v.(type) {
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = placeheld(e)
		}
		return out
	case completion.Object:
		o := x.Clone()
		if id, _ := o.Get("id"); isString(id, idPrefix) {
			o.Set("id", idPlaceholder)
		}
		if cr, ok := o.Get("created"); ok {
			if f, ok := completion.Num(cr); ok && f > 0 {
				o.Set("created", createdPlaceholder)
			}
		}
		return canonical(o, false)
	}
	return canonical(v, false)
}

func isString(v any, prefix string) bool {
	s, ok := v.(string)
	return ok && strings.HasPrefix(s, prefix)
}

// A RecordSpec asks for new cases: every model with every param set, each
// with drop_params false and true (get_optional_params cases), or with a
// mock response (completion cases).
type RecordSpec struct {
	// Models are model strings as a caller passes them ("gpt-4o",
	// "anthropic/claude-3-5-sonnet-20240620").
	Models []string
	// Params are JSON objects of parameters; none means one empty set.
	Params []completion.Object
	// MockResponse, when not nil, makes completion cases with this mock
	// response instead of get_optional_params cases.
	MockResponse *string
	// Prefix starts every case id; "" means "recorded".
	Prefix string
}

// Cases returns the cases of spec, with ids "PREFIX/MODEL|PARAMS|drop=D"
// (PARAMS the set's JSON) and no expectation; Record gives them one.
func (spec RecordSpec) Cases() ([]*Case, error) {
	if len(spec.Models) == 0 {
		return nil, errors.New("no models to record")
	}
	prefix := spec.Prefix
	if prefix == "" {
		prefix = "recorded"
	}
	params := spec.Params
	if len(params) == 0 {
		params = []completion.Object{{}}
	}
	var out []*Case
	seen := map[string]bool{}
	for _, m := range spec.Models {
		for _, p := range params {
			pj, err := completion.MarshalValue(canonical(p, false))
			if err != nil {
				return nil, err
			}
			drops := []any{false, true}
			if spec.MockResponse != nil {
				drops = []any{nil}
			}
			for _, d := range drops {
				line := completion.Object{{Key: "id", Value: ""}, {Key: "model", Value: m}, {Key: "params", Value: p}}
				id := prefix + "/" + m + "|" + string(pj)
				if spec.MockResponse != nil {
					line.Set("mock_response", *spec.MockResponse)
				} else {
					line.Set("drop_params", d)
					id += fmt.Sprintf("|drop=%v", d)
				}
				if seen[id] {
					continue
				}
				seen[id] = true
				line.Set("id", id)
				line.Set("expect", completion.Object{}) // parsed like a case; Record replaces it
				b, err := completion.MarshalValue(line)
				if err != nil {
					return nil, err
				}
				c, err := ParseCase(b)
				if err != nil {
					return nil, fmt.Errorf("model %q, params %s: %v", m, pj, err)
				}
				c.JSON = b
				out = append(out, c)
			}
		}
	}
	return out, nil
}
