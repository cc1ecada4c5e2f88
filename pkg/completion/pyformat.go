package completion

// Helpers that render values the way LiteLLM's error messages show them
// (Python's str() and repr()).

// pyValue renders a scalar roughly as Python's str() would.
func pyValue(v any) string {
	b, err := MarshalValue(v)
	if err != nil {
		return ""
	}
	return string(b)
}

func pyValueStr(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	return pyValue(v)
}

// pyStrOrNone renders a provider name as an f-string shows it: None for a
// missing one.
func pyStrOrNone(s string) string {
	if s == "" {
		return "None"
	}
	return s
}

// pyReprValue renders a JSON value as Python's repr() (and an f-string) shows
// it after json.loads: dicts with quoted keys, True/False/None, integral
// numbers as ints.
func pyReprValue(v any) string {
	return string(appendPyRepr(nil, v))
}

func appendPyRepr(b []byte, v any) []byte {
	switch x := v.(type) {
	case nil:
		return append(b, "None"...)
	case bool, float64:
		return append(b, pyNum(x)...)
	case string:
		return append(b, pyRepr(x)...)
	case []any:
		b = append(b, '[')
		for i, e := range x {
			if i > 0 {
				b = append(b, ", "...)
			}
			b = appendPyRepr(b, e)
		}
		return append(b, ']')
	case Object:
		b = append(b, '{')
		for i, m := range x {
			if i > 0 {
				b = append(b, ", "...)
			}
			b = append(b, pyRepr(m.Key)...)
			b = append(b, ": "...)
			b = appendPyRepr(b, m.Value)
		}
		return append(b, '}')
	}
	return append(b, pyValue(v)...)
}

// pyStrValue renders a JSON value as Python's str() (and an f-string's {v})
// shows it: a string as it is, anything else as its repr.
func pyStrValue(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	return pyReprValue(v)
}
