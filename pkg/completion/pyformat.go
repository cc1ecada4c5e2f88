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
