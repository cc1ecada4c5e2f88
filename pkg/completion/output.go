package completion

import "errors"

// Object renders r as JSON: "model", "custom_llm_provider" and "api_base"
// (each of the last two null when there is none), the fields every printed
// or compared result starts with.
func (r Resolved) Object() Object {
	return Object{{"model", r.Model}, {"custom_llm_provider", nullable(r.Provider)}, {"api_base", nullable(r.APIBase)}}
}

// nullable is s, or JSON null for "" (LiteLLM's None).
func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// Object renders r as the JSON object that llmbench prints (inspect),
// checks (case files) and compares between variants (fuzzing): the
// Resolved fields, "optional_params", "logged_params", "response" or, for a
// stream, "chunks", and "cost" (null when the catalog has no price). A
// stream error is not part of it: see StreamErr.
func (r *Result) Object() Object {
	o := r.Resolved.Object()
	o = append(o, Member{"optional_params", r.OptionalParams}, Member{"logged_params", r.LoggedParams})
	if r.Response != nil {
		o = append(o, Member{"response", r.Response.Value()})
	}
	if r.Chunks != nil {
		chunks := make([]any, len(r.Chunks))
		for i, ch := range r.Chunks {
			chunks[i] = ch.Value()
		}
		o = append(o, Member{"chunks", chunks})
	}
	var cost any
	if r.CostKnown {
		cost = r.Cost
	}
	return append(o, Member{"cost", cost})
}

// ErrorObject renders an error a request raised as JSON: {"type",
// "message"}, with LiteLLM's exception type for an *Error and "Exception"
// for any other error.
func ErrorObject(err error) Object {
	var le *Error
	if errors.As(err, &le) {
		return Object{{"type", le.Type}, {"message", le.Message}}
	}
	return Object{{"type", "Exception"}, {"message", err.Error()}}
}
