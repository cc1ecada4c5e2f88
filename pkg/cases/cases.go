// Package cases reads llmbench's case files (DESIGN §3: JSONL, one case a
// line) and checks a pipeline's behaviour against them.
package cases

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/llmbench/llmbench/pkg/completion"
	"github.com/llmbench/llmbench/pkg/infile"
)

// A Case is one line of a case file.
type Case struct {
	ID   string
	File string
	Line int

	Request *completion.Request
	// JSON is the case's line as read: how the case travels to a driver.
	JSON []byte

	// DropParamsSetting, CustomProviders and Env are the case's
	// "settings": the global drop_params, providers registered through
	// custom_provider_map, and the process environment the case runs in
	// (nil: the caller's).
	DropParamsSetting bool
	CustomProviders   []string
	Env               map[string]string
	// Stage is "" (get_optional_params) or "map_openai_params".
	Stage            string
	OptionalParamsIn completion.Object
	// Completion is true when the case runs the whole completion pipeline
	// (it has mock_response or mock_tool_calls).
	Completion bool

	Expect      completion.Object // may hold model, custom_llm_provider, api_base, optional_params, response, chunks, cost
	ExpectError *ExpectError
	Partial     bool
	KeysPresent []string
	KeysAbsent  []string
}

// ExpectError is an expected LiteLLM error.
type ExpectError struct {
	Type     string
	Contains string
}

// ParseFile reads a case file.
func ParseFile(path string) ([]*Case, error) {
	f, err := infile.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return Parse(path, f)
}

