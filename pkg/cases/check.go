package cases

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/llmbench/llmbench/pkg/completion"
)

// An Outcome is the result of running one case through one pipeline.
type Outcome struct {
	Pass bool
	// Diffs lists each mismatch as "path: got X, want Y".
	Diffs []string
	// Got is a canonical rendering of what the pipeline produced (ids and
	// timestamps blanked), used to compare variants with each other.
	Got string
}

// Diff joins the mismatches into one readable block.
func (o *Outcome) Diff() string { return strings.Join(o.Diffs, "\n") }

// Run runs c through a pipeline of variant v built with opts (the case's
// own settings are applied on top) and checks the expectations.
func Run(ctx context.Context, v *completion.Variant, opts completion.Options, c *Case) *Outcome {
	return Check(c, Output(ctx, v, opts, c))
}

// Output runs c through a pipeline of variant v built with opts (the
// case's own settings are applied on top) and returns what it produced:
// "model", "custom_llm_provider", "api_base", "optional_params", and for
// completion cases "response" or "chunks" and "cost"; "error" {"type",
// "message"} when it raised. It is what llmbench's driver answers a cases
// request with.
func Output(ctx context.Context, v *completion.Variant, opts completion.Options, c *Case) completion.Object {
	opts.Settings.DropParams = opts.Settings.DropParams || c.DropParamsSetting
	if len(c.CustomProviders) > 0 {
		opts.Settings.CustomProviders = append(append([]string(nil), opts.Settings.CustomProviders...), c.CustomProviders...)
	}
	if c.Env != nil {
		env := c.Env
		opts.Settings.Env = func(k string) string { return env[k] }
	}
	p := completion.NewPipeline(v, opts)
	got := completion.Object{}
	var err error
	switch {
	case c.Completion:
		var res *completion.Result
		res, err = safeComplete(ctx, p, c.Request)
		if res != nil {
			if res.Response == nil && res.Chunks == nil && c.Request.Stream() {
				res.Chunks = []*completion.Chunk{} // a stream has chunks, even none
			}
			got = res.Object()
			got.Delete("logged_params") // a case describes what LiteLLM returns
			if res.StreamErr != nil {
				err = res.StreamErr
			}
		}
	case c.Stage == "map_openai_params":
		var r completion.Resolved
		var opt completion.Object
		r, opt, err = p.MapOpenAIParams(c.Request, c.OptionalParamsIn)
		got = r.Object()
		if err == nil {
			got.Set("optional_params", opt)
		}
	default:
		var r completion.Resolved
		var opt completion.Object
		r, opt, err = p.OptionalParams(c.Request)
		if err == nil {
			got = r.Object()
			got.Set("optional_params", opt)
		}
	}
	if err != nil {
		got.Set("error", completion.ErrorObject(err))
	}
	return got
}

func safeComplete(ctx context.Context, p *completion.Pipeline, req *completion.Request) (res *completion.Result, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	return p.Complete(ctx, req)
}

// Placeholders of completion-level expectations (conformance README): "<id>"
// stands for any id starting with "chatcmpl-" (one id shared by every
// occurrence in a case, e.g. all chunks of a stream), "<created>" for any
// integer Unix time.
const (
	idPlaceholder      = "<id>"
	createdPlaceholder = "<created>"
	idPrefix           = "chatcmpl-"
)

// Blank returns a response or stream chunk with its random id and its
// timestamp replaced by the case format's placeholders, and the random
// (UUID4) tool-call ids LiteLLM generates for mock_tool_calls without one by
// "<uuid>", so that two runs render alike.
func Blank(v any) any { return blank(v) }

func blank(v any) any {
	o, ok := v.(completion.Object)
	if !ok {
		return v
	}
	o = o.Clone()
	if _, ok := o.Get("id"); ok {
		o.Set("id", idPlaceholder)
	}
	if _, ok := o.Get("created"); ok {
		o.Set("created", createdPlaceholder)
	}
	if cv, ok := o.Get("choices"); ok {
		if cl, ok := cv.([]any); ok {
			o.Set("choices", blankToolCallIDs(cl))
		}
	}
	return o
}

