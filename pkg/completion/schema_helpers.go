package completion

// Helpers that clean JSON schemas and tool definitions the way LiteLLM's
// schema utilities do, for the providers that reject some schema fields.

// maxRecurseDepth is LiteLLM's DEFAULT_MAX_RECURSE_DEPTH, the depth limit of
// its schema-cleaning helpers.
const maxRecurseDepth = 100

// dropKeysDeep returns v with every object member for which drop reports
// true removed, at any depth up to maxDepth (objects inside objects and
// lists). It copies only the objects and lists on the path to a removed key
// and returns v itself when nothing matches, so the caller's (shared) value
// is never modified.
func dropKeysDeep(v any, maxDepth int, drop func(key string, val any) bool) any {
	out, _ := dropKeys(v, maxDepth, drop)
	return out
}

func dropKeys(v any, depth int, drop func(string, any) bool) (any, bool) {
	if depth <= 0 {
		return v, false
	}
	switch x := v.(type) {
	case Object:
		var out Object // nil until the first change
		for i, m := range x {
			if drop(m.Key, m.Value) {
				if out == nil {
					out = make(Object, i, len(x))
					copy(out, x[:i])
				}
				continue
			}
			nv, changed := dropKeys(m.Value, depth-1, drop)
			if changed && out == nil {
				out = make(Object, i, len(x))
				copy(out, x[:i])
			}
			if out != nil {
				out = append(out, Member{m.Key, nv})
			}
		}
		if out == nil {
			return v, false
		}
		return out, true
	case []any:
		var out []any
		for i, e := range x {
			ne, changed := dropKeys(e, depth-1, drop)
			if changed && out == nil {
				out = make([]any, len(x))
				copy(out, x)
			}
			if out != nil {
				out[i] = ne
			}
		}
		if out == nil {
			return v, false
		}
		return out, true
	}
	return v, false
}

// isAdditionalPropertiesFalse matches what _remove_additional_properties
// removes.
func isAdditionalPropertiesFalse(k string, v any) bool {
	b, ok := v.(bool)
	return k == "additionalProperties" && ok && !b
}

func isStrictKey(k string, _ any) bool { return k == "strict" }

// cleanToolsForOpenAICompatible is _remove_additional_properties followed by
// _remove_strict_from_schema (hosted_vllm, watsonx).
func cleanToolsForOpenAICompatible(tools any) any {
	return dropKeysDeep(tools, maxRecurseDepth, func(k string, v any) bool {
		return isAdditionalPropertiesFalse(k, v) || isStrictKey(k, v)
	})
}