// Parse reads cases in JSONL form; name is used in errors and in Case.File.
// Lines and the whole input are limited as infile.Lines says. Its errors
// are *infile.Error values with the file and line (and, for malformed JSON,
// the column).
func Parse(name string, r io.Reader) ([]*Case, error) {
	var out []*Case
	seen := map[string]int{}
	err := infile.Lines(name, r, func(line []byte, n int) error {
		b := bytes.TrimSpace(line)
		if len(b) == 0 || b[0] == '#' {
			return nil
		}
		c, err := ParseCase(b)
		if err != nil {
			var oe *infile.OffsetError
			var se *json.SyntaxError
			if errors.As(err, &oe) || errors.As(err, &se) {
				// the column within the line
				je := infile.JSONError(name, b, err).(*infile.Error)
				je.Line = n
				return je
			}
			return err
		}
		if prev, dup := seen[c.ID]; dup {
			return fmt.Errorf("duplicate case id %q (first on line %d)", c.ID, prev)
		}
		seen[c.ID] = n
		c.File, c.Line, c.JSON = name, n, append([]byte(nil), b...)
		out = append(out, c)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// caseFields are the keys a case line may have besides the request's own.
var caseFields = map[string]bool{
	"id": true, "expect": true, "expect_error": true, "partial": true, "settings": true, "stage": true,
	"optional_params_in": true, "keys_present": true, "keys_absent": true,
}

// ParseCase decodes one case line.
func ParseCase(line []byte) (*Case, error) {
	v, err := completion.DecodeValue(line)
	if err != nil {
		return nil, err
	}
	obj, ok := v.(completion.Object)
	if !ok {
		return nil, fmt.Errorf("a case must be a JSON object, got %s", completion.TypeName(v))
	}
	c := &Case{}
	var reqObj completion.Object
	for _, m := range obj {
		if !caseFields[m.Key] {
			reqObj = append(reqObj, m)
			continue
		}
		switch m.Key {
		case "id":
			s, ok := m.Value.(string)
			if !ok || s == "" {
				return nil, fmt.Errorf("id must be a non-empty string")
			}
			c.ID = s
		case "expect":
			if m.Value == nil {
				continue
			}
			e, ok := m.Value.(completion.Object)
			if !ok {
				return nil, fmt.Errorf("expect must be an object, got %s", completion.TypeName(m.Value))
			}
			c.Expect = e
		case "expect_error":
			if m.Value == nil {
				continue
			}
			e, ok := m.Value.(completion.Object)
			if !ok {
				return nil, fmt.Errorf("expect_error must be an object, got %s", completion.TypeName(m.Value))
			}
			c.ExpectError = &ExpectError{}
			if t, ok := e.Get("type"); ok {
				c.ExpectError.Type, _ = t.(string)
			}
			if s, ok := e.Get("contains"); ok {
				c.ExpectError.Contains, _ = s.(string)
			}
		case "partial":
			b, ok := m.Value.(bool)
			if !ok && m.Value != nil {
				return nil, fmt.Errorf("partial must be a boolean")
			}
			c.Partial = b
		case "settings":
			if m.Value == nil {
				continue
			}
			s, ok := m.Value.(completion.Object)
			if !ok {
				return nil, fmt.Errorf("settings must be an object")
			}
			for _, sm := range s {
				switch sm.Key {
				case "drop_params":
					b, ok := sm.Value.(bool)
					if !ok {
						return nil, fmt.Errorf("settings.drop_params must be a boolean")
					}
					c.DropParamsSetting = b
				case "custom_provider_map":
					l, ok := sm.Value.([]any)
					if !ok {
						return nil, fmt.Errorf("settings.custom_provider_map must be an array")
					}
					for _, e := range l {
						switch x := e.(type) {
						case string:
							c.CustomProviders = append(c.CustomProviders, x)
						case completion.Object:
							if p, ok := x.Get("provider"); ok {
								if ps, ok := p.(string); ok {
									c.CustomProviders = append(c.CustomProviders, ps)
								}
							}
						}
					}
				case "env":
					e, ok := sm.Value.(completion.Object)
					if !ok {
						return nil, fmt.Errorf("settings.env must be an object of strings")
					}
					c.Env = map[string]string{}
					for _, em := range e {
						v, ok := em.Value.(string)
						if !ok {
							return nil, fmt.Errorf("settings.env.%s must be a string", em.Key)
						}
						c.Env[em.Key] = v
					}
				default:
					return nil, fmt.Errorf("unknown setting %q", sm.Key)
				}
			}
		case "stage":
			s, _ := m.Value.(string)
			if s != "" && s != "map_openai_params" && s != "get_optional_params" {
				return nil, fmt.Errorf("unknown stage %q", s)
			}
			if s == "get_optional_params" {
				s = ""
			}
			c.Stage = s
		case "optional_params_in":
			if m.Value == nil {
				continue
			}
			o, ok := m.Value.(completion.Object)
			if !ok {
				return nil, fmt.Errorf("optional_params_in must be an object")
			}
			c.OptionalParamsIn = o
		case "keys_present", "keys_absent":
			l, ok := m.Value.([]any)
			if !ok && m.Value != nil {
				return nil, fmt.Errorf("%s must be an array of strings", m.Key)
			}
			for _, e := range l {
				s, ok := e.(string)
				if !ok {
					return nil, fmt.Errorf("%s must be an array of strings", m.Key)
				}
				if m.Key == "keys_present" {
					c.KeysPresent = append(c.KeysPresent, s)
				} else {
					c.KeysAbsent = append(c.KeysAbsent, s)
				}
			}
		}
	}
	if c.ID == "" {
		return nil, fmt.Errorf("case has no id")
	}
	if !reqObj.Has("model") {
		return nil, fmt.Errorf("case %q has no model", c.ID)
	}
	req, err := completion.RequestFromObject(reqObj)
	if err != nil {
		return nil, fmt.Errorf("case %q: %v", c.ID, err)
	}
	c.Request = req
	c.Completion = req.HasMock || req.MockToolCalls != nil
	if c.Expect == nil && c.ExpectError == nil {
		return nil, fmt.Errorf("case %q has neither expect nor expect_error", c.ID)
	}
	return c, nil
}