// blankToolCallIDs copies choices with every generated tool-call id of a
// message replaced by "<uuid>".
func blankToolCallIDs(choices []any) []any {
	out := make([]any, len(choices))
	for i, c := range choices {
		out[i] = c
		co, ok := c.(completion.Object)
		if !ok {
			continue
		}
		field := "message"
		mv, ok := co.Get(field)
		if !ok { // a stream chunk's choice
			field = "delta"
			mv, _ = co.Get(field)
		}
		msg, ok := mv.(completion.Object)
		if !ok {
			continue
		}
		tv, _ := msg.Get("tool_calls")
		calls, ok := tv.([]any)
		if !ok {
			continue
		}
		newCalls := make([]any, len(calls))
		for j, tc := range calls {
			newCalls[j] = tc
			if t, ok := tc.(completion.Object); ok {
				if id, _ := t.Get("id"); isUUID4(id) {
					t = t.Clone()
					t.Set("id", "<uuid>")
					newCalls[j] = t
				}
			}
		}
		msg = msg.Clone()
		msg.Set("tool_calls", newCalls)
		co = co.Clone()
		co.Set(field, msg)
		out[i] = co
	}
	return out
}

// isUUID4 reports whether v is a canonical version-4 UUID string.
func isUUID4(v any) bool {
	s, ok := v.(string)
	if !ok || len(s) != 36 || s[14] != '4' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
		default:
			if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
				return false
			}
		}
	}
	return true
}

// blankResult blanks the response and every chunk of a completion result.
func blankResult(got completion.Object) completion.Object {
	got = got.Clone()
	if r, ok := got.Get("response"); ok {
		got.Set("response", blank(r))
	}
	if ch, ok := got.Get("chunks"); ok {
		if l, ok := ch.([]any); ok {
			b := make([]any, len(l))
			for i, c := range l {
				b[i] = blank(c)
			}
			got.Set("chunks", b)
		}
	}
	return got
}

// Check checks what a pipeline produced for c (Output's object, or a
// driver's result for c) against c's expectations.
func Check(c *Case, got completion.Object) *Outcome {
	out := &Outcome{Got: Canonical(got)}
	cmp := &comparer{}
	gotErr, hasErr := got.Get("error")
	if c.ExpectError != nil {
		if !hasErr {
			op, _ := got.Get("optional_params")
			out.Diffs = append(out.Diffs, fmt.Sprintf("error: got none (optional_params %s), want %s containing %q",
				render(op), c.ExpectError.Type, c.ExpectError.Contains))
		} else {
			e := gotErr.(completion.Object)
			t, _ := e.Get("type")
			msg, _ := e.Get("message")
			if c.ExpectError.Type != "" && t != c.ExpectError.Type {
				out.Diffs = append(out.Diffs, fmt.Sprintf("error.type: got %v, want %s", t, c.ExpectError.Type))
			}
			if !strings.Contains(msg.(string), c.ExpectError.Contains) {
				out.Diffs = append(out.Diffs, fmt.Sprintf("error.message: got %q, want it to contain %q", msg, c.ExpectError.Contains))
			}
		}
	} else if hasErr {
		e := gotErr.(completion.Object)
		t, _ := e.Get("type")
		msg, _ := e.Get("message")
		out.Diffs = append(out.Diffs, fmt.Sprintf("error: got %v: %v, want no error", t, msg))
	}
	expect := c.Expect
	if c.Completion && c.ExpectError == nil && expect.Has("response") && !expect.Has("cost") {
		// The case files leave out a response_cost of None.
		expect = append(expect.Clone(), completion.Member{Key: "cost", Value: nil})
	}
	for _, m := range expect {
		g, ok := got.Get(m.Key)
		if !ok {
			if hasErr {
				continue // already reported
			}
			out.Diffs = append(out.Diffs, fmt.Sprintf("%s: got nothing, want %s", m.Key, render(m.Value)))
			continue
		}
		switch m.Key {
		case "cost":
			out.Diffs = append(out.Diffs, compareCost(g, m.Value)...)
		case "optional_params":
			out.Diffs = append(out.Diffs, cmp.compare(m.Key, g, m.Value, c.Partial)...)
		case "response", "chunks":
			cmp.placeholders = true
			out.Diffs = append(out.Diffs, cmp.compare(m.Key, g, m.Value, false)...)
			cmp.placeholders = false
		default:
			out.Diffs = append(out.Diffs, cmp.compare(m.Key, g, m.Value, false)...)
		}
	}
	if len(c.KeysPresent)+len(c.KeysAbsent) > 0 && !hasErr {
		op, _ := got.Get("optional_params")
		for _, k := range c.KeysPresent {
			if !hasPath(op, k) {
				out.Diffs = append(out.Diffs, fmt.Sprintf("optional_params.%s: missing, want present", k))
			}
		}
		for _, k := range c.KeysAbsent {
			if hasPath(op, k) {
				out.Diffs = append(out.Diffs, fmt.Sprintf("optional_params.%s: present, want absent", k))
			}
		}
	}
	out.Pass = len(out.Diffs) == 0
	return out
}

