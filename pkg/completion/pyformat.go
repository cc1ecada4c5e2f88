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
	return string(appendPy(nil, v, true))
}

// appendPy renders v as Python shows the value json.loads makes of it: its
// repr (None, True, 'text', {'k': 1}) when repr is set, else json.dumps
// with its default separators and ensure_ascii (null, true, "text",
// {"k": 1}).
func appendPy(b []byte, v any, repr bool) []byte {
	key := func(b []byte, s string) []byte {
		if repr {
			return append(b, pyRepr(s)...)
		}
		return appendPyString(b, s)
	}
	switch x := v.(type) {
	case []any:
		b = append(b, '[')
		for i, e := range x {
			if i > 0 {
				b = append(b, ", "...)
			}
			b = appendPy(b, e, repr)
		}
		return append(b, ']')
	case Object:
		b = append(b, '{')
		for i, m := range x {
			if i > 0 {
				b = append(b, ", "...)
			}
			b = key(b, m.Key)
			b = append(b, ": "...)
			b = appendPy(b, m.Value, repr)
		}
		return append(b, '}')
	case string:
		return key(b, x)
	}
	if repr {
		switch x := v.(type) {
		case nil, bool, float64, Float:
			return append(b, pyNum(x)...)
		}
		return append(b, pyValue(v)...)
	}
	switch x := v.(type) {
	case bool:
		if x {
			return append(b, "true"...)
		}
		return append(b, "false"...)
	case float64:
		return appendPyFloat(b, x)
	case Float:
		return append(b, pyFloat(float64(x))...)
	}
	return append(b, "null"...)
}

// pyStrValue renders a JSON value as Python's str() (and an f-string's {v})
// shows it: a string as it is, anything else as its repr.
func pyStrValue(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	return pyReprValue(v)
}