func compareCost(got, want any) []string {
	g, gok := completion.Num(got)
	w, wok := completion.Num(want)
	switch {
	case want == nil && got == nil:
		return nil
	case gok && wok:
		if g == w || math.Abs(g-w) <= 1e-9*math.Max(math.Abs(g), math.Abs(w)) {
			return nil
		}
	}
	return []string{fmt.Sprintf("cost: got %s, want %s", render(got), render(want))}
}

// A comparer compares a result with an expectation. Within a response or
// its chunks it resolves the "<id>" and "<created>" placeholders; id is the
// id the first "<id>" matched, which every later "<id>" must repeat.
type comparer struct {
	placeholders bool
	id           string
}

// placeholder checks got against a placeholder want; ok is false when want
// is no placeholder.
func (c *comparer) placeholder(path string, got, want any) (diffs []string, ok bool) {
	if !c.placeholders {
		return nil, false
	}
	switch want {
	case idPlaceholder:
		s, isStr := got.(string)
		switch {
		case !isStr || !strings.HasPrefix(s, idPrefix):
			return []string{fmt.Sprintf("%s: got %s, want an id starting with %q", path, render(got), idPrefix)}, true
		case c.id == "":
			c.id = s
		case s != c.id:
			return []string{fmt.Sprintf("%s: got %q, want the same id as before (%q)", path, s, c.id)}, true
		}
		return nil, true
	case createdPlaceholder:
		f, isNum := completion.Num(got)
		if !isNum || f != math.Trunc(f) || f <= 0 {
			return []string{fmt.Sprintf("%s: got %s, want an integer Unix time", path, render(got))}, true
		}
		return nil, true
	}
	return nil, false
}

// compare compares got with want at path; with partial, only want's keys
// count (recursively), and an object with decimal keys addresses a list.
func (c *comparer) compare(path string, got, want any, partial bool) []string {
	if d, ok := c.placeholder(path, got, want); ok {
		return d
	}
	switch w := want.(type) {
	case completion.Object:
		if partial {
			if gl, ok := got.([]any); ok && allIndexKeys(w) {
				var d []string
				for _, m := range w {
					i, _ := strconv.Atoi(m.Key)
					if i >= len(gl) {
						d = append(d, fmt.Sprintf("%s.%s: missing, want %s", path, m.Key, render(m.Value)))
						continue
					}
					d = append(d, c.compare(path+"."+m.Key, gl[i], m.Value, true)...)
				}
				return d
			}
		}
		g, ok := got.(completion.Object)
		if !ok {
			return []string{fmt.Sprintf("%s: got %s, want %s", path, render(got), render(want))}
		}
		var d []string
		for _, m := range w {
			gv, ok := g.Get(m.Key)
			if !ok {
				d = append(d, fmt.Sprintf("%s.%s: missing, want %s", path, m.Key, render(m.Value)))
				continue
			}
			d = append(d, c.compare(path+"."+m.Key, gv, m.Value, partial)...)
		}
		if !partial {
			for _, m := range g {
				if !w.Has(m.Key) {
					d = append(d, fmt.Sprintf("%s.%s: got %s, want absent", path, m.Key, render(m.Value)))
				}
			}
		}
		return d
	case []any:
		g, ok := got.([]any)
		if !ok || len(g) != len(w) {
			return []string{fmt.Sprintf("%s: got %s, want %s", path, render(got), render(want))}
		}
		var d []string
		for i := range w {
			d = append(d, c.compare(fmt.Sprintf("%s.%d", path, i), g[i], w[i], partial)...)
		}
		return d
	}
	if !completion.Equal(got, want) {
		return []string{fmt.Sprintf("%s: got %s, want %s", path, render(got), render(want))}
	}
	return nil
}

func allIndexKeys(o completion.Object) bool {
	if len(o) == 0 {
		return false
	}
	for _, m := range o {
		if _, err := strconv.Atoi(m.Key); err != nil {
			return false
		}
	}
	return true
}

// hasPath reports whether a dotted path exists in v; numeric segments index
// lists, and a segment may name a string value of a list.
func hasPath(v any, path string) bool {
	for _, seg := range strings.Split(path, ".") {
		switch x := v.(type) {
		case completion.Object:
			nv, ok := x.Get(seg)
			if !ok {
				return false
			}
			v = nv
		case []any:
			if i, err := strconv.Atoi(seg); err == nil {
				if i < 0 || i >= len(x) {
					return false
				}
				v = x[i]
				continue
			}
			found := false
			for _, e := range x {
				if s, ok := e.(string); ok && s == seg {
					found, v = true, e
					break
				}
			}
			if !found {
				return false
			}
		default:
			return false
		}
	}
	return true
}

func render(v any) string {
	b, err := completion.MarshalValue(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	if len(b) > 300 {
		return string(b[:297]) + "..."
	}
	return string(b)
}

// Canonical renders a case's output so that two outputs compare as
// strings: object keys sorted, response ids, timestamps and generated
// tool-call ids blanked. A driver's "id" member is left out.
func Canonical(got completion.Object) string {
	return canonicalForm(got, false)
}

// canonicalForm is Canonical, with numbers by value when byValue is set.
func canonicalForm(got completion.Object, byValue bool) string {
	if got.Has("id") {
		got = got.Clone()
		got.Delete("id")
	}
	b, _ := completion.MarshalValue(canonical(blankResult(got), byValue))
	return string(b)
}

// canonical sorts object keys so that two results compare as strings;
// with byValue, every integral Float becomes a float64 and -0 becomes 0,
// so that numbers compare by value (Python's json reads -0 as the
// integer 0).
func canonical(v any, byValue bool) any {
	switch x := v.(type) {
	case completion.Object:
		out := x.Clone()
		for i := range out {
			out[i].Value = canonical(out[i].Value, byValue)
		}
		sortObject(out)
		return out
	case []any:
		out := make([]any, len(x))
		for i := range x {
			out[i] = canonical(x[i], byValue)
		}
		return out
	case completion.Float:
		if byValue {
			return float64(x) + 0 // -0 + 0 is 0
		}
	case float64:
		if byValue {
			return x + 0
		}
	}
	return v
}

func sortObject(o completion.Object) {
	for i := 1; i < len(o); i++ {
		for j := i; j > 0 && o[j].Key < o[j-1].Key; j-- {
			o[j], o[j-1] = o[j-1], o[j]
		}
	}
}

// outcomeKeys are the keys that say what a call did; two outputs are
// compared on them whenever either has one.
var outcomeKeys = []string{"error", "response", "chunks"}

// Agreement returns the canonical forms (see Canonical) in which two
// targets' outputs for one case must agree: restricted to the top-level
// keys both give, plus the outcome (error, response, chunks) when either
// gives it, and with numbers compared by value (1.0 and 1 alike, as Check
// compares them). Outputs of one implementation have the same keys, so
// this only matters across implementations: a LiteLLM driver reports a
// completion's response and cost, the port also its optional params.
func Agreement(a, b completion.Object) (string, string) {
	keep := func(k string) bool {
		return (a.Has(k) && b.Has(k)) || slices.Contains(outcomeKeys, k)
	}
	project := func(o completion.Object) completion.Object {
		out := make(completion.Object, 0, len(o))
		for _, m := range o {
			if keep(m.Key) {
				out = append(out, m)
			}
		}
		return out
	}
	return canonicalForm(project(a), true), canonicalForm(project(b), true)
}
